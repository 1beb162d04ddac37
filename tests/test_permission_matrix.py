"""Every list, detail and write endpoint and page of the foundation, as anonymous, no role, in
scope, child region, sibling region and parent region (see ``dudao.testing.matrix``)."""

import copy
import shutil
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from dudao.accounts.models import RoleAssignment, User
from dudao.accounts.roles import RoleCode
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import CommitteeMember, MemberUnit, Unit
from dudao.regions.models import Region
from dudao.testing.factories import UnitFactory, UserFactory
from dudao.testing.matrix import (
    ALLOWED_CASES,
    CASES,
    Endpoint,
    api_client,
    call,
    check,
    collect_app_endpoints,
    collect_app_own_pages,
    collect_app_own_paths,
    fresh_tree,
    matrix_user,
    rolled_back,
    shared_tree,
    ui_client,
)

OFFICE, SYS, SEC = RoleCode.OFFICE_ADMIN, RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN


def school(tree):
    return UnitFactory(region=tree["nanan"], name="矩阵测试学校")


def committee(tree):
    unit = UnitFactory(region=tree["nanan"], kind=UnitKind.COMMITTEE, name="矩阵测试督导委员会")
    dept = UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT, name="矩阵测试部门")
    CommitteeMember.objects.create(committee=unit, name="矩阵成员", post="member")
    MemberUnit.objects.create(committee=unit, unit=dept, liaison_name="联络员甲")
    return unit


def committee_with_department(tree):
    unit = committee(tree)
    unit.spare_department = UnitFactory(region=tree["nanan"], kind=UnitKind.DEPARTMENT, name="矩阵新成员部门")
    return unit


def target_user(tree):
    return UserFactory(unit=school(tree), real_name="矩阵目标用户")


def locked_user(tree):
    user = target_user(tree)
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    return user


def enrolled_user(tree):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = target_user(tree)
    TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    User.objects.filter(pk=user.pk).update(otp_enrol_until=None)
    return user


def user_with_mobile(tree):
    user = target_user(tree)
    user.mobile = "13912345555"
    user.save(update_fields=["mobile"])
    return user


def has_sms_device(user) -> bool:
    from dudao.accounts.models import SmsDevice

    return SmsDevice.objects.filter(user=user, confirmed=True).exists()


