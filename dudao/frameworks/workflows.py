"""The life cycle of a framework version: 草稿 → 已发布 → 已停用.

Each transition is one service that locks the row, checks the guard (scope and source state),
sets the status and writes an audit event. Nothing else assigns ``FrameworkVersion.status``
(loading a library creates versions directly in their initial state)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import VersionStatus
from .models import FrameworkVersion


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    perm: str


TRANSITIONS = {
    "publish": Transition("publish", (VersionStatus.DRAFT,), VersionStatus.PUBLISHED, "frameworks.change_framework"),
    "retire": Transition("retire", (VersionStatus.PUBLISHED,), VersionStatus.RETIRED, "frameworks.change_framework"),
}


def allowed(actor, version: FrameworkVersion, name: str) -> bool:
    from .services import may_write

    t = TRANSITIONS[name]
    return version.status in t.source and may_write(actor, t.perm, version.framework.region)


def _apply(actor, version: FrameworkVersion, name: str) -> FrameworkVersion:
    from .services import may_write

    t = TRANSITIONS[name]
    version = (FrameworkVersion.objects.select_for_update(of=("self",)).select_related("framework__region")
               .get(pk=version.pk))
    if not may_write(actor, t.perm, version.framework.region):
        raise PermissionDenied(_("无权操作该指标体系"))
    if version.status not in t.source:
        raise ValidationError({"status": _("当前状态为“%(s)s”，不能执行该操作") % {"s": version.get_status_display()}})
    version.status = t.target
    fields = ["status", "updated_at"]
    if t.target == VersionStatus.PUBLISHED:
        if not version.indicators.filter(children__isnull=True).exclude(method="none").exists():
            raise ValidationError({"indicators": _("没有可评分的指标，不能发布")})
        version.published_at = timezone.now()
        fields.append("published_at")
    version.save(update_fields=fields)  # the audit signal records the status change
    return version


@transaction.atomic
def framework_version_publish(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """Publish a draft (e.g. an office's derived local version) so tasks can use it."""
    return _apply(actor, version, "publish")


@transaction.atomic
def framework_version_retire(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """Stop offering a published version for new tasks; existing uses keep it."""
    return _apply(actor, version, "retire")
