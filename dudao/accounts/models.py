"""Accounts: users, their role assignments (the single source of truth for access) and personal
API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.models import CooldownMixin, SideChannelDevice, ThrottlingMixin, TimestampMixin

from dudao.common.crypto import BlindIndexField, EncryptedCharField, EncryptedFieldsMixin
from dudao.common.scoping import ScopedQuerySet
from dudao.common.validators import validate_mobile

from .roles import RoleCode


class UserQuerySet(ScopedQuerySet):
    # A user is placed where their unit is; users without a unit are visible only system-wide.
    scope_lookups = {"path": "unit__region_path", "region": "unit__region_id", "unit": "unit_id"}


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(EncryptedFieldsMixin, AbstractUser):
    """A person who logs in: office staff, inspectors, unit respondents, leaders, administrators."""

    first_name = None
    last_name = None
    real_name = models.CharField(_("姓名"), max_length=50)
    # Encrypted at rest; logins and uniqueness go through the blind index (common/crypto.py).
    mobile = EncryptedCharField(_("手机号码"), plain_max_length=11, null=True, blank=True, validators=[validate_mobile],
                                blind_index="mobile_index")
    mobile_index = BlindIndexField(source="mobile", null=True, unique=True, db_index=False)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    failed_login_count = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    #: Until when the owner may bind a TOTP device at login (account creation, a security administrator's
    #: reset); binding clears it. Outside it a stolen password cannot bind the thief's phone.
    otp_enrol_until = models.DateTimeField(_("动态口令绑定期限"), null=True, blank=True)

    objects = UserManager()

    REQUIRED_FIELDS = ["real_name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def save(self, *args, **kwargs):
        if self._state.adding and self.otp_enrol_until is None:
            # A new account (any path: the service, the demo, createsuperuser) may bind its device
            # within the window; afterwards only a security administrator's reset opens it.
            from .otp import enrol_window_end

            self.otp_enrol_until = enrol_window_end()
        return super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.real_name}（{self.username}）" if self.real_name else self.username

    def get_absolute_url(self):
        return reverse("accounts:user_detail", args=[self.pk])

    def get_full_name(self):
        return self.real_name

    def get_short_name(self):
        return self.real_name

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())


class RoleAssignmentQuerySet(ScopedQuerySet):
    # Assignments are seen by whoever manages the region they apply to (or the assignee's unit's).
    scope_lookups = {"path": "user__unit__region_path", "region": "user__unit__region_id", "unit": "user__unit_id"}


class RoleAssignment(models.Model):
    """``(user, role, region or unit, recursive)`` — the only source of truth for what a user may do
    and where. Neither region nor unit means system-wide."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=32, choices=RoleCode.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT)
    recursive = models.BooleanField(_("含下级"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        ordering = ["user_id", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(unit__isnull=True), name="roleassignment_region_or_unit"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "unit"],
                name="roleassignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.scope_label()}"

    def scope_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.region_id:
            return f"{self.region.name}（含下级）" if self.recursive else f"{self.region.name}（仅本级）"
        return str(_("全部"))


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Not revoked, not expired, and used (or made) within ``DUDAO_API_TOKEN_IDLE_DAYS``."""
        from django.conf import settings

        now = timezone.now()
        qs = self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        if settings.DUDAO_API_TOKEN_IDLE_DAYS > 0:
            since = now - timedelta(days=settings.DUDAO_API_TOKEN_IDLE_DAYS)
            qs = qs.filter(Q(last_used_at__gt=since) | Q(last_used_at__isnull=True, created_at__gt=since))
        return qs


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    key_prefix = models.CharField(_("前缀"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return "ddt_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class PasswordHistory(models.Model):
    """A password a user had (its hash only), so that the last ``DUDAO_PASSWORD_HISTORY`` cannot be
    chosen again (``validators.PasswordHistoryValidator``)."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("密码"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["user_id", "-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="passwordhistory_user")]

    def __str__(self):
        return f"{self.user_id} · {self.created_at:%Y-%m-%d}"


class LoginSession(models.Model):
    """A browser session a user signed in to, so that at most ``DUDAO_MAX_SESSIONS_PER_USER`` live
    at once (the oldest ends)."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("登录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["user_id", "created_at", "id"]
        indexes = [models.Index(fields=["user", "created_at", "id"], name="loginsession_user")]

    def __str__(self):
        return f"{self.user_id} · {self.created_at:%Y-%m-%d %H:%M}"


class SmsDevice(TimestampMixin, CooldownMixin, ThrottlingMixin, SideChannelDevice):
    """短信验证码: the second factor of someone who has no smartphone, enabled by the security
    administrator; the code goes to the account's own mobile through ``DUDAO_SMS_GATEWAY``
    (``accounts/sms.py``), valid five minutes, one per minute, wrong codes back off."""

    TOKEN_SECONDS = 300

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def generate_challenge(self) -> bool:
        """Send a new code; False while the last one is younger than a minute."""
        from .sms import gateway

        allowed, _info = self.generate_is_allowed()
        if not allowed or not self.user.mobile:
            return False
        self.cooldown_set(commit=False)
        self.generate_token(valid_secs=self.TOKEN_SECONDS, commit=True)
        gateway().send(self.user.mobile, gettext("【督导平台】登录验证码 %(code)s，5分钟内有效，请勿告诉他人。")
                       % {"code": self.token})
        return True

    def verify_token(self, token):
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        verified = super().verify_token(token)
        if verified:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return verified

    def get_cooldown_duration(self):
        return 60

    def get_throttle_factor(self):
        return 1

