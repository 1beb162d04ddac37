"""回头看 (E5): the office samples a share of closed problems into a follow-up task.

The rule: closed problems of the office's region, optionally limited by category, source, a
sub-region, named units and the closing window. Of the problems matching it, ⌈percentage⌉ are
drawn at random (at least one when any match) with a seeded generator over the pool in id order,
so the same seed on the same pool draws the same problems. Units named under "全部抽查" have every
closed problem matching the category, source and window taken in full, on top of the draw. Units
exempt from follow-up supervision (免除督导) on the task's date are left out of the draw; naming
one to be checked in full is refused. ``followup_preview`` counts without writing;
``followup_sample`` writes the draw, the ``follow_up`` task (targets: the sampled problems' units)
and a history line on every sampled problem — all or nothing.

When the follow-up finds a problem again, ``workflows.item_rebound(follow_up_task=…)`` reopens it."""

from __future__ import annotations

import datetime
import math
import random
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.inspections.categories import categories_for
from dudao.inspections.choices import TaskKind

from .choices import LedgerSource, LedgerStatus
from .models import FollowUpSample, FollowUpSampling, LedgerItem
from .workflows import log

ADD = "ledger.add_followupsampling"
MAX_SEED = 2**31 - 1


@dataclass
class SamplingRule:
    """What to sample: see the module docstring. ``units``/``region`` limit the draw;
    ``include_units`` are checked in full."""

    office: object
    percentage: int
    categories: list = field(default_factory=list)
    source: str = ""
    region: object = None
    units: list = field(default_factory=list)
    include_units: list = field(default_factory=list)
    closed_from: datetime.date | None = None
    closed_to: datetime.date | None = None
    start_date: datetime.date | None = None

    def validate(self) -> None:
        from dudao.orgs.choices import UnitKind

        errors = {}
        if getattr(self.office, "kind", None) != UnitKind.OFFICE:
            errors["office"] = _("组织单位须为教育督导室")
        if not isinstance(self.percentage, int) or isinstance(self.percentage, bool) \
                or not 1 <= self.percentage <= 100:
            errors["percentage"] = _("抽查比例应为1到100之间的整数")
        if self.categories and "office" not in errors:
            known = set(categories_for(self.office.region, active=False, below=True).values_list("code", flat=True))
            unknown = [c for c in self.categories if c not in known]
            if unknown:
                errors["categories"] = _("未知的问题类别：%(c)s") % {"c": "、".join(unknown)}
        if self.source and self.source not in LedgerSource.values:
            errors["source"] = _("未知的问题来源")
        if self.closed_from and self.closed_to and self.closed_to < self.closed_from:
            errors["closed_to"] = _("销号日期止不能早于起")
        if "office" not in errors:
            base = self.office.region_path
            if self.region is not None and not self.region.path.startswith(base):
                errors["region"] = _("限定区域须在组织单位的行政区域内")
            if any(not u.region_path.startswith(base) for u in self.units):
                errors["units"] = _("限定单位须在组织单位的行政区域内")
            if any(not u.region_path.startswith(base) for u in self.include_units):
                errors["include_units"] = _("全部抽查的单位须在组织单位的行政区域内")
        if errors:
            raise ValidationError(errors)

    @property
    def day(self) -> datetime.date:
        """The date the follow-up is for (exemptions are checked on it, as the task does)."""
        return self.start_date or timezone.localdate()


@dataclass
class Draw:
    """The outcome of a rule: the pool drawn from, the problems checked in full, the sample."""

    pool: list[int]
    forced: list[int]
    size: int
    exempt: int

    @property
    def matched(self) -> int:
        return len(self.pool) + len(self.forced)

    def sample(self, seed: int) -> list[int]:
        return sorted(random.Random(seed).sample(self.pool, self.size))


def sample_size(percentage: int, pool: int) -> int:
    """⌈percentage % of pool⌉ — at least one when the pool is not empty."""
    return min(pool, math.ceil(percentage * pool / 100)) if pool else 0


def _exempt_units(rule: SamplingRule) -> set[int]:
    from dudao.inspections.models import SupervisionExemption

    rows = SupervisionExemption.objects.filter(region_path__startswith=rule.office.region_path,
                                               valid_from__lte=rule.day, valid_to__gte=rule.day)
    return {ex.unit_id for ex in rows if (not ex.task_kinds) or TaskKind.FOLLOW_UP in ex.task_kinds}


