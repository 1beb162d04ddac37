"""The ledger rollup stays equal to the aggregate of the items after every kind of write: create,
each transition, an extension moving the deadline, a rebound, an edit of a draft, a unit moved to
another region, a region moved, a delete — and ``rebuild_rollups`` recomputes it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from dudao.dashboards import rollup
from dudao.dashboards.models import LedgerRollup
from dudao.dashboards.tests.factories import advance
from dudao.ledger import services, workflows
from dudao.ledger.models import LedgerItem
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db


def _raw():
    return {k: v for k, v in rollup.aggregate().items() if v[0]}


def assert_equal():
    assert rollup.snapshot() == _raw()


def _item(unit, **kw):
    fields = {"source": "media", "description": "问题", "category": "safety", "requirement": "整改",
              "deadline": timezone.localdate() + datetime.timedelta(days=30), **kw}
    return services.ledger_item_create(actor=None, unit=unit, **fields)


def test_every_transition_keeps_the_rollup_equal_to_the_items(tree):
    unit = school(tree["nanan"])
    item = _item(unit)
    assert_equal()
    assert LedgerRollup.objects.get().n == 1
    for stage in ("plan_submitted", "in_progress", "reported", "rechecking", "closed"):
        item = advance(item, stage)
        assert_equal()
    assert LedgerRollup.objects.get().stage == "closed"
    # a step back (re-check finds it not done) on another item
    other = advance(_item(unit, category="teaching"), "rechecking")
    other = workflows.item_return(actor=None, item=other, conclusion="未整改到位",
                                  deadline=timezone.localdate() + datetime.timedelta(days=10))
    assert_equal()
    # a rebound of the closed item: a new issued item, flagged
    workflows.item_rebound(actor=None, item=item, description="又出现", requirement="再整改",
                           deadline=timezone.localdate() + datetime.timedelta(days=20), method="on_site")
    assert_equal()
    assert LedgerRollup.objects.filter(rebound=True).get().n == 1


def test_an_extension_moves_the_deadline_in_the_rollup(tree):
    item = _item(school(tree["nanan"]))
    ext = workflows.extension_request(actor=None, item=item, requested_deadline=item.deadline + datetime.timedelta(days=30),
                                      reason="工期")
    workflows.extension_approve(actor=None, extension=ext, note="同意")
    assert_equal()
    assert LedgerRollup.objects.get().deadline == item.deadline + datetime.timedelta(days=30)


def test_moving_a_unit_moves_its_counts_and_a_region_move_rewrites_the_paths(tree):
    from dudao.orgs.services import unit_update

    unit = school(tree["nanan_town"])
    _item(unit)
    advance(_item(unit, source="hotline"), "closed")
    _item(school(tree["nanan"]))
    assert_equal()
    unit_update(actor=None, unit=unit, region=tree["ddk_town"])
    assert_equal()
    assert LedgerRollup.objects.filter(region=tree["ddk_town"]).count() == 2
    assert not LedgerRollup.objects.filter(region=tree["nanan_town"]).exists()

    from dudao.regions.models import Region
    from dudao.regions.services import region_update

    city = Region.objects.create(code="500100", name="市辖区", level=2, parent=tree["cq"], path=f"{tree['cq'].path}500100/")
    region_update(actor=None, region=tree["ddk"], parent=city)
    assert_equal()
    assert LedgerRollup.objects.filter(region_path__startswith=city.path).count() == 2


def test_deleting_an_item_takes_it_off(tree):
    unit = school(tree["nanan"])
    keep, gone = _item(unit), _item(unit, category="teaching")
    gone.delete()
    assert_equal()
    assert list(LedgerRollup.objects.values_list("category", flat=True)) == ["safety"]
    keep.delete()
    assert_equal()
    assert not LedgerRollup.objects.exists()


def test_an_edit_moving_an_item_to_another_unit_moves_its_count(tree):
    """An item saved with another unit (as the draft edit does) and another category."""
    unit, other = school(tree["nanan"]), school(tree["ddk"])
    item = _item(unit)
    item.unit, item.region_path, item.category = other, other.region_path, "teaching"
    item.save(update_fields=["unit", "region_path", "category"])
    assert_equal()
    assert LedgerRollup.objects.get().region_id == tree["ddk"].pk
    item.responsible_person = "张三"
    item.save(update_fields=["responsible_person"])  # no key field: nothing to do
    assert_equal()


def test_rebuild_restores_what_bypassed_save(tree):
    item = _item(school(tree["nanan"]))
    LedgerItem.objects.filter(pk=item.pk).update(category="teaching")  # bypasses the upkeep
    assert rollup.snapshot() != _raw()
    out = io.StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert "ledger rollup: 1 rows" in out.getvalue()
    assert_equal()
