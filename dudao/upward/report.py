"""The package the county submits upward (自评材料汇编) as a Word document, laid out by the documents
app's renderer (``documents.rendering.docx_official.render_official``): the evaluation, one table
of every indicator with its member unit, answer, score, whether it came late and its evidence files,
and each unit's self-check in full. Stored as an attachment of the evaluation (purpose
``package``); the one compiled at 报送 is marked final."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.attachments.services import attachment_add, for_owner
from dudao.documents.layout import DataTable, Layout, cn_date
from dudao.documents.rendering.docx_official import render_official

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _office_name(region) -> str:
    from dudao.orgs.choices import UnitKind
    from dudao.orgs.models import Unit

    office = Unit.objects.filter(kind=UnitKind.OFFICE, region=region, is_active=True).order_by("id").first()
    return office.name if office else f"{region.name}人民政府教育督导室"


def package_layout(evaluation, today: datetime.date) -> Layout:
    rows = list(
        evaluation.assignments.select_related("indicator", "unit").order_by("indicator__sort_order", "id")
    )
    body = [
        f"一、基本情况。根据{_office_name(evaluation.region.parent) if evaluation.region.parent_id else '上级'}"
        f"部署的“{evaluation.title}”，本级教育督导室将{len(rows)}项指标分解至"
        f"{len({a.unit_id for a in rows})}个督导委员会成员单位开展自查自评，现将自查情况汇编报送。",
        "二、各项指标自查情况。",
    ]
    for i, a in enumerate(rows, start=1):
        files = "、".join(f.name for f in for_owner(a, "evidence")) or "无"
        score = "" if a.score is None else f"（自评分{a.score}）"
        body.append(
            f"{i}.{a.indicator.code} {a.indicator.name}——{a.unit.name}{score}：{a.answer or '未提交'}"
            f"佐证材料：{files}。"
        )
    late = sorted({a.unit.name for a in rows if a.late})
    if late:
        body.append(f"三、逾期提交自查材料的单位：{'、'.join(late)}。")
    table = DataTable(
        "指标分解与自查情况",
        ["指标", "责任单位", "截止日期", "自评分", "状态"],
        [
            [
                f"{a.indicator.code} {a.indicator.name}",
                a.unit.name,
                cn_date(a.deadline),
                "" if a.score is None else str(a.score),
                str(a.get_status_display()) + ("（逾期）" if a.late else ""),
            ]
            for a in rows
        ],
    )
    return Layout(
        title=f"{evaluation.title}自评材料",
        body=body,
        tables=[table],
        signature=_office_name(evaluation.region),
        signed_on=today,
    )


def package_attach(*, actor, evaluation, today: datetime.date, final: bool = False):
    """Render the package and attach it to the evaluation; logs ``compile`` on its history."""
    from .workflows import WORKFLOW

    data = render_official(package_layout(evaluation, today))
    name = f"{evaluation.title}自评材料{'（报送稿）' if final else ''}（{today.isoformat()}）.docx"
    att = attachment_add(
        actor=actor,
        owner=evaluation,
        purpose="package",
        file=SimpleUploadedFile(name, data, DOCX),
        may=lambda *args: True,
        data={"final": final},
    )
    WORKFLOW.log(evaluation, "compile", actor=actor, data={"attachment": att.pk, "final": final})
    return att
