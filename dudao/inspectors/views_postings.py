"""Posting (挂牌), coverage, training lists and Excel import pages."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common import importer
from dudao.common.excel import XLSX_CONTENT_TYPE
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_has_perm
from dudao.common.views import ObjectListView
from dudao.orgs.models import Unit
from dudao.regions.selectors import picked_region

from . import postings, services
from .choices import TrainingKind
from .forms import CoverageForm, EndPostingForm, ImportForm, PostingForm, RegionYearForm, ReplaceForm
from .imports import import_file, import_spec
from .models import Inspector, Posting, TrainingRecord


class PostingListView(ObjectListView):
    model = Posting
    title = gettext_lazy("挂牌督导")
    export_name = "挂牌督导"
    add_url_name = "inspectors:posting_add"
    template_name = "inspectors/posting_list.html"
    columns = [
        (gettext_lazy("学校"), "school.name"),
        (gettext_lazy("学校标识码"), lambda p: getattr(getattr(p.school, "school_profile", None), "school_code", "")),
        (gettext_lazy("责任督学"), "inspector.name"),
        (gettext_lazy("挂牌日期"), "start_date"),
        (gettext_lazy("结束日期"), "end_date"),
        (gettext_lazy("结束原因"), "end_reason"),
        (gettext_lazy("例外批准理由"), "override_reason"),
    ]

    def get_queryset(self):
        qs = super().get_queryset().select_related("school__school_profile", "inspector").order_by("-start_date", "-id")
        if self.request.GET.get("current") == "1":
            qs = qs.filter(end_date__isnull=True)
        return qs

    def can_add(self):
        return user_has_perm(self.request.user, "inspectors.add_posting")


@ui_action(api="dudao_inspectors_api_create_posting")
@login_required
def posting_add(request):
    if not user_has_perm(request.user, "inspectors.add_posting"):
        raise PermissionDenied
    initial = {}
    if request.GET.get("school"):
        initial["school"] = request.GET["school"]
    form = PostingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            posting = postings.posting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已为 %(s)s 挂牌责任督学 %(i)s") % {"s": posting.school, "i": posting.inspector})
            return redirect(request.POST.get("next") or reverse("inspectors:posting_list"))
    return render(request, "generic/form.html", {"form": form, "title": _("挂牌责任督学"),
                                                 "cancel_url": reverse("inspectors:posting_list")})


@ui_action(api={"end": "dudao_inspectors_api_end_posting", "replace": "dudao_inspectors_api_replace_posting"})
@login_required
def posting_change(request, pk, action):
    """End a posting, or replace its inspector (动态更替)."""
    posting = get_for_user_or_404(Posting.objects.select_related("school", "inspector"), request.user, "change", pk=pk)
    form_cls = ReplaceForm if action == "replace" else EndPostingForm
    kwargs = {"user": request.user} if action == "replace" else {}
    form = form_cls(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "replace":
                postings.posting_replace(actor=request.user, posting=posting, **form.cleaned_data)
            else:
                postings.posting_end(actor=request.user, posting=posting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("schools:school_detail", posting.school_id)
    title = _("更换责任督学：%(s)s") if action == "replace" else _("结束挂牌：%(s)s")
    return render(request, "generic/form.html", {"form": form, "title": title % {"s": posting.school},
                                                 "cancel_url": reverse("inspectors:posting_list")})


@login_required
def coverage_view(request):
    """Coverage of a region: uncovered schools, overloaded inspectors, ratio and recent history."""
    form = CoverageForm(request.GET or None, user=request.user)
    region = picked_region(request, form)
    if not user_has_perm(request.user, "inspectors.view_posting"):
        raise PermissionDenied
    on_date = form.cleaned_data.get("on") if form.is_valid() else None
    cov = postings.coverage(region, units_qs=Unit.objects.for_user(request.user, "view"),
                            postings_qs=Posting.objects.for_user(request.user, "view"), on_date=on_date)
    history = (Posting.objects.for_user(request.user, "view").filter(region_path__startswith=region.path)
               .select_related("school", "inspector").order_by("-start_date", "-id")[:30])
    return render(request, "inspectors/coverage.html", {
        "title": _("挂牌督导覆盖情况"), "form": form, "region": region, "cov": cov, "on_date": on_date, "history": history,
        "can_post": region_in_scope(request.user, "inspectors.add_posting", region)})


class TrainingListView(ObjectListView):
    model = TrainingRecord
    title = gettext_lazy("培训记录")
    export_name = "培训记录"
    template_name = "inspectors/training_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["perms_import"] = user_has_perm(self.request.user, "inspectors.add_trainingrecord")
        return ctx

    columns = [
        (gettext_lazy("督学姓名"), "inspector.name"),
        (gettext_lazy("培训名称"), "course"),
        (gettext_lazy("培训方式"), "get_kind_display"),
        (gettext_lazy("培训类别"), "get_category_display"),
        (gettext_lazy("考核结果"), "get_result_display"),
        (gettext_lazy("学时"), "hours"),
        (gettext_lazy("培训日期"), "date"),
        (gettext_lazy("举办单位"), "provider"),
        (gettext_lazy("岗前培训"), lambda t: _("是") if t.pre_service else ""),
    ]

    def get_queryset(self):
        qs = super().get_queryset().select_related("inspector").order_by("-date", "-id")
        year = self.request.GET.get("year", "")
        return qs.filter(date__year=int(year)) if year.isdigit() else qs


@login_required
def training_under_view(request):
    """Inspectors below the yearly 集中 training minimum (F4)."""
    form = RegionYearForm(request.GET or None, user=request.user)
    region = picked_region(request, form)
    if not user_has_perm(request.user, "inspectors.view_trainingrecord"):
        raise PermissionDenied
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or datetime.date.today().year
    from dudao.regionsettings.services import get_setting

    rows = services.under_training_minimum(Inspector.objects.for_user(request.user, "view").select_related("office"),
                                           year=year, region=region)
    kinds = services.counted_kinds(region)
    minimum = get_setting(region, "training.min_centralised_hours")
    rows = [(i, h, minimum - h) for i, h in rows]
    return render(request, "inspectors/training_under.html", {
        "title": _("培训学时不足名单"), "form": form, "region": region, "year": year, "rows": rows,
        "minimum": minimum, "short": sum((s for _i, _h, s in rows), 0),
        "counted": "、".join(str(TrainingKind(k).label) for k in kinds)})


@ui_action(api="dudao_inspectors_api_files_issue_school_sign")
@login_required
def sign_issue(request, unit_id):
    """生成挂牌公示牌: issue the school's sign as a document (Word now, PDF on download)."""
    if request.method != "POST":
        raise Http404
    school = get_for_user_or_404(Unit.objects.select_related("region", "school_profile"), request.user, "view",
                                 pk=unit_id)
    profile = getattr(school, "school_profile", None)
    if profile is None:
        raise Http404
    from .signs import school_sign_issue, school_sign_path

    url = request.build_absolute_uri(school_sign_path(school))
    try:
        doc = school_sign_issue(actor=request.user, school=school, public_url=url)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("schools:school_detail", school.pk)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("已生成公示牌：%(t)s") % {"t": doc.title})
    return redirect(reverse("documents:document_detail", args=[doc.pk]))


