"""质量监测结果 pages under /monitoring/quality/: the results list (Excel), the feedback import
(template, upload, per-cell errors, nothing written on any error) and the §5.3 item 9 rule per
county."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.parity import ui_action
from dudao.common.scoping import region_in_scope, regions_in_scope, user_has_perm
from dudao.common.views import ObjectListView
from dudao.regions.choices import RegionLevel

from . import quality_services as services
from .quality_forms import QualityImportForm, QualityRuleForm
from .quality_models import QualityProgramme, QualityResult

VIEW = "monitoring.view_qualityresult"


class QualityResultListView(ObjectListView):
    model = QualityResult
    title = gettext_lazy("质量监测结果")
    export_name = "质量监测结果"
    columns = [
        (gettext_lazy("学校"), "school.name"),
        (gettext_lazy("年度"), "year"),
        (gettext_lazy("监测项目"), "get_programme_display"),
        (gettext_lazy("学科领域"), "get_subject_display"),
        (gettext_lazy("年级"), "grade"),
        (gettext_lazy("学业水平等级"), "get_level_display"),
        (gettext_lazy("平均分"), "score"),
        (gettext_lazy("反馈问题"), lambda r: r.findings.count()),
    ]
    add_url_name = "quality:import"

    def can_add(self):
        return user_has_perm(self.request.user, services.ADD)

    def get_queryset(self):
        qs = super().get_queryset().select_related("school")
        year = self.request.GET.get("year", "")
        return qs.filter(year=int(year)) if year.isdigit() else qs


@ui_action(api="dudao_monitoring_quality_api_import_results")
@login_required
def quality_import(request):
    if not user_has_perm(request.user, services.ADD):
        raise PermissionDenied
    form = QualityImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.quality_import(actor=request.user, fileobj=data["file"], year=data["year"],
                                             programme=data["programme"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if result.ok:
                messages.success(request, _("已导入%(n)s行监测结果") % {"n": result.written})
                return redirect("quality:list")
            errors = result.errors
    return render(request, "monitoring/quality/import.html", {"form": form, "errors": errors,
                                                              "title": _("导入质量监测结果")})


@login_required
def quality_template(request):
    if not user_has_perm(request.user, services.ADD):
        raise PermissionDenied
    response = HttpResponse(services.template(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''quality-template.xlsx"
    return response


@login_required
def quality_rule(request):
    """The rule of a county the user may see (``?region=&year=&programme=``)."""
    regions = regions_in_scope(request.user, VIEW).filter(level=RegionLevel.COUNTY).order_by("path")
    form = QualityRuleForm(request.GET or None, regions=regions)
    verdict = None
    if request.GET.get("region"):
        if not form.is_valid():
            if "region" in form.errors:
                raise Http404
        else:
            region = form.cleaned_data["region"]
            if not region_in_scope(request.user, VIEW, region):
                raise Http404
            verdict = services.quality_rule(region, form.cleaned_data["year"],
                                            form.cleaned_data["programme"] or QualityProgramme.NATIONAL)
    return render(request, "monitoring/quality/rule.html", {"form": form, "verdict": verdict,
                                                            "title": _("质量监测达标情况")})
