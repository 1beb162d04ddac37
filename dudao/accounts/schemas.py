from datetime import datetime

from ninja import Schema
from pydantic import Field

from dudao.common.schemas import Id, StrictSchema


class TokenRequest(StrictSchema):
    username: str = Field(..., min_length=1, max_length=150, description="用户名或手机号码")
    password: str = Field(..., min_length=1, max_length=256)
    name: str = Field("API", max_length=100, description="令牌名称")
    otp: str | None = Field(None, max_length=16, description="动态口令或恢复码（管理员等须双因素认证的账户必填）")
    captcha_key: str | None = Field(None, max_length=64, description="验证码编号（GET /auth/captcha）")
    captcha: str | None = Field(None, max_length=8, description="验证码答案（连续失败后必填）")


class CaptchaOut(Schema):
    key: str
    image_url: str = Field(..., description="验证码图片（PNG）")


class TokenOut(Schema):
    token: str
    expires_at: datetime | None = None


class PasswordChangeIn(StrictSchema):
    old_password: str = Field(..., max_length=256)
    new_password: str = Field(..., max_length=256)


class PersonalTokenIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=100)
    days: int | None = Field(None, ge=1, le=3650, description="有效天数（不超过 DUDAO_API_TOKEN_MAX_DAYS），缺省为系统设置")


class PersonalTokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


class PersonalTokenCreated(PersonalTokenOut):
    token: str


class MessageOut(Schema):
    code: str
    message: str


class RoleAssignmentOut(Schema):
    id: int
    role: str
    role_label: str
    region_code: str | None = None
    unit_id: Id | None = None
    recursive: bool
    scope_label: str

    @staticmethod
    def resolve_role_label(obj):
        return str(obj.get_role_display())

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_scope_label(obj):
        return obj.scope_label()


class MeOut(Schema):
    id: int
    username: str
    real_name: str
    mobile: str | None = None
    unit_id: Id | None = None
    must_change_password: bool
    roles: list[RoleAssignmentOut]
