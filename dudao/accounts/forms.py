from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.common.scoping import regions_in_scope
from dudao.orgs.models import Unit

from .models import User
from .roles import RoleCode


class LoginForm(BootstrapMixin, forms.Form):
    login = forms.CharField(label=_("用户名或手机号"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)
    captcha_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    captcha = forms.CharField(label=_("验证码"), required=False, max_length=8,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))


class OtpForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("动态口令"), max_length=16,
                           help_text=_("身份验证器应用显示的6位数字；手机丢失时可填一个恢复码"),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


class PasswordChangeForm(BootstrapMixin, forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput)
    new_password = forms.CharField(
        label=_("新密码"), widget=forms.PasswordInput,
        help_text=_("至少8位，包含大写字母、小写字母、数字、符号中的至少3类"),
    )
    new_password2 = forms.CharField(label=_("确认新密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        return data


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=100)
    days = forms.IntegerField(label=_("有效天数"), min_value=1, required=False,
                              help_text=_("留空为系统默认"))


class UserForm(BootstrapMixin, forms.ModelForm):
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput,
                               help_text=_("用户首次登录时须修改"))

    class Meta:
        model = User
        fields = ["username", "real_name", "mobile", "email", "unit"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view").select_related("region")
        self.fields["unit"].required = False


class UserEditForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["real_name", "mobile", "email", "unit", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view")
        self.fields["unit"].required = False


class SetPasswordForm(BootstrapMixin, forms.Form):
    password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput,
                               help_text=_("用户下次登录时须修改"))


class RoleAssignmentForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=RoleCode.choices)
    region = forms.ModelChoiceField(label=_("行政区划"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, required=False,
                                  help_text=_("单位填报员等按单位授权时选择单位，否则选择行政区划"))
    recursive = forms.BooleanField(label=_("含下级区划"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_scope(user, "accounts.add_roleassignment")
        self.fields["unit"].queryset = Unit.objects.for_user(user, "view")


class OtpResetForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("重置原因"), min_length=2, max_length=200,
                             help_text=_("如：手机丢失、更换手机；记入审计日志"))
