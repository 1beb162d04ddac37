"""The reminders and escalations the daily job sends (``Notification``), as a user's inbox: messages
addressed to the user, to a unit the user is assigned to, or to the supervision office of a region
the user's office role is placed on (escalations go to the competent department and the office one
level up, E4)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dudao.common.scoping import user_assignments
from dudao.orgs.choices import UnitKind

from .models import Notification


def notifications_for(user):
    """The user's inbox, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    assignments = user_assignments(user)
    unit_ids = [a.unit_id for a in assignments if a.unit_id]
    region_ids = [a.region_id for a in assignments if a.region_id]
    q = Q(recipient=user)
    if unit_ids:
        q |= Q(recipient_unit_id__in=unit_ids)
    if region_ids:
        q |= Q(recipient_unit__kind=UnitKind.OFFICE, recipient_unit__region_id__in=region_ids)
    return Notification.objects.filter(q).select_related("item", "recipient_unit").order_by("-sent_on", "-id")


@transaction.atomic
def notifications_mark_read(*, actor, ids=None) -> int:
    """Mark the actor's unread messages (all, or those in ``ids``) read; returns how many. A message
    to a unit is read for the whole unit once one of its users has read it."""
    qs = notifications_for(actor).filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return Notification.objects.filter(pk__in=qs.values("pk")).update(read_at=timezone.now())
