"""Public, login-free pages (F8, F9): a school's responsible-inspector page with QR code, the
printable A4 sign for the school gate, and the report/complaint form. Nothing private is shown:
only the inspector's name, photo, public phone and duties, and the office's public contact."""

import datetime
import random

import segno
from django import forms
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dudao.attachments.views import file_response
from dudao.common.context import client_ip
from dudao.common.parity import ui_action
from dudao.common.redaction import redact
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regionsettings.services import get_setting
from dudao.schools.models import SchoolProfile

from .choices import ComplaintKind
from .files import photo_of
from .models import Complaint, Posting

#: 《中小学校责任督学挂牌督导办法》 Art. 3 — the five basic duties.
DUTIES = [
    gettext_lazy("对学校依法依规办学进行监督"),
    gettext_lazy("对学校管理和教育教学进行指导"),
    gettext_lazy("受理、核实相关举报和投诉"),
    gettext_lazy("发现问题并督促学校整改"),
    gettext_lazy("向督导部门报告情况，并向政府有关部门提出意见"),
]
#: Art. 4 — the eight items of regular supervision.
ITEMS = [
    gettext_lazy("校务管理和制度执行情况"),
    gettext_lazy("招生、收费、择校情况"),
    gettext_lazy("课程开设和课堂教学情况"),
    gettext_lazy("学生学习、体育锻炼和课业负担情况"),
    gettext_lazy("教师师德和专业发展情况"),
    gettext_lazy("校园及周边安全情况，学生交通安全情况"),
    gettext_lazy("食堂、食品、饮水及宿舍卫生情况"),
    gettext_lazy("校风、教风、学风建设情况"),
]
CAPTCHA_KEY = "dudao_public_captcha"
#: The lookup code of the complaint just submitted, shown once on the thank-you page.
CODE_KEY = "dudao_complaint_code"
#: Lookups per IP and hour (any outcome) and wrong codes per IP and hour, against guessing.
LOOKUPS_PER_HOUR = 20
MISSES_PER_HOUR = 5


def _public_school(school_code: str):
    profile = (SchoolProfile.objects.select_related("unit__region").filter(school_code=school_code,
                                                                            unit__is_active=True).first())
    if profile is None:
        raise Http404
    posting = (Posting.objects.filter(school=profile.unit, end_date__isnull=True)
               .select_related("inspector__office").first())
    return profile, posting


def covering_office(unit: Unit):
    """The supervision office of the school's county (nearest up the tree)."""
    paths = [p for p in _ancestor_paths(unit.region_path)]
    return (Unit.objects.filter(kind=UnitKind.OFFICE, region__path__in=paths, is_active=True)
            .order_by("-region_path").first())


def _ancestor_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _qr_svg(request, profile) -> str:
    url = request.build_absolute_uri(reverse("public:school", args=[profile.school_code])) + "?src=qr"
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000")


