"""Services and workflow guards: derive with lineage, publish/retire transitions, scope of writes,
the scoped querysets, and the demo data."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from dudao.frameworks.models import Framework, FrameworkVersion, Indicator
from dudao.frameworks.services import framework_version_derive, library_load
from dudao.frameworks.workflows import framework_version_publish, framework_version_retire
from dudao.testing.frameworks_factories import load_small, small_library

pytestmark = pytest.mark.django_db


def test_derive_keeps_lineage_and_copies_the_tree(fw):
    office = fw["users"]["in_scope"]
    local = framework_version_derive(actor=office, source=fw["national"], key="urn:dudao:500108:d",
                                     name="南岸区派生", region=fw["tree"]["nanan"])
    assert local.status == "draft" and local.derived_from == fw["national"] and local.version == 1
    assert local.framework.region_path == fw["tree"]["nanan"].path
    assert list(local.indicators.values_list("code", flat=True)) == list(
        fw["national"].indicators.values_list("code", flat=True))
    assert local.indicators.get(code="A1-1").parent.code == "A1"
    again = framework_version_derive(actor=office, source=fw["national"], key="urn:dudao:500108:d",
                                     name="南岸区派生", region=fw["tree"]["nanan"])
    assert again.version == 2 and again.framework_id == local.framework_id


def test_derive_guards(fw):
    with pytest.raises(PermissionDenied):
        framework_version_derive(actor=fw["users"]["sibling"], source=fw["national"], key="urn:dudao:x:y",
                                 name="x", region=fw["tree"]["nanan"])
    with pytest.raises(ValidationError):  # a key that belongs to another region
        framework_version_derive(actor=fw["users"]["parent"], source=fw["national"], key="urn:dudao:500104:local",
                                 name="x", region=fw["tree"]["nanan"])
    with pytest.raises(ValidationError):
        framework_version_derive(actor=None, source=fw["national"], key="urn:dudao:x:y", name="x", region=None)


def test_key_of_one_region_cannot_be_loaded_into_another(fw):
    with pytest.raises(ValidationError, match="其他区域"):
        library_load(actor=None, data=small_library(urn="urn:dudao:500104:local"), region=fw["tree"]["nanan"])


def test_national_writes_need_a_system_wide_grant(fw):
    with pytest.raises(PermissionDenied):
        library_load(actor=fw["users"]["parent"], data=small_library(version=2))
    library_load(actor=fw["users"]["system_admin"], data=small_library(version=2))


@pytest.mark.parametrize(("who", "allowed"), [
    ("in_scope", True), ("parent", True), ("sibling", False), ("inspector", False), ("no_role", False),
    ("system_admin", True),
])
def test_publish_guard_by_actor(fw, who, allowed):
    version = fw["nanan"]
    if allowed:
        assert framework_version_publish(actor=fw["users"][who], version=version).status == "published"
    else:
        with pytest.raises(PermissionDenied):
            framework_version_publish(actor=fw["users"][who], version=version)
        assert FrameworkVersion.objects.get(pk=version.pk).status == "draft"


def test_transition_source_states(fw):
    version = fw["nanan"]
    with pytest.raises(ValidationError):
        framework_version_retire(actor=None, version=version)  # draft cannot be retired
    framework_version_publish(actor=None, version=version)
    with pytest.raises(ValidationError):
        framework_version_publish(actor=None, version=version)
    framework_version_retire(actor=None, version=version)
    with pytest.raises(ValidationError):
        framework_version_publish(actor=None, version=version)  # retired stays retired
    assert [(e.action, e.from_status, e.to_status, e.action_label) for e in version.events.all()] == [
        ("publish", "draft", "published", "发布"), ("retire", "published", "retired", "停用")]


def test_cannot_publish_without_scorable_indicators(tree):
    data = small_library(urn="urn:dudao:test:empty")
    data["indicators"] = [{"code": "A", "name": "只观察", "assessable": False}]
    version, _ = library_load(actor=None, data=data, publish=False)
    with pytest.raises(ValidationError, match="没有可评分"):
        framework_version_publish(actor=None, version=version)


def test_querysets_for_user(fw):
    users = fw["users"]
    keys = set(Framework.objects.for_user(users["in_scope"]).values_list("key", flat=True))
    assert keys == {"urn:dudao:test:small", "urn:dudao:500108:local"}
    assert set(Indicator.objects.for_user(users["school"]).values_list("version_id", flat=True)) == {
        fw["national"].pk}
    assert not Framework.objects.for_user(users["no_role"]).exists()
    assert not Framework.objects.for_user(users["in_scope"], "change").filter(region__isnull=True).exists()
    assert Framework.objects.for_user(users["system_admin"], "change").count() == 3
    assert Framework.objects.for_user(None, "change").count() == 3


def test_load_small_helper_is_idempotent(tree):
    assert load_small().pk == load_small().pk


def test_demo_frameworks_load_twice(tree):
    from dudao.frameworks import demo
    from dudao.testing.factories import UnitFactory

    UnitFactory(region=tree["nanan"], kind="office", name="重庆市南岸区人民政府教育督导室")
    out = io.StringIO()
    demo.load({}, out)
    counts = (Framework.objects.count(), FrameworkVersion.objects.count(), Indicator.objects.count())
    demo.load({}, out)
    assert (Framework.objects.count(), FrameworkVersion.objects.count(), Indicator.objects.count()) == counts
    local = FrameworkVersion.objects.get(framework__key=demo.NANAN_KEY)
    assert local.status == "published" and local.derived_from.framework.key == "urn:dudao:cn:lide-shuren"
    assert local.framework.owner_unit.name == "重庆市南岸区人民政府教育督导室"
    assert local.indicators.filter(code="A2-4").exists()
    assert FrameworkVersion.objects.get(framework__key="urn:dudao:cn:guapai-regular").is_locked
    call_command("load_frameworks", stdout=io.StringIO())
