import pytest

from dudao.accounts.roles import RoleCode
from dudao.testing.factories import UnitFactory, UserFactory, user_with_role
from dudao.testing.frameworks_factories import load_small


@pytest.fixture
def fw(tree):
    """A national framework, a draft local one in 南岸区 and a published local one in 大渡口区,
    and one user per permission case."""
    school = UnitFactory(region=tree["nanan"])
    return {
        "national": load_small(),
        "nanan": load_small(urn="urn:dudao:500108:local", name="南岸区本地体系", region=tree["nanan"], publish=False),
        "ddk": load_small(urn="urn:dudao:500104:local", name="大渡口区本地体系", region=tree["ddk"]),
        "users": {
            "no_role": UserFactory(),
            "in_scope": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
            "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
            "parent": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
            "other_province": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["sc"]),
            "inspector": user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]),
            "school": user_with_role(RoleCode.UNIT_RESPONDENT, unit=school),
            "system_admin": user_with_role(RoleCode.SYSTEM_ADMIN),
            "auditor": user_with_role(RoleCode.AUDIT_ADMIN),
        },
        "tree": tree,
    }


@pytest.fixture
def as_user(client, fw):
    def login(name):
        if name != "anonymous":
            client.force_login(fw["users"][name])
        return client

    return login
