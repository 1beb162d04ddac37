"""What a publication is derived from (E2, E4, E9): the title, the body, the personal names to mask
and the attachments of a supervision report, a unit's rectification result (one closed item, or
all of a unit's items from one task) or a decided accountability case. Everything returned here
is already redacted (``dudao.common.redaction``)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dudao.common.redaction import redact

from .choices import PublicationKind

REPORT_STATUSES = ("report", "published", "archived")


@dataclass
class Derived:
    title: str
    body: str
    region: object
    unit: object = None
    office: object = None
    task: object = None
    document: object = None
    ledger_item: object = None
    case: object = None
    names: list[str] = field(default_factory=list)


# ---- personal names listed on the sources ------------------------------------------------------
def item_names(items) -> list[str]:
    """Names on ledger items: the responsible person, the responsible users, the complainant of an
    item taken from a complaint, and persons held to account in cases on the item."""
    from dudao.accountability.models import AccountabilityCase
    from dudao.complaints.models import ComplaintTriage

    items = list(items)
    ids = [i.pk for i in items]
    names = [i.responsible_person for i in items]
    for item in items:
        names += [u.real_name for u in item.responsible_users.all()]
    names += list(ComplaintTriage.objects.filter(ledger_item_id__in=ids).values_list("complaint__contact_name",
                                                                                      flat=True))
    for case in AccountabilityCase.objects.filter(ledger_items__in=ids).select_related("inspector").distinct():
        names += case_names(case)
    return _clean(names)


def case_names(case) -> list[str]:
    names = [case.person_name]
    if case.inspector_id:
        names.append(case.inspector.name)
    return _clean(names)


def unit_names(unit) -> list[str]:
    """Names on a unit's ledger items (for the unit's own statement)."""
    from dudao.ledger.models import LedgerItem

    return item_names(LedgerItem.objects.filter(unit=unit).prefetch_related("responsible_users"))


def task_names(task) -> list[str]:
    from dudao.ledger.models import LedgerItem

    return item_names(LedgerItem.objects.filter(task=task).prefetch_related("responsible_users"))


def _clean(names) -> list[str]:
    return sorted({(n or "").strip() for n in names if (n or "").strip()})


# ---- the sources --------------------------------------------------------------------------------
def _text(sections) -> str:
    blocks = []
    for heading, paragraphs in sections:
        lines = [str(p).strip() for p in paragraphs if str(p).strip()]
        if lines:
            blocks.append("\n".join(([f"【{heading}】"] if heading else []) + lines))
    return "\n\n".join(blocks)


def report_document(task):
    """The newest 督导报告 issued for ``task`` by the documents module (or None)."""
    from django.contrib.contenttypes.models import ContentType

    from dudao.documents.models import IssuedDocument

    ct = ContentType.objects.get_for_model(task)
    return (IssuedDocument.objects.filter(kind="report", content_type=ct, object_id=str(task.pk))
            .order_by("-issued_at", "-id").first())


def from_report(task) -> Derived:
    from dudao.inspections.documents import assemble

    if task.status not in REPORT_STATUSES:
        raise ValidationError({"task": _("该督导任务尚未形成督导报告")})
    doc = assemble(task, "report")
    names = task_names(task)
    body = _text([(s["heading"], s["paragraphs"]) for s in doc["sections"]])
    return Derived(title=redact(doc["title"], names)[:200], body=redact(body, names), region=task.region,
                   office=task.office, task=task, document=report_document(task), names=names)


def _item_lines(item) -> list[str]:
    lines = [_("问题：%(d)s") % {"d": item.description}, _("整改要求：%(r)s") % {"r": item.requirement}]
    if item.report:
        lines.append(_("整改情况：%(r)s") % {"r": item.report})
    if item.recheck_method:
        lines.append(_("复查（%(m)s）：%(c)s") % {"m": item.get_recheck_method_display(), "c": item.recheck_conclusion})
    if item.closed_at:
        lines.append(_("销号日期：%(d)s") % {"d": item.closed_at.date().isoformat()})
    return lines


def _office_of(unit):
    from dudao.inspectors.public import covering_office

    return covering_office(unit)


def from_item(item) -> Derived:
    """One closed ledger item: the problem, the requirement, what the unit did, the re-check."""
    if item.status != "closed":
        raise ValidationError({"ledger_item": _("只能公开已销号问题的整改结果")})
    names = item_names([item])
    short = item.description if len(item.description) <= 30 else item.description[:30] + "…"
    title = _("%(u)s关于“%(d)s”问题的整改结果") % {"u": item.unit.name, "d": short}
    body = _text([(_("整改单位"), [item.unit.name]), (_("问题来源"), [item.get_source_display()]),
                  ("", _item_lines(item))])
    return Derived(title=redact(title, names)[:200], body=redact(body, names), region=item.unit.region,
                   unit=item.unit, office=_office_of(item.unit), task=item.task,
                   ledger_item=item, names=names)


def task_unit_items(task, unit):
    from dudao.ledger.models import LedgerItem

    return LedgerItem.objects.filter(task=task, unit=unit).select_related("unit").order_by("pk")


def from_task_unit(task, unit) -> Derived:
    """All of a unit's problems from one task, every one of them closed."""
    items = list(task_unit_items(task, unit).prefetch_related("responsible_users"))
    if not items:
        raise ValidationError({"unit": _("该单位在该督导任务中没有问题")})
    if any(i.status != "closed" for i in items):
        raise ValidationError({"unit": _("该单位还有问题未销号，暂不能公开整改结果")})
    names = item_names(items)
    title = _("%(u)s关于%(t)s反馈问题的整改结果") % {"u": unit.name, "t": task.title}
    sections = [(_("整改单位"), [unit.name]), (_("督导任务"), [task.title])]
    sections += [(_("问题%(n)s") % {"n": n}, _item_lines(i)) for n, i in enumerate(items, 1)]
    return Derived(title=redact(title, names)[:200], body=redact(_text(sections), names), region=unit.region,
                   unit=unit, office=task.office, task=task, names=names)


