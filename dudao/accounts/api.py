from django.urls import reverse
from ninja import Router, Status

from dudao.common.api_errors import error_response
from dudao.common.schemas import ErrorOut, Id
from dudao.common.scoping import user_assignments

from . import captcha
from .otp import enrolled as otp_enrolled
from .otp import send_sms as otp_send_sms
from .schemas import (
    CaptchaOut,
    MeOut,
    MessageOut,
    PasswordChangeIn,
    PersonalTokenCreated,
    PersonalTokenIn,
    PersonalTokenOut,
    TokenOut,
    TokenRequest,
)
from .services import (
    LoginError,
    api_token_create,
    api_token_revoke,
    login_attempt,
    login_second_factor,
    user_change_password,
)

auth_router = Router(tags=["认证"])
token_router = Router(tags=["个人令牌"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@auth_router.post("/token", auth=None,
                  response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
                  summary="用户名（或手机号）和密码换取令牌；须双因素认证的账户另填动态口令 otp")
def obtain_token(request, payload: TokenRequest):
    try:
        result = login_attempt(login=payload.username, password=payload.password, request=request,
                               captcha_key=payload.captcha_key, captcha=payload.captcha)
    except LoginError as exc:
        return error_response(request, exc.http_status, exc.code, exc.message)
    if result.otp_required:
        if not otp_enrolled(result.user):
            return error_response(request, 403, "otp_enrolment_required",
                                  "此账户须使用双因素认证：请先在网页登录并绑定动态口令")
        if not payload.otp:
            if otp_send_sms(result.user):  # an SMS device: the code goes to the account's mobile now
                return error_response(request, 401, "otp_required", "短信验证码已发送，请填写验证码（otp）")
            return error_response(request, 401, "otp_required", "请填写动态口令（otp）")
        if not login_second_factor(user=result.user, code=payload.otp, request=request):
            return error_response(request, 401, "invalid_otp", "动态口令错误")
    if result.must_change_password:
        return error_response(request, 403, "password_change_required",
                              "须先修改密码（管理员重置或密码已过期）：请登录网页修改，或调用 /api/v1/auth/password")
    request.user = result.user  # the audit entry of the new token names its owner as the actor
    token, key = api_token_create(user=result.user, name=payload.name)
    return {"token": key, "expires_at": token.expires_at}


@auth_router.get("/captcha", auth=None, response={200: CaptchaOut}, summary="新验证码（连续登录失败后 /auth/token 须填写）")
def new_captcha(request):
    key = captcha.new()
    return {"key": key, "image_url": reverse("accounts:captcha", args=[key])}


@auth_router.get("/me", response={200: MeOut, **ERRORS}, summary="当前用户及其角色")
def me(request):
    user = request.auth
    return {
        "id": user.pk, "username": user.username, "real_name": user.real_name, "mobile": user.mobile,
        "unit_id": user.unit_id, "must_change_password": user.must_change_password,
        "roles": user_assignments(user),
    }


@auth_router.post("/password", response={200: MessageOut, **ERRORS}, summary="修改本人密码")
def change_password(request, payload: PasswordChangeIn):
    user_change_password(user=request.auth, old_password=payload.old_password, new_password=payload.new_password)
    return {"code": "ok", "message": "密码已修改"}


@token_router.get("", response={200: list[PersonalTokenOut], **ERRORS}, summary="本人的令牌")
def list_tokens(request):
    return request.auth.api_tokens.all()


@token_router.post("", response={201: PersonalTokenCreated, **ERRORS}, summary="新建个人令牌（密钥只显示一次）")
def create_token(request, payload: PersonalTokenIn):
    token, key = api_token_create(user=request.auth, name=payload.name, days=payload.days)
    token.token = key
    return Status(201, token)


@token_router.post("/{int:token_id}/revoke", response={200: PersonalTokenOut, **ERRORS}, summary="撤销令牌")
def revoke_token(request, token_id: Id):
    return api_token_revoke(user=request.auth, token_id=token_id)


__all__ = ["auth_router", "token_router"]
