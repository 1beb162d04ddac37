"""满意度调查 (社会认可度, issue 12 item 5): a ``Survey`` of a county (region) or one school (unit)
for a year, its ``Question``s (each asked of some audiences; likert items may count for the
认可度), per-audience ``AudienceQuota``s, one-time ``AccessCode``s the office prints, and the
``Response``s with their ``Answer``s.

One answer per device or per code: a response carries either the hash of the answering device's
signed cookie token (unique per survey, a database constraint) or the one-time code it used
(one-to-one). Only ``workflows`` assigns ``Survey.status``. Surveys are scoped by the region of
their school or county; questions, quotas, codes and responses by their survey's path."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet

from .choices import Audience, QuestionKind, SurveyPurpose, SurveyStatus

#: Unambiguous characters for the printed one-time codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """10 characters of 31 (8×10^14): guessing a valid one is hopeless behind the rate limit."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def new_link_token() -> str:
    return secrets.token_urlsafe(9)


class SurveyQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "unit_id"}


class Survey(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text=_("留空为面向全县（区）的调查"))
    region_path = RegionPathField(editable=False)
    region_path_source = ("unit", "region")  # the school's path, else the region's (common/fields.py)
    year = models.PositiveSmallIntegerField(_("年度"))
    purpose = models.CharField(_("用途"), max_length=16, choices=SurveyPurpose.choices, default=SurveyPurpose.BALANCE)
    reference = models.CharField(_("关联事项"), max_length=64, blank=True,
                                 help_text=_("如督导任务的问卷：inspections.SupervisionTask:编号"))
    intro = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opens_on = models.DateField(_("开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("截止日期"), null=True, blank=True)
    anonymous = models.BooleanField(_("匿名"), default=True)
    requires_code = models.BooleanField(_("凭作答码作答"), default=False,
                                        help_text=_("勾选后，只有持督导室印发的一次性作答码才能作答"))
    link_token = models.CharField(_("公开链接标识"), max_length=16, unique=True, default=new_link_token,
                                  editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")
        ordering = ["region_path", "-year", "-id"]
        indexes = [models.Index(fields=["region_path", "-year", "-id"], name="survey_scope_order")]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__isnull=True) | Q(opens_on__isnull=True)
                                   | Q(closes_on__gte=models.F("opens_on")), name="survey_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.pk])


SURVEY_EVENT_LABELS = {"create": _("创建"), "edit": _("修改"), "questions": _("修改题目"),
                       "quotas": _("修改调查对象名额"), "codes": _("生成作答码")}


class SurveyEvent(HistoryEvent):
    """One line of a survey's history: created, edited, opened, closed, reopened."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=SurveyStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=SurveyStatus.choices, blank=True)

    EVENT_LABELS = SURVEY_EVENT_LABELS

    class Meta:
        verbose_name = _("调查记录")
        verbose_name_plural = _("调查记录")
        ordering = ["survey", "created_at", "id"]
        indexes = [models.Index(fields=["survey", "created_at", "id"], name="survey_event_order")]

    def __str__(self):
        return f"{self.survey_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import WORKFLOW

        return WORKFLOW.labels()


SURVEY_SCOPE = {"path": "survey__region_path", "region": "survey__region_id", "unit": "survey__unit_id"}


class QuestionQuerySet(ScopedQuerySet):
    scope_lookups = SURVEY_SCOPE


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("调查"), on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    text = models.CharField(_("题目"), max_length=500)
    kind = models.CharField(_("题型"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.LIKERT)
    options = models.JSONField(_("选项"), default=list, blank=True, help_text=_("单选、多选题的选项"))
    audiences = models.JSONField(_("调查对象"), default=list, blank=True, help_text=_("留空为全部调查对象"))
    counts_for_recognition = models.BooleanField(_("计入认可度"), default=False)
    required = models.BooleanField(_("必答"), default=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("调查题目")
        verbose_name_plural = _("调查题目")
        ordering = ["survey", "order", "id"]
        indexes = [models.Index(fields=["survey", "order", "id"], name="survey_question_order")]
        constraints = [
            models.CheckConstraint(condition=Q(counts_for_recognition=False) | Q(kind=QuestionKind.LIKERT),
                                   name="survey_question_recognition_likert"),
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"

    def asked_of(self, audience: str) -> bool:
        return not self.audiences or audience in self.audiences


class QuotaQuerySet(ScopedQuerySet):
    scope_lookups = SURVEY_SCOPE


class AudienceQuota(models.Model):
    """An audience the survey is open to, with its quota (None: no limit); an audience without a
    row, or with ``is_open`` off, is refused."""

    survey = models.ForeignKey(Survey, verbose_name=_("调查"), on_delete=models.CASCADE, related_name="quotas")
    audience = models.CharField(_("调查对象"), max_length=16, choices=Audience.choices)
    quota = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("留空为不限"))
    is_open = models.BooleanField(_("开放"), default=True)

    objects = QuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("调查对象名额")
        verbose_name_plural = _("调查对象名额")
        ordering = ["survey", "audience"]
        constraints = [models.UniqueConstraint(fields=["survey", "audience"], name="survey_quota_unique")]

    def __str__(self):
        return f"{self.survey_id} {self.get_audience_display()}"


class CodeQuerySet(ScopedQuerySet):
    scope_lookups = SURVEY_SCOPE


class AccessCode(models.Model):
    """A one-time code the office prints and hands out (to 人大代表, a class of parents …)."""

    survey = models.ForeignKey(Survey, verbose_name=_("调查"), on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("作答码"), max_length=16, unique=True, default=new_code)
    audience = models.CharField(_("调查对象"), max_length=16, choices=Audience.choices, blank=True,
                                help_text=_("留空为不限定"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = CodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("作答码")
        verbose_name_plural = _("作答码")
        ordering = ["survey", "id"]

    def __str__(self):
        return self.code


class ResponseQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "survey__region_id", "unit": "survey__unit_id"}


class Response(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("调查"), on_delete=models.CASCADE, related_name="responses")
    region_path = RegionPathField(editable=False)
    region_path_source = "survey"  # where the path is copied from (common/fields.py)
    audience = models.CharField(_("调查对象"), max_length=16, choices=Audience.choices)
    school = models.ForeignKey("orgs.Unit", verbose_name=_("学校"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", help_text=_("经学校链接作答时"))
    device_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    code = models.OneToOneField(AccessCode, verbose_name=_("作答码"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="response")
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["region_path", "-submitted_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-submitted_at", "-id"], name="survey_response_order"),
                   models.Index(fields=["survey", "audience"], name="survey_response_audience"),
                   models.Index(fields=["ip", "submitted_at"], name="survey_response_ip")]
        constraints = [
            models.UniqueConstraint(fields=["survey", "device_hash"], condition=Q(device_hash__isnull=False),
                                    name="survey_response_one_per_device"),
            models.CheckConstraint(condition=Q(device_hash__isnull=False) | Q(code__isnull=False),
                                   name="survey_response_device_or_code"),
        ]

    def __str__(self):
        return f"{self.survey_id} {self.get_audience_display()} {self.submitted_at:%Y-%m-%d}"


class AnswerQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "response__region_path", "region": "response__survey__region_id",
                     "unit": "response__survey__unit_id"}


class Answer(models.Model):
    """One question's answer: ``value`` is the likert level (1–5) or the chosen option's index
    (single); ``choices`` the indexes of a multi question; ``text`` a text answer."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        ordering = ["response", "question"]
        indexes = [models.Index(fields=["question", "value"], name="survey_answer_value")]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique")]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"
