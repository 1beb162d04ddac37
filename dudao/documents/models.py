"""Issued documents, their 发文字号, office templates and batch jobs (E1, E3, E4, E7–E9, F1, F8).

Every row belongs to an issuing office (an ``orgs.Unit`` of kind office) and carries the office's
``region_path`` so scoping is one indexed predicate."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField
from dudao.common.history import HistoryEvent
from dudao.common.scoping import ALL, ScopedQuerySet, scope_predicate, user_has_perm
from dudao.orgs.choices import UnitKind

from .choices import BatchStatus, DocumentKind, NumberStatus

OFFICE_ONLY = {"kind": UnitKind.OFFICE}


class OfficeScopedQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "office__region_id", "unit": "office_id"}


class OfficeProfile(models.Model):
    """How an office signs its documents: the 发文字号 prefix (南岸教督) and the red 发文机关标志."""

    office = models.OneToOneField("orgs.Unit", verbose_name=_("督导室"), on_delete=models.CASCADE,
                                  related_name="document_profile", limit_choices_to=OFFICE_ONLY)
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    number_prefix = models.CharField(_("发文字号前缀"), max_length=20, help_text=_("例如：南岸教督"))
    issuing_mark = models.CharField(_("发文机关标志"), max_length=60, help_text=_("例如：重庆市南岸区人民政府教育督导室文件"))

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("发文设置")
        verbose_name_plural = _("发文设置")
        ordering = ["region_path", "office_id"]
        indexes = [models.Index(fields=["region_path", "office"], name="officeprofile_scope")]

    def __str__(self):
        return self.number_prefix


class NumberCounter(models.Model):
    """The last 发文字号 serial of an office in a year; locked with SELECT … FOR UPDATE."""

    office = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["office_id", "year"]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="numbercounter_office_year")]

    def __str__(self):
        return f"{self.office_id}/{self.year}: {self.last_number}"


class DocumentNumber(models.Model):
    """One allocated 发文字号 (南岸教督〔2025〕12号). Voided numbers stay recorded and are never reused."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("序号"))
    text = models.CharField(_("发文字号"), max_length=60)
    kind = models.CharField(_("文书类型"), max_length=32, choices=DocumentKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=NumberStatus.choices, default=NumberStatus.ISSUED)
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("取号时间"), auto_now_add=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("发文字号")
        verbose_name_plural = _("发文字号")
        ordering = ["office_id", "-year", "-number"]
        indexes = [models.Index(fields=["region_path", "office", "year"], name="docnumber_scope")]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "number"], name="docnumber_office_year_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="docnumber_positive"),
        ]

    def __str__(self):
        return self.text


class DocumentNumberEvent(HistoryEvent):
    """One line of a 发文字号's history (its ``documents.workflows.NUMBER_WORKFLOW``: 作废)."""

    number = models.ForeignKey(DocumentNumber, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=NumberStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=NumberStatus.choices, blank=True)

    class Meta:
        verbose_name = _("发文字号记录")
        verbose_name_plural = _("发文字号记录")
        ordering = ["number", "created_at", "id"]
        indexes = [models.Index(fields=["number", "created_at", "id"], name="docnumber_event_order")]

    def __str__(self):
        return f"{self.number_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import NUMBER_WORKFLOW

        return NUMBER_WORKFLOW.labels()


class DocumentTemplate(models.Model):
    """An office's own .docx template for a kind, with ``{{name}}`` placeholders; versioned (the
    newest active version is used when issuing)."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.CASCADE, related_name="+",
                               limit_choices_to=OFFICE_ONLY)
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("文书类型"), max_length=32, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    file = models.FileField(_("模板文件"), upload_to="document_templates/%Y/")
    sha256 = models.CharField(max_length=64)
    placeholders = models.JSONField(_("占位符"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        ordering = ["region_path", "office_id", "kind", "-version"]
        indexes = [models.Index(fields=["region_path", "office", "kind", "version"], name="doctemplate_scope")]
        constraints = [
            models.UniqueConstraint(fields=["office", "kind", "version"], name="doctemplate_version_unique"),
            models.UniqueConstraint(fields=["office", "kind"], condition=Q(is_active=True),
                                    name="doctemplate_one_active"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class DocumentBatch(models.Model):
    """A background job issuing many documents of one kind (e.g. 200 整改通知书) into a ZIP.
    Progress is stored here and polled by the UI."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.CASCADE, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("文书类型"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    items = models.JSONField(_("文书数据"), default=list)
    with_pdf = models.BooleanField(_("同时生成 PDF"), default=False)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    failed = models.PositiveIntegerField(_("失败"), default=0)
    errors = models.JSONField(_("失败明细"), default=list)
    zip_file = models.FileField(_("压缩包"), upload_to="document_batches/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = OfficeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("批量生成")
        verbose_name_plural = _("批量生成")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-created_at"], name="docbatch_scope")]
        constraints = [models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="docbatch_done_le_total")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:batch_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.status == BatchStatus.DONE else 0)


