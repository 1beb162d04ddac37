import pytest

from dudao.accounts.roles import RoleCode
from dudao.testing.documents_factories import office
from dudao.testing.factories import user_with_role


@pytest.fixture
def nanan_office(tree):
    return office(tree["nanan"])


@pytest.fixture
def ddk_office(tree):
    return office(tree["ddk"])


@pytest.fixture
def nanan_admin(tree):
    return user_with_role(RoleCode.OFFICE_ADMIN, region=tree["nanan"])
