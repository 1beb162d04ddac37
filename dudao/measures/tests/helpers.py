"""Small fixtures of the measures tests: an office of 南岸区 with a few departments, a plan, a
table of measures as an .xlsx or .docx built in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dudao.measures.models import Plan
from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory

HEADERS = ["序号", "工作任务", "工作内容", "牵头单位", "责任单位", "完成时限", "报送周期"]


def world(tree):
    nanan = tree["nanan"]
    office = UnitFactory(
        kind=UnitKind.OFFICE,
        region=nanan,
        name="重庆市南岸区人民政府教育督导室",
        short_name="区政府教育督导室",
    )
    edu = UnitFactory(kind=UnitKind.DEPARTMENT, region=nanan, name="重庆市南岸区教育委员会")
    finance = UnitFactory(kind=UnitKind.DEPARTMENT, region=nanan, name="重庆市南岸区财政局")
    hr = UnitFactory(kind=UnitKind.DEPARTMENT, region=nanan, name="重庆市南岸区人力资源和社会保障局")
    org = UnitFactory(kind=UnitKind.DEPARTMENT, region=nanan, name="中共重庆市南岸区委组织部")
    plan = Plan.objects.create(
        office=office,
        region=nanan,
        region_path=nanan.path,
        kind="reform",
        title="南岸区深化新时代教育督导体制机制改革实施方案",
        year=2025,
    )
    return {"office": office, "edu": edu, "finance": finance, "hr": hr, "org": org, "plan": plan}


def xlsx(rows, headers=HEADERS, name="措施表.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(
        name, buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def docx(rows, headers=HEADERS, name="措施表.docx") -> SimpleUploadedFile:
    from docx import Document

    doc = Document()
    doc.add_paragraph("南岸区深化新时代教育督导体制机制改革任务分工")
    table = doc.add_table(rows=1, cols=len(headers))
    for cell, h in zip(table.rows[0].cells, headers, strict=True):
        cell.text = h
    for r in rows:
        cells = table.add_row().cells
        for cell, v in zip(cells, r, strict=True):
            cell.text = str(v)
    buf = io.BytesIO()
    doc.save(buf)
    return SimpleUploadedFile(
        name,
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


ROWS = [
    (
        "1",
        "（一）管理体制",
        "健全教育督导机构设置，配齐总督学、副总督学。",
        "区委组织部",
        "区教委、区财正局",
        "2025-12-31",
        "每季度",
    ),
    (
        "2",
        "（一）管理体制",
        "落实教育督导经费保障。",
        "区财政局",
        "区教委，督导经费办\n区人社局",
        "2025年12月",
        "每月",
    ),
    ("3", "（二）运行机制", "完善报告反馈制度。", "区政府教育督导室", "", "长期坚持", ""),
]
