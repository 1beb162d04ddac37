"""A Django form of named fields for each document kind, generated from the kind's typed data
(``contexts.py``): one form field per data field — text, dates, numbers, lists as one item per line,
sections as blocks (heading on the first line, paragraphs below, blocks separated by a blank line).
Clerks never edit JSON; the same data validate again through ``parse_context`` on issue, and its
errors land on the field they name."""

from __future__ import annotations

import datetime
import types
import typing

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin

from .contexts import BaseContext, Section
from .kinds import kind_spec

#: Fields of the batch machinery, not of a document.
HIDDEN = {"label"}


class LinesField(forms.CharField):
    """A list of strings, one per line (blank lines dropped)."""

    widget = forms.Textarea

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        kwargs.setdefault("help_text", _("每行一项"))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class SectionsField(forms.CharField):
    """A list of sections: blocks separated by a blank line, the first line of a block its heading."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        kwargs.setdefault("help_text", _("每部分一段：第一行为标题，以下各行为段落；各部分之间空一行"))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            blocks = []
            for section in value:
                data = section.model_dump() if hasattr(section, "model_dump") else dict(section)
                blocks.append("\n".join([data.get("heading", ""), *data.get("paragraphs", [])]))
            return "\n\n".join(blocks)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").replace("\r\n", "\n")
        sections, block = [], []
        for line in [*text.split("\n"), ""]:
            if line.strip():
                block.append(line.strip())
            elif block:
                sections.append({"heading": block[0], "paragraphs": block[1:]})
                block = []
        return sections

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for section in value:
            if len(section["heading"]) > 100:
                raise ValidationError(_("标题“%(h)s”超过100字") % {"h": section["heading"][:20]})


def _unwrap(annotation):
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if args else annotation
    return annotation


def _max_length(info) -> int | None:
    for meta in info.metadata:
        if getattr(meta, "max_length", None) is not None:
            return meta.max_length
    return None


def form_field(name: str, info) -> forms.Field:
    """The form field of one context field (pydantic ``FieldInfo``)."""
    annotation = _unwrap(info.annotation)
    label = info.description or name
    required = info.is_required()
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (str,)
        if item is Section:
            return SectionsField(label=label, required=required)
        return LinesField(label=label, required=required)
    if annotation is datetime.date:
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _("日期格式应为 YYYY-MM-DD")})
    if annotation is int:
        return forms.IntegerField(label=label, required=required,
                                  error_messages={"invalid": _("应为整数")})
    length = _max_length(info)
    widget = forms.Textarea(attrs={"rows": 4}) if length and length > 300 else None
    return forms.CharField(label=label, required=required, max_length=length, strip=True,
                           **({"widget": widget} if widget else {}))


def field_names(kind: str) -> list[str]:
    """The kind's own fields first, then those every kind shares (署名, 成文日期, 抄送 …)."""
    model = kind_spec(kind).context
    base = [n for n in BaseContext.model_fields if n not in HIDDEN]
    own = [n for n in model.model_fields if n not in BaseContext.model_fields and n not in HIDDEN]
    return own + base


class ContextForm(BootstrapMixin, forms.Form):
    """Base of the generated forms: ``context()`` is the cleaned data as the kind's data dict."""

    kind: str = ""

    def context(self) -> dict:
        return {name: self.cleaned_data[name] for name in field_names(self.kind)
                if self.cleaned_data.get(name) is not None}

    def add_context_errors(self, exc: ValidationError) -> None:
        """Put ``parse_context`` / service errors (``context.problems.0``) on the named field."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for key, messages in exc.message_dict.items():
            name = key.removeprefix("context.").split(".", 1)[0]
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


_CACHE: dict[str, type[ContextForm]] = {}


def context_form_class(kind: str) -> type[ContextForm]:
    if kind not in _CACHE:
        model = kind_spec(kind).context
        attrs = {name: form_field(name, model.model_fields[name]) for name in field_names(kind)}
        attrs["kind"] = kind
        _CACHE[kind] = type(f"{kind.title().replace('_', '')}Form", (ContextForm,), attrs)
    return _CACHE[kind]


def initial_from_context(kind: str, context: dict) -> dict:
    """Form initial values from a kind's data dict (ISO dates become dates)."""
    model = kind_spec(kind).context
    out = {}
    for name in field_names(kind):
        if name not in context:
            continue
        value = context[name]
        if _unwrap(model.model_fields[name].annotation) is datetime.date and isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                pass
        out[name] = value
    return out


def post_data(kind: str, context: dict) -> dict:
    """The form's POST data for a kind's data dict (what a browser sends; tests and demos)."""
    form_class = context_form_class(kind)
    out = {}
    for name, field in form_class.base_fields.items():
        if name in context and context[name] is not None:
            value = field.prepare_value(context[name])
            out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out
