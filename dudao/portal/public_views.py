"""The public portal (E2, E4, E9), no login: published reports, rectification results,
accountability outcomes and units' approved statements, by region and kind. Only published items
exist here (anything else is a 404), and their text was redacted before it was stored."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dudao.regions.models import Region

from . import selectors
from .choices import PublicationKind
from .models import Publication, PublicationAttachment

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
    return render(request, "portal/public/index.html", {
        "page_obj": page, "region": region, "kind": kind, "kinds": PublicationKind.choices,
        "regions": selectors.public_regions(), "querystring": query.urlencode(),
    })


def _published(pk):
    pub = Publication.objects.published().select_related("region", "unit", "office").filter(pk=pk).first()
    if pub is None:
        raise Http404
    return pub


@require_GET
def publication(request, pk):
    pub = _published(pk)
    return render(request, "portal/public/publication.html", {"pub": pub, "attachments": pub.attachments.all()})


@require_GET
def attachment(request, pk, attachment_id):
    pub = _published(pk)
    att = PublicationAttachment.objects.filter(pk=attachment_id, publication=pub).first()
    if att is None or not att.cleared:
        raise Http404
    try:
        return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
    except FileNotFoundError as exc:
        raise Http404 from exc
