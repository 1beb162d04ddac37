"""Guard: every copied region path uses RegionPathField ("C" collation on PostgreSQL), otherwise
scoped lists fall back to walking a whole index (docs/performance.md)."""

from django.apps import apps

from dudao.common.fields import RegionPathField


def test_every_region_path_column_is_a_region_path_field():
    wrong = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("dudao.")
        for field in model._meta.concrete_fields
        if field.name in ("region_path", "path") and not isinstance(field, RegionPathField)
    ]
    assert not wrong, f"use dudao.common.fields.RegionPathField for: {wrong}"