def _context(request, profile, posting):
    inspector = posting.inspector if posting else None
    return {
        "profile": profile, "school": profile.unit, "inspector": inspector,
        "has_photo": inspector is not None and photo_of(inspector) is not None,
        "office": covering_office(profile.unit), "duties": DUTIES, "items": ITEMS,
        "qr_svg": _qr_svg(request, profile),
        "public_url": request.build_absolute_uri(reverse("public:school", args=[profile.school_code])),
    }


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=ComplaintKind.choices,
                             widget=forms.RadioSelect)
    content = forms.CharField(label=gettext_lazy("反映内容"), min_length=5, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}))
    contact_name = forms.CharField(label=gettext_lazy("联系人（可不填）"), required=False, max_length=50,
                                   widget=forms.TextInput(attrs={"class": "form-control"}))
    contact_phone = forms.CharField(label=gettext_lazy("联系电话（可不填）"), required=False, max_length=32,
                                    widget=forms.TextInput(attrs={"class": "form-control"}))
    captcha = forms.IntegerField(label=gettext_lazy("验证码"), widget=forms.NumberInput(attrs={"class": "form-control"}))

    def __init__(self, *args, expected=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_captcha(self):
        value = self.cleaned_data["captcha"]
        if self.expected is None or value != self.expected:
            raise forms.ValidationError(_("验证码错误，请重新计算"))
        return value


def _new_captcha(request) -> str:
    a, b = random.randint(1, 9), random.randint(1, 9)
    request.session[CAPTCHA_KEY] = a + b
    return _("%(a)s 加 %(b)s 等于几？") % {"a": a, "b": b}


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


@ui_action(exempt="the public complaint form (anonymous, captcha); staff enter complaints with POST /ledger/complaints")
@require_http_methods(["GET", "POST"])
def school_page(request, school_code: str):
    profile, posting = _public_school(school_code)
    ctx = _context(request, profile, posting)
    form = ComplaintForm()
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST, expected=request.session.pop(CAPTCHA_KEY, None))
        if _rate_limited(request, profile.unit.region):
            form.add_error(None, _("提交过于频繁，请稍后再试"))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            complaint = Complaint.objects.create(
                school=profile.unit, region_path=profile.unit.region_path,
                inspector=posting.inspector if posting and data["kind"] == ComplaintKind.INSPECTOR else None,
                kind=data["kind"], content=data["content"].strip(), contact_name=data["contact_name"].strip(),
                contact_phone=data["contact_phone"].strip(),
                source="qr" if request.GET.get("src") == "qr" else "public_page",
                ip=client_ip(request) or None, user_agent=request.headers.get("User-Agent", "")[:255],
            )
            request.session[CODE_KEY] = complaint.lookup_code
            return redirect(reverse("public:thanks", args=[school_code]))
        else:
            status = 400
    ctx.update({"form": form, "captcha_question": _new_captcha(request)})
    return render(request, "inspectors/public/school.html", ctx, status=status)


def thanks(request, school_code: str):
    """The thank-you page shows the lookup code once (it is not in the URL, so not in any log)."""
    profile, _posting = _public_school(school_code)
    return render(request, "inspectors/public/thanks.html", {"school": profile.unit, "profile": profile,
                                                             "code": request.session.pop(CODE_KEY, None)})


class LookupForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("查询码"), min_length=6, max_length=20,
                           widget=forms.TextInput(attrs={"class": "form-control text-uppercase font-monospace",
                                                         "autocomplete": "off", "autocapitalize": "characters"}))
    captcha = forms.IntegerField(label=gettext_lazy("验证码"), widget=forms.NumberInput(attrs={"class": "form-control"}))

    def __init__(self, *args, expected=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).upper()

    def clean_captcha(self):
        value = self.cleaned_data["captcha"]
        if self.expected is None or value != self.expected:
            raise forms.ValidationError(_("验证码错误，请重新计算"))
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
    from dudao.ledger.intake import complaint_lookup as lookup

    form, result, status = LookupForm(), None, 200
    if request.method == "POST":
        form = LookupForm(request.POST, expected=request.session.pop(CAPTCHA_KEY, None))
        ip = client_ip(request) or "unknown"
        if _lookup_blocked(ip):
            form.add_error(None, _("查询过于频繁，请一小时后再试"))
            status = 429
        elif form.is_valid():
            result = lookup(form.cleaned_data["code"])
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
    return render(request, "inspectors/public/lookup.html",
                  {"form": form, "result": result, "captcha_question": _new_captcha(request)}, status=status)


def sign(request, school_code: str):
    """The A4 sign for the school gate (print CSS; the documents module renders a PDF later)."""
    profile, posting = _public_school(school_code)
    return render(request, "inspectors/public/sign.html", _context(request, profile, posting))


def photo(request, school_code: str):
    """The photo of the school's current responsible inspector (only that; 404 otherwise)."""
    _profile, posting = _public_school(school_code)
    att = photo_of(posting.inspector) if posting is not None else None
    if att is None:
        raise Http404
    return file_response(att.file, att.name, att.mime_type, inline=True)
