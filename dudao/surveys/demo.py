"""Demo surveys (after the schools' demo): 南岸区's 2026 优质均衡 社会认可度 survey, open, with about
300 responses across the seven audiences (written in bulk: a fixed random seed, so loading gives
the same rates each time: 87 %, passing), and 大足区's 2026 学前教育普及普惠 survey for parents, teachers
and the public, open with a few dozen responses (77 %, short of 85 %) and 20 printed codes. Loading again changes
nothing."""

import random

from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region

from . import services
from .choices import Audience, SurveyPurpose
from .models import Answer, Question, Response, Survey
from .workflows import survey_open

BALANCE_ITEMS = [
    ("您对本区义务教育学校的总体办学水平满意吗？", None),
    ("您对学校的师资队伍和教师师德师风满意吗？", None),
    ("您对学校办学条件（校舍、场地、设施设备）满意吗？", None),
    ("您对学校落实“双减”、作业和课后服务满意吗？", ["student", "parent", "teacher", "principal"]),
    ("您对本区义务教育招生入学公平（就近划片、随迁子女入学）满意吗？", ["parent", "npc", "cppcc", "public"]),
    ("您对政府保障义务教育投入和教师待遇满意吗？", ["teacher", "principal", "npc", "cppcc"]),
]
PRESCHOOL_ITEMS = [
    ("您对本区学前教育“入园难、入园贵”问题的解决情况满意吗？", None),
    ("您对幼儿园的保育教育质量满意吗？", None),
    ("您对普惠性幼儿园的收费水平满意吗？", ["parent", "public"]),
]
#: Audience → (responses, probability of each level 5..1): parents and students a little less happy.
BALANCE_MIX = {
    "student": (70, (0.55, 0.33, 0.08, 0.03, 0.01)), "parent": (110, (0.48, 0.37, 0.10, 0.04, 0.01)),
    "teacher": (60, (0.50, 0.38, 0.08, 0.03, 0.01)), "principal": (12, (0.60, 0.35, 0.05, 0.0, 0.0)),
    "npc": (15, (0.45, 0.40, 0.10, 0.05, 0.0)), "cppcc": (13, (0.45, 0.40, 0.10, 0.05, 0.0)),
    "public": (30, (0.40, 0.38, 0.14, 0.06, 0.02)),
}
PRESCHOOL_MIX = {"parent": (40, (0.46, 0.36, 0.12, 0.05, 0.01)), "teacher": (12, (0.5, 0.4, 0.1, 0.0, 0.0)),
                 "public": (10, (0.4, 0.4, 0.15, 0.05, 0.0))}


def _survey(region, *, title, purpose, items, audiences, quotas, intro):
    survey = services.survey_create(actor=None, region=region, title=title, year=2026, purpose=purpose, intro=intro)
    for text, asked in items:
        services.question_add(actor=None, survey=survey, text=text, audiences=asked or [], counts_for_recognition=True)
    services.question_add(actor=None, survey=survey, text="您的身份补充（可不填）", kind="single",
                          options=["城区", "镇区", "乡村"], required=False)
    services.question_add(actor=None, survey=survey, text="您对本地教育还有哪些意见和建议？", kind="text", required=False)
    services.quotas_set(actor=None, survey=survey, quotas={a: {"is_open": True, "quota": quotas.get(a)} for a in audiences})
    return survey_open(actor=None, survey=survey)


def _responses(survey, mix, schools, rnd):
    """Bulk answers (demo only: the public path is ``services.response_submit``)."""
    questions = list(Question.objects.filter(survey=survey, kind="likert"))
    n = 0
    for audience, (count, weights) in mix.items():
        rows = [Response(survey=survey, region_path=survey.region_path, audience=audience,
                         school=rnd.choice(schools) if schools and audience in ("student", "parent", "teacher") else None,
                         device_hash=services.device_hash(f"demo-{survey.pk}-{audience}-{i}")) for i in range(count)]
        Response.objects.bulk_create(rows)
        answers = [Answer(response=r, question=q, value=rnd.choices([5, 4, 3, 2, 1], weights)[0])
                   for r in rows for q in questions if q.asked_of(audience)]
        Answer.objects.bulk_create(answers, batch_size=1000)
        n += count
    return n


def load(context, stdout):
    if Survey.objects.exists():
        return
    rnd = random.Random(2026)
    nanan = Region.objects.filter(code="500108").first()
    if nanan is not None:
        schools = list(Unit.objects.filter(kind=UnitKind.SCHOOL, region_path__startswith=nanan.path, is_active=True)
                       .order_by("region_path", "name")[:12])
        survey = _survey(nanan, title="2026年南岸区义务教育优质均衡发展社会认可度调查", purpose=SurveyPurpose.BALANCE,
                         items=BALANCE_ITEMS, audiences=Audience.values, quotas={"npc": 20, "cppcc": 20, "principal": 30},
                         intro="本调查匿名进行，约需3分钟。您的意见将作为县域义务教育优质均衡发展督导评估“社会认可度”的依据。")
        n = _responses(survey, BALANCE_MIX, schools, rnd)
        stdout.write(f"满意度调查：南岸区优质均衡社会认可度调查，{n} 份答卷")
    dazu = Region.objects.filter(code="500111").first()
    if dazu is not None:
        kindergartens = list(Unit.objects.filter(kind=UnitKind.KINDERGARTEN, region_path__startswith=dazu.path,
                                                 is_active=True).order_by("region_path", "name")[:8])
        survey = _survey(dazu, title="2026年大足区学前教育普及普惠社会认可度调查", purpose=SurveyPurpose.PRESCHOOL,
                         items=PRESCHOOL_ITEMS, audiences=["parent", "teacher", "npc", "cppcc", "public"], quotas={},
                         intro="本调查匿名进行。您的意见将作为县域学前教育普及普惠督导评估“社会认可度”的依据。")
        services.codes_generate(actor=None, survey=survey, count=20, audience="npc")
        n = _responses(survey, PRESCHOOL_MIX, kindergartens, rnd)
        stdout.write(f"满意度调查：大足区学前教育普及普惠社会认可度调查，{n} 份答卷")
