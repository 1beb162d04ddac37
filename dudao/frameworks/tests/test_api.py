"""API permission matrix and behaviour: national frameworks for everyone who may view frameworks,
local ones within their region; writes checked against the region (or system-wide for national)."""

import json

import pytest

from dudao.frameworks.models import Framework, FrameworkVersion
from dudao.testing.frameworks_factories import small_library

pytestmark = pytest.mark.django_db
API = "/api/v1/frameworks"

# who sees what: national, 南岸区 local, 大渡口区 local
VISIBILITY = {
    "anonymous": None,
    "no_role": (False, False, False),
    "auditor": (False, False, False),
    "in_scope": (True, True, False),
    "inspector": (True, True, False),
    "school": (True, False, False),
    "sibling": (True, False, True),
    "parent": (True, True, True),
    "other_province": (True, False, False),
    "system_admin": (True, True, True),
}


@pytest.mark.parametrize("who", VISIBILITY)
def test_list_and_detail_visibility(as_user, fw, who):
    client = as_user(who)
    response = client.get(API)
    expected = VISIBILITY[who]
    if expected is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    keys = {item["key"] for item in response.json()["items"]}
    for name, visible in zip(("national", "nanan", "ddk"), expected, strict=True):
        version = fw[name]
        assert (version.framework.key in keys) is visible, name
        detail = client.get(f"{API}/versions/{version.pk}")
        assert detail.status_code == (200 if visible else 404), name
        assert client.get(f"{API}/{version.framework_id}").status_code == (200 if visible else 404)


def test_version_detail_has_the_tree(as_user, fw):
    body = as_user("in_scope").get(f"{API}/versions/{fw['national'].pk}").json()
    assert [i["code"] for i in body["indicators"]] == ["A1", "A2"]
    assert [c["code"] for c in body["indicators"][0]["children"]] == ["A1-1", "A1-2"]
    assert body["indicators"][1]["children"][1]["is_veto"] is True
    assert body["usage_count"] == 0 and body["status"] == "published"


def _post(client, url, data=None, method="post"):
    return getattr(client, method)(url, data=json.dumps(data or {}), content_type="application/json")


@pytest.mark.parametrize(("who", "region", "status"), [
    ("in_scope", "500108", 201), ("parent", "500108", 201), ("sibling", "500108", 404),
    ("inspector", "500108", 403), ("no_role", "500108", 404), ("system_admin", "500108", 201),
])
def test_derive_permissions(as_user, fw, who, region, status):
    client = as_user(who)
    response = _post(client, f"{API}/versions/{fw['national'].pk}/derive",
                     {"key": "urn:dudao:500108:derived", "name": "南岸区派生体系", "region_code": region})
    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert body["status"] == "draft" and body["derived_from_id"] == fw["national"].pk
        assert len(body["indicators"]) == 2


def test_derive_then_publish_as_office(as_user, fw):
    client = as_user("in_scope")
    derived = _post(client, f"{API}/versions/{fw['national'].pk}/derive",
                    {"key": "urn:dudao:500108:derived", "name": "南岸区派生体系", "region_code": "500108"}).json()
    published = _post(client, f"{API}/versions/{derived['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = _post(client, f"{API}/versions/{derived['id']}/publish")
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "status"
    # deriving again to the same key makes version 2 with lineage
    second = _post(client, f"{API}/versions/{fw['national'].pk}/derive",
                   {"key": "urn:dudao:500108:derived", "name": "南岸区派生体系", "region_code": "500108"}).json()
    assert second["version"] == 2 and second["framework_id"] == derived["framework_id"]
    compare = client.get(f"{API}/versions/compare", {"left": fw["national"].pk, "right": derived["id"]}).json()
    assert compare["unchanged"] == 6 and compare["changes"] == []


@pytest.mark.parametrize(("who", "target", "status"), [
    ("in_scope", "nanan", 200), ("parent", "nanan", 200), ("sibling", "nanan", 404), ("no_role", "nanan", 404),
    ("inspector", "nanan", 404), ("in_scope", "national", 404), ("system_admin", "national", 422),
])
def test_publish_permissions(as_user, fw, who, target, status):
    response = _post(as_user(who), f"{API}/versions/{fw[target].pk}/publish")
    assert response.status_code == status  # national is already published: 422 for the one who may


@pytest.mark.parametrize(("who", "region", "status"), [
    ("system_admin", None, 201), ("parent", None, 403), ("in_scope", None, 403),
    ("in_scope", "500108", 201), ("sibling", "500108", 404), ("no_role", "500108", 404),
])
def test_import_permissions(as_user, fw, who, region, status):
    import yaml

    text = yaml.safe_dump(small_library(urn="urn:dudao:test:imported"), allow_unicode=True)
    before = Framework.objects.count()
    response = _post(as_user(who), f"{API}/import", {"yaml": text, "region_code": region})
    assert response.status_code == status, response.content
    assert Framework.objects.count() == before + (1 if status == 201 else 0)


def test_import_errors_name_the_path(as_user, fw):
    import yaml

    data = small_library(urn="urn:dudao:test:imported")
    data["indicators"][0]["children"][1]["weight"] = -1
    response = _post(as_user("system_admin"), f"{API}/import", {"yaml": yaml.safe_dump(data, allow_unicode=True)})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "indicators[0].children[1].weight", "message": "必须为非负数"}]
    assert not Framework.objects.filter(key="urn:dudao:test:imported").exists()


