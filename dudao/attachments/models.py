"""附件 (Attachment): a file of any record — the owner is generic (content type + id), the
``purpose`` says which step it serves (``plan``, ``report``, ``evidence``, ``recheck`` …). Files are
stored under ``MEDIA_ROOT/attachments/`` (never served by a public URL: ``/files/<id>/`` checks
that the user may view the owner). ``region_path`` is the owner's, copied when the file is added.

``data`` holds the facts an owner type keeps about a file beyond these columns, as plain JSON
(ids, flags; the owner app reads and writes them, the attachments app never interprets them) —
e.g. a portal file's ``{"redacted": true, "source_document": 12}`` or ``{"confirmed_by": 7}``
(the user who checked it holds no personal data). A general column would be added here only when
several owner types need the same fact."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.fields import RegionPathField


def _upload_to(instance, filename):
    # The stored name never carries the user's name (kept in ``name``): no path tricks, no clashes.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.created_on_path()}/{instance.sha256[:16]}.{ext}"


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    purpose = models.CharField(_("用途"), max_length=24)
    file = models.FileField(_("文件"), upload_to=_upload_to, max_length=200)
    thumbnail = models.FileField(_("缩略图"), upload_to="attachments/thumbs/%Y/%m/", max_length=200, blank=True)
    name = models.CharField(_("文件名"), max_length=200)
    #: A short description the uploader gives (e.g. what a task's on-site photo shows).
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    mime_type = models.CharField(_("文件类型"), max_length=100)
    sha256 = models.CharField(max_length=64)
    region_path_source = "owner"  # where the path is copied from (common/fields.py)
    region_path = RegionPathField(editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    #: The owner's step when the file was added (e.g. the item's status); the uploader may delete
    #: the file only while the owner is still in it.
    step = models.CharField(max_length=32, blank=True)
    #: Facts the owner type keeps about the file (see the module docstring).
    data = models.JSONField(_("附加信息"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["content_type", "object_id", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "id"], name="attachment_owner_order"),
                   models.Index(fields=["region_path"], name="attachment_region")]
        constraints = [models.CheckConstraint(condition=Q(size__gte=0), name="attachment_size_nonnegative")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("files:download", args=[self.pk])

    def created_on_path(self) -> str:
        from django.utils import timezone

        return (self.created_at or timezone.now()).strftime("%Y/%m")

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    def get_thumb_url(self):
        return reverse("files:thumb", args=[self.pk]) if self.thumbnail else ""