def from_case(case) -> Derived:
    """A decided 问责 case: subject, situations, facts, measures, basis, effective date — the
    persons held to account as 张某."""
    from dudao.ledger.choices import Measure

    if case.status != "decided":
        raise ValidationError({"case": _("只能公开已作出问责决定的案件")})
    names = _clean(case_names(case) + item_names(case.ledger_items.all()))
    subject = case.unit.name
    if case.person_name:
        subject = f"{subject} {case.person_name}"
    if case.inspector_id:
        subject = _("督学 %(n)s") % {"n": case.inspector.name}
    labels = dict(Measure.choices)
    sections = [
        (_("问责对象"), [f"{subject}（{case.get_subject_kind_display()}）"]),
        (_("问责情形"), [s.title for s in case.situations.all()]),
        (_("认定事实"), [case.facts]),
        (_("问责方式"), ["、".join(str(labels.get(m, m)) for m in case.measures)]),
        (_("问责依据"), [case.basis]),
        (_("生效时间"), [case.effective_date.isoformat() if case.effective_date else ""]),
    ]
    if case.aggravated:
        sections.append((_("从重处理"), [case.aggravation_reason]))
    if case.referred_to:
        sections.append((_("移交"), [_("已移交%(b)s") % {"b": case.referred_to}]))
    title = _("%(t)s问责结果") % {"t": case.title}
    return Derived(title=redact(title, names)[:200], body=redact(_text(sections), names), region=case.unit.region,
                   unit=case.unit, office=_office_of(case.unit), task=case.task, case=case, names=names)


def derive(kind: str, *, task=None, unit=None, ledger_item=None, case=None) -> Derived:
    if kind == PublicationKind.REPORT and task is not None:
        return from_report(task)
    if kind == PublicationKind.RECTIFICATION and ledger_item is not None:
        return from_item(ledger_item)
    if kind == PublicationKind.RECTIFICATION and task is not None and unit is not None:
        return from_task_unit(task, unit)
    if kind == PublicationKind.ACCOUNTABILITY and case is not None:
        return from_case(case)
    raise ValidationError({"source": _("请选择要公开的来源")})


def names_for(publication) -> list[str]:
    """The names to mask in ``publication`` (re-read from its sources on every edit)."""
    names = []
    if publication.kind == PublicationKind.STATEMENT and publication.unit_id:
        names += unit_names(publication.unit)
    if publication.task_id:
        names += task_names(publication.task)
    if publication.ledger_item_id:
        names += item_names([publication.ledger_item])
    if publication.case_id:
        names += case_names(publication.case) + item_names(publication.case.ledger_items.all())
    return _clean(names)


# ---- .docx attachments --------------------------------------------------------------------------
def _paragraphs(document):
    def walk(container):
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from walk(part)


def redact_docx(data: bytes, names=()) -> bytes:
    """The .docx with every paragraph (body, tables, headers, footers) redacted. A paragraph that
    changes keeps the formatting of its first run."""
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in _paragraphs(document):
        text = paragraph.text
        clean = redact(text, names)
        if clean != text and paragraph.runs:
            runs = paragraph.runs
            runs[0].text = clean
            for run in runs[1:]:
                run.text = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in _paragraphs(docx.Document(io.BytesIO(data))))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
