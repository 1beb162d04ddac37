"""Demo inspector corps. 南岸区 reaches full coverage except 2 deliberately uncovered schools and 1
overloaded inspector (6 schools, posted by an audited exception); large schools are 1∶1; two
inspectors are under 40 集中 hours for this year; one exited inspector left a replacement in the
posting history. 大渡口区 and 大足区 get a few inspectors; 重庆市 two city inspectors with fixed
contact counties (C10)."""

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.accounts.models import User
from dudao.orgs.choices import SCHOOL_KINDS, UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region
from dudao.schools.selectors import enrolment_totals

from . import workflows
from .choices import AppointmentStatus, ConflictKind, Expertise, InspectorKind, InspectorStatus, TrainingKind
from .models import Appointment, Inspector, Posting, TrainingRecord
from .postings import posting_create
from .services import appraisal_record, conflict_declare, inspector_create, training_add

NANAN_NAMES = ["杨志强", "陈晓梅", "刘建军", "黄丽娟", "周文涛", "吴海燕", "徐国平", "孙雪莲", "胡志明", "朱红梅",
               "高建华", "林秀英", "何文斌", "郭春燕", "马立新"]
UNCOVERED = {"重庆市南岸区童心幼儿园", "重庆市南岸区阳光幼儿园"}
OVERLOADED = "刘建军"
DEMO_SCHOOL = "重庆市南岸区珊瑚实验小学"
UNDER_40 = {"孙雪莲", "马立新"}


def _png(rgb) -> bytes:
    """A tiny solid-colour PNG (60×80) as a placeholder photo — no imaging library needed."""
    w, h = 60, 80
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _inspector(office, name, i, **extra):
    found = Inspector.objects.filter(office=office, name=name).first()
    if found:
        return found, False
    data = {
        "kind": InspectorKind.FULL_TIME if i % 4 == 0 else InspectorKind.PART_TIME,
        "expertise": [[Expertise.COMPULSORY], [Expertise.PRESCHOOL], [Expertise.COMPULSORY, Expertise.HIGH_SCHOOL],
                      [Expertise.VOCATIONAL, Expertise.PRIVATE]][i % 4],
        "education": "master" if i % 5 == 0 else ("college" if i == 13 else "bachelor"),
        "years_in_education": 8 if i == 13 else 12 + i * 2,
        "post_title": ["退休校长", "教研员", "区教委干部", "退休教师"][i % 4],
        "expert_pool": i % 3 == 0, "talent_pool": i % 5 == 1,
        "phone": f"023-6288{i:04d}", "mobile": f"1390238{i:04d}",
        "id_number": f"500108{1965 + i:04d}0101{i:03d}1"[:18],
        "home_address": f"重庆市南岸区某小区{i + 1}栋",
        "duties_note": "每月到校督导不少于1次，每学期不少于2次（《教育督导条例》第十四条）。",
    }
    data.update(extra)
    photo = SimpleUploadedFile(f"demo-{office.pk}-{i}.png", _png(((90 + i * 9) % 200 + 40, 120, 170)), "image/png")
    inspector = inspector_create(actor=None, office=office, name=name, photo=photo, **data)
    training_add(actor=None, inspector=inspector, course="新聘督学岗前培训", kind=TrainingKind.CENTRALISED, hours=16,
                 date=datetime.date(2023, 12, 15), provider=office.name, pre_service=True)
    return inspector, True


def _serve(inspector, session, card):
    if Appointment.objects.filter(inspector=inspector, session=session).exists():
        return
    a = workflows.appointment_recommend(actor=None, inspector=inspector, session=session, on_date=session.start_date)
    workflows.appointment_transition(actor=None, appointment=a, transition="review", on_date=session.start_date)
    workflows.appointment_transition(actor=None, appointment=a, transition="publicise", on_date=session.start_date)
    workflows.appointment_transition(actor=None, appointment=a, transition="appoint", on_date=session.start_date,
                                     card_number=card)


def _session(office, number, start):
    from .models import TermSession

    return (TermSession.objects.filter(office=office, number=number).first()
            or workflows.term_session_create(actor=None, office=office, number=number, start_date=start))


