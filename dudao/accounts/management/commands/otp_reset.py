from django.core.management.base import BaseCommand, CommandError

from dudao.accounts.models import User
from dudao.accounts.services import otp_reset


class Command(BaseCommand):
    help = "忘记某账户的动态口令设备（手机丢失）：下次登录重新绑定。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有账户 {username}")
        otp_reset(user=user, note="重置动态口令（命令行）")
        self.stdout.write(f"已重置 {username} 的动态口令，下次登录须重新绑定")
