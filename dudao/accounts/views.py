from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dudao.common.context import client_ip
from dudao.common.crypto import blind_index
from dudao.common.forms import SearchForm
from dudao.common.parity import ui_action
from dudao.common.personal import mask_phone
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import captcha, otp, services
from .forms import (
    LoginForm,
    OtpForm,
    OtpResetForm,
    PasswordChangeForm,
    RoleAssignmentForm,
    SetPasswordForm,
    TokenForm,
    UserEditForm,
    UserForm,
)
from .middleware import SESSION_LAST_SEEN, _now
from .models import RoleAssignment, User
from .sessions import session_started

OTP_PENDING = "dudao_otp_pending"
OTP_PENDING_SECONDS = 300
OTP_MAX_TRIES = 5


def _finish_login(request, user, *, must_change: bool, expired: bool, next_url: str):
    login(request, user, backend="dudao.accounts.backends.UsernameOrMobileBackend")
    request.session[SESSION_LAST_SEEN] = _now()
    if session_started(user=user, session_key=request.session.session_key, ip=client_ip(request)):
        messages.info(request, _("同时登录的会话已达上限，最早的一个已退出"))
    if must_change:
        if expired:
            messages.warning(request, _("密码已超过%(n)d天未修改，请先修改密码") % {
                "n": settings.DUDAO_PASSWORD_MAX_AGE_DAYS})
        else:
            messages.warning(request, _("管理员为您设置了密码，请先修改密码"))
        return redirect("accounts:password_change")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    return redirect(next_url or "ui:home")


@ui_action(exempt="the session login page; the API signs in with POST /auth/token (obtain_token)")
def login_view(request):
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.login_attempt(login=data["login"], password=data["password"], request=request,
                                            captcha_key=data["captcha_key"], captcha=data["captcha"])
        except services.LoginError as exc:
            form.add_error(None, exc.message)
            status = 429 if exc.http_status == 429 else 200
        else:
            if result.otp_required:
                request.session.cycle_key()
                request.session[OTP_PENDING] = {"user": result.user.pk, "at": _now(), "next": next_url,
                                                "expired": result.password_expired, "tries": 0}
                return redirect("accounts:otp")
            return _finish_login(request, result.user, must_change=result.must_change_password,
                                 expired=result.password_expired, next_url=next_url)
    login_name = form.data.get("login", "") if form.is_bound else ""
    challenge = services.login_challenge(login=login_name, request=request)
    captcha_key = captcha.new() if challenge.captcha else ""
    return render(request, "accounts/login.html", {
        "form": form, "next": next_url, "title": _("登录"), "captcha_key": captcha_key,
    }, status=status)


@ui_action(exempt="the second step of the session login; the API sends `otp` with POST /auth/token (obtain_token)")
def otp_view(request):
    """After the password, for the accounts that need it: enrol a TOTP device (QR code, then the
    recovery codes once) or enter a code."""
    pending = request.session.get(OTP_PENDING)
    user = None
    if pending and _now() - pending["at"] <= OTP_PENDING_SECONDS:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(OTP_PENDING, None)
        messages.info(request, _("请重新登录"))
        return redirect("accounts:login")
    enrolling = not otp.enrolled(user)
    sms = None if enrolling else otp.sms_device(user)
    if request.method == "POST" and "send_sms" in request.POST and sms is not None:
        if otp.send_sms(user):
            messages.info(request, _("验证码已发送至 %(m)s，5分钟内有效") % {"m": mask_phone(user.mobile)})
        else:
            messages.warning(request, _("验证码已发送，请一分钟后再重新发送"))
        return redirect("accounts:otp")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        codes = None
        if enrolling:
            codes = services.otp_enrol(user=user, code=code, request=request)
            ok = codes is not None
        else:
            ok = services.login_second_factor(user=user, code=code, request=request)
        if ok:
            del request.session[OTP_PENDING]
            user.refresh_from_db()
            response = _finish_login(request, user, must_change=user.must_change_password,
                                     expired=pending["expired"], next_url=pending["next"])
            if codes:
                return render(request, "accounts/otp_recovery.html", {
                    "codes": codes, "continue_url": response["Location"], "title": _("恢复码")})
            return response
        pending["tries"] += 1
        if pending["tries"] >= OTP_MAX_TRIES:
            del request.session[OTP_PENDING]
            messages.error(request, _("动态口令错误次数过多，请重新登录"))
            return redirect("accounts:login")
        request.session[OTP_PENDING] = pending
        form.add_error("code", _("动态口令错误"))
    context = {"form": form, "enrolling": enrolling, "title": _("双因素认证"), "sms": sms is not None}
    if enrolling:
        device = otp.pending_device(user)
        context.update({"qr": otp.qr_svg(device), "secret": otp.secret_base32(device)})
    return render(request, "accounts/otp.html", context)


