"""Account services: login policy, passwords, role assignments and API tokens. Views, API
endpoints and commands call these; they hold no rules of their own."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.audit.models import AuditAction
from dudao.audit.recorder import record
from dudao.common.context import client_ip, in_networks
from dudao.common.crypto import blind_index
from dudao.common.scoping import ALL, get_for_user_or_404, region_in_scope, scope_predicate, user_has_perm

from . import captcha as captcha_module
from . import otp, throttle
from .models import ApiToken, RoleAssignment, User
from .roles import ADMIN_TRIAD, ROLES, RoleCode


class LoginError(Exception):
    def __init__(self, code: str, message: str, status: int = 401):
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = status


@dataclass
class LoginResult:
    user: User
    must_change_password: bool
    password_expired: bool = False
    otp_required: bool = False


def _find_user(login: str) -> User | None:
    login = (login or "").strip()
    if not login:
        return None
    return User.objects.filter(Q(username=login) | Q(mobile_index=blind_index(login))).order_by("id").first()


def request_ip(request) -> str:
    return (client_ip(request) if request is not None else None) or "unknown"


def login_challenge(*, login: str = "", request=None) -> throttle.State:
    """Whether this address (and, when given, this login name) must solve a captcha or is blocked."""
    account = throttle.account_id(_find_user(login), login) if login else None
    return throttle.state(account, request_ip(request))


def is_admin(user) -> bool:
    return RoleAssignment.objects.filter(user=user, role__in=ADMIN_TRIAD).exists()


def admin_network_allowed(user, ip: str | None) -> bool:
    """``DUDAO_ADMIN_NETWORKS``: the three administrators only from these networks (empty: anywhere)."""
    networks = settings.DUDAO_ADMIN_NETWORKS
    return not networks or in_networks(ip, networks) or not is_admin(user)


def password_expired(user: User, now=None) -> bool:
    days = settings.DUDAO_PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return False
    changed = user.password_changed_at or user.date_joined
    return changed < (now or timezone.now()) - timedelta(days=days)


def login_failed(*, login: str, user: User | None, request=None, note: str = "用户名或密码错误") -> None:
    """Count a failure (account, address) and write it to the audit log."""
    throttle.failed(throttle.account_id(user, login), request_ip(request))
    if user is not None:
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    record(action=AuditAction.LOGIN_FAILED, instance=user, object_type="" if user else "accounts.user",
           object_repr=(login or "")[:100] if user is None else "", actor=None,
           actor_username=(login or "")[:150], note=note)


def login_attempt(*, login: str, password: str, request=None, captcha_key: str | None = None,
                  captcha: str | None = None) -> LoginResult:
    """Check a username-or-mobile and password under the login policy (docs/security.md).

    An address blocked by ``throttle`` is refused before any password hash is computed; after
    ``DUDAO_LOGIN_CAPTCHA_AFTER`` failures of the account or the address a captcha must be solved
    first. Unknown name, wrong password, disabled account: one answer, ``invalid_credentials``.
    Every success and failure is written to the audit log. The caller completes the login with the
    second factor when ``otp_required``.
    """
    now = timezone.now()
    ip = request_ip(request)
    user = _find_user(login)
    account = throttle.account_id(user, login)
    state = throttle.state(account, ip)
    if state.blocked:
        record(action=AuditAction.LOGIN_FAILED, instance=user, object_type="" if user else "accounts.user",
               object_repr=(login or "")[:100] if user is None else "", actor=None,
               actor_username=(login or "")[:150], note=f"来自 {ip} 的尝试过多，已拒绝")
        raise LoginError("login_throttled",
                         _("登录尝试过于频繁，请%(n)d分钟后再试") % {"n": settings.DUDAO_LOGIN_LOCKOUT_MINUTES}, 429)
    if state.captcha and not captcha_module.check(captcha_key, captcha):
        raise LoginError("captcha_required", _("请输入正确的验证码") if captcha else _("请输入验证码"))
    authed = authenticate(request, username=login, password=password)
    if authed is None:
        note = "用户名或密码错误"
        if user is not None and not user.is_active:
            note = "账户已停用"
        elif user is not None and user.is_locked:
            note = "账户已锁定"
        login_failed(login=login, user=user, request=request, note=note)
        raise LoginError("invalid_credentials", _("用户名或密码错误"))
    if not admin_network_allowed(authed, ip):
        record(action=AuditAction.LOGIN_FAILED, instance=authed, actor=None, actor_username=authed.username,
               note=f"管理员账户不允许从 {ip} 登录")
        raise LoginError("network_refused", _("管理员账户不允许从此网络登录"), 403)
    throttle.succeeded(account, ip)
    expired = password_expired(authed, now)
    updates = {"failed_login_count": 0}
    if expired and not authed.must_change_password:
        updates["must_change_password"] = authed.must_change_password = True
    User.objects.filter(pk=authed.pk).update(**updates)
    needs_otp = otp.required_for(authed)
    if needs_otp and not otp.enrolled(authed) and not otp.enrolment_open(authed):
        record(action=AuditAction.LOGIN_FAILED, instance=authed, actor=None, actor_username=authed.username,
               note="未绑定动态口令且绑定期限已过")
        raise LoginError("otp_enrolment_closed",
                         _("动态口令绑定期限已过，请联系安全管理员重置后在期限内登录绑定"), 403)
    if not needs_otp:
        login_succeeded(user=authed)
    return LoginResult(user=authed, must_change_password=authed.must_change_password, password_expired=expired,
                       otp_required=needs_otp)


def login_succeeded(*, user: User, note: str = "") -> None:
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    record(action=AuditAction.LOGIN, instance=user, actor=user, note=note)


def login_second_factor(*, user: User, code: str, request=None) -> bool:
    """Check the second factor (a TOTP code or a recovery code) of a user whose password was just
    accepted; a wrong code counts as a failed login."""
    device = otp.verify(user, code)
    if device is None:
        login_failed(login=user.username, user=user, request=request, note="动态口令错误")
        return False
    login_succeeded(user=user, note="动态口令" if otp.is_totp(device) else "恢复码")
    return True


def otp_enrol(*, user: User, code: str, request=None) -> list[str] | None:
    """Confirm the user's new TOTP device with its first code (this completes the login); returns the
    recovery codes to show once, or None (a failed attempt)."""
    codes = otp.confirm(user, code)
    if codes is None:
        login_failed(login=user.username, user=user, request=request, note="绑定动态口令：口令错误")
        return None
    record(action=AuditAction.UPDATE, instance=user, actor=user, note="绑定动态口令，生成恢复码")
    login_succeeded(user=user, note="首次绑定动态口令")
    return codes


@transaction.atomic
def otp_reset(*, actor: User | None = None, user: User, note: str = "重置动态口令") -> User:
    """The security administrator forgets a user's devices (a lost phone) and opens the binding
    window (``DUDAO_OTP_ENROL_HOURS``): their next login binds a new device. ``actor=None`` is the
    ``otp_reset`` command on the server itself."""
    if actor is not None:
        user = get_for_user_or_404(User.objects.select_for_update(of=("self",)), actor, "reset_otp", pk=user.pk)
        if user.pk == actor.pk:
            raise ValidationError({"user": _("不能重置自己的动态口令，请由另一位安全管理员办理")})
    had = otp.enrolled(user)
    otp.reset(user)
    record(action=AuditAction.UPDATE, instance=user, actor=actor, before={"otp": "已绑定" if had else "未绑定"},
           after={"otp": "已重置", "enrol_until": user.otp_enrol_until.isoformat()}, note=note)
    return user


@transaction.atomic
def otp_sms_enable(*, actor: User, user: User) -> User:
    """The security administrator lets someone without a smartphone log in with codes sent by SMS
    to the account's own mobile (``accounts/sms.py``)."""
    user = get_for_user_or_404(User.objects.select_for_update(of=("self",)), actor, "reset_otp", pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError({"user": _("不能为自己启用短信验证码，请由另一位安全管理员办理")})
    if not user.mobile:
        raise ValidationError({"mobile": _("该账户没有手机号码，请先由系统管理员填写")})
    otp.enable_sms(user)
    record(action=AuditAction.UPDATE, instance=user, actor=actor, after={"otp": "短信验证码"},
           note="启用短信验证码")
    return user


def logout_record(*, user) -> None:
    if getattr(user, "is_authenticated", False):
        record(action=AuditAction.LOGOUT, instance=user, actor=user)


# --- Passwords ---------------------------------------------------------------------------------

def user_change_password(*, user: User, old_password: str, new_password: str) -> None:
    """A user changes their own password (clears a forced change)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确")})
    if old_password == new_password:
        raise ValidationError({"new_password": _("新密码不能与原密码相同")})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        api_tokens_revoke_all(user=user, note="修改密码，撤销全部令牌")


def user_set_password(*, actor: User, user: User, new_password: str) -> None:
    """An administrator sets someone's password; the owner must change it at the next login."""
    target = get_for_user_or_404(User, actor, "reset_password", pk=user.pk)
    try:
        validate_password(new_password, target)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        target.set_password(new_password)
        target.must_change_password = True
        target.password_changed_at = timezone.now()
        target.save(update_fields=["password", "must_change_password", "password_changed_at"])
        api_tokens_revoke_all(user=target, note="管理员重置密码，撤销全部令牌")


def user_unlock(*, actor: User, user: User) -> None:
    target = get_for_user_or_404(User, actor, "unlock", pk=user.pk)
    target.locked_until = None
    target.failed_login_count = 0
    target.save(update_fields=["locked_until", "failed_login_count"])
    throttle.reset(throttle.account_id(target, target.username))
    record(action=AuditAction.UPDATE, instance=target, before={"locked": True}, after={"locked": False},
           note="解锁账户")


# --- Users ---------------------------------------------------------------------------------------

USER_EDITABLE_FIELDS = ("real_name", "mobile", "email", "unit", "is_active")


def _check_unit_in_scope(actor: User, perm: str, unit) -> None:
    """Accounts are placed in a unit inside the actor's scope; only a system-wide actor may
    create accounts without a unit (e.g. the administrators themselves)."""
    if unit is None:
        if scope_predicate(actor, perm, {}) is not ALL:
            raise ValidationError({"unit": _("请选择所在单位")})
        return
    if not region_in_scope(actor, perm, unit.region):
        raise ValidationError({"unit": _("所选单位不在您的管理范围内")})


@transaction.atomic
def user_create(*, actor: User, username: str, real_name: str, password: str, mobile: str | None = None,
                email: str = "", unit=None) -> User:
    """Create an account; the initial password is set by an administrator, so it must be changed."""
    if not user_has_perm(actor, "accounts.add_user"):
        raise PermissionDenied(_("无权新建账户"))
    _check_unit_in_scope(actor, "accounts.add_user", unit)
    user = User(username=username.strip(), real_name=real_name.strip(), mobile=mobile or None, email=email or "",
                unit=unit, must_change_password=True)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields) -> User:
    target = get_for_user_or_404(User.objects.select_for_update(of=("self",)), actor, "change", pk=user.pk)
    unknown = set(fields) - set(USER_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("不允许修改此字段") for f in unknown})
    if "unit" in fields and fields["unit"] != target.unit:
        _check_unit_in_scope(actor, "accounts.change_user", fields["unit"])
    for name, value in fields.items():
        setattr(target, name, value or None if name == "mobile" else value)
    target.full_clean()
    target.save(update_fields=list(fields))
    return target


