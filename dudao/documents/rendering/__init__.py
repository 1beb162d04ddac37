"""Rendering: layouts → .docx (python-docx) → PDF (LibreOffice)."""

from ..kinds import IssueEnv, kind_spec
from .docx_cards import render_card, render_sign
from .docx_official import render_official

RENDERERS = {"official": render_official, "card": render_card, "sign": render_sign}


def render_builtin(kind: str, context, env: IssueEnv) -> bytes:
    """The built-in GB/T 9704 layout of ``kind`` for a validated context."""
    spec = kind_spec(kind)
    layout = spec.compose(context, env)
    if spec.upward:
        layout.upward = True
    return RENDERERS[spec.renderer](layout)
