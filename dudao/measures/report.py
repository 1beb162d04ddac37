"""The 落实情况督促检查 report of a plan (I1, S1 三): a Word document in the 公文 layout of
GB/T 9704 (the documents app's renderer), with a summary and a table of every measure — lead
unit, responsible units, deadline, the latest progress, status (逾期 and 督办 marked)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.documents.layout import DataTable, Layout, cn_date
from dudao.documents.rendering.docx_official import render_official

from .choices import MeasureStatus
from .models import Plan, ProgressReport


def measure_rows(plan: Plan, today: datetime.date) -> list[dict]:
    measures = list(
        plan.measures.select_related("lead_unit").prefetch_related("units").order_by("position", "id")
    )
    latest = {}
    for r in ProgressReport.objects.filter(measure__plan=plan).order_by("reported_on", "id"):
        latest[r.measure_id] = r
    rows = []
    for m in measures:
        r = latest.get(m.pk)
        if m.status == MeasureStatus.COMPLETED:
            state = _("已完成")
        elif m.is_overdue(today):
            state = _("逾期") + ({1: _("（已督办）"), 2: _("（已升级督办）")}.get(m.supervision_level, ""))
        else:
            state = _("推进中")
        rows.append({"measure": m, "latest": r, "state": state})
    return rows


def render_plan_report(plan: Plan, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    rows = measure_rows(plan, today)
    done = sum(1 for r in rows if r["measure"].status == MeasureStatus.COMPLETED)
    overdue = sum(1 for r in rows if r["measure"].is_overdue(today))
    reported = sum(1 for r in rows if r["latest"] is not None)
    body = [
        _("一、总体情况"),
        _(
            "《%(t)s》共%(n)s项工作措施，截至%(d)s，已完成%(done)s项，推进中%(going)s项，其中逾期%(late)s项；"
            "%(rep)s项已报送进展。"
        )
        % {
            "t": plan.title,
            "n": len(rows),
            "d": cn_date(today),
            "done": done,
            "going": len(rows) - done,
            "late": overdue,
            "rep": reported,
        },
        _("二、存在的问题"),
    ]
    late = [r for r in rows if r["measure"].is_overdue(today)]
    silent = [r for r in rows if r["latest"] is None and r["measure"].status != MeasureStatus.COMPLETED]
    if late:
        body.append(
            _("（一）逾期未完成的措施：")
            + "；".join(
                f"{r['measure'].number}. {r['measure'].content[:24]}（{r['measure'].lead_unit.name}）"
                for r in late
            )
            + "。"
        )
    if silent:
        body.append(
            _("（二）尚未报送进展的措施：") + "、".join(str(r["measure"].number) for r in silent) + "。"
        )
    if not late and not silent:
        body.append(_("各项措施均按期推进，未发现逾期和漏报。"))
    body += [
        _("三、下一步工作"),
        _(
            "请各牵头单位会同责任单位对照完成时限抓好落实，按期报送进展；逾期措施由教育督导机构发督办通知，限期完成。"
        ),
    ]
    table = DataTable(
        caption=_("附表：工作措施落实情况"),
        header=[
            _("序号"),
            _("工作内容"),
            _("牵头单位"),
            _("责任单位"),
            _("完成时限"),
            _("最新进展"),
            _("状态"),
        ],
        rows=[
            [
                str(r["measure"].number),
                r["measure"].content[:60],
                r["measure"].lead_unit.name,
                "、".join(u.name for u in r["measure"].units.all()) or "—",
                r["measure"].deadline.isoformat() if r["measure"].deadline else _("长期坚持"),
                (f"{r['latest'].period} {r['latest'].content[:40]}" if r["latest"] else "—"),
                str(r["state"]),
            ]
            for r in rows
        ],
    )
    layout = Layout(
        title=_("关于《%(t)s》落实情况的督促检查报告") % {"t": plan.title},
        body=body,
        tables=[table],
        signature=plan.office.name,
        signed_on=today,
    )
    return render_official(layout)
