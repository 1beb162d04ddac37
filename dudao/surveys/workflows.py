"""A survey's state machine on the workflow kernel: 草稿 → 开放作答 (open: it has questions and at
least one open audience) → 已结束 (close), and 重新开放 (reopen) of a closed survey. History in
``SurveyEvent``; creation and edits are logged with ``WORKFLOW.log``. Scope through
``for_user(actor, "change")``. Only these transitions assign ``status``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import SurveyStatus
from .models import AudienceQuota, Question, Survey, SurveyEvent

S = SurveyStatus


def _guard_open(survey, step):
    if not Question.objects.filter(survey=survey).exists():
        return _("调查还没有题目，不能开放作答")
    if not AudienceQuota.objects.filter(survey=survey, is_open=True).exists():
        return _("请先设置至少一类开放的调查对象")
    if survey.closes_on and survey.closes_on < step.today:
        return _("截止日期已过，请先修改截止日期")
    return None


T = Transition
WORKFLOW = Workflow(model=Survey, history=SurveyEvent, subject="survey", transitions=[
    T("open", gettext_lazy("开放作答"), (S.DRAFT,), S.OPEN, guard=_guard_open),
    T("close", gettext_lazy("结束调查"), (S.OPEN,), S.CLOSED),
    T("reopen", gettext_lazy("重新开放"), (S.CLOSED,), S.OPEN, guard=_guard_open),
])
SERVICES = WORKFLOW.services("survey")
survey_open = SERVICES["open"]
survey_close = SERVICES["close"]
survey_reopen = SERVICES["reopen"]
