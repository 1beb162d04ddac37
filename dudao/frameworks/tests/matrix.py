"""The frameworks module's rows of the shared permission matrix (``tests/test_permission_matrix.py``;
semantics in ``dudao.testing.matrix``): every frameworks API operation and page as anonymous, no
role, in scope, child region, sibling region and parent region.

The object under test is a LOCAL framework of 南岸区 — 南岸区矩阵指标体系, derived from a national
version (so the lineage and the comparison have something to show). National frameworks are visible
to everyone who may view frameworks anywhere, so rows that act on a national version (derive) make
their *effect* region-specific instead: deriving into 南岸区 is allowed to the in-scope and
parent-region office admins and refused to everyone else.

Reads act as the view-only roles (leader, inspector); writes (derive, import, replace content,
publish, retire) as office_admin."""

import io

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.roles import RoleCode
from dudao.frameworks.choices import VersionStatus
from dudao.frameworks.models import Framework, FrameworkVersion
from dudao.frameworks.services import framework_version_derive, framework_version_mark_used
from dudao.frameworks.workflows import framework_version_publish
from dudao.testing.frameworks_factories import load_small, small_library
from dudao.testing.matrix import Endpoint

OFFICE, LEADER, INSPECTOR = RoleCode.OFFICE_ADMIN, RoleCode.LEADER, RoleCode.INSPECTOR

API = "/api/v1/frameworks"
LOCAL_KEY = "urn:dudao:500108:matrix"
LOCAL_NAME = "南岸区矩阵指标体系"


# ---- objects under test ----

def national(tree):
    """A national (region-less) published version: the source of derivations."""
    return load_small()


def local_version(tree):
    """南岸区's own draft version, derived from the national one."""
    return framework_version_derive(actor=None, source=national(tree), key=LOCAL_KEY, name=LOCAL_NAME,
                                    region=tree["nanan"])


def local_framework(tree):
    return local_version(tree).framework


def published_version(tree):
    return framework_version_publish(actor=None, version=local_version(tree))


def used_version(tree):
    """A published 南岸区 version used by a 南岸区 task (so its usage list is not empty)."""
    version = published_version(tree)
    framework_version_mark_used(actor=None, version=version, object_type="matrix", object_id=1,
                                label="南岸区矩阵督导任务", region=tree["nanan"])
    return version


# ---- checks ----

def has_id(response, obj):
    return any(item["id"] == obj.pk for item in response.json()["items"])


def links_to(response, obj):
    return f'href="{obj.get_absolute_url()}"' in response.content.decode()


def xlsx_lists(response, obj):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    return any(obj.name in row for row in sheet.iter_rows(values_only=True))


def named(version, name):
    return FrameworkVersion.objects.filter(pk=version.pk, name=name).exists()


def in_status(status):
    return lambda o: FrameworkVersion.objects.filter(pk=o.pk, status=status).exists()


def derived_into_nanan(key):
    """A framework ``key`` of 南岸区 now exists, derived from ``o``."""
    return lambda o: FrameworkVersion.objects.filter(framework__key=key, framework__region__code="500108",
                                                     derived_from=o).exists()


def imported_into(key):
    return lambda o: Framework.objects.filter(key=key, region=o).exists()


# ---- payloads ----

def library_yaml(**overrides) -> str:
    return yaml.safe_dump(small_library(**overrides), allow_unicode=True)


def upload(name, text):
    return SimpleUploadedFile(name, text.encode())


def api_derive(key):
    return lambda o, t: {"key": key, "name": "矩阵派生体系", "region_code": "500108"}


def ui_derive(key):
    return lambda o, t: {"key": key, "name": "矩阵派生体系", "region": t["nanan"].pk}


def compare_with_source(o, t):
    return {"left": o.derived_from_id, "right": o.pk}


