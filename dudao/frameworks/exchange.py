"""Libraries in and out: a stored version as a library dict / YAML, and the Excel form (one row per
indicator, plus a sheet with the framework's details) for offices that author in Excel.

Excel cells (documented in docs/frameworks.md): lists one item per line; unit kinds, 学段 and
scoring methods by their Chinese label or code; 等级 as ``优秀=10；良好=8；合格=6；不合格=0(不达标)``;
分学段标准值 as ``小学=4.2；初中=5.3``; 达标方向 ``≥``/``≤``; 是/否 for flags.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from dudao.common.archives import ArchiveInvalid, ArchiveRefused, ZipLimits, check_zip
from dudao.orgs.choices import UnitKind

from .choices import Direction, ScoringMethod, Stage
from .library import LibraryError, parse_yaml
from .models import FrameworkVersion

INFO_SHEET, INDICATOR_SHEET = "体系信息", "指标"
INFO_FIELDS = [
    ("urn", "标识"), ("version", "版本"), ("name", "名称"), ("kind", "类别"), ("locale", "语言"),
    ("provider", "发布机构"), ("publication_date", "发布日期"), ("source", "依据文件"), ("description", "说明"),
    ("applicable_unit_kinds", "适用对象"), ("scoring", "计分规则（YAML）"),
]
COLUMNS = [
    ("code", "编号"), ("parent", "上级编号"), ("name", "名称"), ("description", "说明"),
    ("observation_points", "观测点"), ("evidence", "佐证材料"), ("unit_kinds", "适用单位类型"), ("stages", "学段"),
    ("assessable", "参与评分"), ("weight", "权重"), ("method", "计分方式"), ("levels", "等级"),
    ("max_points", "满分"), ("pass_points", "合格分"), ("threshold", "标准值"), ("thresholds", "分学段标准值"),
    ("direction", "达标方向"), ("unit", "计量单位"), ("formula", "计算公式"), ("inputs", "输入项"), ("veto", "一票否决"),
    ("basis", "依据条款"),  # last, so the columns of earlier templates keep their letters
]
SEP = re.compile(r"[;；]")
LIST_SEP = re.compile(r"[,，、;；\n]")
NOT_PASS = "(不达标)"


def _number(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def version_to_library(version: FrameworkVersion) -> dict:
    """The stored version as a library dict (the YAML format), indicators nested."""
    rows = list(version.indicators.order_by("sort_order"))
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)

    def node(row) -> dict:
        out = {"code": row.code, "name": row.name}
        for key in ("description", "basis", "observation_points", "evidence", "unit_kinds", "stages", "unit",
                    "formula", "inputs"):
            if getattr(row, key):
                out[key] = getattr(row, key)
        if not row.assessable:
            out["assessable"] = False
        out["weight"] = _number(row.weight)
        out["method"] = row.method
        if row.levels:
            out["levels"] = [{"code": lv["code"], "name": lv["name"], "points": _number(lv["points"]),
                              **({} if lv.get("pass", True) else {"pass": False})} for lv in row.levels]
        for key in ("max_points", "pass_points", "threshold"):
            if getattr(row, key) is not None:
                out[key] = _number(getattr(row, key))
        if row.thresholds:
            out["thresholds"] = {k: _number(v) for k, v in row.thresholds.items()}
        if row.direction:
            out["direction"] = row.direction
        if row.is_veto:
            out["veto"] = True
        kids = children.get(row.pk, [])
        if kids:
            out["children"] = [node(k) for k in kids]
        return out

    scoring = dict(version.scoring or {})
    clean_scoring = {"max_score": _number(scoring.get("max_score") or 100)}
    if scoring.get("grades"):
        clean_scoring["grades"] = [{"name": g["name"], "min": _number(g["min"])} for g in scoring["grades"]]
    if scoring.get("veto_grade"):
        clean_scoring["veto_grade"] = scoring["veto_grade"]
    if scoring.get("colours"):
        clean_scoring["colours"] = [
            {"colour": r["colour"], **({"when": {k: (v if isinstance(v, bool) else _number(v))
                                                 for k, v in r["when"].items()}} if r.get("when") else {})}
            for r in scoring["colours"]
        ]
    data = {
        "urn": version.framework.key, "version": version.version, "name": version.name,
        "kind": version.framework.kind, "locale": version.locale, "provider": version.provider,
        "publication_date": version.publication_date.isoformat() if version.publication_date else None,
        "source": version.source, "description": version.description,
        "applicable_unit_kinds": version.applicable_unit_kinds, "scoring": clean_scoring,
        "indicators": [node(r) for r in children.get(None, [])],
    }
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def version_to_yaml(version: FrameworkVersion) -> str:
    return yaml.safe_dump(version_to_library(version), allow_unicode=True, sort_keys=False, width=120)


# --- Excel ----------------------------------------------------------------------------------------
def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _join(values, labels=None) -> str:
    return "、".join(labels.get(v, v) if labels else v for v in values)


def version_to_xlsx(version: FrameworkVersion) -> bytes:
    data = version_to_library(version)
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    bold = Font(bold=True)
    info.append(["字段", "值"])
    for key, label in INFO_FIELDS:
        value = data.get(key)
        if key == "scoring":
            value = yaml.safe_dump(value, allow_unicode=True, sort_keys=False) if value else ""
        elif key == "applicable_unit_kinds":
            value = _join(value or [], _labels(UnitKind))
        info.append([label, value])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 90
    ws = wb.create_sheet(INDICATOR_SHEET)
    ws.append([label for _k, label in COLUMNS])
    for cell in ws[1] + info[1]:
        cell.font = bold
    kinds, stages, methods = _labels(UnitKind), _labels(Stage), _labels(ScoringMethod)
    for row in version.indicators.select_related("parent").order_by("sort_order"):
        levels = "；".join(f"{lv['name']}={_number(lv['points'])}{'' if lv.get('pass', True) else NOT_PASS}"
                          for lv in row.levels)
        thresholds = "；".join(f"{stages.get(k, k)}={_number(v)}" for k, v in row.thresholds.items())
        ws.append([
            row.code, row.parent.code if row.parent else "", row.name, row.description,
            "\n".join(row.observation_points), "\n".join(row.evidence), _join(row.unit_kinds, kinds),
            _join(row.stages, stages), "是" if row.assessable else "否", _number(row.weight),
            methods.get(row.method, row.method), levels, _number(row.max_points), _number(row.pass_points),
            _number(row.threshold), thresholds, row.direction_sign, row.unit,
            row.formula, "、".join(row.inputs), "是" if row.is_veto else "否", row.basis,
        ])
    for col, width in zip("ABCDEFGHIJKL", (10, 10, 40, 30, 40, 30, 14, 10, 8, 8, 12, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.column_dimensions["V"].width = 50  # 依据条款
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _reverse(choices) -> dict[str, str]:
    table = {}
    for value, label in choices.choices:
        table[value] = value
        table[str(label)] = value
    return table


class _Cells:
    def __init__(self, errors):
        self.errors = errors

    def codes(self, text, table, where):
        out = []
        for part in LIST_SEP.split(str(text or "")):
            part = part.strip()
            if not part:
                continue
            if part not in table:
                self.errors.append(f"{where}: 无效取值“{part}”")
                continue
            out.append(table[part])
        return out

    def flag(self, text, where, default):
        text = str(text).strip() if text not in (None, "") else ""
        if not text:
            return default
        if text in ("是", "否"):
            return text == "是"
        self.errors.append(f"{where}: 必须为“是”或“否”")
        return default

    def pairs(self, text, where):
        out = []
        for part in SEP.split(str(text or "")):
            part = part.strip()
            if not part:
                continue
            if "=" not in part:
                self.errors.append(f"{where}: “{part}”应写作 名称=数值")
                continue
            name, value = (s.strip() for s in part.split("=", 1))
            out.append((name, value))
        return out


def xlsx_to_library(fileobj) -> dict:
    """Read an Excel library (the layout ``version_to_xlsx`` writes) into a library dict whose
    indicators carry ``_row`` so errors name the spreadsheet row. Raises ``LibraryError``."""
    try:
        check_zip(fileobj, ZipLimits.for_imports())  # before openpyxl inflates anything
    except ArchiveInvalid:
        pass  # openpyxl names the problem below
    except ArchiveRefused as exc:
        raise LibraryError([f"文件: {exc}"]) from exc
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-xlsx upload
        raise LibraryError([f"文件: 无法读取 Excel 文件（{exc.__class__.__name__}）"]) from exc
    for ws in wb.worksheets:
        ws.reset_dimensions()  # read the rows that are there, not the declared dimension
    errors: list[str] = []
    if INFO_SHEET not in wb.sheetnames or INDICATOR_SHEET not in wb.sheetnames:
        raise LibraryError([f"文件: 需要工作表“{INFO_SHEET}”和“{INDICATOR_SHEET}”"])
    labels = {label: key for key, label in INFO_FIELDS}
    data: dict = {}
    for row in wb[INFO_SHEET].iter_rows(min_row=2, values_only=True):
        if not row or row[0] in (None, ""):
            continue
        key = labels.get(str(row[0]).strip())
        if key is None:
            errors.append(f"{INFO_SHEET}.{row[0]}: 未知字段")
            continue
        value = row[1] if len(row) > 1 else None
        if key == "scoring" and value:
            try:
                value = parse_yaml(str(value))
            except LibraryError as exc:
                errors.extend(f"{INFO_SHEET}.计分规则: {e}" for e in exc.errors)
                continue
        elif key == "applicable_unit_kinds":
            value = _Cells(errors).codes(value, _reverse(UnitKind), f"{INFO_SHEET}.适用对象")
        elif key == "version" and isinstance(value, float) and value.is_integer():
            value = int(value)
        elif key == "version" and isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        elif hasattr(value, "date") and key == "publication_date":
            value = value.date()
        if value not in (None, ""):
            data[key] = value
    sheet = wb[INDICATOR_SHEET]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    col_of = {label: i for i, label in enumerate(header)}
    missing = [label for _k, label in COLUMNS[:3] if label not in col_of]
    if missing:
        raise LibraryError([f"{INDICATOR_SHEET}: 缺少列 {'、'.join(missing)}"])
    cells = _Cells(errors)
    kinds, stages, methods = _reverse(UnitKind), _reverse(Stage), _reverse(ScoringMethod)
    nodes, by_code = [], {}
    for number, values in enumerate(rows, start=2):
        if not values or all(v in (None, "") for v in values):
            continue
        get = {key: (values[col_of[label]] if label in col_of and col_of[label] < len(values) else None)
               for key, label in COLUMNS}
        where = f"第{number}行"
        node: dict = {"_row": number}
        for key in ("code", "name", "description", "basis", "unit", "formula"):
            if get[key] not in (None, ""):
                node[key] = str(get[key]).strip()
        for key in ("observation_points", "evidence"):
            if get[key]:
                node[key] = [line.strip() for line in str(get[key]).splitlines() if line.strip()]
        node["unit_kinds"] = cells.codes(get["unit_kinds"], kinds, f"{where}.适用单位类型")
        node["stages"] = cells.codes(get["stages"], stages, f"{where}.学段")
        node["inputs"] = [p.strip() for p in LIST_SEP.split(str(get["inputs"] or "")) if p.strip()]
        node["assessable"] = cells.flag(get["assessable"], f"{where}.参与评分", True)
        node["veto"] = cells.flag(get["veto"], f"{where}.一票否决", False)
        for key in ("weight", "max_points", "pass_points", "threshold"):
            if get[key] not in (None, ""):
                node[key] = get[key]
        if get["method"] not in (None, ""):
            method = str(get["method"]).strip()
            node["method"] = methods.get(method, method)
        if get["levels"]:
            node["levels"] = []
            for name, value in cells.pairs(get["levels"], f"{where}.等级"):
                passed = not value.endswith(NOT_PASS)
                node["levels"].append({"name": name, "points": value.removesuffix(NOT_PASS).strip(),
                                       **({} if passed else {"pass": False})})
        if get["thresholds"]:
            node["thresholds"] = {stages.get(name, name): value
                                  for name, value in cells.pairs(get["thresholds"], f"{where}.分学段标准值")}
        if get["direction"] not in (None, ""):
            direction = str(get["direction"]).strip()
            node["direction"] = {"≥": Direction.AT_LEAST, "≤": Direction.AT_MOST, ">": Direction.ABOVE,
                                 "＞": Direction.ABOVE, "<": Direction.BELOW, "＜": Direction.BELOW}.get(direction, direction)
        if node.get("code"):  # registered even if misplaced, so its children do not repeat the error
            by_code.setdefault(node["code"], node)
        parent_code = str(get["parent"]).strip() if get["parent"] not in (None, "") else ""
        if parent_code:
            parent = by_code.get(parent_code)
            if parent is None or parent is node:
                errors.append(f"{where}.上级编号: 找不到上级指标“{parent_code}”（上级须写在下级之前）")
                continue
            parent.setdefault("children", []).append(node)
        else:
            nodes.append(node)
    if errors:
        raise LibraryError(errors)
    data["indicators"] = nodes
    return data


def read_library_upload(name: str, content: bytes) -> dict:
    """A library dict from an uploaded file (.xlsx, or YAML in UTF-8). Raises ``LibraryError``."""
    if name.lower().endswith(".xlsx"):
        return xlsx_to_library(io.BytesIO(content))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LibraryError(["文件: 必须为 UTF-8 编码的 YAML"]) from exc
    return parse_yaml(text)
