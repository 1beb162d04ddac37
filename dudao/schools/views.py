"""School pages: list, profile, enrolment, principals (C5), zones and groups."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_has_perm
from dudao.common.views import ObjectListView
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit
from dudao.regions.selectors import picked_region

from . import services
from .choices import ManagementAuthority
from .forms import (
    EnrolmentForm,
    PrincipalForm,
    PrincipalRecordForm,
    RegionPickForm,
    SchoolFilterForm,
    SchoolGroupForm,
    SchoolProfileForm,
    ZoneForm,
)
from .models import Enrolment, PrincipalTenure, SchoolGroup, SchoolProfile, Zone
from .selectors import (
    authority_of,
    current_inspector_name,
    enrolment_totals,
    principals_due,
    school_contacts,
    school_postings,
)


class SchoolListView(ObjectListView):
    model = SchoolProfile
    title = gettext_lazy("学校名录")
    filter_form = SchoolFilterForm
    export_name = "学校名录"
    columns = [
        # Headers match the import template, so an export can be edited and imported again.
        (gettext_lazy("学校名称"), "unit.name"),
        (gettext_lazy("类型"), "unit.get_kind_display"),
        (gettext_lazy("学校标识码"), "school_code"),
        (gettext_lazy("学段"), "get_stage_display"),
        (gettext_lazy("办学性质"), "get_ownership_display"),
        (gettext_lazy("行政区划"), "unit.region.name"),
        (gettext_lazy("区划代码"), "unit.region.code"),
        (gettext_lazy("督学责任区"), "zone.name"),
        (gettext_lazy("责任督学"), "current_inspector"),
    ]
    template_name = "schools/school_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["perms_import"] = user_has_perm(self.request.user, "schools.change_schoolprofile")
        missing = Unit.objects.for_user(self.request.user, "view").filter(
            kind__in=SCHOOL_KINDS, is_active=True, school_profile__isnull=True)
        ctx["missing_count"] = missing.count()
        ctx["missing"] = missing.order_by("region_path", "name")[:20]
        return ctx

    def get_queryset(self):
        return (super().get_queryset().select_related("unit__region", "zone")
                .annotate(current_inspector=current_inspector_name()).order_by("unit__region_path", "unit__name"))


@ui_action(api={"enrolment": "dudao_schools_api_set_enrolment", "principal": "dudao_schools_api_create_principal"})
@login_required
def school_detail(request, unit_id):
    """A school's profile page; also where a school without a profile gets one."""
    unit = get_for_user_or_404(Unit.objects.select_related("region"), request.user, "view", pk=unit_id)
    user = request.user
    # the profile (enrolment, contacts) is for school readers, not for whoever may see the unit registry
    profile = SchoolProfile.objects.for_user(user, "view").filter(unit=unit).select_related("zone", "group").first()
    if profile is None and not region_in_scope(user, "schools.change_schoolprofile", unit.region):
        raise Http404
    can_change = region_in_scope(user, "schools.change_schoolprofile", unit.region)
    can_principal = region_in_scope(user, "schools.add_principaltenure", unit.region)
    enrolment_form = EnrolmentForm(prefix="e") if profile and services.may_change_enrolment(user, profile) else None
    principal_form = PrincipalForm(prefix="p") if can_principal else None
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "enrolment" and enrolment_form is not None:
                enrolment_form = EnrolmentForm(request.POST, prefix="e")
                if enrolment_form.is_valid():
                    services.enrolment_set(actor=user, school=profile, **enrolment_form.cleaned_data)
                    messages.success(request, _("已保存在校生数"))
                    return redirect(request.path)
            elif which == "principal" and principal_form is not None:
                principal_form = PrincipalForm(request.POST, prefix="p")
                if principal_form.is_valid():
                    services.principal_appoint(actor=user, school=unit, **principal_form.cleaned_data)
                    messages.success(request, _("已登记校（园）长"))
                    return redirect(request.path)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            (enrolment_form if which == "enrolment" else principal_form).add_service_errors(exc)
    ctx = {
        "unit": unit, "profile": profile, "title": unit.name, "can_change": can_change,
        "enrolments": Enrolment.objects.for_user(user, "view").filter(school=profile) if profile else [],
        "enrolment_total": enrolment_totals([unit.pk]).get(unit.pk) if profile else None,
        "principals": PrincipalTenure.objects.for_user(user, "view").filter(school=unit),
        "postings": school_postings(user, unit),
        "contacts": school_contacts(user, unit),
        "enrolment_form": enrolment_form, "principal_form": principal_form,
        "can_post": region_in_scope(user, "inspectors.add_posting", unit.region),
        "can_issue_sign": user_has_perm(user, "documents.add_issueddocument"),
        "record_form": PrincipalRecordForm(prefix="r") if can_principal else None,
    }
    return render(request, "schools/school_detail.html", ctx)