ENDPOINTS = [
    # ---- API: frameworks ----
    Endpoint("api frameworks list", "api", "list", LEADER, local_framework, lambda o: API, listed=has_id),
    Endpoint("api frameworks filtered list", "api", "list", INSPECTOR, local_framework,
             lambda o: f"{API}?scope=local&kind=school_supervision&q=矩阵", listed=has_id),
    Endpoint("api frameworks framework detail", "api", "detail", LEADER, local_framework,
             lambda o: f"{API}/{o.pk}"),
    # ---- API: versions (reads) ----
    Endpoint("api frameworks version detail", "api", "detail", INSPECTOR, local_version,
             lambda o: f"{API}/versions/{o.pk}"),
    Endpoint("api frameworks version library", "api", "detail", LEADER, local_version,
             lambda o: f"{API}/versions/{o.pk}/library"),
    Endpoint("api frameworks version usages", "api", "detail", INSPECTOR, used_version,
             lambda o: f"{API}/versions/{o.pk}/usages"),
    # the 南岸区 version against its national source: one invisible side is a 404
    Endpoint("api frameworks version compare", "api", "detail", LEADER, local_version,
             lambda o: f"{API}/versions/compare", payload=compare_with_source),
    # a dry run (nothing stored), but the version is looked up in the caller's scope
    Endpoint("api frameworks version evaluate", "api", "detail", INSPECTOR, local_version,
             lambda o: f"{API}/versions/{o.pk}/evaluate", method="post",
             payload=lambda o, t: {"results": {"A1-1": "好", "A1-2": 15}}),
    # ---- API: writes ----
    Endpoint("api frameworks derive national into 南岸区", "api", "write", OFFICE, national,
             lambda o: f"{API}/versions/{o.pk}/derive", method="post",
             payload=api_derive("urn:dudao:500108:matrix-api-derived"), ok=(201,),
             effect=derived_into_nanan("urn:dudao:500108:matrix-api-derived")),
    Endpoint("api frameworks derive from 南岸区 version", "api", "write", OFFICE, local_version,
             lambda o: f"{API}/versions/{o.pk}/derive", method="post",
             payload=api_derive("urn:dudao:500108:matrix-api-derived-2"), ok=(201,),
             effect=derived_into_nanan("urn:dudao:500108:matrix-api-derived-2")),
    Endpoint("api frameworks replace content", "api", "write", OFFICE, local_version,
             lambda o: f"{API}/versions/{o.pk}/content", method="put",
             payload=lambda o, t: {"yaml": library_yaml(name="矩阵替换名称")},
             effect=lambda o: named(o, "矩阵替换名称")),
    Endpoint("api frameworks publish", "api", "write", OFFICE, local_version,
             lambda o: f"{API}/versions/{o.pk}/publish", method="post",
             effect=in_status(VersionStatus.PUBLISHED)),
    Endpoint("api frameworks retire", "api", "write", OFFICE, published_version,
             lambda o: f"{API}/versions/{o.pk}/retire", method="post",
             effect=in_status(VersionStatus.RETIRED)),
    Endpoint("api frameworks import into 南岸区", "api", "write", OFFICE, lambda t: t["nanan"],
             lambda o: f"{API}/import", method="post",
             payload=lambda o, t: {"yaml": library_yaml(urn="urn:dudao:500108:matrix-api-import"),
                                   "region_code": "500108"},
             ok=(201,), effect=imported_into("urn:dudao:500108:matrix-api-import")),
    # ---- UI: reads ----
    Endpoint("ui frameworks framework list", "ui", "list", LEADER, local_framework,
             lambda o: "/frameworks/", listed=links_to),
    Endpoint("ui frameworks framework list filtered", "ui", "list", INSPECTOR, local_framework,
             lambda o: "/frameworks/?scope=local&kind=school_supervision&q=矩阵", listed=links_to),
    Endpoint("ui frameworks framework list excel", "ui", "list", LEADER, local_framework,
             lambda o: "/frameworks/?export=xlsx&scope=local", listed=xlsx_lists),
    Endpoint("ui frameworks framework detail", "ui", "detail", INSPECTOR, local_framework,
             lambda o: f"/frameworks/{o.pk}/"),
    Endpoint("ui frameworks version detail", "ui", "detail", LEADER, used_version,
             lambda o: f"/frameworks/versions/{o.pk}/"),
    Endpoint("ui frameworks version export yaml", "ui", "detail", INSPECTOR, local_version,
             lambda o: f"/frameworks/versions/{o.pk}/export/?format=yaml"),
    Endpoint("ui frameworks version export xlsx", "ui", "detail", LEADER, local_version,
             lambda o: f"/frameworks/versions/{o.pk}/export/?format=xlsx"),
    # denied: the form rejects the invisible version and nothing is compared (200 without the result)
    Endpoint("ui frameworks compare", "ui", "list", INSPECTOR, local_version,
             lambda o: "/frameworks/compare/", payload=compare_with_source, listed=links_to),
    Endpoint("ui frameworks derive page", "ui", "detail", OFFICE, local_version,
             lambda o: f"/frameworks/versions/{o.pk}/derive/"),
    # ---- UI: writes ----
    Endpoint("ui frameworks derive national into 南岸区", "ui", "write", OFFICE, national,
             lambda o: f"/frameworks/versions/{o.pk}/derive/", method="post",
             payload=ui_derive("urn:dudao:500108:matrix-ui-derived"), ok=(302,),
             effect=derived_into_nanan("urn:dudao:500108:matrix-ui-derived")),
    Endpoint("ui frameworks derive from 南岸区 version", "ui", "write", OFFICE, local_version,
             lambda o: f"/frameworks/versions/{o.pk}/derive/", method="post",
             payload=ui_derive("urn:dudao:500108:matrix-ui-derived-2"), ok=(302,),
             effect=derived_into_nanan("urn:dudao:500108:matrix-ui-derived-2")),
    Endpoint("ui frameworks replace content", "ui", "write", OFFICE, local_version,
             lambda o: f"/frameworks/versions/{o.pk}/replace/", method="post",
             payload=lambda o, t: {"file": upload("matrix.yaml", library_yaml(name="矩阵替换名称"))}, ok=(302,),
             effect=lambda o: named(o, "矩阵替换名称")),
    Endpoint("ui frameworks publish", "ui", "write", OFFICE, local_version,
             lambda o: f"/frameworks/versions/{o.pk}/publish/", method="post", ok=(302,),
             effect=in_status(VersionStatus.PUBLISHED)),
    Endpoint("ui frameworks retire", "ui", "write", OFFICE, published_version,
             lambda o: f"/frameworks/versions/{o.pk}/retire/", method="post", ok=(302,),
             effect=in_status(VersionStatus.RETIRED)),
    Endpoint("ui frameworks import into 南岸区", "ui", "write", OFFICE, lambda t: t["nanan"],
             lambda o: "/frameworks/import/", method="post",
             payload=lambda o, t: {"region": o.pk, "file": upload(
                 "matrix.yaml", library_yaml(urn="urn:dudao:500108:matrix-ui-import"))},
             ok=(302,), effect=imported_into("urn:dudao:500108:matrix-ui-import")),
]

# No OWN_PATHS / OWN_PAGES: every frameworks operation — the catalogue list included (national
# frameworks plus the caller's local ones), and the scoring dry run (it looks its version up in the
# caller's scope) — has a row above. National-only behaviour (system-wide import and publish of
# national libraries) is covered by frameworks/tests/test_api.py::test_import_permissions and
# ::test_publish_permissions.
