from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm

from .forms import RegionForm, RegionImportForm
from .models import Region
from .selectors import region_counts, region_filter
from .services import RegionImportError, import_regions_csv, region_create


def _with_child_counts(qs):
    return qs.annotate(child_count=Count("children"))


@login_required
def tree(request):
    """The region tree: the user's top regions, children loaded on demand (htmx)."""
    scoped = Region.objects.for_user(request.user, "view")
    q = request.GET.get("q", "").strip()
    if q:
        results = region_filter(scoped, q=q)[:100]
        return render(request, "regions/tree.html", {"results": results, "q": q, "title": _("行政区划")})
    roots = _with_child_counts(scoped.exclude(parent__in=scoped.values("id")))
    return render(request, "regions/tree.html", {
        "nodes": roots, "title": _("行政区划"),
        "can_import": user_has_perm(request.user, "regions.add_region"),
    })


@login_required
def children(request, code):
    region = get_for_user_or_404(Region, request.user, "view", code=code)
    nodes = _with_child_counts(Region.objects.for_user(request.user, "view").filter(parent=region))
    return render(request, "regions/_nodes.html", {"nodes": nodes})


@ui_action(api="dudao_regions_api_create_region")
@login_required
def detail(request, code):
    region = get_for_user_or_404(Region, request.user, "view", code=code)
    scoped = Region.objects.for_user(request.user, "view")
    can_add = user_has_perm(request.user, "regions.add_region")
    form = RegionForm(request.POST or None) if can_add else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            child = region_create(actor=request.user, code=form.cleaned_data["code"], name=form.cleaned_data["name"],
                                  parent=region)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("无权在此范围操作"))
        else:
            messages.success(request, _("已新增下级区划：%(name)s") % {"name": child.name})
            return redirect("regions:detail", code=region.code)
    return render(request, "regions/detail.html", {
        "region": region,
        "ancestors": [a for a in region.ancestors() if scoped.filter(pk=a.pk).exists()],
        "children": _with_child_counts(scoped.filter(parent=region)),
        "unit_counts": region_counts(request.user, region),
        "form": form,
        "title": region.name,
    })


@ui_action(api="dudao_regions_api_import_regions")
@login_required
def import_csv(request):
    if not user_has_perm(request.user, "regions.add_region"):
        raise PermissionDenied
    form = RegionImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            report = import_regions_csv(form.cleaned_data["file"].read(), actor=request.user)
        except RegionImportError as exc:
            errors = exc.messages
        except PermissionDenied as exc:
            errors = [str(exc) or _("无权在此范围操作")]
        else:
            messages.success(request, _("导入完成：新增 %(c)d，更名 %(u)d，未变 %(n)d")
                             % {"c": report.created, "u": report.updated, "n": report.unchanged})
            return redirect("regions:tree")
    return render(request, "regions/import.html", {"form": form, "errors": errors, "title": _("导入行政区划")})
