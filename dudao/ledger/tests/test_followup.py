"""回头看 (E5): sampling closed problems into a follow-up task — the rule, rounding, seeded
reproducibility, units checked in full, exemptions, refusals without partial writes, the rebound
path, and the pages and API through their clients."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dudao.inspections.choices import TaskKind
from dudao.inspections.models import SupervisionExemption, SupervisionTask
from dudao.ledger import services, workflows
from dudao.ledger.followup import SamplingRule, followup_preview, followup_sample, redraw, sample_size
from dudao.ledger.models import FollowUpSampling, LedgerEvent, LedgerItem
from dudao.testing.ledger_factories import TODAY, advance, item, ledger_world
from dudao.testing.matrix import api_client, ui_client
from dudao.testing.schools_factories import school

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger/followups"


@pytest.fixture
def world(tree):
    w = ledger_world(tree)
    w["unit2"] = school(tree["nanan"], name="南岸区回头看第二学校")
    w["town_school"] = school(tree["nanan_town"], name="铜元局街道回头看学校")
    return w


def closed(world, unit=None, category="safety", source="monitoring"):
    """A closed problem of ``unit`` (the world's school by default), driven by the system actor."""
    it = services.ledger_item_create(actor=None, unit=unit or world["unit"], source=source, category=category,
                                     description="学校食堂未落实陪餐制度", requirement="建立并落实校领导陪餐制度",
                                     deadline=TODAY + datetime.timedelta(days=30), today=TODAY)
    return advance({**world, "respondent": None, "admin": None, "inspector": None}, it, "closed")


def rule(world, **kw):
    kw.setdefault("percentage", 30)
    return SamplingRule(office=world["office"], **kw)


def counts():
    return (FollowUpSampling.objects.count(), SupervisionTask.objects.count(),
            LedgerEvent.objects.filter(action="follow_up").count())


@pytest.mark.parametrize(("percentage", "pool", "expected"),
                         [(30, 7, 3), (1, 1, 1), (1, 250, 3), (100, 5, 5), (50, 3, 2), (10, 0, 0)])
def test_sample_size_rounds_up_and_takes_at_least_one(percentage, pool, expected):
    assert sample_size(percentage, pool) == expected


def test_sampling_creates_task_samples_and_history(world):
    items = [closed(world) for _ in range(4)] + [closed(world, world["unit2"]) for _ in range(3)]
    open_item = item(world)  # not closed: never sampled
    assert followup_preview(actor=world["admin"], rule=rule(world)) == {
        "matched": 7, "pool": 7, "forced": 0, "sample_size": 3, "exempt": 0}
    sampling = followup_sample(actor=world["admin"], rule=rule(world), seed=42, title="南岸区整改回头看")
    sampled = set(sampling.items.values_list("pk", flat=True))
    assert len(sampled) == 3 and sampled <= {i.pk for i in items} and open_item.pk not in sampled
    task = sampling.task
    assert (task.kind, task.title, task.office, task.region_path) == (
        TaskKind.FOLLOW_UP, "南岸区整改回头看", world["office"], world["office"].region_path)
    assert set(task.targets.values_list("unit_id", flat=True)) == set(
        LedgerItem.objects.filter(pk__in=sampled).values_list("unit_id", flat=True))
    assert (sampling.seed, sampling.matched_count, sampling.pool_ids) == (42, 7, sorted(i.pk for i in items))
    assert sampling.created_by == world["admin"]
    for pk in sampled:
        event = LedgerEvent.objects.filter(item_id=pk).last()
        assert (event.action, event.actor, event.data["task"], event.action_label) == (
            "follow_up", world["admin"], task.pk, "回头看抽中")
    assert LedgerItem.objects.filter(pk__in=sampled, status="closed").count() == 3  # the items stay closed


def many_tasks_allowed(world):
    from dudao.regionsettings.services import region_setting_set

    region_setting_set(actor=None, region=world["region"], key="burden.max_external_per_semester", value=100)


def test_same_seed_same_pool_draws_the_same_problems(world):
    many_tasks_allowed(world)
    for _ in range(10):
        closed(world)
    first = followup_sample(actor=world["admin"], rule=rule(world, percentage=40), seed=7)
    second = followup_sample(actor=world["admin"], rule=rule(world, percentage=40), seed=7)
    ids = sorted(first.items.values_list("pk", flat=True))
    assert ids == sorted(second.items.values_list("pk", flat=True)) == redraw(first) == redraw(second)
    others = {tuple(sorted(followup_sample(actor=world["admin"], rule=rule(world, percentage=40), seed=s)
                           .items.values_list("pk", flat=True))) for s in range(1, 6)}
    assert len(others) > 1  # the seed does decide the draw
    auto = followup_sample(actor=world["admin"], rule=rule(world, percentage=40))
    assert 0 <= auto.seed <= 2**31 - 1 and sorted(auto.items.values_list("pk", flat=True)) == redraw(auto)


def test_rule_filters_category_source_region_units_and_window(world):
    many_tasks_allowed(world)
    safety = closed(world)
    teaching = closed(world, category="teaching")
    hotline = closed(world, source="hotline")
    town = closed(world, world["town_school"])
    other = closed(world, world["unit2"])

    def pool(**kw):
        return set(followup_sample(actor=world["admin"], rule=rule(world, percentage=100, **kw))
                   .items.values_list("pk", flat=True))

    assert pool() == {safety.pk, teaching.pk, hotline.pk, town.pk, other.pk}
    assert pool(categories=["teaching"]) == {teaching.pk}
    assert pool(source="hotline") == {hotline.pk}
    assert pool(region=world["town_school"].region) == {town.pk}
    assert pool(units=[world["unit2"]]) == {other.pk}
    today = timezone.localdate()
    LedgerItem.objects.filter(pk=safety.pk).update(closed_at=timezone.now() - datetime.timedelta(days=100))
    assert safety.pk not in pool(closed_from=today - datetime.timedelta(days=30))
    assert pool(closed_to=today - datetime.timedelta(days=30)) == {safety.pk}


def test_named_units_are_checked_in_full_on_top_of_the_draw(world):
    for _ in range(5):
        closed(world)
    full = [closed(world, world["unit2"]) for _ in range(3)]
    closed(world, world["unit2"], category="teaching")  # outside the category: not forced
    r = rule(world, percentage=20, categories=["safety"], include_units=[world["unit2"]])
    assert followup_preview(actor=world["admin"], rule=r) == {
        "matched": 8, "pool": 5, "forced": 3, "sample_size": 4, "exempt": 0}
    sampling = followup_sample(actor=world["admin"], rule=r, seed=1)
    forced = set(sampling.samples.filter(forced=True).values_list("item_id", flat=True))
    assert forced == {i.pk for i in full} and sampling.samples.filter(forced=False).count() == 1
    assert set(sampling.include_units.all()) == {world["unit2"]}


def test_exempt_units_are_left_out_and_cannot_be_forced(world):
    closed(world)
    exempt_item = closed(world, world["unit2"])
    today = timezone.localdate()
    SupervisionExemption.objects.create(unit=world["unit2"], region_path=world["unit2"].region_path,
                                        task_kinds=[TaskKind.FOLLOW_UP], valid_from=today,
                                        valid_to=today + datetime.timedelta(days=30), reason="表彰免检")
    preview = followup_preview(actor=world["admin"], rule=rule(world, percentage=100))
    assert (preview["matched"], preview["exempt"]) == (1, 1)
    sampling = followup_sample(actor=world["admin"], rule=rule(world, percentage=100))
    assert exempt_item.pk not in set(sampling.items.values_list("pk", flat=True))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        followup_sample(actor=world["admin"], rule=rule(world, include_units=[world["unit2"]]))
    assert "免除回头看督导" in exc.value.message_dict["include_units"][0]
    assert counts() == before


def test_nothing_matching_is_refused_without_writes(world):
    closed(world, category="teaching")
    item(world)  # open
    before = counts()
    with pytest.raises(ValidationError) as exc:
        followup_sample(actor=world["admin"], rule=rule(world, categories=["safety"]))
    assert exc.value.message_dict["percentage"] == ["没有符合条件的已销号问题，未抽取"]
    assert counts() == before


def test_a_failing_target_rolls_the_whole_draw_back(world, settings):
    from dudao.regionsettings.services import region_setting_set

    closed(world)
    region_setting_set(actor=None, region=world["region"], key="burden.max_external_per_semester", value=0)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        followup_sample(actor=world["admin"], rule=rule(world))
    assert "达到上限" in exc.value.message_dict["unit"][0]
    assert counts() == before
    sampling = followup_sample(actor=world["admin"], rule=rule(world), override_reason="整改回头看，须实地查看")
    assert sampling.task.targets.count() == 1


@pytest.mark.parametrize(("kw", "field"), [
    ({"percentage": 0}, "percentage"),
    ({"percentage": 101}, "percentage"),
    ({"categories": ["nope"]}, "categories"),
    ({"source": "nope"}, "source"),
    ({"closed_from": datetime.date(2026, 3, 1), "closed_to": datetime.date(2026, 2, 1)}, "closed_to"),
])
def test_bad_rules_are_refused_in_chinese(world, kw, field):
    closed(world)
    with pytest.raises(ValidationError) as exc:
        followup_sample(actor=world["admin"], rule=rule(world, **kw))
    assert field in exc.value.message_dict
    assert counts() == (0, 0, 0)


def test_units_and_region_outside_the_office_and_bad_seed(world, tree):
    closed(world)
    outside = school(tree["ddk"], name="大渡口区学校")
    for kw, field in (({"units": [outside]}, "units"), ({"include_units": [outside]}, "include_units"),
                      ({"region": tree["ddk"]}, "region")):
        with pytest.raises(ValidationError) as exc:
            followup_sample(actor=world["admin"], rule=rule(world, **kw))
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        followup_sample(actor=world["admin"], rule=rule(world), seed=-1)
    assert "seed" in exc.value.message_dict
    with pytest.raises(ValidationError):
        followup_sample(actor=world["admin"], rule=SamplingRule(office=world["unit"], percentage=10))
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("who", ["leader", "inspector", "sibling", "respondent"])
def test_only_the_office_in_scope_may_sample(world, who):
    closed(world)
    with pytest.raises(PermissionDenied):
        followup_sample(actor=world[who], rule=rule(world))
    with pytest.raises(PermissionDenied):
        followup_preview(actor=world[who], rule=rule(world))
    assert counts() == (0, 0, 0)
    assert followup_sample(actor=world["parent"], rule=rule(world)).samples.count() == 1


def test_rebound_found_by_the_follow_up_shows_on_its_page(world):
    it = closed(world)
    sampling = followup_sample(actor=world["admin"], rule=rule(world, percentage=100))
    admin = ui_client(world["admin"])
    page = admin.get(f"/ledger/followups/{sampling.pk}/").content.decode()
    assert f'href="/ledger/{it.pk}/"' in page and "登记反弹" in page and "按种子复核一致" in page
    rebound = workflows.item_rebound(actor=world["inspector"], item=it, description="食堂陪餐制度又未落实",
                                     requirement="恢复陪餐制度", deadline=timezone.localdate() + datetime.timedelta(days=20),
                                     method="sampling", follow_up_task=sampling.task)
    assert rebound.source_reference == sampling.task.title
    page = admin.get(f"/ledger/followups/{sampling.pk}/").content.decode()
    assert f'href="/ledger/{rebound.pk}/"' in page and "问题反弹" in page
    detail = api_client(world["leader"]).get(f"{API}/{sampling.pk}").json()
    assert detail["items"][0]["rebound_ids"] == [rebound.pk] and detail["sampled_count"] == 1


# ---- pages ------------------------------------------------------------------------------------------
def _form(world, **kw):
    data = {"office": world["office"].pk, "percentage": "50", "action": "preview"}
    data.update(kw)
    return data


def test_page_previews_then_commits(world):
    for _ in range(3):
        closed(world)
    admin = ui_client(world["admin"])
    page = admin.get("/ledger/followups/").content.decode()
    assert "新的回头看抽查" in page and "暂无回头看抽查" in page
    page = admin.post("/ledger/followups/", _form(world)).content.decode()
    assert "符合条件的已销号问题 3 个" in page and "将抽取 2 个" in page
    assert FollowUpSampling.objects.count() == 0
    partial = admin.post("/ledger/followups/", _form(world), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith("<form") and "将抽取 2 个" in partial and "<html" not in partial
    r = admin.post("/ledger/followups/", _form(world, action="commit", seed="5", title="页面回头看"))
    sampling = FollowUpSampling.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/ledger/followups/{sampling.pk}/"
    assert sampling.task.title == "页面回头看" and sampling.samples.count() == 2 and sampling.seed == 5
    listing = ui_client(world["leader"]).get("/ledger/followups/").content.decode()
    assert "页面回头看" in listing and "新的回头看抽查" not in listing
    assert ui_client(world["sibling"]).get(f"/ledger/followups/{sampling.pk}/").status_code == 404


def test_page_shows_errors_and_never_writes_them(world):
    admin = ui_client(world["admin"])
    page = admin.post("/ledger/followups/", _form(world, action="commit")).content.decode()
    assert "没有符合条件的已销号问题，未抽取" in page
    page = admin.post("/ledger/followups/", _form(world, percentage="0")).content.decode()
    assert "invalid-feedback" in page
    page = admin.post("/ledger/followups/", _form(world, region="999999")).content.decode()
    assert "不存在或无权访问" in page
    assert FollowUpSampling.objects.count() == 0
    assert ui_client(world["leader"]).post("/ledger/followups/", _form(world, action="commit")).status_code == 403
    assert ui_client(world["respondent"]).get("/ledger/followups/").status_code == 403


# ---- API --------------------------------------------------------------------------------------------
def test_api_preview_create_and_errors(world):
    for _ in range(4):
        closed(world)
    closed(world, world["unit2"])
    client = api_client(world["admin"])
    r = client.get(f"{API}/preview", {"office_id": world["office"].pk, "percentage": 50,
                                      "include_unit_ids": [world["unit2"].pk]})
    assert r.status_code == 200 and r.json() == {"matched": 5, "pool": 4, "forced": 1, "sample_size": 3, "exempt": 0}
    body = {"office_id": world["office"].pk, "percentage": 50, "categories": ["safety"], "seed": 9,
            "include_unit_ids": [world["unit2"].pk]}
    r = client.post(API, body, content_type="application/json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["seed"] == 9 and data["sampled_count"] == 3 and data["include_unit_ids"] == [world["unit2"].pk]
    assert sum(1 for i in data["items"] if i["forced"]) == 1
    assert [row["id"] for row in client.get(API).json()["items"]] == [data["id"]]
    again = client.post(API, body, content_type="application/json").json()
    assert [i["item_id"] for i in again["items"]] == [i["item_id"] for i in data["items"]]
    for bad, field in (({"percentage": 0}, "percentage"), ({"categories": ["x"]}, "categories"),
                       ({"unit_ids": [999999]}, "unit_ids"), ({"bogus": 1}, "bogus"),
                       ({"region_code": "999999"}, "region_code"), ({"office_id": 999999}, "office_id")):
        r = client.post(API, {**body, **bad}, content_type="application/json")
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (bad, r.content)
    r = client.post(API, {**body, "categories": ["arts"], "include_unit_ids": []}, content_type="application/json")
    assert r.status_code == 422 and r.json()["message"] == "没有符合条件的已销号问题，未抽取"
    assert FollowUpSampling.objects.count() == 2
    assert api_client(world["leader"]).post(API, body, content_type="application/json").status_code == 403
    assert api_client(world["leader"]).get(f"{API}/preview", {"office_id": world["office"].pk,
                                                              "percentage": 5}).status_code == 403
