"""The problem ledger (问题台账, E11): every problem from any source, with its rectification
history. A problem is recorded once and is the ledger item from that moment: one found by a task's
team (``task``/``target``, a draft until the opinion letter issues it) or on a regular visit
(``visit``, issued at once), or registered by the office from monitoring, complaints, the hotline,
the media or upper-level feedback. Only ``workflows`` assigns ``LedgerItem.status``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ScopedQuerySet
from dudao.inspections.choices import Routing, Severity

from ..choices import (
    OPEN_STATUSES,
    ExtensionStatus,
    LedgerSource,
    LedgerStatus,
    NotificationKind,
    OrderStatus,
    RecheckMethod,
)


class LedgerItemQuerySet(ScopedQuerySet):
    """Region assignments (offices, inspectors, leaders) see every item in their regions; unit
    assignments (the unit's respondents) see their unit's items except drafts (待下达), which are
    not binding on the unit until issued."""

    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}

    def for_user(self, user, action: str = "view"):
        from dudao.common.scoping import ALL, scope_predicate

        perm = f"ledger.{action}_ledgeritem"
        regional = scope_predicate(user, perm, {"path": "region_path", "region": "unit__region_id"})
        if regional is ALL:
            return self.all()
        own = scope_predicate(user, perm, {"unit": "unit_id"})
        if own is ALL:  # pragma: no cover - a system-wide assignment is caught above
            return self.all()
        if own is not None:
            own &= ~Q(status=LedgerStatus.DRAFT)
        terms = [q for q in (regional, own) if q is not None]
        if not terms:
            return self.none()
        predicate = terms[0] if len(terms) == 1 else terms[0] | terms[1]
        return self.filter(predicate)

    def binding(self):
        """Items issued to their unit (not drafts): what statistics, reminders and overdue count."""
        return self.exclude(status=LedgerStatus.DRAFT)


class LedgerItem(models.Model):
    """One problem to be rectified at a unit (E4, E11). ``region_path`` is the unit's, so the
    unit's office and the offices above see it; the unit's respondents see and answer their own.
    ``rebound_of`` links a 问题反弹 to the closed problem it found again. A problem found by a task's
    team names the ``task`` and the ``target`` it was found at; one found on a regular visit names
    the ``visit``. ``unit`` is the unit that rectifies (整改单位, by default the one where it was
    found)."""

    source = models.CharField(_("问题来源"), max_length=16, choices=LedgerSource.choices)
    source_reference = models.CharField(_("来源说明"), max_length=200, blank=True)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    task = models.ForeignKey("inspections.SupervisionTask", verbose_name=_("督导任务"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="ledger_items")
    target = models.ForeignKey("inspections.TaskTarget", verbose_name=_("督导对象"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="ledger_items")
    visit = models.ForeignKey("inspections.RegularVisit", verbose_name=_("经常性督导"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="ledger_items")
    description = models.TextField(_("问题描述"))
    indicator_code = models.CharField(_("对应指标"), max_length=64, blank=True)
    found_evidence = models.TextField(_("问题证据"), blank=True)
    category = models.CharField(_("问题类别"), max_length=32, help_text=_("问题类别代码（inspections.ProblemCategory）"))
    severity = models.CharField(_("严重程度"), max_length=16, choices=Severity.choices, default=Severity.MINOR)
    routing = models.CharField(_("办理分类"), max_length=8, choices=Routing.choices, default=Routing.SMALL)
    departments = models.ManyToManyField("orgs.Unit", verbose_name=_("联动部门"), blank=True, related_name="+")
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    original_deadline = models.DateField(_("原定整改期限"))
    responsible_person = models.CharField(_("整改责任人"), max_length=100, blank=True)
    responsible_users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("责任人账号"), blank=True,
                                               related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=LedgerStatus.choices, default=LedgerStatus.ISSUED,
                              editable=False)
    plan = models.TextField(_("整改方案"), blank=True)
    report = models.TextField(_("整改情况报告"), blank=True)
    evidence = models.TextField(_("整改佐证材料"), blank=True)
    recheck_method = models.CharField(_("复查方式"), max_length=16, choices=RecheckMethod.choices, blank=True)
    recheck_conclusion = models.TextField(_("复查结论"), blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    rebound_of = models.ForeignKey("self", verbose_name=_("反弹自"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="rebounds")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = LedgerItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("台账问题")
        verbose_name_plural = _("问题台账")
        ordering = ["region_path", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["region_path", "-created_at", "-id"], name="ledger_scope_order"),
            models.Index(fields=["status", "deadline"], name="ledger_status_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status=LedgerStatus.CLOSED) | Q(closed_at__isnull=False),
                                   name="ledger_closed_has_time"),
            models.CheckConstraint(condition=Q(task__isnull=True) | Q(source=LedgerSource.TASK),
                                   name="ledger_task_source"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(task__isnull=False),
                                   name="ledger_target_has_task"),
            models.CheckConstraint(condition=Q(visit__isnull=True) | Q(source=LedgerSource.VISIT),
                                   name="ledger_visit_source"),
            models.CheckConstraint(condition=~Q(status=LedgerStatus.DRAFT) | Q(task__isnull=False),
                                   name="ledger_draft_of_task"),
        ]
        permissions = [("respond_ledgeritem", "Can answer a ledger item as the unit"),
                       ("recheck_ledgeritem", "Can re-check a ledger item")]

    def __str__(self):
        return self.description[:40]

    def get_absolute_url(self):
        return reverse("ledger:item_detail", args=[self.pk])

    @property
    def category_label(self) -> str:
        """The category's name, from the region's data (``inspections.categories``)."""
        from dudao.inspections.categories import category_label

        return category_label(self.category)

    def row_tone(self, today) -> str:
        """The list row's highlight (``common.templatetags.dudao_lists.row_tone``): overdue, or due
        within a week, while the unit still owes it."""
        if self.status not in OPEN_STATUSES or not self.deadline:
            return ""
        if self.deadline < today:
            return "row-overdue"
        return "row-due-soon" if (self.deadline - today).days <= 7 else ""

    @property
    def is_draft(self) -> bool:
        return self.status == LedgerStatus.DRAFT

    @property
    def is_rebound(self) -> bool:
        return self.rebound_of_id is not None


#: Labels of history lines that are not transitions.
EVENT_LABELS = {
    "issue": _("下达整改"),
    "record": _("登记问题（待下达）"),
    "edit": _("修改问题"),
    "reminder": _("到期提醒"),
    "overdue_supervision": _("逾期督办"),
    "escalate": _("升级督办"),
    "extension_request": _("申请延期"),
    "rebound": _("问题反弹"),
    "route": _("三事分流"),
    "interview": _("约谈"),
    "circular": _("通报"),
    "decide": _("问责决定"),
    "window_warning": _("问责调查时限提醒"),
    "follow_up": _("回头看抽中"),
    "recheck_note": _("复查记录"),
}


class LedgerEvent(HistoryEvent):
    """One line of a ledger item's history (E11): every transition, extension, reminder and
    escalation. Append-only."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=LedgerStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=LedgerStatus.choices, blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["item", "created_at", "id"]
        indexes = [models.Index(fields=["item", "created_at", "id"], name="ledger_event_order")]

    def __str__(self):
        return f"{self.item_id} {self.action}"

    EVENT_LABELS = EVENT_LABELS

    @classmethod
    def transition_labels(cls) -> dict:
        from dudao.ledger.workflows import ACTION_WORKFLOW, EXTENSION_WORKFLOW, ORDER_WORKFLOW, WORKFLOW

        labels = WORKFLOW.labels()
        for sub in (EXTENSION_WORKFLOW, ORDER_WORKFLOW, ACTION_WORKFLOW):  # sub-records' lines on the item
            labels.update(sub.event_labels())
        return labels

    @property
    def details(self) -> list[str]:
        """What the history line shows of its data: the re-check method and the dates set."""
        data = self.data or {}
        out = []
        if data.get("method") in RecheckMethod.values:
            out.append(gettext("复查方式：%(m)s") % {"m": RecheckMethod(data["method"]).label})
        for key, label in DETAIL_DATES:
            if data.get(key):
                out.append(f"{label}：{data[key]}")
        return out


#: Dates in an event's data shown in the history, with their labels.
DETAIL_DATES = (("deadline", _("整改期限")), ("requested_deadline", _("申请延期至")), ("new_deadline", _("督办期限")))


class ExtensionRequest(models.Model):
    """A unit's request to extend its rectification deadline, approved or refused by the office
    (E11). At most one pending request per item."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="extensions")
    requested_deadline = models.DateField(_("申请延期至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(_("审批状态"), max_length=16, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decision_note = models.TextField(_("审批意见"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["item", "-created_at", "-id"]
        indexes = [models.Index(fields=["item", "-created_at", "-id"], name="ledger_extension_order")]
        constraints = [models.UniqueConstraint(fields=["item"], condition=Q(status=ExtensionStatus.PENDING),
                                               name="ledger_one_pending_extension")]

    def __str__(self):
        return f"{self.item_id} → {self.requested_deadline}"


class Notification(models.Model):
    """A message the daily job sent about a ledger item (E4, E11): a reminder before the deadline
    to the unit's respondents, or an escalation to the competent department and the office one
    level up. ``key`` makes the job idempotent (one row per item, recipient and occasion).

    Apps above the ledger send their reminders through the same inbox without an item (e.g. the
    monitoring app's 催报 of a unit that has not submitted): ``link`` is then the page to open."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="notifications")
    link = models.CharField(_("链接"), max_length=255, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=NotificationKind.choices)
    key = models.CharField(max_length=64)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    recipient_unit = models.ForeignKey("orgs.Unit", verbose_name=_("接收单位"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("内容"))
    sent_on = models.DateField(_("发送日期"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账通知")
        verbose_name_plural = _("台账通知")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["-sent_on", "-id"], name="ledger_notification_order"),
                   models.Index(fields=["recipient", "-sent_on"], name="ledger_notification_user")]
        constraints = [
            models.CheckConstraint(condition=Q(recipient__isnull=False) | Q(recipient_unit__isnull=False),
                                   name="ledger_notification_has_recipient"),
            models.CheckConstraint(condition=Q(item__isnull=False) | ~Q(link=""), name="ledger_notification_has_subject"),
            models.UniqueConstraint(fields=["item", "key", "recipient"], condition=Q(recipient__isnull=False),
                                    name="ledger_notification_once_user"),
            models.UniqueConstraint(fields=["item", "key", "recipient_unit"],
                                    condition=Q(recipient_unit__isnull=False), name="ledger_notification_once_unit"),
        ]

    def __str__(self):
        return self.message[:40]

    @property
    def url(self) -> str:
        """The page the message is about: its ledger item's, else ``link``."""
        return self.item.get_absolute_url() if self.item_id else self.link


class SupervisionOrderQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "item__unit__region_id", "unit": "item__unit_id"}


class SupervisionOrder(models.Model):
    """督办 of an overdue item (E4): level 1 is drafted for the item's office to issue as a 督办通知
    with a new deadline; level 2 (overdue again) escalates to the unit's competent department and
    the office one level up. One per item and level."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="orders")
    level = models.PositiveSmallIntegerField(_("督办级别"))
    office = models.ForeignKey("orgs.Unit", verbose_name=_("督办机构"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "item"  # where the path is copied from (common/fields.py)
    status = models.CharField(_("状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT,
                              editable=False)
    overdue_deadline = models.DateField(_("原整改期限"))
    new_deadline = models.DateField(_("督办期限"))
    escalated_to = models.ManyToManyField("orgs.Unit", verbose_name=_("升级报送单位"), blank=True, related_name="+")
    document = models.ForeignKey("documents.IssuedDocument", verbose_name=_("督办通知"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("生成日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)

    objects = SupervisionOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["region_path", "-created_on", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_on", "-id"], name="ledger_order_scope_order")]
        constraints = [models.UniqueConstraint(fields=["item", "level"], name="ledger_order_once_per_level")]

    def __str__(self):
        return f"{self.item_id} 督办{self.level}"
