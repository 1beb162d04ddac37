from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.accounts.roles import RoleCode
from dudao.regionsettings.services import effective_settings, get_setting, region_setting_set
from dudao.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_default_applies_everywhere_and_names_its_source(tree):
    eff = effective_settings(tree["nanan_town"])["posting.max_schools_per_inspector"]
    assert eff.value == 5 and eff.is_default and "挂牌督导办法" in eff.source
    assert get_setting(None, "posting.large_school_enrolment") == 2000


def test_value_is_inherited_down_the_tree_and_nearest_wins(tree):
    region_setting_set(actor=None, region=tree["cq"], key="posting.max_schools_per_inspector", value=4,
                       source="渝教督〔2024〕1号")
    region_setting_set(actor=None, region=tree["nanan"], key="posting.max_schools_per_inspector", value=6)
    assert get_setting(tree["ddk_town"], "posting.max_schools_per_inspector") == 4
    assert get_setting(tree["nanan_town"], "posting.max_schools_per_inspector") == 6
    assert get_setting(tree["sc"], "posting.max_schools_per_inspector") == 5
    eff = effective_settings(tree["ddk"])["posting.max_schools_per_inspector"]
    assert eff.source == "渝教督〔2024〕1号" and eff.set_in == tree["cq"]
    region_setting_set(actor=None, region=tree["nanan"], key="posting.max_schools_per_inspector", value=None)
    assert get_setting(tree["nanan_town"], "posting.max_schools_per_inspector") == 4


def test_setting_validation_and_scope(tree):
    office = user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
    with pytest.raises(ValidationError):
        region_setting_set(actor=office, region=tree["nanan"], key="term.years", value="2.5")
    with pytest.raises(ValidationError):
        region_setting_set(actor=office, region=tree["nanan"], key="nope", value=1)
    with pytest.raises(PermissionDenied):
        region_setting_set(actor=office, region=tree["ddk"], key="term.years", value=4)
    row = region_setting_set(actor=office, region=tree["nanan"], key="training.min_centralised_hours", value="48")
    assert row.value == Decimal("48")
