"""The life cycle of a framework version: 草稿 → 已发布 → 已停用, on the workflow kernel
(``dudao.common.workflow``).

The right sits on the framework's region (``frameworks.change_framework``; national frameworks
need a system-wide grant), so the machine passes ``scope=``. Each transition appends a
``FrameworkVersionEvent``. Nothing else assigns ``FrameworkVersion.status``: loading a library
creates a new version as a draft and, when it is to be published, runs ``publish`` on it in the
same transaction (as the loading actor, or the system)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.workflow import Transition, Workflow

from .choices import VersionStatus
from .models import FrameworkVersion, FrameworkVersionEvent

S = VersionStatus


def _scope(actor, version, permission) -> bool:
    from .services import may_write

    return may_write(actor, f"frameworks.{permission}_framework", version.framework.region)


def _guard_publish(version, step):
    if not version.indicators.filter(children__isnull=True).exclude(method="none").exists():
        return {"indicators": _("没有可评分的指标，不能发布")}
    return None


def _set_published(version, step):
    version.published_at = timezone.now()


WORKFLOW = Workflow(model=FrameworkVersion, history=FrameworkVersionEvent, subject="version", scope=_scope,
                    denied=gettext_lazy("无权操作该指标体系"), transitions=[
    Transition("publish", gettext_lazy("发布"), (S.DRAFT,), S.PUBLISHED, guard=_guard_publish,
               writes=("published_at",), effect=_set_published),
    Transition("retire", gettext_lazy("停用"), (S.PUBLISHED,), S.RETIRED),
])
TRANSITIONS = WORKFLOW.transitions


def allowed(actor, version: FrameworkVersion, name: str) -> bool:
    """Does the source state match and may ``actor`` run transition ``name`` on ``version``?"""
    return any(t.name == name for t in WORKFLOW.available(actor, version))


SERVICES = WORKFLOW.services("framework_version")


@transaction.atomic
def framework_version_publish(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """Publish a draft (e.g. an office's derived local version) so tasks can use it."""
    return SERVICES["publish"](actor=actor, version=version)


@transaction.atomic
def framework_version_retire(*, actor, version: FrameworkVersion) -> FrameworkVersion:
    """Stop offering a published version for new tasks; existing uses keep it."""
    return SERVICES["retire"](actor=actor, version=version)
