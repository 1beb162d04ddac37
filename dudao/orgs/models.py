"""The organisation registry: every unit the platform supervises or works with (A1–A3)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dudao.common.crypto import EncryptedCharField
from dudao.common.fields import RegionPathField
from dudao.common.scoping import ScopedQuerySet
from dudao.common.validators import validate_credit_code, validate_mobile

from .choices import CommitteePost, UnitKind


class UnitQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "region_path", "region": "region_id", "unit": "id"}

    def in_region(self, region, *, descendants: bool = True):
        if descendants:
            return self.filter(region_path__startswith=region.path)
        return self.filter(region=region)


class Unit(models.Model):
    """A school, kindergarten, township government, member department, supervision committee,
    supervision office or third-party evaluation agency, placed in a region.

    ``region_path`` is a copy of ``region.path`` so that scoping is one indexed predicate on this
    table; services keep it in step when a unit or a region moves.
    """

    kind = models.CharField(_("类型"), max_length=32, choices=UnitKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="units")
    region_path = RegionPathField(editable=False)
    region_path_source = "region"  # where the path is copied from (common/fields.py)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    description = models.TextField(_("说明"), blank=True)
    search_key = models.CharField(max_length=255, blank=True, editable=False)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region_path", "name"]
        indexes = [
            # region_path has the "C" collation on PostgreSQL (RegionPathField): this one index gives
            # both the scoping range (LIKE 'prefix%') and the list order.
            models.Index(fields=["region_path", "name"], name="unit_scope_order"),
            # is_active and id carried along (PostgreSQL): the dashboards count a region's active schools
            # by an index-only scan (coverage table)
            models.Index(fields=["kind", "region_path"], include=["is_active", "id"], name="unit_kind_path_active"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="unit_credit_code_unique"
            ),
            models.UniqueConstraint(fields=["region", "kind", "name"], name="unit_name_unique_in_region"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:unit_detail", args=[self.pk])


class CommitteeMemberQuerySet(ScopedQuerySet):
    scope_lookups = {"path": "committee__region_path", "region": "committee__region_id", "unit": "committee_id"}


class CommitteeMember(models.Model):
    """A person on an education supervision committee with a post (A1). Membership changes over
    time, so each seat has start and end dates."""

    committee = models.ForeignKey(
        Unit, verbose_name=_("督导委员会"), on_delete=models.CASCADE, related_name="committee_members",
        limit_choices_to={"kind": UnitKind.COMMITTEE},
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("委员会职务"), max_length=32, choices=CommitteePost.choices)
    title = models.CharField(_("本职职务"), max_length=100, blank=True, help_text=_("例如：区人民政府副区长"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField(_("任职起始"), null=True, blank=True)
    end_date = models.DateField(_("任职截止"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("委员会成员")
        verbose_name_plural = _("委员会成员")
        ordering = ["committee_id", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="committeemember_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_post_display()}）"


class MemberUnit(models.Model):
    """A member unit (成员单位) of a committee, with its one liaison (联络员) and written duties (A3)."""

    committee = models.ForeignKey(
        Unit, verbose_name=_("督导委员会"), on_delete=models.CASCADE, related_name="member_units",
        limit_choices_to={"kind": UnitKind.COMMITTEE},
    )
    unit = models.ForeignKey(Unit, verbose_name=_("成员单位"), on_delete=models.PROTECT, related_name="memberships")
    liaison_name = models.CharField(_("联络员"), max_length=50, blank=True)
    liaison_mobile = EncryptedCharField(_("联络员手机"), plain_max_length=11, blank=True, validators=[validate_mobile])
    liaison_user = models.ForeignKey(
        "accounts.User", verbose_name=_("联络员账户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duties = models.TextField(_("工作职责"), blank=True)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")
        ordering = ["committee_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "unit"], condition=Q(left_on__isnull=True), name="memberunit_current_unique"
            ),
        ]

    def __str__(self):
        return f"{self.unit}"
