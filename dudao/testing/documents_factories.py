"""Factories and helpers for the documents module's tests."""

from dudao.orgs.choices import UnitKind
from dudao.testing.factories import UnitFactory


def office(region, name: str | None = None):
    """An 教育督导室 in ``region`` (its 发文设置 default to the region's name + 教督)."""
    return UnitFactory(kind=UnitKind.OFFICE, region=region, name=name or f"{region.name}人民政府教育督导室")