# --- Role assignments ------------------------------------------------------------------------------

@transaction.atomic
def role_assignment_create(*, actor: User, user: User, role: str, region=None, unit=None,
                           recursive: bool = True) -> RoleAssignment:
    """Grant ``role`` to ``user`` within a region (with or without descendants), a unit, or — for
    a system-wide actor only — everywhere. Enforces 三权分立 and the actor's own scope."""
    if role not in ROLES:
        raise ValidationError({"role": _("未知角色")})
    if region is not None and unit is not None:
        raise ValidationError({"unit": _("区划和单位只能选择其一")})
    if not user_has_perm(actor, "accounts.add_roleassignment"):
        raise PermissionDenied(_("无权分配角色"))
    target = get_for_user_or_404(User.objects.select_for_update(of=("self",)), actor, "view", pk=user.pk)
    if target.pk == actor.pk:
        raise ValidationError({"user": _("不能给自己分配角色")})
    perm = "accounts.add_roleassignment"
    if region is None and unit is None:
        if scope_predicate(actor, perm, {}) is not ALL:
            raise ValidationError({"region": _("请选择区划或单位")})
    elif not region_in_scope(actor, perm, region or unit.region):
        raise ValidationError({"region": _("所选范围不在您的管理范围内")})
    held = set(RoleAssignment.objects.filter(user=target).values_list("role", flat=True))
    if role in ADMIN_TRIAD and (held & ADMIN_TRIAD) - {role}:
        raise ValidationError({"role": _("三权分立：系统管理员、安全管理员、审计管理员不能由同一人兼任")})
    if role == RoleCode.AUDIT_ADMIN and (region is not None or unit is not None):
        raise ValidationError({"role": _("审计管理员只能在全系统范围内分配")})
    if RoleAssignment.objects.filter(user=target, role=role, region=region, unit=unit).exists():
        raise ValidationError({"role": _("该用户已在此范围拥有此角色")})
    assignment = RoleAssignment(user=target, role=role, region=region, unit=unit,
                                recursive=recursive if unit is None else False, created_by=actor)
    assignment.save()
    if role in otp.required_roles() and not otp.enrolled(target) and not otp.enrolment_open(target):
        # A role that needs a second factor: its holder binds a device at the next login, within the window.
        User.objects.filter(pk=target.pk).update(otp_enrol_until=otp.enrol_window_end())
    return assignment


