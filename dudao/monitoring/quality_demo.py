"""Demo quality-monitoring results (after the schools' and the ledger's demo): 南岸区's 2025 国家义务
教育质量监测 feedback for eight primary schools — 数学 and 语文 in 四年级 — imported through the same Excel path
as the office's upload. One school is at Ⅱ级 in 数学 and 语文's 校际差异率 is 0.16, so the county
fails §5.3 item 9 on both counts; two schools' feedback problems are in the ledger (source 监测评估)
with their improvement plans. Loading again changes nothing."""

import io

from openpyxl import Workbook

from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .quality_models import QualityResult
from .quality_services import COLUMNS, SHEET, quality_import

LEVELS = {"math": ["Ⅳ", "Ⅲ", "Ⅲ", "Ⅱ", "Ⅳ", "Ⅲ", "Ⅲ", "Ⅳ"], "chinese": ["Ⅳ", "Ⅳ", "Ⅲ", "Ⅲ", "Ⅳ", "Ⅲ", "Ⅲ", "Ⅲ"]}
SHARES = {"Ⅱ": (12, 38, 35, 15), "Ⅲ": (4, 21, 47, 28), "Ⅳ": (1, 9, 42, 48)}
SCORES = {"Ⅱ": 468.2, "Ⅲ": 506.7, "Ⅳ": 541.3}
DIFF = {"math": 0.12, "chinese": 0.16}
PROBLEMS = {
    (3, "math"): "学生数学运算能力和问题解决能力偏弱；数学教师专业背景不足，非专业教师占比偏高",
    (6, "chinese"): "学生阅读兴趣不高，课外阅读时间偏少",
}
LABEL = {"math": "数学", "chinese": "语文"}


def _workbook(schools) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([c.header for c in COLUMNS])
    for subject, levels in LEVELS.items():
        for i, (unit, level) in enumerate(zip(schools, levels, strict=False)):
            shares = SHARES[level]
            ws.append([unit.school_profile.school_code, unit.name, LABEL[subject], 4, level, *shares, SCORES[level],
                       DIFF[subject], PROBLEMS.get((i, subject), "")])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "demo.xlsx"
    return buf


def load(context, stdout):
    nanan = Region.objects.filter(code="500108").first()
    if nanan is None or QualityResult.objects.exists():
        return
    schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, region_path__startswith=nanan.path, is_active=True,
                                       school_profile__stage="primary").select_related("school_profile")
                   .order_by("region_path", "name")[:8])
    if len(schools) < 8:
        return
    result = quality_import(actor=None, fileobj=_workbook(schools), year=2025, programme="national")
    if not result.ok:
        stdout.write(f"质量监测结果演示数据未导入：{result.errors[:3]}")
        return
    stdout.write(f"质量监测结果：南岸区2025年国家义务教育质量监测，{result.written} 行")