def _nanan(context, stdout):
    nanan = Region.objects.get(code="500108")
    office = Unit.objects.get(kind=UnitKind.OFFICE, region=nanan)
    s7 = _session(office, 7, datetime.date(2021, 1, 1))
    s8 = _session(office, 8, datetime.date(2024, 1, 1))
    inspectors = []
    for i, name in enumerate(NANAN_NAMES):
        extra = {}
        if name == "杨志强":
            extra["user"] = User.objects.filter(username="nanan_inspector").first()
        inspector, created = _inspector(office, name, i, **extra)
        inspectors.append(inspector)
        if created:
            _serve(inspector, s7, f"南岸督〔2021〕{i + 1:03d}号")
            _serve(inspector, s8, f"南岸督〔2024〕{i + 1:03d}号")
            year = datetime.date.today().year
            for y in (year - 1, year):
                hours = 24 if name in UNDER_40 and y == year else 42
                training_add(actor=None, inspector=inspector, course=f"{y}年责任督学能力提升培训",
                             kind=TrainingKind.CENTRALISED, hours=hours, date=datetime.date(y, 3, 20),
                             provider="重庆市人民政府教育督导室")
                training_add(actor=None, inspector=inspector, course=f"{y}年国家教育督导网络课程",
                             kind=TrainingKind.ONLINE, hours=12, date=datetime.date(y, 6, 5), provider="国家智慧教育平台")
    schools = list(Unit.objects.filter(kind__in=SCHOOL_KINDS, region_path__startswith=nanan.path, is_active=True)
                   .order_by("region_path", "name"))
    sizes = enrolment_totals([s.pk for s in schools])
    if not Posting.objects.filter(school__in=schools).exists():
        _post_nanan(schools, sizes, inspectors)
        # One inspector left the corps; the school they held went to a colleague (动态更替).
        leaver, _ = _inspector(office, "蒋永明", 20)
        school = next(s for s in schools if s.name == "重庆市南岸区峡口小学")
        current = Posting.objects.get(school=school, end_date__isnull=True)
        current.start_date = datetime.date(2024, 9, 1)
        current.save(update_fields=["start_date"])
        Posting.objects.create(inspector=leaver, school=school, region_path=school.region_path,
                               start_date=datetime.date(2024, 1, 10), end_date=datetime.date(2024, 8, 31),
                               end_reason="督学退出：本人申请")
        workflows.inspector_exit(actor=None, inspector=leaver, reason="own_request", on_date=datetime.date(2024, 8, 31),
                                 note="因工作调动申请不再担任责任督学")
        # Declared conflicts (F6).
        conflict_declare(actor=None, inspector=inspectors[1], kind=ConflictKind.OTHER,
                         unit=next(s for s in schools if s.name == "重庆市南岸区南湖小学"), note="子女在该校就读")
        for inspector in inspectors[:6]:
            appraisal_record(actor=None, inspector=inspector, year=datetime.date.today().year - 1,
                             grade="excellent" if inspector.pk % 3 == 0 else "qualified")
    stdout.write(f"督学：南岸区 {Inspector.objects.filter(office=office).count()} 名；"
                 f"在岗挂牌 {Posting.objects.filter(school__in=schools, end_date__isnull=True).count()}/{len(schools)} 所")


