"""Demo accounts (password ``Demo@2025`` — demo only)."""

from dudao.orgs.models import Unit
from dudao.regions.models import Region

from .models import RoleAssignment, User
from .roles import RoleCode

#: The password of every demo account (``manage.py demo`` prints it).
DEMO_PASSWORD = "Demo@2025"

DEMO_USERS = [
    # username, real name, mobile, role, region code, unit name (for the role), recursive, home unit name, label
    ("admin", "系统管理员", None, RoleCode.SYSTEM_ADMIN, None, None, True, None, "系统管理员（全系统）"),
    ("secadmin", "安全管理员", None, RoleCode.SECURITY_ADMIN, None, None, True, None, "安全管理员（全系统）"),
    ("auditor", "审计管理员", None, RoleCode.AUDIT_ADMIN, None, None, True, None, "审计管理员（全系统）"),
    ("cq_office", "周立群", "13800000001", RoleCode.OFFICE_ADMIN, "500000", None, True, "重庆市人民政府教育督导室",
     "重庆市督导室（含全部下级）"),
    ("nanan_office", "何晓燕", "13800000002", RoleCode.OFFICE_ADMIN, "500108", None, True,
     "重庆市南岸区人民政府教育督导室", "南岸区督导室"),
    ("dadukou_office", "罗文", "13800000003", RoleCode.OFFICE_ADMIN, "500104", None, True,
     "重庆市大渡口区人民政府教育督导室", "大渡口区督导室"),
    ("dazu_office", "唐建", "13800000004", RoleCode.OFFICE_ADMIN, "500111", None, True,
     "重庆市大足区人民政府教育督导室", "大足区督导室"),
    ("nanan_inspector", "杨志强", "13800000005", RoleCode.INSPECTOR, "500108", None, True,
     "重庆市南岸区人民政府教育督导室", "南岸区督学"),
    ("nanan_school", "孙丽", "13800000006", RoleCode.UNIT_RESPONDENT, None, "重庆市南岸区珊瑚实验小学", False,
     "重庆市南岸区珊瑚实验小学", "南岸区珊瑚实验小学填报员"),
    ("nanan_leader", "王建华", "13800000007", RoleCode.LEADER, "500108", None, True,
     "重庆市南岸区人民政府教育督导委员会", "南岸区领导（只读）"),
]


def load(context, stdout):
    logins = context.setdefault("logins", [])
    for username, real_name, mobile, role, region_code, unit_name, recursive, home, label in DEMO_USERS:
        home_unit = Unit.objects.filter(name=home).first() if home else None
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, real_name=real_name, mobile=mobile, unit=home_unit)
            user.set_password(context["password"])
            user.save()
        region = Region.objects.get(code=region_code) if region_code else None
        unit = Unit.objects.get(name=unit_name) if unit_name else None
        RoleAssignment.objects.get_or_create(user=user, role=role, region=region, unit=unit,
                                             defaults={"recursive": recursive})
        logins.append((username, label))
    stdout.write(f"账户：共 {User.objects.count()} 个")
