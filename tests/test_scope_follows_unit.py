"""Scope follows the unit (spine issue, item 7): every row that copies a region path declares where
the path comes from (``region_path_source``, dudao/common/fields.py), and moving a unit or a region
re-scopes every such row, whatever the app, in the same transaction.

The world is the demo (every app's rows), plus the few kinds the demo does not create. The checks
are generic: they walk ``apps.get_models()``, so a new model with a path field is covered as soon
as it declares its source — and this test fails until it does, or until the world holds a row of it.
The moving test itself runs on the once-loaded demo in ``tests/test_demo_stories.py``; the world's
extra rows are ``_complete_the_world`` here.
"""

import datetime

from django.apps import apps

from dudao.common.fields import ORIGIN, RegionPathField, follows, path_field, path_models, path_sources
from dudao.orgs.models import Unit


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
