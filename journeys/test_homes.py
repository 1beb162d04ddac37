"""Every demo role logs in and sees its home, at desktop and phone widths."""

import pytest

from conftest import DESKTOP, PHONE

ROLES = ["nanan_office", "nanan_inspector", "nanan_school", "cq_office", "nanan_leader"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("username", ROLES)
def test_home(person, username, viewport):
    me = person(username, viewport)
    page = me.go("/")
    assert page.locator("body").inner_text().strip()
    # nothing spills sideways on a phone
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{username} home is {overflow}px wider than the {viewport['width']}px screen"
    me.shot(f"home-{username}-{viewport['width']}")
