"""Reads of the documents module (always through the user's scope)."""

from django.contrib.contenttypes.models import ContentType

from dudao.common.scoping import regions_in_scope
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from .models import IssuedDocument


def offices_for(user, perm: str = "documents.add_issueddocument"):
    """Offices in whose name ``user`` may act (form choices)."""
    regions = regions_in_scope(user, perm)
    return Unit.objects.filter(kind=UnitKind.OFFICE, region__in=regions, is_active=True).order_by("region_path", "name")


def documents_for_object(user, obj):
    """Issued documents linked to ``obj`` (for the task, finding and inspector pages of later
    modules: ``{% include "documents/_related_documents.html" with documents=... %}``)."""
    ct = ContentType.objects.get_for_model(obj)
    return (IssuedDocument.objects.for_user(user, "view").filter(content_type=ct, object_id=str(obj.pk))
            .select_related("number", "issued_by"))


def documents_for_objects(user, objects):
    """Issued documents linked to any of ``objects`` (a subject and its related subjects), newest
    first, with their deliveries."""
    from django.db.models import Q

    q = Q()
    for obj in objects:
        q |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    if not q:
        return IssuedDocument.objects.none()
    return (IssuedDocument.objects.for_user(user, "view").filter(q)
            .select_related("number", "issued_by").prefetch_related("deliveries__unit"))


def document_filter(qs, *, kind: str = "", q: str = "", office=None):
    if kind:
        qs = qs.filter(kind=kind)
    if office is not None:
        qs = qs.filter(office=office)
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(title__icontains=q) | Q(number_text__icontains=q))
    return qs