@ui_action(api="dudao_schools_api_put_school")
@login_required
def school_profile_edit(request, unit_id):
    unit = get_for_user_or_404(Unit.objects.select_related("region"), request.user, "view", pk=unit_id)
    if not region_in_scope(request.user, "schools.change_schoolprofile", unit.region):
        raise PermissionDenied
    instance = SchoolProfile.objects.filter(unit=unit).first()
    form = SchoolProfileForm(request.POST or None, instance=instance, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data if instance is None else {k: form.cleaned_data[k] for k in form.changed_data}
        try:
            services.school_profile_save(actor=request.user, unit=unit, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存学校档案"))
            return redirect("schools:school_detail", unit.pk)
    return render(request, "generic/form.html", {
        "form": form, "title": _("学校档案：%(n)s") % {"n": unit.name},
        "cancel_url": reverse("schools:school_detail", args=[unit.pk])})


@ui_action(api="dudao_schools_api_record_principal")
@login_required
def principal_record(request, pk):
    if request.method != "POST":
        raise PermissionDenied
    tenure = get_for_user_or_404(PrincipalTenure, request.user, "change", pk=pk)
    form = PrincipalRecordForm(request.POST, prefix="r")
    if form.is_valid():
        try:
            services.principal_record(actor=request.user, tenure=tenure, **form.cleaned_data)
            messages.success(request, _("已保存"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("schools:school_detail", tenure.school_id)


@login_required
def principals_due_view(request):
    """Principals whose term ends within N months without a tenure-end supervision (C5)."""
    form = RegionPickForm(request.GET or None, user=request.user)
    region = picked_region(request, form)  # a region out of sight is a 404 before any right is weighed
    if not user_has_perm(request.user, "schools.view_principaltenure"):
        raise PermissionDenied
    months = form.cleaned_data.get("months") if form.is_valid() else None
    everyone = request.GET.get("everyone") == "1"
    authority = authority_of(region) if region else None
    rows = principals_due(PrincipalTenure.objects.for_user(request.user, "view"), region=region,
                          on_date=datetime.date.today(), months=months,
                          authority=None if everyone else authority) if region else []
    from dudao.regionsettings.services import get_setting

    return render(request, "schools/principals_due.html", {
        "title": _("校长任期届满待督导"), "form": form, "region": region, "rows": rows, "everyone": everyone,
        "authority_label": ManagementAuthority(authority).label if authority else "",
        "can_create": user_has_perm(request.user, "inspections.add_supervisiontask"),
        "months": months or (get_setting(region, "principal.tenure_warning_months") if region else None)})


class ZoneListView(ObjectListView):
    model = Zone
    title = gettext_lazy("督学责任区")
    export_name = "督学责任区"
    add_url_name = "schools:zone_add"
    columns = [
        (gettext_lazy("责任区名称"), "name"),
        (gettext_lazy("所属区县"), "region.name"),
        (gettext_lazy("工作站"), "work_station"),
        (gettext_lazy("工作站所在学校"), "host_school.name"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("region", "host_school")

    def can_add(self):
        return user_has_perm(self.request.user, "schools.add_zone")


@ui_action(api="dudao_schools_api_create_zone")
@login_required
def zone_add(request):
    if not user_has_perm(request.user, "schools.add_zone"):
        raise PermissionDenied
    form = ZoneForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            zone = services.zone_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已新增责任区"))
            return redirect(zone)
    return render(request, "generic/form.html", {"form": form, "title": _("新增督学责任区"),
                                                 "cancel_url": reverse("schools:zone_list")})


@login_required
def zone_detail(request, pk):
    zone = get_for_user_or_404(Zone.objects.select_related("region", "host_school"), request.user, "view", pk=pk)
    schools = (SchoolProfile.objects.for_user(request.user, "view").filter(zone=zone)
               .select_related("unit").annotate(current_inspector=current_inspector_name()))
    return render(request, "schools/zone_detail.html", {"zone": zone, "title": zone.name, "schools": schools})


class GroupListView(ObjectListView):
    model = SchoolGroup
    title = gettext_lazy("教育集团")
    export_name = "教育集团"
    add_url_name = "schools:group_add"
    columns = [
        (gettext_lazy("集团名称"), "name"),
        (gettext_lazy("行政区划"), "region.name"),
        (gettext_lazy("牵头学校"), "lead_school.name"),
        (gettext_lazy("集团督评中心"), "centre_name"),
        (gettext_lazy("督评中心联系人"), "centre_contact"),
        (gettext_lazy("督评中心电话"), "centre_phone"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("region", "lead_school")

    def can_add(self):
        return user_has_perm(self.request.user, "schools.add_schoolgroup")


@ui_action(api="dudao_schools_api_create_group")
@login_required
def group_add(request):
    if not user_has_perm(request.user, "schools.add_schoolgroup"):
        raise PermissionDenied
    form = SchoolGroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已新增教育集团"))
            return redirect("schools:group_list")
    return render(request, "generic/form.html", {"form": form, "title": _("新增教育集团"),
                                                 "cancel_url": reverse("schools:group_list")})
