from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dudao.common.pinyin import search_key
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.management.commands.generate_scale import (
    REAL_PROVINCE_PREFIXES,
    SYNTHETIC_PREFIXES,
    expected_counts,
    spread,
)
from dudao.orgs.models import Unit
from dudao.regions import codes
from dudao.regions.models import Region
from dudao.testing.factories import UnitFactory, region

TINY = ["--provinces", "2", "--cities-per-province", "2", "--counties-per-city", "1.5",
        "--townships-per-county", "3", "--seed", "7"]


def run(*args):
    out = StringIO()
    call_command("generate_scale", *args, stdout=out)
    return out.getvalue()


def test_spread_gives_the_average_exactly():
    assert spread(5, 1.5) == [1, 2, 1, 2, 1]
    assert sum(spread(340, 8.4)) == 2856
    assert expected_counts(34, 10, 8.4, 14) == {1: 34, 2: 340, 3: 2856, 4: 39984}


def test_synthetic_prefixes_are_never_real():
    assert len(SYNTHETIC_PREFIXES) == 34
    assert not {int(p) for p in SYNTHETIC_PREFIXES} & REAL_PROVINCE_PREFIXES


@pytest.mark.django_db
def test_generates_a_consistent_tree_and_units():
    real = region("500000", "重庆市")
    real_unit = UnitFactory(region=region("500108", "南岸区", real))

    run("--schools", "40", *TINY)

    synthetic = Region.objects.exclude(pk__in=[real.pk, real_unit.region_id])
    assert {lvl: synthetic.filter(level=lvl).count() for lvl in (1, 2, 3, 4)} == {1: 2, 2: 4, 3: 6, 4: 18}
    by_id = {r.id: r for r in synthetic}
    for r in by_id.values():
        assert codes.level_of(r.code) == r.level
        assert r.code[:2] in SYNTHETIC_PREFIXES
        assert r.search_key == search_key(r.name)
        if r.level == 1:
            assert r.parent_id is None and r.path == f"/{r.code}/"
        else:
            parent = by_id[r.parent_id]
            assert parent.level == r.level - 1
            assert r.path == f"{parent.path}{r.code}/"
            codes.check_parent(r.code, r.level, parent.code, parent.level)

    units = Unit.objects.exclude(pk=real_unit.pk).select_related("region")
    assert units.count() == 40
    for u in units:
        assert u.kind in SCHOOL_KINDS
        assert u.region.level == 4
        assert u.region_path == u.region.path
        assert u.search_key == search_key(u.name)

    # Same arguments again: nothing changes.
    assert "未做改动" in run("--schools", "40", *TINY)
    assert Unit.objects.count() == 41 and Region.objects.count() == 32
    # A different size needs --clear …
    with pytest.raises(CommandError):
        run("--schools", "10", *TINY)
    # … which replaces only the synthetic rows.
    run("--schools", "10", "--clear", *TINY)
    assert Unit.objects.count() == 11 and Region.objects.count() == 32
    run("--schools", "0", "--provinces", "0", "--clear")
    assert list(Unit.objects.all()) == [real_unit]
    assert set(Region.objects.values_list("code", flat=True)) == {"500000", "500108"}
