"""Navigation by role (issue 15, item 5): the sidebar built from the user's permissions with the
entries each role uses daily on top and the rest in collapsible groups; breadcrumbs; branded error
pages in the user's language with a way back; the favicon; the form system's assets."""

import re

import pytest
from django.test import Client

from dudao.accounts.roles import RoleCode
from dudao.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def _page(user, path="/"):
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _daily(html):
    block = re.search(r'<ul class="nav nav-pills flex-column menu-daily">(.*?)</ul>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a [^>]*>(.*?)</a>", block, re.S)]


def _groups(html):
    return re.findall(r'<details class="menu-group[^"]*"[^>]*>\s*<summary[^>]*><span>([^<]+)</span>', html)


def _entries(html):
    return len(re.findall(r'class="nav-link py-1', html))


def _menu_labels(html):
    menu = re.search(r'<nav aria-label="主菜单">(.*?)</nav>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r'<a class="nav-link[^>]*>(.*?)</a>', menu, re.S)]


def test_an_inspector_and_an_office_see_their_own_daily_entries_on_top(tree):
    inspector = _page(user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]))
    office = _page(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    assert _daily(inspector)[:4] == ["首页", "今日督导", "经常性督导", "督导任务"]
    assert _daily(office)[:4] == ["首页", "督导任务", "问题台账", "逾期问题"]
    assert "今日督导" not in _daily(office)
    # the rest is grouped, and an entry on top is not repeated in its group
    assert "问题台账" in _groups(office) and "系统管理" not in _groups(inspector)
    for html in (inspector, office):
        labels = _menu_labels(html)
        assert len(labels) == len(set(labels)), labels
    assert len(_daily(office)) <= 7 and _entries(office) > _entries(inspector)


def test_a_school_sees_a_short_menu(tree):
    from dudao.testing.schools_factories import school

    html = _page(user_with_role(RoleCode.UNIT_RESPONDENT, unit=school(tree["nanan"], name="南岸区菜单测试学校")))
    assert _daily(html)[:2] == ["首页", "问题台账"]
    assert "账户管理" not in html and "督学名册" not in html


def test_the_group_of_the_current_page_is_open(tree):
    html = _page(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]), "/inspectors/coverage/")
    opened = re.findall(r'<details class="menu-group[^"]*" open>\s*<summary[^>]*><span>([^<]+)</span>', html)
    assert opened == ["学校与督学"]
    assert 'aria-current="page"' in html


def test_breadcrumbs_on_a_detail_page(tree):
    from dudao.testing.ledger_factories import item, ledger_world

    world = ledger_world(tree)
    it = item(world)
    html = _page(world["admin"], it.get_absolute_url())
    crumbs = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', html, re.S).group(1)
    assert "首页" in crumbs and 'href="/ledger/"' in crumbs and 'aria-current="page"' in crumbs


@pytest.mark.parametrize("language, texts", [("zh-hans", ("页面不存在", "返回首页", "教育督导综合管理平台")),
                                             ("en", ("Page not found", "Home", "Education Supervision Management Platform"))])
def test_the_404_page_is_branded_in_the_users_language_with_a_way_back(language, texts):
    client = Client()
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and f'lang="{language}"' in html
    for text in texts:
        assert text in html, text
    assert 'href="/"' in html and 'rel="icon" href="/favicon.ico"' in html and "navbar" in html


def test_favicon_and_the_form_assets_are_served(tree):
    assert Client().get("/favicon.ico").status_code == 200
    html = _page(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]))
    assert 'rel="icon" href="/favicon.ico"' in html
    for asset in ("/static/vendor/tom-select/js/tom-select.complete.min.js",
                  "/static/vendor/tom-select/css/tom-select.bootstrap5.min.css", "/static/dudao/behaviours.js"):
        assert asset in html
        response = Client().get(asset)
        assert response.status_code == 200, asset
