"""Writes on the problem categories: a region's office adds its own (inherited by the regions
below it) and deactivates or reactivates them; the national set is fixed (never deleted or
switched off by a region)."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..categories import categories_for
from ..models import ProblemCategory

ADD, CHANGE = "inspections.add_problemcategory", "inspections.change_problemcategory"
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@transaction.atomic
def problem_category_create(*, actor, region, name: str, code: str = "", basis: str = "",
                            order: int | None = None) -> ProblemCategory:
    """A category of ``region`` (by its office): offered for problems in the region and below it.
    ``code`` defaults to ``<region code>-<n>``; codes are unique nationwide."""
    from dudao.common.scoping import region_in_scope

    if region is None:
        raise ValidationError({"region": _("国家问题类别随系统发布，不能在此添加")})
    if actor is not None and not region_in_scope(actor, ADD, region):
        raise PermissionDenied(_("无权为该区域添加问题类别"))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写类别名称")})
    if len(name) > 50:
        raise ValidationError({"name": _("类别名称不能超过50个字")})
    if categories_for(region, active=False).filter(name=name).exists():
        raise ValidationError({"name": _("本区域已有同名问题类别（含国家和上级设定的）：%(n)s") % {"n": name}})
    code = (code or "").strip().lower()
    if code:
        if not CODE.match(code):
            raise ValidationError({"code": _("代码只能由小写字母、数字、下划线和连字符组成，最长32位")})
        if ProblemCategory.objects.filter(code=code).exists():
            raise ValidationError({"code": _("代码已被使用：%(c)s") % {"c": code}})
    else:
        n = ProblemCategory.objects.filter(region=region).count() + 1
        while ProblemCategory.objects.filter(code=f"{region.code}-{n}").exists():
            n += 1
        code = f"{region.code}-{n}"
    if order is None:
        last = ProblemCategory.objects.filter(region=region).order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 10
    return ProblemCategory.objects.create(code=code, name=name, region=region, region_path=region.path, order=order,
                                          basis=(basis or "").strip()[:255])


@transaction.atomic
def problem_category_set_active(*, actor, category: ProblemCategory, is_active: bool) -> ProblemCategory:
    """Deactivate (no longer offered for new problems; items keep it) or reactivate a region's own
    category. The national ones cannot be switched off."""
    from dudao.common.scoping import region_in_scope

    category = ProblemCategory.objects.select_for_update().get(pk=category.pk)
    if category.is_national:
        raise ValidationError({"category": _("国家问题类别不能停用或删除")})
    if actor is not None and not region_in_scope(actor, CHANGE, category.region):
        raise PermissionDenied(_("只能停用本区域添加的问题类别"))
    if category.is_active != bool(is_active):
        category.is_active = bool(is_active)
        category.save(update_fields=["is_active"])
    return category
