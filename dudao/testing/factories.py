"""factory_boy factories. Regions are built with real-looking GB/T 2260 codes and correct paths."""

import itertools

import factory

from dudao.accounts.models import RoleAssignment, User
from dudao.accounts.roles import RoleCode
from dudao.common.pinyin import search_key
from dudao.common.validators import make_credit_code
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region

PASSWORD = "Test@2025pw"
_seq = itertools.count(1)


def region(code: str, name: str, parent: Region | None = None) -> Region:
    """Get or create a region with a correct level and path."""
    from dudao.regions.codes import level_of

    existing = Region.objects.filter(code=code).first()
    if existing:
        return existing
    return Region.objects.create(
        code=code, name=name, level=level_of(code), parent=parent,
        path=f"{parent.path if parent else '/'}{code}/", search_key=search_key(name),
    )


def region_tree():
    """A small tree: two provinces; in 重庆市 two sibling counties, each with a township.

    Returns a dict of the regions by short name. The national problem categories are put back
    where a transactional test flushed the migration's rows."""
    from dudao.inspections.categories import ensure_national

    ensure_national()
    cq = region("500000", "重庆市")
    nanan = region("500108", "南岸区", cq)
    ddk = region("500104", "大渡口区", cq)
    return {
        "cq": cq,
        "nanan": nanan,
        "nanan_town": region("500108001", "铜元局街道", nanan),
        "ddk": ddk,
        "ddk_town": region("500104001", "新山村街道", ddk),
        "sc": region("510000", "四川省"),
        "zy": region("512000", "资阳市", Region.objects.get(code="510000")),
    }


def credit_code(region_code: str = "500108") -> str:
    return make_credit_code(region_code, next(_seq))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.SCHOOL
    name = factory.Sequence(lambda n: f"测试学校{n}")
    region = factory.LazyFunction(lambda: region("500108", "南岸区", region("500000", "重庆市")))
    region_path = factory.LazyAttribute(lambda o: o.region.path)
    search_key = factory.LazyAttribute(lambda o: search_key(o.name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str = RoleCode.OFFICE_ADMIN, *, region=None, unit=None, recursive=True, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, region=region, unit=unit,
                                  recursive=recursive if unit is None else False)
    return user