def _post_nanan(schools, sizes, inspectors):
    start = datetime.date(2024, 3, 1)
    large = [s for s in schools if sizes.get(s.pk, 0) >= 2000]
    # The demo inspector (nanan_inspector, 杨志强) also holds the demo school's sign (nanan_school), so
    # the story of a visit problem can be walked by both logins.
    # (a large school needs an inspector of its own, so 杨志强 takes none of those).
    demo_inspector = next(i for i in inspectors if i.name == "杨志强")
    demo_school = next((s for s in schools if s.name == DEMO_SCHOOL and s not in large), None)
    if demo_school is not None:
        posting_create(actor=None, inspector=demo_inspector, school=demo_school, start_date=start)
    rest = [s for s in schools if s not in large and s.name not in UNCOVERED and s != demo_school]
    pool = [i for i in inspectors if i.name != OVERLOADED and i != demo_inspector] + [demo_inspector]
    for school, inspector in zip(large, pool, strict=False):
        posting_create(actor=None, inspector=inspector, school=school, start_date=start)
    pool = pool[len(large):]
    overloaded = next(i for i in inspectors if i.name == OVERLOADED)
    for school in rest[:6]:
        posting_create(actor=None, inspector=overloaded, school=school, start_date=start,
                       override_reason="片区学校临时调整，第九届聘任时重新配备")
    rest = rest[6:]
    for n, school in enumerate(rest):
        posting_create(actor=None, inspector=pool[n // 5], school=school, start_date=start)


def _district(code, names, start_index):
    region = Region.objects.get(code=code)
    office = Unit.objects.get(kind=UnitKind.OFFICE, region=region)
    session = _session(office, 8, datetime.date(2024, 1, 1))
    schools = list(Unit.objects.filter(kind__in=SCHOOL_KINDS, region_path__startswith=region.path).order_by("name"))
    for n, name in enumerate(names):
        inspector, created = _inspector(office, name, start_index + n)
        if created:
            _serve(inspector, session, f"{region.name[:2]}督〔2024〕{n + 1:03d}号")
            for school in schools[n * 2:n * 2 + 2]:
                if not Posting.objects.filter(school=school, end_date__isnull=True).exists():
                    posting_create(actor=None, inspector=inspector, school=school, start_date=datetime.date(2024, 3, 1))


def _city():
    cq = Region.objects.get(code="500000")
    office = Unit.objects.get(kind=UnitKind.OFFICE, region=cq)
    session = _session(office, 6, datetime.date(2023, 1, 1))
    for n, (name, county) in enumerate([("邓国华", "500108"), ("冉晓琴", "500104")]):
        inspector, created = _inspector(office, name, 30 + n, kind=InspectorKind.FULL_TIME,
                                        contact_region=Region.objects.get(code=county), focus="government")
        if created:
            _serve(inspector, session, f"渝督〔2023〕{n + 1:03d}号")


COUNTY_DUTIES = ("市督学定点联系：每学期到联系区县不少于1次，了解督导工作开展情况，指导督政、督学和评估监测，"
                 "参加区县重大督导活动，及时向市政府教育督导室反映问题。")
SCHOOL_DUTIES = ("学校视导员：指导学校建立健全内部督导机制（学校督导室），每学期到校视导不少于1次，"
                 "督促学校规范办学行为，跟踪督导发现问题的整改。")


def _contacts():
    """C10: the city's inspectors' counties (市督学定点联系县) and 南岸's schools' 视导员."""
    from .choices import ContactKind
    from .contacts import contact_create
    from .models import FixedContact

    start = datetime.date(2024, 1, 1)
    for name, codes in (("邓国华", ["500108", "500111"]), ("冉晓琴", ["500104"])):
        inspector = Inspector.objects.filter(name=name, office__region__code="500000").first()
        for code in codes if inspector else []:
            county = Region.objects.get(code=code)
            if not FixedContact.objects.filter(inspector=inspector, county=county).exists():
                contact_create(actor=None, inspector=inspector, kind=ContactKind.COUNTY, county=county,
                               duties=COUNTY_DUTIES, start_date=start)
    nanan = Region.objects.get(code="500108")
    pool = list(Inspector.objects.filter(office__region=nanan, status=InspectorStatus.ACTIVE).order_by("name"))
    schools = Unit.objects.filter(kind__in=SCHOOL_KINDS, region_path__startswith=nanan.path).order_by("name")
    for n, school in enumerate(schools if pool else []):
        if not FixedContact.objects.filter(school=school).exists():
            contact_create(actor=None, inspector=pool[(n + 3) % len(pool)], kind=ContactKind.SCHOOL, school=school,
                           duties=SCHOOL_DUTIES, start_date=datetime.date(2024, 9, 1))


def load(context, stdout):
    _nanan(context, stdout)
    _district("500104", ["罗建平", "唐小燕"], 40)
    _district("500111", ["邱明华"], 45)
    _city()
    _contacts()
    recommended = Inspector.objects.filter(name="郑新宇").first()
    if recommended is None:
        office = Unit.objects.get(kind=UnitKind.OFFICE, region__code="500108")
        recommended, _ = _inspector(office, "郑新宇", 50)
        from .models import TermSession

        s8 = TermSession.objects.get(office=office, number=8)
        a = workflows.appointment_recommend(actor=None, inspector=recommended, session=s8)
        workflows.appointment_transition(actor=None, appointment=a, transition="review")
    stdout.write(f"督学合计 {Inspector.objects.filter(status=InspectorStatus.ACTIVE).count()} 名在任；"
                 f"聘任 {Appointment.objects.filter(status=AppointmentStatus.APPOINTED).count()} 条；"
                 f"培训记录 {TrainingRecord.objects.count()} 条")
