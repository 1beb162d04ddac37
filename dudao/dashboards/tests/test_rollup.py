"""The ledger rollup stays equal to the aggregate of the items after every kind of write: create,
each transition, an extension moving the deadline, a rebound, an edit of a draft, a unit moved to
another region, a region moved, a delete, the day moving on (the ledger's daily job) — and
``rebuild_rollups`` recomputes it (on PostgreSQL by one SQL statement, compared here with the Python
definition). "Overdue" is a flag as of the rollup's day, which the daily job moves on; the
dashboards read it exactly on any day, the day an item turns overdue included, job run or not."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.dashboards import rollup, selectors
from dudao.dashboards.models import LedgerRollup
from dudao.dashboards.tests.factories import advance, generated_ledger
from dudao.ledger import services, workflows
from dudao.ledger.choices import OPEN_STATUSES
from dudao.ledger.models import LedgerItem
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
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


def _sum(region, counter="n", **kw):
    """The rollup's count of ``region``'s whole subtree (its own rows, all items)."""
    return LedgerRollup.objects.filter(region=region, dim="all", **kw).aggregate(s=Sum(counter))["s"] or 0


def test_one_set_of_rows_per_ancestor_level_with_the_breakdowns_down_to_the_county(tree):
    _item(school(tree["nanan_town"]))
    assert_equal()
    rows = {(r.region_id, r.dim, r.value) for r in LedgerRollup.objects.all()}
    assert rows == {(tree["cq"].pk, "all", ""), (tree["cq"].pk, "category", "safety"), (tree["cq"].pk, "source", "media"),
                    (tree["nanan"].pk, "all", ""), (tree["nanan"].pk, "category", "safety"),
                    (tree["nanan"].pk, "source", "media"),
                    (tree["nanan_town"].pk, "all", "")}  # a township: all items only
    assert {r.n for r in LedgerRollup.objects.all()} == {1}


def test_every_transition_keeps_the_rollup_equal_to_the_items(tree):
    unit = school(tree["nanan"])
    item = _item(unit)
    assert_equal()
    assert _sum(tree["nanan"]) == 1 and _sum(tree["cq"], "open") == 1
    for stage in ("plan_submitted", "in_progress", "reported", "rechecking", "closed"):
        item = advance(item, stage)
        assert_equal()
    assert (_sum(tree["nanan"], "closed"), _sum(tree["nanan"], "open"), _sum(tree["nanan"], "on_time")) == (1, 0, 1)
    # a step back (re-check finds it not done) on another item
    other = advance(_item(unit, category="teaching"), "rechecking")
    other = workflows.item_return(actor=None, item=other, conclusion="未整改到位",
                                  deadline=timezone.localdate() + datetime.timedelta(days=10))
    assert_equal()
    # a rebound of the closed item: a new issued item, flagged
    workflows.item_rebound(actor=None, item=item, description="又出现", requirement="再整改",
                           deadline=timezone.localdate() + datetime.timedelta(days=20), method="on_site")
    assert_equal()
    assert _sum(tree["cq"], "rebounds") == 1


def test_an_extension_moves_the_deadline_in_the_rollup(tree):
    item = _item(school(tree["nanan"]), deadline=timezone.localdate() + datetime.timedelta(days=20))
    new = item.deadline + datetime.timedelta(days=40)  # always another month
    ext = workflows.extension_request(actor=None, item=item, requested_deadline=new, reason="工期")
    workflows.extension_approve(actor=None, extension=ext, note="同意")
    assert_equal()
    assert not LedgerRollup.objects.filter(overdue=True).exists()


def test_moving_a_unit_moves_its_counts_and_a_region_move_rewrites_the_paths(tree):
    from dudao.orgs.services import unit_update

    unit = school(tree["nanan_town"])
    _item(unit)
    advance(_item(unit, source="hotline"), "closed")
    _item(school(tree["nanan"]))
    assert_equal()
    unit_update(actor=None, unit=unit, region=tree["ddk_town"])
    assert_equal()
    assert (_sum(tree["ddk_town"]), _sum(tree["ddk"]), _sum(tree["nanan"]), _sum(tree["cq"])) == (2, 2, 1, 3)
    assert not LedgerRollup.objects.filter(region=tree["nanan_town"]).exists()

    from dudao.regions.models import Region
    from dudao.regions.services import region_update

    city = Region.objects.create(code="500100", name="市辖区", level=2, parent=tree["cq"], path=f"{tree['cq'].path}500100/")
    region_update(actor=None, region=tree["ddk"], parent=city)
    assert_equal()
    assert _sum(city) == 2 and _sum(tree["cq"]) == 3
    assert LedgerRollup.objects.filter(region=city, dim="source").count() == 2  # its detail rows, too


def test_deleting_an_item_takes_it_off(tree):
    unit = school(tree["nanan"])
    keep, gone = _item(unit), _item(unit, category="teaching")
    gone.delete()
    assert_equal()
    assert list(LedgerRollup.objects.filter(region=tree["nanan"], dim="category").values_list("value", flat=True)) \
        == ["safety"]
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
    assert (_sum(tree["ddk"]), _sum(tree["nanan"]), _sum(tree["cq"])) == (1, 0, 1)
    item.responsible_person = "张三"
    item.save(update_fields=["responsible_person"])  # no key field: nothing to do
    assert_equal()


def test_rebuild_restores_what_bypassed_save(tree):
    item = _item(school(tree["nanan"]))
    LedgerItem.objects.filter(pk=item.pk).update(category="teaching")  # bypasses the upkeep
    assert rollup.snapshot() != _raw()
    out = io.StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert "ledger rollup: 6 rows" in out.getvalue()  # 重庆市 and 南岸区: all, category, source
    assert_equal()


def test_the_rebuild_equals_the_definition_on_a_varied_ledger(tree):
    """Stages, sources, categories, rebounds, registration and closing dates, deadlines in several
    months; on PostgreSQL the rebuild is SQL, the definition Python."""
    generated_ledger([tree["nanan"], tree["nanan_town"], tree["ddk_town"], tree["zy"]], items=40)
    rebound_of = LedgerItem.objects.filter(status="closed").first()
    LedgerItem.objects.filter(pk=LedgerItem.objects.exclude(pk=rebound_of.pk).first().pk).update(rebound_of=rebound_of)
    rollup.rebuild()
    assert_equal()
    assert _sum(tree["cq"]) + _sum(tree["sc"]) == LedgerItem.objects.exclude(status="draft").count() == 40


def _overdue_figures(user, on):
    ctx = selectors.dashboard_context(user, selectors.period_from({"year": on.year}, on), today=on)
    tables = ctx["tables"]
    return {"total": next(k["value"] for k in ctx["kpis"] if k["key"] == "overdue"),
            **{f"{key}:{row['label']}": row["cells"]["overdue"].value
               for key in ("ledger_region", "ledger_category", "ledger_source", "ledger_month")
               for row in tables[key].rows}}


def _check(figures, expected, day):
    assert figures["total"] == expected, day
    assert figures["ledger_region:南岸区"] + figures["ledger_region:大渡口区"] == expected, day
    for key in ("ledger_category:", "ledger_source:", "ledger_month:"):
        assert sum(v for k, v in figures.items() if k.startswith(key)) == expected, (key, day)


def test_the_day_an_item_turns_overdue(tree):
    """Deadlines around a month's end and in the next month: on every day from before the first to
    after the last, the overdue figures (total, by region, category, source, month) equal the
    items overdue that day — before the daily job has run (the items due since the rollup's day
    are read) and after it (the rollup alone: no item is read)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dudao.ledger.deadlines import ledger_daily

    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=20)  # the 20th of last month
    if start.year != today.year:
        start = datetime.date(today.year, 1, 20)
    town, county = school(tree["nanan_town"]), school(tree["ddk"])
    month_end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    deadlines = [month_end - datetime.timedelta(days=1), month_end, month_end + datetime.timedelta(days=1),
                 month_end + datetime.timedelta(days=9)]
    for n, deadline in enumerate(deadlines):
        _item(town if n % 2 else county, deadline=deadline, category=("safety", "teaching")[n % 2], today=start)
    advance(_item(county, deadline=deadlines[0], today=start), "reported")  # awaiting re-check: never overdue
    rollup.rebuild(day=start)
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    day, seen = start, []
    while day <= deadlines[-1] + datetime.timedelta(days=2):
        expected = sum(1 for d in deadlines if d < day)
        _check(_overdue_figures(city, day), expected, day)  # the job has not run yet today
        ledger_daily(today=day)
        assert rollup.as_of() == day
        assert_equal()
        assert _sum(tree["cq"], overdue=True) == expected
        scope = selectors.scope_for(city)
        with CaptureQueriesContext(connection) as ctx:
            selectors.ledger_tables(city, scope, selectors.period_from({"year": day.year}, day), today=day)
        assert not [q for q in ctx.captured_queries if "ledger_ledgeritem" in q["sql"]]
        _check(_overdue_figures(city, day), expected, day)
        seen.append(expected)
        day += datetime.timedelta(days=1)
    assert seen[0] == 0 and seen[-1] == 4 and sorted(seen) == seen
    ledger_daily(today=start)  # never moves back
    assert rollup.as_of() == day - datetime.timedelta(days=1)
    # a day before the rollup's: read back exactly too
    _check(_overdue_figures(city, deadlines[1]), 1, deadlines[1])
    # the township's dashboard reads its items: the same figures
    town_user = user_with_role(RoleCode.LEADER, region=tree["nanan_town"])
    ctx = selectors.dashboard_context(town_user, selectors.period_from({"year": start.year}, start),
                                      today=month_end + datetime.timedelta(days=2))
    assert next(k["value"] for k in ctx["kpis"] if k["key"] == "overdue") == 1  # deadlines[1]; [3] not yet


