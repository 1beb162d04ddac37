"""``{% subject_documents obj %}``: the documents of a subject (and of its related subjects, e.g. an
item's 督办), with Word/PDF links and the 签发 buttons the user may use — one tag for every
subject page, so the pages of other apps need no view changes."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.common.scoping import region_in_scope
from dudao.documents.kinds import kind_spec
from dudao.documents.selectors import documents_for_objects
from dudao.documents.subjects import kinds_for, related_subjects, spec_for

register = template.Library()


@register.inclusion_tag("documents/_subject_documents.html", takes_context=True)
def subject_documents(context, obj):
    user = context["request"].user
    subjects = [obj, *related_subjects(obj)]
    links = []
    for subject in subjects:
        spec = spec_for(subject)
        if spec is None or not kinds_for(subject):
            continue
        office = spec.office(subject)
        if office is None or not region_in_scope(user, "documents.add_issueddocument", office.region) or (
                spec.may_issue is not None and not spec.may_issue(user, subject)):
            continue
        ct = f"{subject._meta.app_label}.{subject._meta.model_name}"
        for kind in kinds_for(subject):
            label = spec.labels.get(kind) or _("签发%(kind)s") % {"kind": kind_spec(kind).label}
            if subject is not obj:
                label = f"{label}（{subject}）"
            links.append((label, reverse("documents:issue_for_subject", args=[ct, subject.pk, kind])))
    return {"documents": documents_for_objects(user, subjects), "issue_links": links, "request": context["request"]}
