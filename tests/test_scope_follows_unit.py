"""Scope follows the unit (spine issue, item 7): every row that copies a region path declares where
the path comes from (``region_path_source``, dudao/common/fields.py), and moving a unit or a region
re-scopes every such row, whatever the app, in the same transaction.

The world is the demo (every app's rows), plus the few kinds the demo does not create. The checks
are generic: they walk ``apps.get_models()``, so a new model with a path field is covered as soon
as it declares its source — and this test fails until it does, or until the world holds a row of it.
"""

import datetime

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dudao.common.fields import ORIGIN, RegionPathField, follows, path_field, path_models, path_sources
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region
from dudao.testing.matrix import api_client


def test_every_model_with_a_path_field_declares_its_source():
    missing, wrong = [], []
    for model in apps.get_models():
        if not any(isinstance(f, RegionPathField) for f in model._meta.concrete_fields):
            continue
        if getattr(model, "region_path_source", None) is None:
            missing.append(model._meta.label)
            continue
        try:
            path_sources(model)
        except Exception as exc:  # a source that is not a foreign key to a row with a path
            wrong.append(f"{model._meta.label}: {exc}")
    assert not missing, f"declare region_path_source (dudao/common/fields.py) on: {missing}"
    assert not wrong, wrong
    assert [m._meta.label for m in path_models() if m.region_path_source == ORIGIN] == ["regions.Region"]


def _expected(row):
    """The path (and region) ``row`` must carry: its first set source's."""
    for name in path_sources(type(row)):
        target = getattr(row, name)
        if target is not None:
            region = getattr(target, "region_id", None) if name != "region" else target.pk
            return getattr(target, path_field(type(target)).attname), region
    return "", None


def _inconsistent():
    """Every row of every model whose copied path (or copied region) differs from its source's."""
    bad = []
    for model in path_models():
        if model.region_path_source == ORIGIN:
            continue
        attname = path_field(model).attname
        has_region = any(f.name == "region" and f.is_relation for f in model._meta.concrete_fields)
        for row in model._base_manager.all():
            path, region = _expected(row)
            if getattr(row, attname) != path or (has_region and region is not None and row.region_id != region):
                bad.append(f"{model._meta.label}#{row.pk}")
    return bad


def _followers(units) -> dict:
    """{model: set of pks} of the rows whose path comes (along any chain) from one of ``units``."""
    out = {}
    for model in path_models():
        if model is Unit:
            continue
        pks = set()
        for unit in units:
            q = follows(model, Unit, unit.pk)
            if q is not None:
                pks |= set(model._base_manager.filter(q).values_list("pk", flat=True))
        if pks:
            out[model] = pks
    return out


def _complete_the_world(office, school):
    """The kinds the demo does not create, made through their services where they are simple."""
    from dudao.accountability.services import circular_create
    from dudao.complaints.services import complaint_dismiss, complaint_register
    from dudao.documents.models import DocumentBatch, DocumentTemplate
    from dudao.inspections.models import SupervisionTask
    from dudao.ledger.models import FollowUpSampling

    circular_create(actor=None, unit=school, issued_on=datetime.date(2026, 3, 1), content="督导通报内容",
                    recommendation="建议内容")
    complaint = complaint_register(actor=None, unit=school, source="hotline", content="12345 热线反映的问题")
    complaint_dismiss(actor=None, complaint=complaint, reason="不属于督导职责")
    DocumentTemplate.objects.create(office=office, region_path=office.region_path, kind="rectification_notice",
                                    version=1, file="templates/x.docx", sha256="0" * 64)
    DocumentBatch.objects.create(office=office, region_path=office.region_path, kind="rectification_notice",
                                 title="批量")
    from dudao.surveys.models import Response, Survey

    survey = Survey.objects.create(title="学校满意度调查", region=school.region, unit=school,
                                   region_path=school.region_path, year=2026)
    Response.objects.create(survey=survey, region_path=survey.region_path, audience="parent", device_hash="d" * 64)
    from dudao.monitoring.models import ProgrammeRound, RoundEvaluation

    RoundEvaluation.objects.create(round=ProgrammeRound.objects.order_by("pk").first(), kindergarten=school,
                                   region_path=school.region_path)
    task = SupervisionTask.objects.filter(office=office).order_by("pk").first()
    FollowUpSampling.objects.create(office=office, region=office.region, region_path=office.region.path, task=task,
                                    percentage=10, seed=1)


