"""get_<field>_display() through the cached table (dudao/common/display.py): the same labels as
Django's, in the active language, the raw value for an unknown one, callable choices still live."""

import pytest
from django.utils import translation

from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_labels_follow_the_language_and_match_django(tree):
    unit = UnitFactory(region=tree["nanan"], kind=UnitKind.SCHOOL)
    with translation.override("zh-hans"):
        zh = unit.get_kind_display()
    with translation.override("en"):
        en = unit.get_kind_display()
    assert zh == str(UnitKind.SCHOOL.label) != ""
    with translation.override("en"):
        assert en == str(UnitKind.SCHOOL.label)
    assert zh != en  # the English catalogue has the kind
    unit.kind = "no-such-kind"
    assert unit.get_kind_display() == "no-such-kind"


def test_callable_choices_are_evaluated_each_time(monkeypatch):
    from django.utils.choices import normalize_choices

    field = Unit._meta.get_field("kind")
    labels = {"school": "甲"}
    monkeypatch.setattr(field, "choices", normalize_choices(lambda: list(labels.items())))
    unit = Unit(kind="school")
    assert unit.get_kind_display() == "甲"
    labels["school"] = "乙"
    assert unit.get_kind_display() == "乙"  # not a cached table
