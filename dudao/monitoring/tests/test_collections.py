"""Collections: the shipped forms (codes the indices rely on, every element citing its source), the
safe evaluator of rule expressions, versioning (a published version is immutable; a new version
copies the elements and rules), and who reads a collection (a published one below its region too,
a draft only in its subtree)."""

import pytest
from django.core.exceptions import ValidationError

from dudao.accounts.roles import RoleCode
from dudao.monitoring import services
from dudao.monitoring.models import Collection
from dudao.monitoring.validation import ExpressionError, evaluate, names
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import api_client
from dudao.testing.monitoring_factories import small_collection

API = "/api/v1/monitoring"

#: The codes the indices join on (issue 12 item 2): a rename breaks them.
CONTRACT = {
    "balance_school_resources": {"students", "classes", "teachers_above_degree", "backbone_teachers", "pe_teachers",
                                 "music_teachers", "fine_art_teachers", "teaching_area", "sports_area",
                                 "equipment_value", "multimedia_rooms", "max_class_size", "music_rooms", "art_rooms"},
    "preschool_kindergarten": {"children", "inclusive_status", "classes", "classes_over_size", "full_time_teachers",
                               "licensed_teachers", "principal_licensed", "outdoor_play_area", "activity_room_area",
                               "building_area", "public_funding_per_child"},
    "preschool_county": {"population_3_5", "children_total", "township_count", "townships_with_public_centre",
                         "noncredentialed_teacher_pay_ratio"},
    "balance_county_guarantee": {"exchange_rotation_rate", "backbone_share_of_rotation", "training_completion_rate",
                                 "quality_high_school_quota_share", "migrant_children_public_rate",
                                 "special_school_funding_per_student"},
    "balance_county_quality": {"junior_retention_rate", "disabled_enrolment_rate", "teacher_training_budget_share"},
}


@pytest.mark.django_db
def test_the_shipped_collections_keep_their_codes_and_cite_every_element(tree):
    services.load_shipped()
    services.load_shipped()  # idempotent
    for code, elements in CONTRACT.items():
        collection = Collection.objects.get(code=code, region=tree["cq"])
        assert collection.status == "published" and collection.source
        codes = set(collection.elements.values_list("code", flat=True))
        assert elements <= codes, (code, elements - codes)
        assert not collection.elements.filter(basis="").exists(), code
        # [U] thresholds are marked 待核实 and say so in their citation
        for element in collection.elements.filter(pending_verification=True):
            assert "待核实" in element.basis, (code, element.code)
    school_form = Collection.objects.get(code="balance_school_resources", region=tree["cq"])
    assert school_form.sections == ["primary", "junior"] and school_form.unit_kinds == ["school"]
    assert not school_form.elements.filter(per_section=False).exists()
    assert school_form.elements.get(code="students").prefill == "enrolment.students"
    assert school_form.elements.get(code="teachers_above_degree").pending_verification
    assert Collection.objects.get(code="preschool_county", region=tree["cq"]).unit_kinds == ["office"]


@pytest.mark.parametrize("expr,expected", [("a + b * 2", 7), ("(a + b) / 8", 0.5), ("-a + 10", 9), ("a / 0", None),
                                           ("a + missing_value", None)])
def test_expressions_are_arithmetic_over_element_codes(expr, expected):
    values = {"a": 1, "b": 3, "missing_value": None}
    from decimal import Decimal

    got = evaluate(expr, {k: (None if v is None else Decimal(v)) for k, v in values.items()})
    assert (got if got is None else float(got)) == expected


@pytest.mark.parametrize("expr", ["__import__('os').system('true')", "a.b", "a ** 2", "a if b else c", "[a]",
                                  "a < b", "'text'", "True + 1", "lambda: 1", "a; b", ""])
def test_anything_but_arithmetic_is_refused(expr):
    with pytest.raises(ExpressionError):
        names(expr)


@pytest.mark.django_db
def test_a_rule_over_an_unknown_element_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        services.collection_create(actor=None, region=tree["nanan"], code="bad", name="坏规则", unit_kinds=["school"],
                                   elements=[{"code": "a", "name": "甲"}],
                                   rules=[{"code": "r", "name": "r", "left": "a", "operator": "<=", "right": "b",
                                           "message": "甲不大于乙"}])
    assert "未知的数据元素：b" in exc.value.message_dict["rules.0.right"][0]


@pytest.mark.django_db
def test_a_published_version_is_immutable_and_a_new_version_copies_it(tree):
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    collection = small_collection(tree["nanan"])
    client = api_client(office)
    response = client.patch(f"{API}/collections/{collection.pk}", data={"name": "改名"}, content_type="application/json")
    assert response.status_code == 422
    assert Collection.objects.get(pk=collection.pk).name == "矩阵测试采集表"
    response = client.post(f"{API}/collections/{collection.pk}/versions")
    assert response.status_code == 201
    new = Collection.objects.get(pk=response.json()["id"])
    assert (new.version, new.status, new.code) == (2, "draft", collection.code)
    assert [e.code for e in new.elements.all()] == [e.code for e in collection.elements.all()]
    assert [r.left for r in new.rules.all()] == ["area"]
    # the draft may be edited, then published; publishing an empty draft is refused
    response = client.patch(f"{API}/collections/{new.pk}", content_type="application/json",
                            data={"elements": [{"code": "students", "name": "在校生数", "unit": "人"}], "rules": []})
    assert response.status_code == 200 and len(response.json()["elements"]) == 1
    assert client.post(f"{API}/collections/{new.pk}/transitions/publish", data={},
                       content_type="application/json").status_code == 200
    empty = services.collection_create(actor=None, region=tree["nanan"], code="empty", name="空表", unit_kinds=["school"])
    response = client.post(f"{API}/collections/{empty.pk}/transitions/publish", data={}, content_type="application/json")
    assert response.status_code == 422


@pytest.mark.django_db
def test_a_published_collection_is_read_below_its_region_a_draft_is_not(tree):
    published = small_collection(tree["cq"], code="city_form")
    draft = small_collection(tree["cq"], code="city_draft", publish=False)
    county = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    other_province = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["sc"])
    ids = {i["id"] for i in api_client(county).get(f"{API}/collections").json()["items"]}
    assert published.pk in ids and draft.pk not in ids
    assert api_client(county).get(f"{API}/collections/{published.pk}").status_code == 200
    assert api_client(county).get(f"{API}/collections/{draft.pk}").status_code == 404
    assert api_client(other_province).get(f"{API}/collections/{published.pk}").status_code == 404
    # reading is not changing: the county cannot retire the city's form
    response = api_client(county).post(f"{API}/collections/{published.pk}/transitions/retire", data={},
                                       content_type="application/json")
    assert response.status_code in (403, 404)
    assert Collection.objects.get(pk=published.pk).status == "published"