class DocumentBatchEvent(HistoryEvent):
    """One line of a batch job's history (``documents.workflows.BATCH_WORKFLOW``: started,
    finished, failed; the actor is the system)."""

    batch = models.ForeignKey(DocumentBatch, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=16, choices=BatchStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=BatchStatus.choices, blank=True)

    class Meta:
        verbose_name = _("批量生成记录")
        verbose_name_plural = _("批量生成记录")
        ordering = ["batch", "created_at", "id"]
        indexes = [models.Index(fields=["batch", "created_at", "id"], name="docbatch_event_order")]

    def __str__(self):
        return f"{self.batch_id} {self.action}"

    @classmethod
    def transition_labels(cls) -> dict:
        from .workflows import BATCH_WORKFLOW

        return BATCH_WORKFLOW.labels()


class IssuedDocumentQuerySet(OfficeScopedQuerySet):
    """The issuing office's scope, plus (for reading) the documents delivered to a unit the user
    answers for: a school's respondent reads the notices addressed to its school."""

    def for_user(self, user, action: str = "view"):
        if action != "view" or user is None or not user_has_perm(user, "documents.read_documentdelivery"):
            return super().for_user(user, action)
        predicate = scope_predicate(user, "documents.view_issueddocument", self.scope_lookups)
        if predicate is ALL:
            return self.all()
        delivered = Q(pk__in=DocumentDelivery.objects.for_user(user, "read").values("document_id"))
        return self.filter(delivered if predicate is None else predicate | delivered)


class IssuedDocument(models.Model):
    """A document as issued: the stored .docx (and PDF once made) with checksums, its 发文字号,
    who issued it and when, and a generic link to what it is about (task, finding, inspector)."""

    office = models.ForeignKey("orgs.Unit", verbose_name=_("督导室"), on_delete=models.PROTECT, related_name="+")
    region_path = RegionPathField(editable=False)
    region_path_source = "office"  # where the path is copied from (common/fields.py)
    kind = models.CharField(_("文书类型"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=300)
    number = models.OneToOneField(DocumentNumber, verbose_name=_("发文字号"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="document")
    number_text = models.CharField(_("发文字号"), max_length=60, blank=True)
    context = models.JSONField(_("文书数据"), default=dict)
    template = models.ForeignKey(DocumentTemplate, verbose_name=_("模板"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    docx_file = models.FileField(_("Word 文件"), upload_to="documents/%Y/%m/")
    docx_sha256 = models.CharField(_("Word 校验值"), max_length=64)
    pdf_file = models.FileField(_("PDF 文件"), upload_to="documents/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(_("PDF 校验值"), max_length=64, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    batch = models.ForeignKey(DocumentBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("已发文书")
        verbose_name_plural = _("已发文书")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["region_path", "-issued_at"], name="issueddoc_scope"),
            models.Index(fields=["content_type", "object_id"], name="issueddoc_related"),
            models.Index(fields=["kind", "-issued_at"], name="issueddoc_kind"),
        ]

    def __str__(self):
        return f"{self.number_text} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("documents:document_detail", args=[self.pk])


class DeliveryQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "unit__region_id", "unit": "unit_id"}


class DocumentDelivery(models.Model):
    """An issued document delivered to one addressed unit (收文): it shows in the unit's inbox
    until one of the unit's users opens it (``read_at``/``read_by``). ``region_path`` is the
    recipient unit's, so the unit's respondents and the offices above it see the row."""

    document = models.ForeignKey(IssuedDocument, verbose_name=_("文书"), on_delete=models.CASCADE,
                                 related_name="deliveries")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("收文单位"), on_delete=models.PROTECT, related_name="+")
    region_path_source = "unit"  # where the path is copied from (common/fields.py)
    region_path = RegionPathField(editable=False)
    delivered_at = models.DateTimeField(_("送达时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("阅读人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("文书送达")
        verbose_name_plural = _("收文")
        ordering = ["region_path", "-delivered_at", "-id"]
        indexes = [models.Index(fields=["region_path", "-delivered_at", "-id"], name="docdelivery_scope"),
                   models.Index(fields=["unit", "read_at"], name="docdelivery_unit_unread")]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="docdelivery_once_per_unit")]
        permissions = [("read_documentdelivery", "Can read documents delivered to the unit")]

    def __str__(self):
        return f"{self.document} → {self.unit}"

    def get_absolute_url(self):
        return self.document.get_absolute_url()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
