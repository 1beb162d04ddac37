import pytest

from dudao.accounts.roles import RoleCode
from dudao.testing.factories import UnitFactory, UserFactory, user_with_role
from dudao.testing.frameworks_factories import load_small


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests create many users; hashing their passwords properly is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class LazyUsers(dict):
    """One user per permission case, created on first use."""

    def __init__(self, makers):
        super().__init__()
        self.makers = makers

    def __missing__(self, name):
        self[name] = self.makers[name]()
        return self[name]


@pytest.fixture
def fw(tree):
    """A national framework, a draft local one in 南岸区 and a published local one in 大渡口区,
    and one user per permission case."""
    school = UnitFactory(region=tree["nanan"])
    return {
        "national": load_small(),
        "nanan": load_small(urn="urn:dudao:500108:local", name="南岸区本地体系", region=tree["nanan"], publish=False),
        "ddk": load_small(urn="urn:dudao:500104:local", name="大渡口区本地体系", region=tree["ddk"]),
        "users": LazyUsers({
            "no_role": lambda: UserFactory(),
            "in_scope": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"]),
            "sibling": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
            "parent": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["cq"]),
            "other_province": lambda: user_with_role(RoleCode.OFFICE_ADMIN, region=tree["sc"]),
            "inspector": lambda: user_with_role(RoleCode.INSPECTOR, region=tree["nanan"]),
            "school": lambda: user_with_role(RoleCode.UNIT_RESPONDENT, unit=school),
            "system_admin": lambda: user_with_role(RoleCode.SYSTEM_ADMIN),
            "auditor": lambda: user_with_role(RoleCode.AUDIT_ADMIN),
        }),
        "tree": tree,
    }


@pytest.fixture
def as_user(client, fw):
    def login(name):
        if name != "anonymous":
            client.force_login(fw["users"][name])
        return client

    return login
