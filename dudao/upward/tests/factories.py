"""The small world of the app's tests: 重庆市 and 南岸区 offices, 南岸区's committee with three member
units (each with a respondent), a published national framework of four leaf indicators, and the
users of both offices."""

import datetime

from django.utils import timezone

from dudao.accounts.roles import RoleCode
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import MemberUnit
from dudao.testing.factories import UnitFactory, user_with_role
from dudao.testing.frameworks_factories import load_small
from dudao.testing.matrix import api_client

TODAY = timezone.localdate()
UNIT_NAMES = ("南岸区住房城乡建委", "南岸区财政局", "南岸区卫生健康委")


def member_unit(committee, name):
    unit = UnitFactory(kind=UnitKind.DEPARTMENT, region=committee.region, name=name)
    MemberUnit.objects.create(committee=committee, unit=unit, liaison_name="联络员")
    return unit


def world(tree):
    nanan, cq = tree["nanan"], tree["cq"]
    UnitFactory(kind=UnitKind.OFFICE, region=cq, name="重庆市人民政府教育督导室")
    UnitFactory(kind=UnitKind.OFFICE, region=nanan, name="重庆市南岸区人民政府教育督导室")
    committee = UnitFactory(kind=UnitKind.COMMITTEE, region=nanan, name="重庆市南岸区人民政府教育督导委员会")
    units = [member_unit(committee, n) for n in UNIT_NAMES]
    version = load_small()
    return {
        "region": nanan,
        "committee": committee,
        "units": units,
        "version": version,
        "leaves": list(version.indicators.filter(children__isnull=True).order_by("sort_order", "id")),
        "city": user_with_role(RoleCode.OFFICE_ADMIN, region=cq),
        "county": user_with_role(RoleCode.OFFICE_ADMIN, region=nanan),
        "respondents": [user_with_role(RoleCode.UNIT_RESPONDENT, unit=u) for u in units],
        "sibling": user_with_role(RoleCode.OFFICE_ADMIN, region=tree["ddk"]),
    }


def announce(w, *, deadline_days=20):
    from dudao.upward import services

    return services.evaluation_announce(
        actor=w["city"],
        region=w["region"],
        version=w["version"],
        year=TODAY.year,
        deadline=TODAY + datetime.timedelta(days=deadline_days),
    )


def post(user, url, payload=None):
    return api_client(user).post(url, data=payload or {}, content_type="application/json")
