"""Pages: framework list, a version as a tree, side-by-side comparison, where a version is used,
derive / import / publish (C2, C6, C7, B1, B2, D4, G4). Every row comes through ``for_user``."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common.excel import XLSX_CONTENT_TYPE
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import selectors, services, workflows
from .exchange import read_library_upload, version_to_xlsx, version_to_yaml
from .forms import CompareForm, DeriveForm, FrameworkFilterForm, LibraryUploadForm
from .library import LibraryError
from .models import Framework, FrameworkVersion


def _scope_label(framework):
    return framework.region.name if framework.region_id else _("国家")


class FrameworkListView(ObjectListView):
    model = Framework
    title = gettext_lazy("指标体系库")
    filter_form = FrameworkFilterForm
    export_name = "指标体系库"
    template_name = "frameworks/framework_list.html"
    columns = [
        (gettext_lazy("名称"), "name"),
        (gettext_lazy("类别"), "get_kind_display"),
        (gettext_lazy("发布机构"), "provider"),
        (gettext_lazy("范围"), _scope_label),
        (gettext_lazy("版本数"), "version_count"),
        (gettext_lazy("标识"), "key"),
    ]

    def get_queryset(self):
        from django.db.models import Count

        return super().get_queryset().select_related("region").annotate(version_count=Count("versions")).order_by(
            "region_path", "kind", "name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_import"] = user_has_perm(self.request.user, "frameworks.add_framework")
        return ctx


@login_required
def framework_detail(request, pk):
    framework = get_for_user_or_404(Framework.objects.select_related("region", "owner_unit"), request.user,
                                    "view", pk=pk)
    versions = selectors.versions_with_counts(
        FrameworkVersion.objects.for_user(request.user, "view").filter(framework=framework)
        .select_related("derived_from__framework"))
    return render(request, "frameworks/framework_detail.html", {
        "framework": framework, "versions": versions, "title": framework.name,
    })


@login_required
def version_detail(request, pk):
    user = request.user
    version = get_for_user_or_404(
        FrameworkVersion.objects.select_related("framework__region", "framework__owner_unit",
                                                "derived_from__framework"), user, "view", pk=pk)
    region = version.framework.region
    can_change = services.may_write(user, "frameworks.change_framework", region)
    ctx = {
        "version": version, "framework": version.framework, "title": str(version),
        "tree": selectors.indicator_tree(version),
        "usages": selectors.usages_for_user(user, version),
        "usage_count": version.usages.count(),
        "derivatives": FrameworkVersion.objects.for_user(user, "view").filter(derived_from=version)
        .select_related("framework__region"),
        "siblings": FrameworkVersion.objects.for_user(user, "view").filter(framework=version.framework)
        .exclude(pk=version.pk),
        "can_derive": user_has_perm(user, "frameworks.add_framework"),
        "can_publish": workflows.allowed(user, version, "publish"),
        "can_retire": workflows.allowed(user, version, "retire"),
        "can_replace": can_change and not version.is_locked,
        "upload_form": LibraryUploadForm(user=user, with_region=False),
    }
    return render(request, "frameworks/version_detail.html", ctx)


@login_required
def version_export(request, pk):
    version = get_for_user_or_404(FrameworkVersion.objects.select_related("framework"), request.user, "view", pk=pk)
    fmt = request.GET.get("format", "yaml")
    stem = f"{version.name}-v{version.version}"
    if fmt == "xlsx":
        response = HttpResponse(version_to_xlsx(version), content_type=XLSX_CONTENT_TYPE)
        filename = f"{stem}.xlsx"
    elif fmt == "yaml":
        response = HttpResponse(version_to_yaml(version), content_type="application/yaml; charset=utf-8")
        filename = f"{stem}.yaml"
    else:
        raise Http404
    response["Content-Disposition"] = f"attachment; filename=\"framework.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def version_compare(request):
    form = CompareForm(request.GET or None, user=request.user)
    changes = None
    summary = {}
    if form.is_bound and form.is_valid():
        changes = selectors.compare_versions(form.cleaned_data["left"], form.cleaned_data["right"])
        for kind in ("added", "removed", "changed", "same"):
            summary[kind] = sum(1 for c in changes if c.kind == kind)
    return render(request, "frameworks/compare.html", {
        "form": form, "changes": changes, "summary": summary, "title": _("版本对比"),
        "left": form.cleaned_data.get("left") if changes is not None else None,
        "right": form.cleaned_data.get("right") if changes is not None else None,
    })


@ui_action(api="dudao_frameworks_api_derive")
@login_required
def version_derive(request, pk):
    user = request.user
    source = get_for_user_or_404(FrameworkVersion.objects.select_related("framework"), user, "view", pk=pk)
    if not user_has_perm(user, "frameworks.add_framework"):
        raise PermissionDenied
    form = DeriveForm(request.POST or None, user=user, initial={"name": source.name})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.framework_version_derive(actor=user, source=source, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已派生本地版本（草稿），修改后请发布"))
            return redirect(version)
    return render(request, "frameworks/derive.html", {"form": form, "source": source, "title": _("派生本地版本")})


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@ui_action(api="dudao_frameworks_api_import_library")
@login_required
def library_import(request):
    user = request.user
    if not user_has_perm(user, "frameworks.add_framework"):
        raise PermissionDenied
    form = LibraryUploadForm(request.POST or None, request.FILES or None, user=user)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_library_upload(upload.name, upload.read())
            version, changed = services.library_load(actor=user, data=data, region=form.cleaned_data["region"],
                                                     publish=form.cleaned_data["publish"])
        except LibraryError as exc:
            errors = exc.errors
        except PermissionDenied as exc:
            errors = [str(exc)]
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已导入：%(v)s") % {"v": version} if changed else _("内容无变化：%(v)s")
                             % {"v": version})
            return redirect(version)
    return render(request, "frameworks/import.html", {"form": form, "errors": errors, "title": _("导入指标体系")})


@ui_action(api="dudao_frameworks_api_replace_content")
@login_required
@require_POST
def version_replace(request, pk):
    """Replace an unused version's content with an edited YAML/Excel file (the round trip)."""
    user = request.user
    version = get_for_user_or_404(FrameworkVersion.objects.select_related("framework__region"), user, "change",
                                  pk=pk)
    form = LibraryUploadForm(request.POST, request.FILES, user=user, with_region=False)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(version)
    upload = form.cleaned_data["file"]
    try:
        data = read_library_upload(upload.name, upload.read())
        services.framework_version_replace_content(actor=user, version=version, data=data)
    except LibraryError as exc:
        for e in exc.errors[:50]:
            messages.error(request, e)
    except ValidationError as exc:
        for e in exc.messages:
            messages.error(request, e)
    else:
        messages.success(request, _("已更新指标内容"))
    return redirect(version)


@ui_action(api={"publish": "dudao_frameworks_api_publish", "retire": "dudao_frameworks_api_retire"})
@login_required
@require_POST
def version_transition(request, pk, name):
    if name not in workflows.TRANSITIONS:
        raise Http404
    version = get_for_user_or_404(FrameworkVersion.objects.select_related("framework__region"), request.user,
                                  "change", pk=pk)
    service = {"publish": workflows.framework_version_publish, "retire": workflows.framework_version_retire}[name]
    try:
        service(actor=request.user, version=version)
    except ValidationError as exc:
        for e in exc.messages:
            messages.error(request, e)
    else:
        messages.success(request, _("已发布") if name == "publish" else _("已停用"))
    return redirect(version)
