"""The public portal (E2, E4, E9), no login: published reports, rectification results,
accountability outcomes and units' approved statements, by region and kind. Only published items
exist here (anything else is a 404), and their text was redacted before it was stored."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dudao.attachments.views import file_response
from dudao.common.redaction import redact
from dudao.incentives.selectors import published_cases
from dudao.regions.models import Region

from . import selectors
from .choices import PublicationKind
from .files import files_of, public_file
from .models import Publication

PER_PAGE = 20


@require_GET
def index(request):
    region = None
    code = request.GET.get("region", "").strip()
    if code:
        region = Region.objects.filter(code=code).first()
    kind = request.GET.get("kind", "")
    kind = kind if kind in PublicationKind.values else ""
    page = Paginator(selectors.public_publications(region=region, kind=kind), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    practices = published_cases()
    if region is not None:
        practices = practices.filter(region_path__startswith=region.path)
    return render(request, "portal/public/index.html", {
        "page_obj": page, "region": region, "kind": kind, "kinds": PublicationKind.choices,
        "regions": selectors.public_regions(), "querystring": query.urlencode(),
        "practices": practices[:PRACTICES_ON_INDEX],
    })


#: Good-practice cases (典型经验, E6) shown beside the publications on the portal's index.
PRACTICES_ON_INDEX = 5


@require_GET
def practice(request, pk):
    """A published good-practice case the office marked for the portal; its text is redacted on the
    way out as well (it is written by the office, not derived from a redacted source)."""
    case = published_cases().select_related("region").filter(pk=pk).first()
    if case is None:
        raise Http404
    return render(request, "portal/public/practice.html", {
        "case": case, "title": redact(case.title), "summary": redact(case.summary), "content": redact(case.content)})


def _published(pk):
    pub = Publication.objects.published().select_related("region", "unit", "office").filter(pk=pk).first()
    if pub is None:
        raise Http404
    return pub


@require_GET
def publication(request, pk):
    pub = _published(pk)
    return render(request, "portal/public/publication.html", {"pub": pub, "attachments": files_of(pub)})


@require_GET
def attachment(request, pk, attachment_id):
    """A cleared file of a published publication (``files.public_file``), to anyone."""
    pub = _published(pk)
    att = next((a for a in files_of(pub) if a.pk == int(attachment_id)), None)
    if att is None or not public_file(att, pub):
        raise Http404
    return file_response(att.file, att.name, att.mime_type)
