"""Inspector-corps pages: roster, detail (appointments, training, appraisal, conflicts), exit, terms."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, region_in_scope, user_has_perm
from dudao.common.views import ObjectListView

from . import files, services, workflows
from .choices import AppointmentStatus, InspectorStatus
from .forms import (
    AppraisalForm,
    ConflictForm,
    EmploymentForm,
    ExitForm,
    InspectorFilterForm,
    InspectorForm,
    RecommendForm,
    TermSessionForm,
    TrainingForm,
    TransitionForm,
)
from .models import (
    Appointment,
    Appraisal,
    DeclaredConflict,
    EmploymentRecord,
    FixedContact,
    Inspector,
    Posting,
    TermSession,
)
from .services import FACT_LABELS


class InspectorListView(ObjectListView):
    model = Inspector
    title = gettext_lazy("督学名册")
    filter_form = InspectorFilterForm
    export_name = "督学名册"
    add_url_name = "inspectors:inspector_add"
    template_name = "inspectors/inspector_list.html"
    columns = [
        (gettext_lazy("姓名"), "name"),
        (gettext_lazy("类别"), "get_kind_display"),
        (gettext_lazy("专业方向"), "get_focus_display"),
        (gettext_lazy("专业领域"), lambda i: "、".join(i.expertise_labels())),
        (gettext_lazy("聘任督导机构"), "office.name"),
        (gettext_lazy("工作单位"), lambda i: i.employer.name if i.employer else i.employer_name),
        (gettext_lazy("学历"), "get_education_display"),
        (gettext_lazy("从事教育工作年限"), "years_in_education"),
        (gettext_lazy("专家库"), lambda i: _("是") if i.expert_pool else ""),
        (gettext_lazy("人才库"), lambda i: _("是") if i.talent_pool else ""),
        (gettext_lazy("公开联系电话"), "phone"),
        (gettext_lazy("挂牌学校数"), "open_postings"),
        (gettext_lazy("状态"), "get_status_display"),
    ]

    def get_queryset(self):
        return (super().get_queryset().select_related("office", "employer")
                .annotate(open_postings=Count("postings", filter=Q(postings__end_date__isnull=True)))
                .order_by("region_path", "name", "id"))

    def can_add(self):
        return user_has_perm(self.request.user, "inspectors.add_inspector")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["perms_import"] = self.can_add()
        return ctx


@ui_action(api="dudao_inspectors_api_create_inspector")
@login_required
def inspector_add(request):
    if not user_has_perm(request.user, "inspectors.add_inspector"):
        raise PermissionDenied
    form = InspectorForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        office = data.pop("office")
        if not data.get("photo"):
            data.pop("photo", None)
        try:
            inspector = services.inspector_create(actor=request.user, office=office, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已新增督学：%(n)s") % {"n": inspector.name})
            return redirect(inspector)
    return render(request, "generic/form.html", {"form": form, "title": _("新增督学"),
                                                    "cancel_url": reverse("inspectors:inspector_list")})


@ui_action(api="dudao_inspectors_api_update_inspector")
@login_required
def inspector_edit(request, pk):
    inspector = get_for_user_or_404(Inspector, request.user, "change", pk=pk)
    form = InspectorForm(request.POST or None, request.FILES or None, instance=Inspector.objects.get(pk=pk),
                         user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.changed_data}
        if data.get("photo") is False:  # "clear" ticked: remove the photo
            data["photo"] = None
        try:
            services.inspector_update(actor=request.user, inspector=inspector, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(inspector)
    return render(request, "generic/form.html", {"form": form, "title": _("编辑督学：%(n)s") % {"n": inspector.name},
                                                    "cancel_url": inspector.get_absolute_url()})


DETAIL_FORMS = {
    "training": (TrainingForm, services.training_add, gettext_lazy("已添加培训记录")),
    "appraisal": (AppraisalForm, services.appraisal_record, gettext_lazy("已记录年度考核")),
    "conflict": (ConflictForm, services.conflict_declare, gettext_lazy("已登记利害关系")),
    "employment": (EmploymentForm, services.employment_add, gettext_lazy("已添加工作经历")),
    "recommend": (RecommendForm, workflows.appointment_recommend, gettext_lazy("已推荐")),
}


def _detail_form(name, inspector, user, data=None, files=None):
    cls = DETAIL_FORMS[name][0]
    kwargs = {"prefix": name}
    if cls in (ConflictForm, EmploymentForm):
        kwargs["user"] = user
    if cls is RecommendForm:
        kwargs["inspector"] = inspector
    return cls(data, files, **kwargs) if data is not None else cls(**kwargs)


@ui_action(api={"training": "dudao_inspectors_api_add_training", "appraisal": "dudao_inspectors_api_add_appraisal", "conflict": "dudao_inspectors_api_declare_conflict", "employment": "dudao_inspectors_api_add_employment", "recommend": "dudao_inspectors_api_recommend"})
@login_required
def inspector_detail(request, pk):
    user = request.user
    inspector = get_for_user_or_404(Inspector.objects.select_related("office__region", "employer", "contact_region"),
                                    user, "view", pk=pk)
    can_change = region_in_scope(user, "inspectors.change_inspector", inspector.office.region)
    forms = {name: _detail_form(name, inspector, user) for name in DETAIL_FORMS} if can_change else {}
    if request.method == "POST":
        name = request.POST.get("form")
        if not can_change or name not in DETAIL_FORMS:
            raise PermissionDenied
        form = _detail_form(name, inspector, user, request.POST, request.FILES)
        forms[name] = form
        if form.is_valid():
            data = dict(form.cleaned_data)
            if name == "training" and not data.get("certificate"):
                data.pop("certificate", None)
            try:
                DETAIL_FORMS[name][1](actor=user, inspector=inspector, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, DETAIL_FORMS[name][2])
                return redirect(inspector)
    year = datetime.date.today().year
    totals = services.training_totals([inspector.pk], year).get(inspector.pk, {})
    trainings = list(inspector.trainings.all())
    certificates = files.certificates_for(t.pk for t in trainings)
    for t in trainings:
        t.certificate = certificates.get(t.pk)
    appointments = list(Appointment.objects.filter(inspector=inspector).select_related("session"))
    for a in appointments:
        a.allowed = [(t.name, t.label) for t in workflows.APPOINTMENT_TRANSITIONS.values() if a.status in t.source]
    appraisals = list(Appraisal.objects.filter(inspector=inspector))
    for a in appraisals:
        a.fact_rows = [(FACT_LABELS.get(k, k), v) for k, v in a.facts.items()]
    ctx = {
        "inspector": inspector, "title": inspector.name, "can_change": can_change, "forms": forms,
        "warnings": services.qualification_warnings(inspector),
        "appointments": appointments,
        "postings": Posting.objects.filter(inspector=inspector).select_related("school"),
        "contacts": FixedContact.objects.for_user(user, "view").filter(inspector=inspector)
        .select_related("county", "school").order_by("-start_date", "id"),
        "can_add_contact": can_change and user_has_perm(user, "inspectors.add_fixedcontact"),
        "trainings": trainings, "year": year, "totals": totals, "photo": files.photo_of(inspector),
        "appraisals": appraisals,
        "conflicts": DeclaredConflict.objects.filter(inspector=inspector).select_related("unit"),
        "employments": EmploymentRecord.objects.filter(inspector=inspector).select_related("unit"),
        "exits": inspector.exits.all(),
        "transition_form": TransitionForm(prefix="t"),
        "active": inspector.status == InspectorStatus.ACTIVE,
        "can_issue_documents": user_has_perm(user, "documents.add_issueddocument"),
        "S": AppointmentStatus,
    }
    return render(request, "inspectors/inspector_detail.html", ctx)


@ui_action(api="dudao_inspectors_api_transition")
@login_required
def appointment_transition(request, pk, transition):
    if request.method != "POST":
        raise PermissionDenied
    appointment = get_for_user_or_404(Appointment, request.user, "change", pk=pk)
    form = TransitionForm(request.POST, prefix="t")
    if form.is_valid():
        try:
            workflows.appointment_transition(actor=request.user, appointment=appointment, transition=transition,
                                             **form.cleaned_data)
            messages.success(request, _("已更新聘任状态"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("inspectors:inspector_detail", appointment.inspector_id)


@ui_action(api="dudao_inspectors_api_exit_inspector")
@login_required
def inspector_exit(request, pk):
    """解聘/解任; afterwards the page lists the schools that need a successor."""
    inspector = get_for_user_or_404(Inspector, request.user, "change", pk=pk)
    form = ExitForm(request.POST or None)
    schools = None
    if request.method == "POST" and form.is_valid():
        try:
            schools = workflows.inspector_exit(actor=request.user, inspector=inspector, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("%(n)s 已退出督学队伍") % {"n": inspector.name})
    return render(request, "inspectors/exit.html", {"inspector": inspector, "form": form, "schools": schools,
                                                    "title": _("督学退出：%(n)s") % {"n": inspector.name}})


class TermSessionListView(ObjectListView):
    model = TermSession
    title = gettext_lazy("督学届次")
    add_url_name = "inspectors:session_add"
    columns = [
        (gettext_lazy("督导机构"), "office.name"),
        (gettext_lazy("届次"), lambda s: str(s)),
        (gettext_lazy("任期开始"), "start_date"),
        (gettext_lazy("任期结束"), "end_date"),
        (gettext_lazy("聘任人数"), "appointed"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("office").annotate(
            appointed=Count("appointments", filter=Q(appointments__status__in=("appointed", "ended")))
        ).order_by("region_path", "office_id", "-number")

    def can_add(self):
        return user_has_perm(self.request.user, "inspectors.add_termsession")


@ui_action(api="dudao_inspectors_api_create_session")
@login_required
def session_add(request):
    if not user_has_perm(request.user, "inspectors.add_termsession"):
        raise PermissionDenied
    form = TermSessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workflows.term_session_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已新增届次"))
            return redirect("inspectors:session_list")
    return render(request, "generic/form.html", {"form": form, "title": _("新增督学届次"),
                                                 "cancel_url": reverse("inspectors:session_list")})


@ui_action(api="dudao_inspectors_api_files_issue_appointment_document")
@login_required
def appointment_document(request, pk, kind):
    """生成聘书 / 督学证 for an appointed inspector (rendered by the documents module)."""
    from .signs import APPOINTMENT_KINDS, appointment_document_issue

    if request.method != "POST" or kind not in APPOINTMENT_KINDS:
        raise Http404
    appointment = get_for_user_or_404(
        Appointment.objects.select_related("inspector__employer", "session__office"), request.user, "view", pk=pk)
    try:
        doc = appointment_document_issue(actor=request.user, appointment=appointment, kind=kind)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("inspectors:inspector_detail", appointment.inspector_id)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("已生成：%(t)s") % {"t": doc.title})
    return redirect(reverse("documents:document_detail", args=[doc.pk]))
