"""Model-backed selects offer a Chinese empty choice: Django 6.1's default label ("- Select an
option -") has no Chinese translation, so ``UiConfig.ready`` replaces it."""

import pytest

from dudao.accounts.roles import RoleCode
from dudao.testing.factories import user_with_role
from dudao.testing.matrix import ui_client
from dudao.testing.schools_factories import office

pytestmark = pytest.mark.django_db


def test_empty_choice_of_a_model_select_is_chinese(tree):
    office(tree["nanan"])
    page = ui_client(user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])).get("/ledger/followups/")
    html = page.content.decode()
    assert "— 请选择 —" in html and "Select an option" not in html