@transaction.atomic
def role_assignment_delete(*, actor: User, assignment_id: int) -> None:
    assignment = get_for_user_or_404(RoleAssignment, actor, "delete", pk=assignment_id)
    if assignment.user_id == actor.pk:
        raise ValidationError({"user": _("不能撤销自己的角色")})
    assignment.delete()


# --- API tokens ----------------------------------------------------------------------------------

def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal token; returns the row and the secret, which is shown only once. Its
    lifetime is at most ``DUDAO_API_TOKEN_MAX_DAYS`` (default ``DUDAO_API_TOKEN_DAYS``). The audit
    log records it (model signal) with the request's user as the actor: POST /auth/token sets it."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写令牌名称")})
    ceiling = settings.DUDAO_API_TOKEN_MAX_DAYS
    if days is None:
        days = min(settings.DUDAO_API_TOKEN_DAYS, ceiling)
    if days < 1 or days > ceiling:
        raise ValidationError({"days": _("令牌有效期须为1至%(n)d天") % {"n": ceiling}})
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_prefix=key[:12], key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, key


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        from django.http import Http404

        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def api_tokens_revoke_all(*, user: User, note: str) -> int:
    """Revoke every live token of ``user`` (a password change or reset ends what the old password
    handed out)."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        record(action=AuditAction.UPDATE, instance=user, after={"revoked_tokens": count}, note=note)
    return count


def api_token_authenticate(key: str) -> User | None:
    """The active user owning an unrevoked, unexpired, recently used token, or None. A throttled
    web login does not stop the user's tokens."""
    if not key:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
