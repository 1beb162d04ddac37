"""Test set-up: a survey with likert items and quotas, opened through the kernel."""

from dudao.surveys import services
from dudao.surveys.models import Question, Survey
from dudao.surveys.workflows import survey_open


def make_survey(region, *, unit=None, quotas=None, requires_code=False, year=2026, purpose="balance", open_=True):
    survey = services.survey_create(actor=None, region=region, unit=unit, title="社会认可度调查", year=year,
                                    purpose=purpose, requires_code=requires_code)
    services.question_add(actor=None, survey=survey, text="您对本地义务教育总体满意吗", counts_for_recognition=True)
    services.question_add(actor=None, survey=survey, text="您对学校课后服务满意吗", counts_for_recognition=True,
                          audiences=["parent", "student"])
    services.question_add(actor=None, survey=survey, text="您的孩子在几年级", kind="single",
                          options=["小学", "初中"], audiences=["parent"], required=False)
    services.question_add(actor=None, survey=survey, text="意见和建议", kind="text", required=False)
    services.quotas_set(actor=None, survey=survey, quotas=quotas or {
        a: {"is_open": True, "quota": None} for a in ("parent", "student", "teacher", "npc")})
    if open_:
        survey = survey_open(actor=None, survey=survey)
    return Survey.objects.get(pk=survey.pk)


def likert_ids(survey):
    return list(Question.objects.filter(survey=survey, kind="likert").order_by("order").values_list("pk", flat=True))


def answer_all(survey, audience, value, *, token, **kw):
    """Submit one response answering every likert item asked of ``audience`` with ``value``."""
    answers = {q.pk: value for q in services.questions_for(survey, audience) if q.kind == "likert"}
    return services.response_submit(survey=survey, audience=audience, answers=answers, device_token=token, **kw)
