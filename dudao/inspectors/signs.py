"""The school-gate sign (挂牌公示牌, C1, F8) as an issued document: its data come from the school's
current posting and are rendered by the documents module (kind ``school_sign``, Word and PDF).
Only public data go in: the inspector's name, public phone and employer, the office's phone."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dudao.documents.services import document_issue

from .models import Posting
from .public import ITEMS, covering_office


def school_sign_context(*, school, public_url: str) -> dict:
    """The ``school_sign`` data for ``school`` (a Unit with a profile and a current posting)."""
    posting = (Posting.objects.filter(school=school, end_date__isnull=True)
               .select_related("inspector__employer").first())
    if posting is None:
        raise ValidationError({"school": _("该学校尚无在岗责任督学，不能生成公示牌")})
    inspector = posting.inspector
    if not inspector.phone:
        raise ValidationError({"inspector": _("责任督学未填写公开联系电话")})
    from .files import photo_of

    photo = photo_of(inspector)
    if photo is None:  # 挂牌督导办法 Art. 1: the sign shows the inspector's name, photo, contact and duties
        raise ValidationError({"inspector": _("责任督学未上传照片：公示牌须载明责任督学的姓名、照片、联系方式和督导事项"
                                              "（《中小学校责任督学挂牌督导办法》第一条）")})
    office = covering_office(school)
    return {
        "signed_on": datetime.date.today().isoformat(),
        "label": school.name,
        "school": school.name,
        "inspector_name": inspector.name,
        "inspector_phone": inspector.phone,
        "inspector_unit": inspector.employer.name if inspector.employer else inspector.employer_name,
        "inspector_photo": photo.pk,
        "duties": [str(item) for item in ITEMS],
        "hotline": office.phone if office else "",
        "url": public_url,
    }


def school_sign_path(school) -> str:
    """The path the sign's QR code points to: the school's public page (``?src=qr`` counts scans)."""
    from django.urls import reverse

    return reverse("public:school", args=[school.school_profile.school_code]) + "?src=qr"


def school_sign_issue(*, actor, school, public_url: str):
    """Issue the sign of ``school`` through the office that covers it; returns the IssuedDocument."""
    office = covering_office(school)
    if office is None:
        raise ValidationError({"school": _("找不到该学校所在区域的督导室")})
    return document_issue(actor=actor, office=office, kind="school_sign",
                          context=school_sign_context(school=school, public_url=public_url), related=school)


APPOINTMENT_KINDS = ("appointment_letter", "inspector_card")


def appointment_document_context(appointment, kind: str) -> dict:
    """聘书 (``appointment_letter``) or 督学证 (``inspector_card``) data for an appointed inspector (F1)."""
    from .choices import AppointmentStatus

    if appointment.status != AppointmentStatus.APPOINTED:
        raise ValidationError({"status": _("只有已聘任的督学可以生成聘书或督学证")})
    inspector, session = appointment.inspector, appointment.session
    base = {"signed_on": (appointment.appointed_on or datetime.date.today()).isoformat(), "label": inspector.name,
            "name": inspector.name, "role": str(inspector.get_kind_display())}
    if kind == "appointment_letter":
        return {**base, "term_name": str(session), "start_date": session.start_date.isoformat(),
                "end_date": session.end_date.isoformat()}
    if kind == "inspector_card":
        return {**base, "card_number": appointment.card_number, "valid_until": session.end_date.isoformat(),
                "unit": inspector.employer.name if inspector.employer else inspector.employer_name}
    raise ValidationError({"kind": _("未知的文书类型")})


def appointment_document_issue(*, actor, appointment, kind: str):
    """Issue the letter of appointment or the inspector card through the appointing office."""
    return document_issue(actor=actor, office=appointment.session.office, kind=kind,
                          context=appointment_document_context(appointment, kind), related=appointment.inspector)