#: The list page each import returns to.
IMPORT_LISTS = {"schools": "schools:school_list", "inspectors": "inspectors:inspector_list",
                "postings": "inspectors:posting_list", "training": "inspectors:training_list"}


def _import_spec(request, kind):
    if kind not in IMPORT_LISTS:
        raise Http404
    return import_spec(request.user, kind), IMPORT_LISTS[kind]


@login_required
def import_template(request, kind):
    spec, _list = _import_spec(request, kind)
    response = HttpResponse(importer.template_workbook(spec), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="template-{kind}.xlsx"'
    return response


@ui_action(api="dudao_inspectors_api_files_import_rows")
@login_required
def import_view(request, kind):
    """Upload → all rows written, or none with an error list and a downloadable error report."""
    spec, list_url = _import_spec(request, kind)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user, needs_office=kind == "inspectors")
    result = report_token = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_file(actor=request.user, kind=kind, file=form.cleaned_data["file"],
                                 office=form.cleaned_data.get("office"))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if result.ok:
                messages.success(request, _("导入成功：共 %(n)s 行") % {"n": result.written})
                return redirect(list_url)
            report_token = uuid.uuid4().hex
            default_storage.save(_report_path(request.user, report_token), ContentFile(importer.error_report(result)))
    return render(request, "inspectors/import.html", {
        "title": _("导入：%(n)s") % {"n": spec.name}, "spec": spec, "kind": kind, "form": form, "result": result,
        "report_token": report_token})


def _report_path(user, token):
    return f"import-errors/{user.pk}/{token}.xlsx"


@login_required
def import_errors(request, token):
    """The uploader's own error report (other users' tokens are 404)."""
    if not token.isalnum():
        raise Http404
    path = _report_path(request.user, token)
    if not default_storage.exists(path):
        raise Http404
    response = FileResponse(default_storage.open(path, "rb"), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="import-errors.xlsx"'
    return response
