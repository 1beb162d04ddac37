"""Users and role assignments over the API (system and security administrators)."""

from django.db.models import Q
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from dudao.common.crypto import blind_index
from dudao.common.personal import mask_phone
from dudao.common.schemas import BoundedPagination, ErrorOut, Id, StrictSchema
from dudao.common.scoping import get_for_user_or_404, get_for_user_or_invalid, user_has_perm
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services
from .models import RoleAssignment, User
from .roles import RoleCode
from .schemas import MessageOut, RoleAssignmentOut
from .services import (
    role_assignment_create,
    role_assignment_delete,
    user_create,
    user_set_password,
    user_unlock,
    user_update,
)

router = Router(tags=["账户"])
roles_router = Router(tags=["角色分配"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class UserOut(Schema):
    id: int
    username: str
    real_name: str
    mobile: str | None = None
    unit_id: Id | None = None
    is_active: bool
    is_locked: bool
    must_change_password: bool

    @staticmethod
    def resolve_mobile(obj, context):
        """In full for account managers (``accounts.change_user``), masked for the others (安全管理员)."""
        request = context["request"] if context else None
        if request is None or user_has_perm(request.auth, "accounts.change_user"):
            return obj.mobile
        return mask_phone(obj.mobile) or None


class UserIn(StrictSchema):
    username: str = Field(..., min_length=1, max_length=150)
    real_name: str = Field(..., min_length=1, max_length=50)
    password: str = Field(..., max_length=256)
    mobile: str | None = Field(None, max_length=11)
    email: str = Field("", max_length=254)
    unit_id: Id | None = None


class PasswordSetIn(StrictSchema):
    password: str = Field(..., max_length=256)


class RoleAssignmentIn(StrictSchema):
    user_id: Id
    role: RoleCode
    region_code: str | None = None
    unit_id: Id | None = None
    recursive: bool = True


@router.get("", response={200: list[UserOut], **ERRORS}, summary="账户列表（本人管理范围）")
@paginate(BoundedPagination)
def list_users(request, q: str = ""):
    qs = User.objects.for_user(request.auth, "view")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(real_name__icontains=q) | Q(mobile_index=blind_index(q)))
    return qs


@router.get("/{int:user_id}", response={200: UserOut, **ERRORS}, summary="账户详情")
def get_user(request, user_id: Id):
    return get_for_user_or_404(User, request.auth, "view", pk=user_id)


@router.post("", response={201: UserOut, **ERRORS}, summary="新建账户（首次登录须修改密码）")
def create_user(request, payload: UserIn):
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=payload.unit_id) if payload.unit_id else None
    user = user_create(actor=request.auth, username=payload.username, real_name=payload.real_name,
                       password=payload.password, mobile=payload.mobile, email=payload.email, unit=unit)
    return Status(201, user)


class UserUpdateIn(StrictSchema):
    """The fields given change; username and password have their own operations."""

    real_name: str | None = Field(None, min_length=1, max_length=50)
    mobile: str | None = Field(None, max_length=11)
    email: str | None = Field(None, max_length=254)
    unit_id: Id | None = None
    is_active: bool | None = None


@router.patch("/{int:user_id}", response={200: UserOut, **ERRORS}, summary="修改账户信息（姓名、手机、单位、启用）")
def update_user(request, user_id: Id, payload: UserUpdateIn):
    user = get_for_user_or_404(User, request.auth, "change", pk=user_id)
    fields = payload.model_dump(exclude_unset=True)
    if "unit_id" in fields:
        uid = fields.pop("unit_id")
        fields["unit"] = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=uid) if uid else None
    if fields.get("email") is None:
        fields.pop("email", None)
    return user_update(actor=request.auth, user=user, **fields)


@router.post("/{int:user_id}/password", response={200: MessageOut, **ERRORS}, summary="管理员重置密码")
def set_password(request, user_id: Id, payload: PasswordSetIn):
    user = get_for_user_or_404(User, request.auth, "reset_password", pk=user_id)
    user_set_password(actor=request.auth, user=user, new_password=payload.password)
    return {"code": "ok", "message": "密码已重置，用户下次登录须修改密码"}


@router.post("/{int:user_id}/unlock", response={200: MessageOut, **ERRORS}, summary="解锁账户")
def unlock(request, user_id: Id):
    user = get_for_user_or_404(User, request.auth, "unlock", pk=user_id)
    user_unlock(actor=request.auth, user=user)
    return {"code": "ok", "message": "账户已解锁"}


class OtpResetIn(StrictSchema):
    reason: str = Field(..., min_length=2, max_length=200)


@router.post("/{int:user_id}/otp-reset", response={200: MessageOut, **ERRORS},
             summary="重置动态口令（安全管理员）：原设备和恢复码失效，用户须在绑定期限内重新绑定")
def otp_reset(request, user_id: Id, payload: OtpResetIn):
    user = get_for_user_or_404(User, request.auth, "reset_otp", pk=user_id)
    services.otp_reset(actor=request.auth, user=user, note=f"重置动态口令：{payload.reason}")
    return {"code": "ok", "message": "已重置动态口令，用户须在绑定期限内登录重新绑定"}


@router.post("/{int:user_id}/otp-sms", response={200: MessageOut, **ERRORS},
             summary="启用短信验证码（安全管理员）：登录时验证码发送至该账户手机")
def otp_sms(request, user_id: Id):
    user = get_for_user_or_404(User, request.auth, "reset_otp", pk=user_id)
    services.otp_sms_enable(actor=request.auth, user=user)
    return {"code": "ok", "message": "已启用短信验证码"}


@router.get("/{int:user_id}/roles", response={200: list[RoleAssignmentOut], **ERRORS}, summary="账户的角色分配")
def list_roles(request, user_id: Id):
    user = get_for_user_or_404(User, request.auth, "view", pk=user_id)
    return RoleAssignment.objects.for_user(request.auth, "view").filter(user=user).select_related("region", "unit")


@roles_router.post("", response={201: RoleAssignmentOut, **ERRORS}, summary="分配角色")
def add_role(request, payload: RoleAssignmentIn):
    user = get_for_user_or_404(User, request.auth, "view", pk=payload.user_id)
    region = (get_for_user_or_invalid(Region, request.auth, "region_code", code=payload.region_code)
              if payload.region_code else None)
    unit = get_for_user_or_invalid(Unit, request.auth, "unit_id", pk=payload.unit_id) if payload.unit_id else None
    assignment = role_assignment_create(actor=request.auth, user=user, role=payload.role, region=region, unit=unit,
                                        recursive=payload.recursive)
    return Status(201, assignment)


@roles_router.delete("/{int:assignment_id}", response={204: None, **ERRORS}, summary="撤销角色")
def delete_role(request, assignment_id: Id):
    role_assignment_delete(actor=request.auth, assignment_id=assignment_id)
    return Status(204, None)