@require_GET
def captcha_image(request, key):
    data = captcha.image(key)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


@ui_action(exempt="ends the browser session; an API token is revoked with POST /tokens/{id}/revoke")
@require_POST
def logout_view(request):
    services.logout_record(user=request.user)
    logout(request)
    return redirect("accounts:login")


@ui_action(api="dudao_accounts_api_change_password")
@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(user=request.user, old_password=form.cleaned_data["old_password"],
                                          new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改"))
            return redirect("ui:home")
    return render(request, "generic/form.html", {"form": form, "title": _("修改密码"), "cancel_url": reverse("ui:home")})


@ui_action(api="dudao_accounts_api_create_token")
@login_required
def profile(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(user=request.user, name=form.cleaned_data["name"],
                                                        days=form.cleaned_data["days"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            form = TokenForm()
    return render(request, "accounts/profile.html", {
        "form": form, "new_key": new_key, "tokens": request.user.api_tokens.all(), "title": _("个人设置与令牌"),
        "assignments": RoleAssignment.objects.filter(user=request.user).select_related("region", "unit"),
    })


@ui_action(api="dudao_accounts_api_revoke_token")
@login_required
@require_POST
def token_revoke(request, pk):
    services.api_token_revoke(user=request.user, token_id=pk)
    messages.success(request, _("令牌已撤销"))
    return redirect("accounts:profile")


# --- Account administration -----------------------------------------------------------------------

class UserListView(ObjectListView):
    model = User
    title = gettext_lazy("账户管理")
    filter_form = SearchForm
    add_url_name = "accounts:user_add"
    columns = [
        (gettext_lazy("用户名"), "username"),
        (gettext_lazy("姓名"), "real_name"),
        (gettext_lazy("手机号码"), "shown_mobile"),
        (gettext_lazy("所在单位"), "unit.name"),
        (gettext_lazy("状态"), lambda u: _("已锁定") if u.is_locked else (_("有效") if u.is_active else _("停用"))),
    ]

    def get_queryset(self):
        qs = super().get_queryset().select_related("unit")
        form = self.get_filter_form()
        if form is not None and form.is_bound and form.is_valid() and form.cleaned_data.get("q"):
            q = form.cleaned_data["q"]
            qs = qs.filter(Q(username__icontains=q) | Q(real_name__contains=q) | Q(mobile_index=blind_index(q)))
        return qs

    def can_add(self):
        return user_has_perm(self.request.user, "accounts.add_user")

    def column_values(self, obj):
        # 个人信息保护: mobile numbers in full only for account managers; masked in list and export
        obj.shown_mobile = obj.mobile if self._full_mobiles() else mask_phone(obj.mobile)
        return super().column_values(obj)

    def _full_mobiles(self):
        if not hasattr(self, "_full"):
            self._full = user_has_perm(self.request.user, "accounts.change_user")
        return self._full


@ui_action(api="dudao_accounts_api_users_add_role")
@login_required
def user_detail(request, pk):
    target = get_for_user_or_404(User.objects.select_related("unit"), request.user, "view", pk=pk)
    can_assign = user_has_perm(request.user, "accounts.add_roleassignment")
    form = RoleAssignmentForm(request.POST or None, user=request.user) if can_assign else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.role_assignment_create(
                actor=request.user, user=target, role=form.cleaned_data["role"], region=form.cleaned_data["region"],
                unit=form.cleaned_data["unit"], recursive=form.cleaned_data["recursive"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("角色已分配"))
            return redirect("accounts:user_detail", pk=target.pk)
    assignments = RoleAssignment.objects.for_user(request.user, "view").filter(user=target).select_related("region", "unit")
    return render(request, "accounts/user_detail.html", {
        "target": target, "assignments": assignments, "form": form, "title": str(target),
        "can_delete_roles": user_has_perm(request.user, "accounts.delete_roleassignment"),
        "can_edit": user_has_perm(request.user, "accounts.change_user"),
        "can_reset": user_has_perm(request.user, "accounts.reset_password_user"),
        "can_unlock": user_has_perm(request.user, "accounts.unlock_user"),
        "can_reset_otp": user_has_perm(request.user, "accounts.reset_otp_user") and target.pk != request.user.pk,
        "otp_enrolled": otp.enrolled(target), "otp_required": otp.required_for(target),
        "otp_enrolment_open": otp.enrolment_open(target), "otp_form": OtpResetForm(),
        "otp_sms": otp.sms_device(target) is not None,
        "shown_mobile": target.mobile if user_has_perm(request.user, "accounts.change_user") else mask_phone(target.mobile),
    })


@ui_action(api="dudao_accounts_api_users_create_user")
@login_required
def user_add(request):
    if not user_has_perm(request.user, "accounts.add_user"):
        raise PermissionDenied
    form = UserForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(actor=request.user, username=data["username"], real_name=data["real_name"],
                                        password=data["password"], mobile=data["mobile"], email=data["email"],
                                        unit=data["unit"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("账户已创建，用户首次登录须修改密码"))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "generic/form.html", {"form": form, "title": _("新建账户"),
                                                 "cancel_url": reverse("accounts:user_list")})


@ui_action(api="dudao_accounts_api_users_update_user")
@login_required
def user_edit(request, pk):
    target = get_for_user_or_404(User, request.user, "change", pk=pk)
    form = UserEditForm(request.POST or None, instance=User.objects.get(pk=target.pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=target,
                                 **{f: form.cleaned_data[f] for f in UserEditForm.Meta.fields})
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "generic/form.html", {"form": form, "title": _("编辑账户"),
                                                 "cancel_url": reverse("accounts:user_detail", args=[pk])})


@ui_action(api="dudao_accounts_api_users_set_password")
@login_required
def user_set_password(request, pk):
    target = get_for_user_or_404(User, request.user, "reset_password", pk=pk)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(actor=request.user, user=target, new_password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("密码已重置，用户下次登录须修改密码"))
            return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "generic/form.html", {"form": form, "title": _("重置密码：%(u)s") % {"u": target},
                                                 "cancel_url": reverse("accounts:user_detail", args=[pk])})


@ui_action(api="dudao_accounts_api_users_unlock")
@login_required
@require_POST
def user_unlock(request, pk):
    target = get_for_user_or_404(User, request.user, "unlock", pk=pk)
    services.user_unlock(actor=request.user, user=target)
    messages.success(request, _("账户已解锁"))
    return redirect("accounts:user_detail", pk=pk)


@ui_action(api="dudao_accounts_api_users_otp_reset")
@login_required
@require_POST
def user_otp_reset(request, pk):
    """安全管理员 resets a user's second factor (a lost phone): the devices are forgotten and the
    binding window opens (``DUDAO_OTP_ENROL_HOURS``)."""
    target = get_for_user_or_404(User, request.user, "reset_otp", pk=pk)
    form = OtpResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
        return redirect("accounts:user_detail", pk=pk)
    try:
        services.otp_reset(actor=request.user, user=target, note=_("重置动态口令：%(r)s") % {"r": form.cleaned_data["reason"]})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已重置动态口令：该用户须在 %(h)s 小时内登录并重新绑定")
                         % {"h": settings.DUDAO_OTP_ENROL_HOURS})
    return redirect("accounts:user_detail", pk=pk)


@ui_action(api="dudao_accounts_api_users_otp_sms")
@login_required
@require_POST
def user_otp_sms(request, pk):
    target = get_for_user_or_404(User, request.user, "reset_otp", pk=pk)
    try:
        services.otp_sms_enable(actor=request.user, user=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已启用短信验证码：该用户登录时验证码发送至其手机"))
    return redirect("accounts:user_detail", pk=pk)


@ui_action(api="dudao_accounts_api_users_delete_role")
@login_required
@require_POST
def role_delete(request, pk):
    assignment = get_object_or_404(RoleAssignment.objects.for_user(request.user, "delete"), pk=pk)
    user_pk = assignment.user_id
    try:
        services.role_assignment_delete(actor=request.user, assignment_id=pk)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("角色已撤销"))
    return redirect("accounts:user_detail", pk=user_pk)
