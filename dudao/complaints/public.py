"""Public, login-free complaint pages (F8, F9, E11): a school's public page — its responsible
inspector with QR code (``dudao.inspectors.public.public_context``) and the report/complaint
form —, the thank-you page with the lookup code, and the complainant's lookup of the outcome.
Nothing private is shown: only the inspector's name, photo, public phone and duties, and the
office's public contact."""

import datetime

from django import forms
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dudao.accounts import captcha
from dudao.common.context import client_ip
from dudao.common.parity import ui_action
from dudao.common.redaction import redact
from dudao.inspectors.public import public_context, public_school
from dudao.regionsettings.services import get_setting

from . import services
from .choices import ComplaintKind, ComplaintSource
from .models import Complaint

CAPTCHA_KEY = "dudao_public_captcha"
#: The lookup code of the complaint just submitted, shown once on the thank-you page.
CODE_KEY = "dudao_complaint_code"
#: Lookups per IP and hour (any outcome) and wrong codes per IP and hour, against guessing.
LOOKUPS_PER_HOUR = 20
MISSES_PER_HOUR = 5


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=ComplaintKind.choices,
                             widget=forms.RadioSelect)
    content = forms.CharField(label=gettext_lazy("反映内容"), min_length=5, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}))
    contact_name = forms.CharField(label=gettext_lazy("联系人（可不填）"), required=False, max_length=50,
                                   widget=forms.TextInput(attrs={"class": "form-control"}))
    contact_phone = forms.CharField(label=gettext_lazy("联系电话（可不填）"), required=False, max_length=32,
                                    widget=forms.TextInput(attrs={"class": "form-control"}))
    captcha = forms.CharField(label=gettext_lazy("验证码"), max_length=8,
                              widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric",
                                                            "autocomplete": "off"}))

    def __init__(self, *args, challenge=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge

    def clean_captcha(self):
        value = self.cleaned_data["captcha"]
        if not captcha.check(self.challenge, value):
            raise forms.ValidationError(_("验证码错误，请按新图片重新计算"))
        return value


def _new_captcha(request) -> str:
    """A new image captcha (``accounts.captcha``: drawn server-side, answer kept in the cache, used
    once); its key is kept in the session, so the form carries no hint of the answer."""
    key = captcha.new()
    request.session[CAPTCHA_KEY] = key
    return key


def _rate_limited(request, region) -> bool:
    """At most N stored submissions per IP per hour (region setting ``complaints.per_ip_per_hour``),
    counted in the database so that every worker process agrees; attempts (including wrong
    captchas) are also capped at 3N per hour in the cache."""
    limit = int(get_setting(region, "complaints.per_ip_per_hour"))
    ip = client_ip(request) or None
    key = f"dudao:complaint-attempts:{ip or 'unknown'}"
    cache.add(key, 0, timeout=3600)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        attempts = 1
    since = timezone.now() - datetime.timedelta(hours=1)
    stored = Complaint.objects.filter(ip=ip, created_at__gte=since).count()
    return stored >= limit or attempts > 3 * limit


@ui_action(exempt="the public complaint form (anonymous, captcha); staff enter complaints with POST /api/v1/ledger/complaints")
@require_http_methods(["GET", "POST"])
def school_page(request, school_code: str):
    profile, posting = public_school(school_code)
    ctx = public_context(request, profile, posting)
    form = ComplaintForm()
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST, challenge=request.session.pop(CAPTCHA_KEY, None))
        if _rate_limited(request, profile.unit.region):
            form.add_error(None, _("提交过于频繁，请稍后再试"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            complaint = services.complaint_submit(
                school=profile.unit, inspector=posting.inspector if posting else None, kind=data["kind"],
                content=data["content"], contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                source=ComplaintSource.QR if request.GET.get("src") == "qr" else ComplaintSource.PUBLIC_PAGE,
                ip=client_ip(request) or None, user_agent=request.headers.get("User-Agent", ""))
            request.session[CODE_KEY] = complaint.lookup_code
            return redirect(reverse("public:thanks", args=[school_code]))
        else:
            status = 400
    ctx.update({"form": form, "captcha_key": _new_captcha(request)})
    return render(request, "complaints/public/school.html", ctx, status=status)


def thanks(request, school_code: str):
    """The thank-you page shows the lookup code once (it is not in the URL, so not in any log)."""
    profile, _posting = public_school(school_code)
    return render(request, "complaints/public/thanks.html", {"school": profile.unit, "profile": profile,
                                                             "code": request.session.pop(CODE_KEY, None)})


class LookupForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("查询码"), min_length=6, max_length=20,
                           widget=forms.TextInput(attrs={"class": "form-control text-uppercase font-monospace",
                                                         "autocomplete": "off", "autocapitalize": "characters"}))
    captcha = forms.CharField(label=gettext_lazy("验证码"), max_length=8,
                              widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric",
                                                            "autocomplete": "off"}))

    def __init__(self, *args, challenge=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()

    def clean_captcha(self):
        value = self.cleaned_data["captcha"]
        if not captcha.check(self.challenge, value):
            raise forms.ValidationError(_("验证码错误，请按新图片重新计算"))
        return value


def _count(key: str) -> int:
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        return 1


def _lookup_blocked(ip: str) -> bool:
    """Every lookup counts (at most ``LOOKUPS_PER_HOUR``); wrong codes count separately and are
    capped lower (``MISSES_PER_HOUR``), so trying codes one after another stops quickly."""
    attempts = _count(f"dudao:lookup-attempts:{ip}")
    misses = cache.get(f"dudao:lookup-misses:{ip}", 0)
    return attempts > LOOKUPS_PER_HOUR or misses >= MISSES_PER_HOUR


def _complainant_names(code: str) -> list[str]:
    """The name the complainant left on the complaint behind ``code`` (or its older triage code)."""
    from django.db.models import Q

    return list(Complaint.objects.filter(Q(lookup_code=code) | Q(triage__lookup_code=code))
                .values_list("contact_name", flat=True))


@ui_action(exempt="the complainant's public lookup by code (anonymous, captcha); not a staff action")
@require_http_methods(["GET", "POST"])
def complaint_lookup(request):
    """查询办理结果: anyone with a lookup code sees the status and the outcome of that complaint —
    accepted (the rectification's progress in plain words), dismissed (the reason, with phone
    numbers, identity card numbers, e-mail addresses and the complainant's name masked, since
    anyone holding the code reads it) — and nothing
    else: no names, contacts, unit answers or internal notes. Captcha and per-IP limits make
    guessing codes pointless."""
    form, result, status = LookupForm(), None, 200
    if request.method == "POST":
        form = LookupForm(request.POST, challenge=request.session.pop(CAPTCHA_KEY, None))
        ip = client_ip(request) or "unknown"
        if _lookup_blocked(ip):
            form.add_error(None, _("查询过于频繁，请一小时后再试"))
            status = 429
        elif form.is_valid():
            result = services.complaint_lookup(form.cleaned_data["code"])
            if result is not None and result.get("reason"):
                result["reason"] = redact(result["reason"], _complainant_names(form.cleaned_data["code"]))
            if result is None:
                _count(f"dudao:lookup-misses:{ip}")
                form.add_error("code", _("查询码不存在，请核对后重新输入"))
                status = 404
            else:
                form = LookupForm()
        else:
            status = 400
    return render(request, "complaints/public/lookup.html",
                  {"form": form, "result": result, "captcha_key": _new_captcha(request)}, status=status)
