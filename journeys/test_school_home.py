"""The school's home (issue 13): nanan_school logs in and finds its to-dos — the demo's 督导通知 with its
self-evaluation open and two problems owed — nearest deadline first, their number on the menu; it
opens the first and comes back; at a phone's width the list fits the screen."""

import datetime
import re

import pytest

from conftest import DESKTOP, PHONE


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_school_home_lists_what_to_do_next(person, viewport):
    me = person("nanan_school", viewport)
    page = me.go("/")
    rows = page.locator(".home-unit li.todo")
    texts = rows.all_inner_texts()
    assert any("校园安全专项督导" in t and "自评" in t for t in texts), texts
    assert any("学校安全隐患排查台账未按月更新" in t for t in texts), texts
    assert any("校门口护学岗" in t for t in texts), texts
    # nearest deadline first; rows without a deadline after
    dues = [re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日 截止", t) for t in texts]
    dated = [datetime.date(*map(int, m.groups())) for m in dues if m]
    assert dated == sorted(dated) and len(dated) >= 3
    assert all(m is not None for m in dues[:len(dated)])  # undated ones only at the end
    # the menu's 首页 entry counts them (the menu is off-canvas on a phone)
    if viewport is PHONE:
        page.locator("[data-bs-target='#sidebar']").first.click()
    badge = page.locator("#sidebar .menu-badge").first
    assert badge.inner_text().strip() == str(len(texts))
    if viewport is PHONE:
        page.locator("#sidebar .btn-close").click()
        page.locator("#sidebar").wait_for(state="hidden")
        page.wait_for_function("!document.querySelector('.offcanvas-backdrop')")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    me.shot(f"school-home-{viewport['width']}")
    # the first to-do (the result owed within the week) opens its page
    assert "学校安全隐患排查台账未按月更新" in texts[0]
    first = rows.first.locator("a").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_load_state()
    assert page.url.endswith(href)
    assert "学校安全隐患排查台账未按月更新" in page.locator("main").inner_text()
