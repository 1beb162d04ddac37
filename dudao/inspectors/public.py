"""Public, login-free pages (F8): the printable A4 sign for the school gate, the responsible
inspector's photo, and what the school's public page shows of the inspector (``public_context``;
the page itself, with its report/complaint form, is ``dudao.complaints.public.school_page``).
Nothing private is shown: only the inspector's name, photo, public phone and duties, and the
office's public contact."""

import segno
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from dudao.attachments.views import file_response
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.schools.models import SchoolProfile

from .files import photo_of
from .models import Posting

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


def public_school(school_code: str):
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


def public_context(request, profile, posting):
    inspector = posting.inspector if posting else None
    return {
        "profile": profile, "school": profile.unit, "inspector": inspector,
        "has_photo": inspector is not None and photo_of(inspector) is not None,
        "office": covering_office(profile.unit), "duties": DUTIES, "items": ITEMS,
        "qr_svg": _qr_svg(request, profile),
        "public_url": request.build_absolute_uri(reverse("public:school", args=[profile.school_code])),
    }


def sign(request, school_code: str):
    """The A4 sign for the school gate (print CSS; the documents module renders a PDF later)."""
    profile, posting = public_school(school_code)
    return render(request, "inspectors/public/sign.html", public_context(request, profile, posting))


def photo(request, school_code: str):
    """The photo of the school's current responsible inspector (only that; 404 otherwise)."""
    _profile, posting = public_school(school_code)
    att = photo_of(posting.inspector) if posting is not None else None
    if att is None:
        raise Http404
    return file_response(att.file, att.name, att.mime_type, inline=True)
