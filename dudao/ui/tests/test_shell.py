import pytest
from django.core.management import call_command
from django.test import Client

from dudao.accounts.models import RoleAssignment, User
from dudao.orgs.models import Unit
from dudao.regions.models import Region


@pytest.mark.django_db
def test_healthz():
    r = Client().get("/healthz")
    assert r.status_code == 200 and r.json()["database"] is True


@pytest.mark.django_db
def test_demo_is_idempotent_and_scoped(capsys):
    call_command("demo")
    counts = (Region.objects.count(), Unit.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    out = capsys.readouterr().out
    assert "nanan_office" in out and "Demo@2025" in out
    call_command("demo")
    assert counts == (Region.objects.count(), Unit.objects.count(), User.objects.count(),
                      RoleAssignment.objects.count())
    nanan_schools = Unit.objects.filter(region_path__startswith="/500000/500108/", kind__in=["school", "kindergarten"])
    assert 55 <= nanan_schools.count() <= 70
    client = Client()
    assert client.post("/accounts/login/", {"login": "nanan_office", "password": "Demo@2025"}).status_code == 302
    page = client.get("/units/", {"q": "大渡口"}).content.decode()
    assert "大渡口" not in page.split("<tbody>")[1]  # the neighbouring county is invisible
    assert "重庆市南岸区珊瑚实验小学" in client.get("/units/", {"q": "珊瑚"}).content.decode()
    cq = Client()
    cq.post("/accounts/login/", {"login": "cq_office", "password": "Demo@2025"})
    assert "大渡口区" in cq.get("/units/", {"q": "大渡口"}).content.decode()


@pytest.mark.django_db
def test_language_switch_to_english(tree):
    from dudao.testing.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    assert "工作台" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page


@pytest.mark.django_db
def test_chinese_is_the_default_whatever_the_browser_asks():
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page and 'lang="zh-hans"' in page


def test_only_the_most_specific_menu_item_is_active():
    from dudao.ui.menu import menu_for

    class Everyone:
        is_authenticated = True
        is_active = True
        _dudao_assignments = []

    from unittest import mock

    with mock.patch("dudao.ui.menu.user_has_perm", return_value=True):
        sections = menu_for(Everyone(), "/inspectors/coverage/")
    active = [i["url"] for s in sections for i in s["items"] if i["active"]]
    assert active == ["/inspectors/coverage/"]