def test_the_api_and_the_overdue_measure_count_the_items_overdue_today(tree):
    """Through the API with the real date: items due yesterday, today (not overdue) and 35 days ago,
    with the rollup as of today and as of the day before (the job not yet run)."""
    from dudao.dashboards.measures import MEASURES

    today = timezone.localdate()
    unit = school(tree["nanan"])
    earlier = today - datetime.timedelta(days=40)
    for days in (1, 0, 35):
        _item(unit, deadline=today - datetime.timedelta(days=days), today=earlier)
    assert LedgerItem.objects.filter(status__in=OPEN_STATUSES, deadline__lt=today).count() == 2
    city = user_with_role(RoleCode.LEADER, region=tree["cq"])
    registered_this_year = LedgerItem.objects.filter(created_at__year=today.year, status__in=OPEN_STATUSES,
                                                     deadline__lt=today).count()
    for day in (today, today - datetime.timedelta(days=1)):
        rollup.rebuild(day=day)
        data = api_client(city).get(f"/api/v1/dashboards/figures?year={today.year}").json()
        assert next(k["value"] for k in data["kpis"] if k["key"] == "overdue") == registered_this_year
        measure = MEASURES["ledger.overdue"].values(city, [tree["nanan"], tree["ddk"]], selectors.period_from({}))
        assert measure == {tree["nanan"].pk: 2, tree["ddk"].pk: 0}
