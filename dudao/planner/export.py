"""A plan as an Excel workbook (openpyxl): one row per visit, sorted by date."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .selectors import visits_of, zone_of


def plan_workbook(plan) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("督导计划")
    header = [_("日期"), _("星期"), _("责任区"), _("学校"), _("类型"), _("督学"), _("组长"), _("暗访"), _("锁定"),
              _("法定底线")]
    ws.append(header)
    weekdays = [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")]
    for v in visits_of(plan):
        zone = zone_of(v)
        ws.append([v.date, _("星期") + weekdays[v.date.weekday()], zone.name if zone else "", v.school.name,
                   v.get_kind_display(), "、".join(i.name for i in v.inspectors.all()),
                   v.leader.name if v.leader_id else "", _("是") if v.unannounced else "",
                   _("是") if v.locked else "", _("是") if v.required else ""])
    for n, width in enumerate((12, 8, 16, 30, 16, 30, 10, 6, 6, 8), start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    for cell in ws["A"][1:]:
        cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
