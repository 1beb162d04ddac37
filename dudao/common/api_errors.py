"""JSON error bodies for the API: ``{"code": ..., "message": ..., "errors": [{"field", "message"}]}``."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import JsonResponse

PYDANTIC_MESSAGES = {
    "missing": "必填项",
    "extra_forbidden": "不允许的字段",
    "string_too_long": "内容过长",
    "string_too_short": "内容过短",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为布尔值",
    "bool_type": "应为布尔值",
    "string_type": "应为字符串",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "json_invalid": "JSON 格式错误",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "请求体应为 JSON 对象",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "string_pattern_mismatch": "格式不正确",
    "list_type": "应为列表",
    "too_long": "条目过多",
    "float_parsing": "应为数字",
    "uuid_parsing": "格式不正确",
}



def error_response(request, status: int, code: str, message: str, errors: list | None = None):
    body = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return response


def protected_message(exc) -> str:
    """The Chinese refusal of a delete that other rows still refer to (``ProtectedError`` /
    ``RestrictedError``), naming each kind of row and how many: “仍有 督学挂牌 2 条、经常性督导 1 条 引用该记录，不能删除”."""
    from collections import Counter

    from django.utils.translation import gettext as _

    objects = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or ()
    counts = Counter(str(obj._meta.verbose_name) for obj in objects)
    what = "、".join(f"{name} {n} 条" for name, n in sorted(counts.items()))
    return _("仍有 %(what)s 引用该记录，不能删除；请先处理这些记录或将其设为无效") % {"what": what or _("其他记录")}


def ninja_validation_errors(errors) -> list[dict]:
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        if loc[:1] == ["file"]:  # a multipart file: ("file", <name>)
            loc = loc[1:]
        loc = [p for p in loc if p not in ("body", "query", "path", "payload", "data", "form")]
        field = ".".join(loc) or "__all__"
        message = PYDANTIC_MESSAGES.get(err.get("type", ""), err.get("msg", "取值无效"))
        if err.get("type") == "value_error" and err.get("ctx", {}).get("error"):
            message = str(err["ctx"]["error"])
        out.append({"field": field, "message": message})
    return out


def validation_error_list(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": "__all__" if field == NON_FIELD_ERRORS else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "__all__", "message": m} for m in exc.messages]


def validation_error_response(request, exc: ValidationError):
    errors = validation_error_list(exc)
    first = errors[0]["message"] if errors else "数据校验失败"
    return error_response(request, 422, "validation_error", first, errors=errors)


def import_error_response(request, errors: list[tuple[int | None, str, str]]):
    """422 for a refused file import: ``errors`` are ``(row, field, message)``; nothing was written."""
    from django.utils.translation import gettext as _

    rows = sorted(errors, key=lambda e: (e[0] or 0))
    return error_response(
        request, 422, "import_rejected",
        _("文件有 %(n)d 处错误，未导入任何数据") % {"n": len(rows)},
        errors=[{"field": field or "file", "message": message, "row": row} for row, field, message in rows])