def otp_was_reset(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return not TOTPDevice.objects.filter(user=user).exists() and refreshed(User, pk=user.pk,
                                                                           otp_enrol_until__isnull=False)


def assignment(tree):
    return RoleAssignment.objects.create(user=target_user(tree), role=RoleCode.INSPECTOR, region=tree["nanan"])


def _csv(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("regions.csv", text.encode())


def items(response):
    return response.json()["items"]


def has_id(response, obj):
    return any(item["id"] == obj.pk for item in items(response))


def in_html(text):
    return lambda response, obj: text in response.content.decode()


def refreshed(model, **lookup):
    return model.objects.filter(**lookup).exists()


ENDPOINTS = [
    # ---- API: units ----
    Endpoint("api units list", "api", "list", OFFICE, school, lambda o: "/api/v1/units", listed=has_id),
    Endpoint("api units filtered list", "api", "list", OFFICE, school,
             lambda o: "/api/v1/units?kind=school&q=jzcs", listed=has_id),
    Endpoint("api unit detail", "api", "detail", OFFICE, school, lambda o: f"/api/v1/units/{o.pk}"),
    Endpoint("api unit create", "api", "write", OFFICE, lambda t: t, lambda o: "/api/v1/units", method="post",
             payload=lambda o, t: {"kind": "school", "name": "接口新建学校", "region_code": "500108"}, ok=(201,),
             effect=lambda o: refreshed(Unit, name="接口新建学校")),
    Endpoint("api unit update", "api", "write", OFFICE, school, lambda o: f"/api/v1/units/{o.pk}", method="patch",
             payload=lambda o, t: {"name": "接口改名学校"}, effect=lambda o: refreshed(Unit, pk=o.pk, name="接口改名学校")),
    Endpoint("api unit delete", "api", "write", OFFICE, school, lambda o: f"/api/v1/units/{o.pk}", method="delete",
             ok=(204,), effect=lambda o: not refreshed(Unit, pk=o.pk)),
    Endpoint("api committee members", "api", "detail", OFFICE, committee,
             lambda o: f"/api/v1/units/{o.pk}/committee-members"),
    Endpoint("api member units", "api", "detail", OFFICE, committee, lambda o: f"/api/v1/units/{o.pk}/member-units"),
    Endpoint("api committee member add", "api", "write", OFFICE, committee,
             lambda o: f"/api/v1/units/{o.pk}/committee-members", method="post", ok=(201,),
             payload=lambda o, t: {"name": "接口成员", "post": "member"},
             effect=lambda o: refreshed(CommitteeMember, committee=o, name="接口成员")),
    Endpoint("api committee member delete", "api", "write", OFFICE, lambda t: committee(t).committee_members.first(),
             lambda o: f"/api/v1/units/committee-members/{o.pk}", method="delete", ok=(204,),
             effect=lambda o: not refreshed(CommitteeMember, pk=o.pk)),
    Endpoint("api member unit add", "api", "write", OFFICE, committee_with_department,
             lambda o: f"/api/v1/units/{o.pk}/member-units", method="post", ok=(201,),
             payload=lambda o, t: {"unit_id": o.spare_department.pk, "liaison_name": "接口联络员"},
             effect=lambda o: refreshed(MemberUnit, committee=o, liaison_name="接口联络员")),
    Endpoint("api member unit delete", "api", "write", OFFICE, lambda t: committee(t).member_units.first(),
             lambda o: f"/api/v1/units/member-units/{o.pk}", method="delete", ok=(204,),
             effect=lambda o: not refreshed(MemberUnit, pk=o.pk)),
    # ---- API: regions ----
    Endpoint("api regions list", "api", "list", OFFICE, lambda t: t["nanan"], lambda o: "/api/v1/regions?q=南岸",
             listed=has_id),
    Endpoint("api region detail", "api", "detail", OFFICE, lambda t: t["nanan"], lambda o: "/api/v1/regions/500108"),
    Endpoint("api region subtree", "api", "detail", OFFICE, lambda t: t["nanan"],
             lambda o: "/api/v1/regions/500108/subtree"),
    Endpoint("api region create", "api", "write", SYS, lambda t: t["nanan"], lambda o: "/api/v1/regions",
             method="post", payload=lambda o, t: {"code": "500108999", "name": "测试街道", "parent_code": "500108"},
             ok=(201,), effect=lambda o: refreshed(Region, code="500108999")),
    Endpoint("api region update", "api", "write", SYS, lambda t: t["nanan"], lambda o: "/api/v1/regions/500108",
             method="patch", payload=lambda o, t: {"name": "南岸区（改）"},
             effect=lambda o: refreshed(Region, code="500108", name="南岸区（改）")),
    Endpoint("api region import", "api", "write", SYS, lambda t: t["nanan"], lambda o: "/api/v1/regions/import",
             method="post", payload=lambda o, t: {"file": _csv("code,name\n500108995,接口导入街道\n")},
             extra={"multipart": True}, effect=lambda o: refreshed(Region, code="500108995")),
    # ---- API: users and roles ----
    Endpoint("api users list", "api", "list", SYS, target_user, lambda o: "/api/v1/users", listed=has_id),
    Endpoint("api user detail", "api", "detail", SYS, target_user, lambda o: f"/api/v1/users/{o.pk}"),
    Endpoint("api user create", "api", "write", SYS, school, lambda o: "/api/v1/users", method="post",
             payload=lambda o, t: {"username": "apinew", "real_name": "新用户", "password": "Abcdef1!x",
                                   "unit_id": o.pk},
             ok=(201,), effect=lambda o: refreshed(User, username="apinew")),
    Endpoint("api user update", "api", "write", SYS, target_user, lambda o: f"/api/v1/users/{o.pk}", method="patch",
             payload=lambda o, t: {"real_name": "接口改名用户"}, effect=lambda o: refreshed(User, pk=o.pk, real_name="接口改名用户")),
    Endpoint("api user set password", "api", "write", SYS, target_user, lambda o: f"/api/v1/users/{o.pk}/password",
             method="post", payload=lambda o, t: {"password": "Newpass1!x"},
             effect=lambda o: refreshed(User, pk=o.pk, must_change_password=True)),
    Endpoint("api user unlock", "api", "write", SEC, locked_user, lambda o: f"/api/v1/users/{o.pk}/unlock",
             method="post", effect=lambda o: refreshed(User, pk=o.pk, locked_until=None)),
    Endpoint("api user otp reset", "api", "write", SEC, enrolled_user, lambda o: f"/api/v1/users/{o.pk}/otp-reset",
             method="post", payload=lambda o, t: {"reason": "手机丢失"}, effect=otp_was_reset),
    Endpoint("api user otp sms", "api", "write", SEC, user_with_mobile, lambda o: f"/api/v1/users/{o.pk}/otp-sms",
             method="post", effect=has_sms_device),
    Endpoint("api user roles", "api", "detail", SEC, target_user, lambda o: f"/api/v1/users/{o.pk}/roles"),
    Endpoint("api role assign", "api", "write", SEC, target_user, lambda o: "/api/v1/role-assignments", method="post",
             payload=lambda o, t: {"user_id": o.pk, "role": "inspector", "region_code": "500108"}, ok=(201,),
             effect=lambda o: refreshed(RoleAssignment, user=o, role="inspector")),
    Endpoint("api role revoke", "api", "write", SEC, assignment, lambda o: f"/api/v1/role-assignments/{o.pk}",
             method="delete", ok=(204,), effect=lambda o: not refreshed(RoleAssignment, pk=o.pk)),
    # ---- UI: units ----
    Endpoint("ui unit list", "ui", "list", OFFICE, school, lambda o: "/units/", listed=in_html("矩阵测试学校")),
    Endpoint("ui unit list filtered", "ui", "list", OFFICE, school, lambda o: "/units/?q=jzcsxx&kind=school",
             listed=in_html("矩阵测试学校")),
    Endpoint("ui committee list", "ui", "list", OFFICE, committee, lambda o: "/units/committees/",
             listed=in_html("矩阵测试督导委员会")),
    Endpoint("ui unit detail", "ui", "detail", OFFICE, school, lambda o: f"/units/{o.pk}/"),
    Endpoint("ui unit edit page", "ui", "detail", OFFICE, school, lambda o: f"/units/{o.pk}/edit/"),
    Endpoint("ui unit delete page", "ui", "detail", OFFICE, school, lambda o: f"/units/{o.pk}/delete/"),
    Endpoint("ui unit edit", "ui", "write", OFFICE, school, lambda o: f"/units/{o.pk}/edit/", method="post",
             payload=lambda o, t: {"kind": "school", "name": "页面改名学校", "region": "500108", "is_active": "on"},
             ok=(302,), effect=lambda o: refreshed(Unit, pk=o.pk, name="页面改名学校")),
    Endpoint("ui unit add", "ui", "write", OFFICE, lambda t: t, lambda o: "/units/add/", method="post",
             payload=lambda o, t: {"kind": "school", "name": "页面新建学校", "region": "500108", "is_active": "on"},
             ok=(302,), effect=lambda o: refreshed(Unit, name="页面新建学校")),
    Endpoint("ui unit delete", "ui", "write", OFFICE, school, lambda o: f"/units/{o.pk}/delete/", method="post",
             ok=(302,), effect=lambda o: not refreshed(Unit, pk=o.pk)),
    Endpoint("ui committee add member", "ui", "write", OFFICE, committee, lambda o: f"/units/{o.pk}/",
             method="post", payload=lambda o, t: {"form": "member", "m-name": "新成员", "m-post": "member",
                                                  "m-sort_order": "0"},
             ok=(302,), effect=lambda o: refreshed(CommitteeMember, committee=o, name="新成员")),
    Endpoint("ui committee delete member", "ui", "write", OFFICE, lambda t: committee(t).committee_members.first(),
             lambda o: f"/units/committee-rows/member/{o.pk}/delete/", method="post", ok=(302,),
             effect=lambda o: not refreshed(CommitteeMember, pk=o.pk)),
    # ---- UI: regions ----
    Endpoint("ui region search", "ui", "list", OFFICE, lambda t: t["nanan"], lambda o: "/regions/?q=南岸",
             listed=in_html("500108")),
    Endpoint("ui region detail", "ui", "detail", OFFICE, lambda t: t["nanan"], lambda o: "/regions/500108/"),
    Endpoint("ui region children", "ui", "detail", OFFICE, lambda t: t["nanan"], lambda o: "/regions/500108/children/"),
    Endpoint("ui region add child", "ui", "write", SYS, lambda t: t["nanan"], lambda o: "/regions/500108/",
             method="post", payload=lambda o, t: {"code": "500108998", "name": "测试镇"}, ok=(302,),
             effect=lambda o: refreshed(Region, code="500108998")),
    Endpoint("ui region tree", "ui", "list", OFFICE, lambda t: t["nanan"], lambda o: "/regions/",
             listed=lambda r, o: any(f'href="/regions/{c}/"' in r.content.decode() for c in ("500108", "500000"))),
    Endpoint("ui region import", "ui", "write", SYS, lambda t: t["nanan"], lambda o: "/regions/import/",
             method="post", payload=lambda o, t: {"file": _csv("code,name\n500108996,导入街道\n")}, ok=(302,),
             effect=lambda o: refreshed(Region, code="500108996")),
    # ---- UI: accounts ----
    Endpoint("ui user list", "ui", "list", SYS, target_user, lambda o: "/accounts/users/", listed=in_html("矩阵目标用户")),
    Endpoint("ui user detail", "ui", "detail", SYS, target_user, lambda o: f"/accounts/users/{o.pk}/"),
    Endpoint("ui user edit page", "ui", "detail", SYS, target_user, lambda o: f"/accounts/users/{o.pk}/edit/"),
    Endpoint("ui user password page", "ui", "detail", SYS, target_user, lambda o: f"/accounts/users/{o.pk}/password/"),
    Endpoint("ui user edit", "ui", "write", SYS, target_user, lambda o: f"/accounts/users/{o.pk}/edit/",
             method="post", payload=lambda o, t: {"real_name": "页面改名用户", "unit": o.unit_id, "is_active": "on"},
             ok=(302,), effect=lambda o: refreshed(User, pk=o.pk, real_name="页面改名用户")),
    Endpoint("ui user add", "ui", "write", SYS, school, lambda o: "/accounts/users/add/", method="post",
             payload=lambda o, t: {"username": "uinew", "real_name": "页面新用户", "password": "Abcdef1!x",
                                   "unit": o.pk},
             ok=(302,), effect=lambda o: refreshed(User, username="uinew")),
    Endpoint("ui user set password", "ui", "write", SYS, target_user, lambda o: f"/accounts/users/{o.pk}/password/",
             method="post", payload=lambda o, t: {"password": "Newpass1!x"}, ok=(302,),
             effect=lambda o: refreshed(User, pk=o.pk, must_change_password=True)),
    Endpoint("ui user unlock", "ui", "write", SEC, locked_user, lambda o: f"/accounts/users/{o.pk}/unlock/",
             method="post", ok=(302,), effect=lambda o: refreshed(User, pk=o.pk, locked_until=None)),
    Endpoint("ui user otp reset", "ui", "write", SEC, enrolled_user, lambda o: f"/accounts/users/{o.pk}/otp-reset/",
             method="post", payload=lambda o, t: {"reason": "手机丢失"}, ok=(302,), effect=otp_was_reset),
    Endpoint("ui user otp sms", "ui", "write", SEC, user_with_mobile, lambda o: f"/accounts/users/{o.pk}/otp-sms/",
             method="post", ok=(302,), effect=has_sms_device),
    Endpoint("ui role assign", "ui", "write", SEC, target_user, lambda o: f"/accounts/users/{o.pk}/",
             method="post", payload=lambda o, t: {"role": "inspector", "region": t["nanan"].pk, "recursive": "on"},
             ok=(302,), effect=lambda o: refreshed(RoleAssignment, user=o, role="inspector")),
    Endpoint("ui role revoke", "ui", "write", SEC, assignment, lambda o: f"/accounts/roles/{o.pk}/delete/",
             method="post", ok=(302,), effect=lambda o: not refreshed(RoleAssignment, pk=o.pk)),
]


FOUNDATION_ENDPOINTS = ENDPOINTS
# Every other app registers its rows in ``dudao/<app>/tests/matrix.py`` as ``ENDPOINTS``.
ENDPOINTS = FOUNDATION_ENDPOINTS + collect_app_endpoints()


# The region tree is built once per module and each row's object once for its six cases, each in a
# transaction rolled back after them; every case runs in a savepoint of its own inside (so the
# database a case's request meets is the tree, the row's object and the case's user, as when each
# case built them), on a copy of the object. docs/performance.md, "The CI run itself".
@pytest.fixture(scope="module")
def module_tree(django_db_setup, django_db_blocker):
    with shared_tree(django_db_blocker) as tree:
        yield tree


@pytest.fixture
def tree(module_tree, db):
    return fresh_tree(module_tree)


@pytest.fixture(scope="module", params=ENDPOINTS, ids=lambda e: e.name)
def endpoint(request):
    return request.param


@pytest.fixture(scope="module")
def endpoint_object(endpoint, module_tree, django_db_blocker, tmp_path_factory):
    """The row's object and the directory of its stored files (the root conftest's settings)."""
    media = tmp_path_factory.mktemp("matrix-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with rolled_back(django_db_blocker), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        yield endpoint.setup(fresh_tree(module_tree)), media


@pytest.fixture
def case_object(endpoint_object, _fast_tests, settings):
    """A copy of the row's object for one case, its files copied to the case's own media directory."""
    obj, media = endpoint_object
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return copy.deepcopy(obj)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_permission_matrix(endpoint, case, case_object, tree):
    user = matrix_user(case, endpoint.role, tree)
    obj = case_object
    client = api_client(user) if endpoint.channel == "api" else ui_client(user)
    response = call(endpoint, client, obj, tree)
    expected = "allowed" if case in ALLOWED_CASES else "denied"
    assert check(endpoint, case, response, obj) == expected


def test_every_api_operation_is_in_the_matrix():
    """Guard: a new endpoint must be added to the matrix — here for the foundation, in
    ``dudao/<app>/tests/matrix.py`` for other apps (auth and personal-token endpoints are the
    caller's own and are tested in the accounts tests; apps may list such paths in ``OWN_PATHS``)."""
    from dudao.api import api

    schema = api.get_openapi_schema()
    covered = set()
    for e in ENDPOINTS:
        if e.channel == "api":
            covered.add((e.method, e.url(_Fake()).split("?")[0]))
    own = {"/api/v1/auth/token", "/api/v1/auth/me", "/api/v1/auth/password", "/api/v1/tokens",
           "/api/v1/tokens/{token_id}/revoke"} | collect_app_own_paths()
    missing = []
    for path, ops in schema["paths"].items():
        if path in own:
            continue
        for method in ops:
            pattern = path.replace("{", "").replace("}", "")
            if not any(m == method and _same_route(u, path) for m, u in covered):
                missing.append(f"{method.upper()} {pattern}")
    assert not missing, f"endpoints missing from the permission matrix: {missing}"


class _Fake:
    pk = 1
    unit_id = 1


def _same_route(url: str, template: str) -> bool:
    a, b = url.strip("/").split("/"), template.strip("/").split("/")
    return len(a) == len(b) and all(y.startswith("{") or x == y for x, y in zip(a, b, strict=True))


def test_every_page_is_in_the_matrix():
    """Guard: every URL of the foundation apps is exercised by the matrix, or is listed here with
    the test that covers it."""
    from django.urls import get_resolver

    elsewhere = {
        "accounts:login", "accounts:logout", "accounts:password_change",  # test_login_policy
        "accounts:profile", "accounts:token_revoke",  # the user's own: test_tokens
        "audit:list", "audit:detail", "audit:verify",  # system-wide only: audit/tests/test_audit*.py
        "ui:home",  # counts: orgs/tests/test_units.py::test_home_counts_only_the_users_scope
    }
    urls = {e.url(_Fake()).split("?")[0] for e in ENDPOINTS if e.channel == "ui"}
    missing = []
    elsewhere |= collect_app_own_pages()
    for namespace in [ns for ns in get_resolver().namespace_dict if ns not in ("api",)]:
        resolver = get_resolver().namespace_dict[namespace][1]
        for name in resolver.reverse_dict:
            if not isinstance(name, str) or f"{namespace}:{name}" in elsewhere:
                continue
            pattern = resolver.reverse_dict.getlist(name)[0][0][0][0]
            prefix = get_resolver().namespace_dict[namespace][0]
            route = "/" + prefix + pattern
            if not any(_same_route(u, _template(route)) for u in urls):
                missing.append(f"{namespace}:{name} {route}")
    assert not missing, f"pages missing from the permission matrix: {missing}"


def _template(route: str) -> str:
    import re

    return re.sub(r"%\((\w+)\)s", r"{\1}", route)
