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
from dudao.common.scoping import ALL, get_for_user_or_404, region_in_scope, scope_predicate, user_has_perm

from .models import ApiToken, RoleAssignment, User
from .roles import ADMIN_TRIAD, ROLES, RoleCode


class LoginError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class LoginResult:
    user: User
    must_change_password: bool


def _find_user(login: str) -> User | None:
    login = (login or "").strip()
    if not login:
        return None
    return User.objects.filter(Q(username=login) | Q(mobile=login)).order_by("id").first()


def login_attempt(*, login: str, password: str, request=None) -> LoginResult:
    """Check a username-or-mobile and password under the login policy.

    Five failures in a row (``DUDAO_LOGIN_MAX_FAILURES``) lock the account for 15 minutes
    (``DUDAO_LOGIN_LOCKOUT_MINUTES``); while locked even the right password is refused. Every
    success and failure is written to the audit log.
    """
    now = timezone.now()
    user = _find_user(login)
    if user is not None and user.is_locked:
        record(action=AuditAction.LOGIN_FAILED, instance=user, actor=None, actor_username=login[:150],
               note="账户已锁定")
        raise LoginError(
            "account_locked",
            _("账户已锁定，请于 %(time)s 后重试") % {"time": timezone.localtime(user.locked_until).strftime("%H:%M")},
        )
    authed = authenticate(request, username=login, password=password)
    if authed is None:
        note = "用户名或密码错误"
        if user is not None:
            with transaction.atomic():
                User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
                user.refresh_from_db(fields=["failed_login_count"])
                if user.failed_login_count >= settings.DUDAO_LOGIN_MAX_FAILURES:
                    locked_until = now + timedelta(minutes=settings.DUDAO_LOGIN_LOCKOUT_MINUTES)
                    User.objects.filter(pk=user.pk).update(locked_until=locked_until, failed_login_count=0)
                    note = f"连续失败{settings.DUDAO_LOGIN_MAX_FAILURES}次，账户锁定至{timezone.localtime(locked_until):%H:%M}"
        if user is not None and not user.is_active:
            note = "账户已停用"
        record(action=AuditAction.LOGIN_FAILED, instance=user, object_type="" if user else "accounts.user",
               object_repr=login[:100] if user is None else "", actor=None, actor_username=(login or "")[:150],
               note=note)
        raise LoginError("invalid_credentials", _("用户名或密码错误"))
    User.objects.filter(pk=authed.pk).update(failed_login_count=0, locked_until=None, last_login=now)
    record(action=AuditAction.LOGIN, instance=authed, actor=authed)
    return LoginResult(user=authed, must_change_password=authed.must_change_password)


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
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])


def user_set_password(*, actor: User, user: User, new_password: str) -> None:
    """An administrator sets someone's password; the owner must change it at the next login."""
    target = get_for_user_or_404(User, actor, "reset_password", pk=user.pk)
    try:
        validate_password(new_password, target)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    target.set_password(new_password)
    target.must_change_password = True
    target.password_changed_at = timezone.now()
    target.save(update_fields=["password", "must_change_password", "password_changed_at"])


def user_unlock(*, actor: User, user: User) -> None:
    target = get_for_user_or_404(User, actor, "unlock", pk=user.pk)
    target.locked_until = None
    target.failed_login_count = 0
    target.save(update_fields=["locked_until", "failed_login_count"])
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
    return assignment


@transaction.atomic
def role_assignment_delete(*, actor: User, assignment_id: int) -> None:
    assignment = get_for_user_or_404(RoleAssignment, actor, "delete", pk=assignment_id)
    if assignment.user_id == actor.pk:
        raise ValidationError({"user": _("不能撤销自己的角色")})
    assignment.delete()


# --- API tokens ----------------------------------------------------------------------------------

def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal token; returns the row and the secret, which is shown only once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写令牌名称")})
    days = settings.DUDAO_API_TOKEN_DAYS if days is None else days
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_prefix=key[:12], key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
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


def api_token_authenticate(key: str) -> User | None:
    """The active user owning an unrevoked, unexpired token, or None."""
    if not key:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active or token.user.is_locked:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
