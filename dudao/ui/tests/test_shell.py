import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz():
    r = Client().get("/healthz")
    assert r.status_code == 200 and r.json()["database"] is True


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