def test_import_same_content_is_200_unchanged(as_user, fw):
    import yaml

    text = yaml.safe_dump(small_library(), allow_unicode=True)
    response = _post(as_user("system_admin"), f"{API}/import", {"yaml": text})
    assert response.status_code == 200 and response.json()["changed"] is False


def test_replace_content_of_used_version_is_refused(as_user, fw):
    import yaml

    from dudao.frameworks.services import framework_version_mark_used
    from dudao.frameworks.workflows import framework_version_publish

    version = framework_version_publish(actor=None, version=fw["nanan"])
    client = as_user("in_scope")
    data = small_library(name="改名")
    ok = _post(client, f"{API}/versions/{version.pk}/content", {"yaml": yaml.safe_dump(data, allow_unicode=True)},
               method="put")
    assert ok.status_code == 200 and ok.json()["name"] == "改名"
    framework_version_mark_used(actor=None, version=version, object_type="t", object_id=1, label="任务",
                                region=fw["tree"]["nanan"])
    refused = _post(client, f"{API}/versions/{version.pk}/content",
                    {"yaml": yaml.safe_dump(small_library(name="再改"), allow_unicode=True)}, method="put")
    assert refused.status_code == 422 and "已被使用" in refused.json()["message"]
    assert FrameworkVersion.objects.get(pk=version.pk).name == "改名"


def test_usages_are_scoped(as_user, fw):
    from dudao.frameworks.services import framework_version_mark_used

    national = fw["national"]
    framework_version_mark_used(actor=None, version=national, object_type="t", object_id=1, label="南岸任务",
                                region=fw["tree"]["nanan"])
    framework_version_mark_used(actor=None, version=national, object_type="t", object_id=2, label="大渡口任务",
                                region=fw["tree"]["ddk"])
    labels = [u["label"] for u in as_user("in_scope").get(f"{API}/versions/{national.pk}/usages").json()]
    assert labels == ["南岸任务"]


def test_evaluate_dry_run(as_user, fw):
    client = as_user("inspector")
    results = {"A1-1": "好", "A1-2": 15, "A2-1": {"inputs": {"a": 21, "b": 500}, "stage": "primary"}, "A2-2": True}
    body = _post(client, f"{API}/versions/{fw['national'].pk}/evaluate", {"results": results}).json()
    # A1 = (1 + 0.75) / 2 = 0.875; A2 = 1 (A2-2 weight 0); total = 0.6·0.875 + 0.4·1 = 0.925
    assert body["score"] == "92.50" and body["grade"] == "优秀" and body["colour"] == "green"
    results["A2-2"] = False
    body = _post(client, f"{API}/versions/{fw['national'].pk}/evaluate", {"results": results}).json()
    assert body["vetoed"] and body["grade"] == "不合格" and body["colour"] == "red"
    bad = _post(client, f"{API}/versions/{fw['national'].pk}/evaluate", {"results": {"A1-1": "很好"}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "results"
