"""Build a monitoring feedback workbook for the tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dudao.monitoring.quality_services import COLUMNS, SHEET

HEADERS = [c.header for c in COLUMNS]


def workbook(rows: list[dict]) -> SimpleUploadedFile:
    """``rows``: {header key: value}; keys are the column keys of ``COLUMNS``."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([c.header + ("*" if c.required else "") for c in COLUMNS])
    for row in rows:
        ws.append([row.get(c.key) for c in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("quality.xlsx", buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def row(school, subject="数学", grade=4, level="Ⅲ", diff=0.12, problems="", **kw):
    return {"school_code": school.school_profile.school_code, "school_name": school.name, "subject": subject,
            "grade": grade, "level": level, "level1_share": 5, "level2_share": 20, "level3_share": 45,
            "level4_share": 30, "score": 510.5, "interschool_diff": diff, "problems": problems, **kw}