def draw(actor, rule: SamplingRule) -> Draw:
    """The pool and the problems checked in full for ``rule``, among the problems ``actor`` sees."""
    rule.validate()
    base = LedgerItem.objects.for_user(actor, "view").filter(status=LedgerStatus.CLOSED,
                                                             region_path__startswith=rule.office.region_path)
    if rule.categories:
        base = base.filter(category__in=rule.categories)
    if rule.source:
        base = base.filter(source=rule.source)
    if rule.closed_from:
        base = base.filter(closed_at__date__gte=rule.closed_from)
    if rule.closed_to:
        base = base.filter(closed_at__date__lte=rule.closed_to)
    exempt = _exempt_units(rule)
    forced_units = {u.pk for u in rule.include_units}
    blocked = sorted(u.name for u in rule.include_units if u.pk in exempt)
    if blocked:
        raise ValidationError({"include_units": _("%(u)s 免除回头看督导，不能全部抽查") % {"u": "、".join(blocked)}})
    forced = list(base.filter(unit_id__in=forced_units).order_by("pk").values_list("pk", flat=True)) \
        if forced_units else []
    pool = base.exclude(unit_id__in=forced_units)
    if rule.region is not None:
        pool = pool.filter(region_path__startswith=rule.region.path)
    if rule.units:
        pool = pool.filter(unit_id__in=[u.pk for u in rule.units])
    excluded = pool.filter(unit_id__in=exempt).count() if exempt else 0
    pool_ids = list(pool.exclude(unit_id__in=exempt).order_by("pk").values_list("pk", flat=True))
    return Draw(pool=pool_ids, forced=forced, size=sample_size(rule.percentage, len(pool_ids)), exempt=excluded)


def followup_preview(*, actor, rule: SamplingRule) -> dict:
    """How many closed problems the rule matches and how many would be sampled (no writes)."""
    if actor is not None and not region_in_scope(actor, ADD, rule.office.region):
        raise PermissionDenied(_("无权组织该区域的回头看"))
    d = draw(actor, rule)
    return {"matched": d.matched, "pool": len(d.pool), "forced": len(d.forced), "sample_size": d.size + len(d.forced),
            "exempt": d.exempt}


@transaction.atomic
def followup_sample(*, actor, rule: SamplingRule, seed: int | None = None, title: str = "",
                    override_reason: str = "") -> FollowUpSampling:
    """Draw the sample for ``rule`` and create the 回头看 task on the sampled problems' units, in
    one transaction. Refused when nothing matches. ``override_reason`` is passed to the task's
    burden check (D2) for units over their semester cap."""
    from dudao.inspections import services as inspections

    office = rule.office
    if actor is not None and not region_in_scope(actor, ADD, office.region):
        raise PermissionDenied(_("无权组织该区域的回头看"))
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    elif isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValidationError({"seed": _("随机种子应为0到2147483647之间的整数")})
    d = draw(actor, rule)
    chosen = d.sample(seed)
    if not chosen and not d.forced:
        raise ValidationError({"percentage": _("没有符合条件的已销号问题，未抽取")})
    items = list(LedgerItem.objects.filter(pk__in=chosen + d.forced).select_related("unit")
                 .order_by("pk"))
    units = sorted({i.unit for i in items}, key=lambda u: (u.region_path, u.name, u.pk))
    title = (title or "").strip() or _("%(o)s回头看（%(d)s抽查）") % {"o": office.name, "d": timezone.localdate()}
    origins = {i.task_id for i in items if i.task_id}
    fields = {"start_date": rule.start_date, "topic": _("整改回头看")}
    if len(origins) == 1:
        fields["follows_id"] = origins.pop()
    task = inspections.task_create(actor=actor, office=office, kind=TaskKind.FOLLOW_UP, title=title, **fields)
    for unit in units:
        inspections.task_target_add(actor=actor, task=task, unit=unit, override_reason=override_reason or "")
    sampling = FollowUpSampling(
        office=office, region=office.region, region_path=office.region.path, task=task, percentage=rule.percentage,
        categories=list(rule.categories), source=rule.source or "", rule_region=rule.region,
        closed_from=rule.closed_from, closed_to=rule.closed_to, seed=seed, pool_ids=d.pool,
        matched_count=d.matched, exempt_count=d.exempt, created_by=actor)
    sampling.full_clean(exclude=["task", "office", "region", "rule_region", "created_by"])
    sampling.save()
    sampling.units.set(rule.units)
    sampling.include_units.set(rule.include_units)
    forced = set(d.forced)
    FollowUpSample.objects.bulk_create(FollowUpSample(sampling=sampling, item=i, forced=i.pk in forced)
                                       for i in items)
    for i in items:
        log(item=i, action="follow_up", actor=actor, note=task.title,
            data={"sampling": sampling.pk, "task": task.pk, "forced": i.pk in forced})
    return sampling


def redraw(sampling: FollowUpSampling) -> list[int]:
    """The randomly drawn problems, recomputed from the stored seed and pool (for checking)."""
    return Draw(pool=list(sampling.pool_ids), forced=[], size=sample_size(sampling.percentage, len(sampling.pool_ids)),
                exempt=0).sample(sampling.seed)
