import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CharacterClassesValidator:
    """At least ``min_classes`` of the four classes: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            [
                any(c.isascii() and c.isupper() for c in password),
                any(c.isascii() and c.islower() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password, user=None):
        if self.classes(password or "") < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类") % {"n": self.min_classes},
                code="password_classes",
            )

    def get_help_text(self):
        return ngettext(
            "须包含大写字母、小写字母、数字、符号中的至少%(n)d类",
            "须包含大写字母、小写字母、数字、符号中的至少%(n)d类",
            self.min_classes,
        ) % {"n": self.min_classes}


class RepeatedCharactersValidator:
    """No character more than ``max_repeat`` times in a row (``Aa1aaaaa`` is refused)."""

    def __init__(self, max_repeat: int = 3):
        self.pattern = re.compile(r"(.)\1{%d,}" % max_repeat)
        self.max_repeat = max_repeat

    def validate(self, password, user=None):
        if self.pattern.search(password or ""):
            raise ValidationError(_("密码不能包含%(n)d个以上连续相同的字符") % {"n": self.max_repeat},
                                  code="password_repeated")

    def get_help_text(self):
        return _("不能包含%(n)d个以上连续相同的字符") % {"n": self.max_repeat}


class NoPersonalDataValidator:
    """The password may not contain the username or the mobile number (in any case)."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = (password or "").lower()
        for value in (getattr(user, "username", ""), getattr(user, "mobile", "")):
            if value and len(value) >= 3 and value.lower() in lowered:
                raise ValidationError(_("密码不能包含用户名或手机号码"), code="password_personal")

    def get_help_text(self):
        return _("不能包含用户名或手机号码")


class PasswordHistoryValidator:
    """The new password may not be the current one nor one of the last ``DUDAO_PASSWORD_HISTORY``;
    each password set is remembered (hash only) in ``PasswordHistory``."""

    @staticmethod
    def depth() -> int:
        from django.conf import settings

        return settings.DUDAO_PASSWORD_HISTORY

    def validate(self, password, user=None):
        from django.contrib.auth.hashers import check_password

        from .models import PasswordHistory, User

        if user is None or user.pk is None or self.depth() <= 0:
            return
        hashes = list(User.objects.filter(pk=user.pk).values_list("password", flat=True))
        hashes += list(PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[: self.depth()])
        if any(check_password(password, h) for h in set(hashes) if h):
            raise ValidationError(_("新密码不能与最近%(n)d次使用过的密码相同") % {"n": self.depth()},
                                  code="password_reused")

    def password_changed(self, password, user=None):
        from .models import PasswordHistory

        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        stale = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[max(1, self.depth()):]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return _("不能与最近%(n)d次使用过的密码相同") % {"n": self.depth()}