def moving_units_story():
    """Run on the loaded demo by ``tests/test_demo_stories.py`` (the demo is loaded once there)."""
    nanan, ddk = Region.objects.get(name="南岸区"), Region.objects.get(name="大渡口区")
    old_office = Unit.objects.get(kind=UnitKind.OFFICE, region=nanan)
    moved = [old_office] + [u for u in Unit.objects.filter(region_path__startswith=nanan.path).exclude(
        kind=UnitKind.OFFICE).order_by("pk") if _followers([u])]
    _complete_the_world(old_office, moved[1])
    assert _inconsistent() == []

    before = _followers(moved)
    can_follow = {m for m in path_models() if m is not Unit and follows(m, Unit, 0) is not None}
    uncovered = sorted(m._meta.label for m in can_follow - set(before))
    assert not uncovered, f"add a row of these models for a moved unit to this test's world: {uncovered}"

    from dudao.accounts.models import User

    nanan_user, ddk_user = User.objects.get(username="nanan_office"), User.objects.get(username="dadukou_office")
    seen_before = {m: set(m.objects.for_user(nanan_user, "view").filter(pk__in=pks).values_list("pk", flat=True))
                   for m, pks in before.items() if hasattr(m.objects, "for_user")}
    assert sum(1 for pks in seen_before.values() if pks) >= 10

    # The city office moves the units to 大渡口区 over the API.
    city = api_client(User.objects.get(username="cq_office"))
    for unit in moved:
        with CaptureQueriesContext(connection) as queries:
            response = city.patch(f"/api/v1/units/{unit.pk}", {"region_code": ddk.code},
                                  content_type="application/json")
        assert response.status_code == 200, response.content
        # bulk: at most one UPDATE per table that copies paths, however many rows follow the unit
        updates = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
        assert len(updates) <= len(path_models()) + 2, updates

    assert _inconsistent() == []
    assert _followers(moved) == before  # the same rows still follow them …
    for model, pks in before.items():  # … and all of them carry the new path
        rows = model._base_manager.filter(pk__in=pks)
        assert not rows.exclude(**{f"{path_field(model).attname}__startswith": ddk.path}).exists(), model
    for model, pks in seen_before.items():
        if not pks:
            continue
        assert not model.objects.for_user(nanan_user, "view").filter(pk__in=pks).exists(), model
        assert set(model.objects.for_user(ddk_user, "view").filter(pk__in=pks).values_list("pk", flat=True)) == pks, model

    # Moving a region rewrites every copy below it, whatever the app: 大渡口区 (now holding the moved
    # units and everything that follows them) is re-parented under a new city-level node.
    from dudao.regions.services import region_update

    city = Region.objects.create(code="500100", name="市辖区", level=2, parent=ddk.parent,
                                 path=f"{ddk.parent.path}500100/")
    region_update(actor=None, region=ddk, parent=city)
    ddk.refresh_from_db()
    assert ddk.path == f"{city.path}{ddk.code}/"
    assert _inconsistent() == []
    for model, pks in before.items():
        rows = model._base_manager.filter(pk__in=pks)
        assert not rows.exclude(**{f"{path_field(model).attname}__startswith": ddk.path}).exists(), model
    ddk_user = User.objects.get(pk=ddk_user.pk)  # a new request: assignments read afresh
    assert set(Unit.objects.for_user(ddk_user, "view").filter(pk__in=[u.pk for u in moved])) == set(moved)
