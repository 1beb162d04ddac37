from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from dudao.common.crypto import blind_index

from .models import User


class UsernameOrMobileBackend(ModelBackend):
    """Log in with the username or the mobile number. Locked accounts never authenticate."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        user = User.objects.filter(Q(username=username) | Q(mobile_index=blind_index(username))).order_by("id").first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not user.is_locked
