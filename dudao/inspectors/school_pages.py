"""What the school pages (the schools app, below this one) show of the inspector corps: the inspector
posted to each school now (责任督学) and a school's postings. Registered from ``InspectorsConfig.ready``."""

from django.db.models import OuterRef, Subquery

from dudao.schools import selectors

from .choices import ContactKind
from .models import FixedContact, Posting


def current_inspector_name():
    return Subquery(Posting.objects.filter(school_id=OuterRef("unit_id"), end_date__isnull=True)
                    .values("inspector__name")[:1])


def school_postings(user, school):
    return Posting.objects.for_user(user, "view").filter(school=school).select_related("inspector")


def school_contacts(user, school):
    return (FixedContact.objects.for_user(user, "view").filter(kind=ContactKind.SCHOOL, school=school)
            .select_related("inspector").order_by("-start_date", "id"))


def register() -> None:
    selectors.register_corps(current_inspector=current_inspector_name, postings=school_postings,
                             contacts=school_contacts)
