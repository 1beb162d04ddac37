"""Workplaces pages (H2, H4, H5, C3): places with members and activities, research topics,
selections of cases and papers, cooperation agreements with joint activities, school
self-supervision with its small matters. Rows come through ``for_user``; services hold the rules."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.attachments.services import for_owner
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import services, workflows
from .choices import SELF_SUPERVISION_KINDS
from .forms import (
    ActivityForm,
    AgreementFilterForm,
    AgreementForm,
    EntryForm,
    MemberForm,
    PlaceFilterForm,
    PlaceForm,
    RoundFilterForm,
    RoundForm,
    SelfInspectionFilterForm,
    SelfInspectionForm,
    SmallMatterForm,
    TopicFilterForm,
    TopicForm,
)
from .models import Agreement, Place, ResearchTopic, SelectionEntry, SelectionRound, SelfInspection


def _require(user, perm):
    if not user_has_perm(user, perm):
        raise PermissionDenied


def _save(request, form, service, ok_message, *, denied_field=None):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        obj = service(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_service_errors(exc)
    except PermissionDenied as exc:
        if denied_field is None:
            raise
        form.add_error(denied_field, str(exc))
    else:
        messages.success(request, ok_message)
        return obj
    return None


def _form_page(request, form, title, cancel_url):
    return render(request, "generic/form.html", {"title": title, "form": form, "cancel_url": cancel_url})


def _create(request, perm, form_class, service, ok, title, list_name, denied_field):
    _require(request.user, perm)
    form = form_class(request.POST or None, request.FILES or None, user=request.user,
                      initial={"year": timezone.localdate().year})
    obj = _save(request, form, service, ok, denied_field=denied_field)
    if obj is not None:
        return redirect(obj)
    return _form_page(request, form, title, reverse(list_name))


def _activities(owner):
    rows = list(owner.activities.order_by("-held_on", "-id"))
    for a in rows:
        a.files = list(for_owner(a))
    return rows


def _transition(request, obj, services_map, transitions, **kw):
    name = kw.pop("name")
    if name not in services_map:
        raise Http404
    try:
        services_map[name](actor=request.user, note=request.POST.get("note", ""), **kw)
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.success(request, _("已%(t)s") % {"t": transitions[name].label})


# ---- places ----------------------------------------------------------------------------------------
class PlaceListView(ObjectListView):
    model = Place
    title = gettext_lazy("督学之家、工作室与工作站")
    filter_form = PlaceFilterForm
    export_name = "督导阵地"
    add_url_name = "workplaces:place_create"
    columns = [
        (gettext_lazy("名称"), "name"),
        (gettext_lazy("类别"), "get_kind_display"),
        (gettext_lazy("所在单位"), "unit.name"),
        (gettext_lazy("共建单位"), "partners"),
        (gettext_lazy("成立日期"), "established_on"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def can_add(self):
        return user_has_perm(self.request.user, "workplaces.add_place")


@ui_action(api="dudao_workplaces_api_create_place")
@login_required
def place_create(request):
    return _create(request, "workplaces.add_place", PlaceForm, services.place_create, _("已登记"),
                   _("登记督导阵地"), "workplaces:place_list", "unit")


def _place(request, pk, action="view"):
    return get_for_user_or_404(Place.objects.select_related("unit"), request.user, action, pk=pk)


@login_required
def place_detail(request, pk, member_form=None, activity_form=None):
    place = _place(request, pk)
    can_change = Place.objects.for_user(request.user, "change").filter(pk=place.pk).exists()
    return render(request, "workplaces/place_detail.html", {
        "title": place.name, "place": place, "members": place.members.select_related("inspector"),
        "activities": _activities(place), "can_change": can_change,
        "is_self": place.kind in SELF_SUPERVISION_KINDS,
        "inspections": SelfInspection.objects.for_user(request.user, "view").filter(place=place)[:50],
        "member_form": (member_form or MemberForm(user=request.user)) if can_change else None,
        "activity_form": (activity_form or ActivityForm(initial={"held_on": timezone.localdate()}))
        if can_change else None,
    })


@ui_action(api="dudao_workplaces_api_add_member")
@login_required
@require_POST
def member_add(request, pk):
    place = _place(request, pk)
    form = MemberForm(request.POST, user=request.user)
    if _save(request, form, partial(services.member_add, place=place), _("已添加成员")) is not None:
        return redirect(place)
    return place_detail(request, pk, member_form=form)


@ui_action(api="dudao_workplaces_api_add_place_activity")
@login_required
@require_POST
def place_activity_add(request, pk):
    place = _place(request, pk)
    form = ActivityForm(request.POST, request.FILES)
    if _save(request, form, partial(services.activity_add, place=place), _("已登记活动")) is not None:
        return redirect(place)
    return place_detail(request, pk, activity_form=form)


# ---- research topics ---------------------------------------------------------------------------------
class TopicListView(ObjectListView):
    model = ResearchTopic
    title = gettext_lazy("研究课题")
    filter_form = TopicFilterForm
    export_name = "研究课题"
    add_url_name = "workplaces:topic_create"
    columns = [
        (gettext_lazy("课题名称"), "title"),
        (gettext_lazy("主持人"), "lead"),
        (gettext_lazy("课题组成员"), "members"),
        (gettext_lazy("级别"), "level"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("计划结题"), "due_on"),
    ]

    def can_add(self):
        return user_has_perm(self.request.user, "workplaces.add_researchtopic")


@ui_action(api="dudao_workplaces_api_create_topic")
@login_required
def topic_create(request):
    return _create(request, "workplaces.add_researchtopic", TopicForm, services.topic_create, _("已登记课题"),
                   _("登记研究课题"), "workplaces:topic_list", "office")


def _topic(request, pk):
    return get_for_user_or_404(ResearchTopic.objects.select_related("office", "lead_inspector"), request.user,
                               "view", pk=pk)


@login_required
def topic_detail(request, pk):
    topic = _topic(request, pk)
    return render(request, "workplaces/topic_detail.html", {
        "title": topic.title, "topic": topic,
        "events": [(e, e.action_label) for e in topic.events.select_related("actor")],
        "transitions": workflows.TOPIC_WORKFLOW.available(request.user, topic),
    })


@ui_action(api="dudao_workplaces_api_run_topic_transition")
@login_required
@require_POST
def topic_transition(request, pk, name):
    topic = _topic(request, pk)
    _transition(request, topic, workflows.TOPIC_SERVICES, workflows.TOPIC_WORKFLOW.transitions, name=name, topic=topic)
    return redirect(topic)


# ---- selections of cases and papers ------------------------------------------------------------------
class RoundListView(ObjectListView):
    model = SelectionRound
    title = gettext_lazy("案例论文评选")
    filter_form = RoundFilterForm
    export_name = "案例论文评选"
    add_url_name = "workplaces:round_create"
    columns = [
        (gettext_lazy("评选名称"), "title"),
        (gettext_lazy("年度"), "year"),
        (gettext_lazy("评选类别"), "get_kind_display"),
        (gettext_lazy("报送截止"), "deadline"),
        (gettext_lazy("报送作品"), lambda r: r.entries.count()),
    ]

    def can_add(self):
        return user_has_perm(self.request.user, "workplaces.add_selectionround")


@ui_action(api="dudao_workplaces_api_create_round")
@login_required
def round_create(request):
    return _create(request, "workplaces.add_selectionround", RoundForm, services.round_create, _("已发布评选"),
                   _("组织案例论文评选"), "workplaces:round_list", "office")


def _round(request, pk):
    return get_for_user_or_404(SelectionRound.objects.select_related("office"), request.user, "view", pk=pk)


@login_required
def round_detail(request, pk, entry_form=None):
    rnd = _round(request, pk)
    entries = list(rnd.entries.select_related("unit"))
    for e in entries:
        e.files = list(for_owner(e))
        e.transitions = workflows.ENTRY_WORKFLOW.available(request.user, e)
    can_change = SelectionRound.objects.for_user(request.user, "change").filter(pk=rnd.pk).exists()
    return render(request, "workplaces/round_detail.html", {
        "title": rnd.title, "round": rnd, "entries": entries,
        "entry_form": (entry_form or EntryForm(user=request.user)) if can_change else None,
    })


@ui_action(api="dudao_workplaces_api_add_entry")
@login_required
@require_POST
def entry_add(request, pk):
    rnd = _round(request, pk)
    form = EntryForm(request.POST, request.FILES, user=request.user)
    if _save(request, form, partial(services.entry_create, round=rnd), _("已登记作品")) is not None:
        return redirect(rnd)
    return round_detail(request, pk, entry_form=form)


@ui_action(api="dudao_workplaces_api_run_entry_transition")
@login_required
@require_POST
def entry_transition(request, pk, name):
    entry = get_for_user_or_404(SelectionEntry.objects.select_related("round"), request.user, "view", pk=pk)
    _transition(request, entry, workflows.ENTRY_SERVICES, workflows.ENTRY_WORKFLOW.transitions, name=name,
                entry=entry)
    return redirect(entry.round)


# ---- cooperation agreements -----------------------------------------------------------------------------
class AgreementListView(ObjectListView):
    model = Agreement
    title = gettext_lazy("区域合作")
    filter_form = AgreementFilterForm
    export_name = "区域合作协议"
    add_url_name = "workplaces:agreement_create"
    columns = [
        (gettext_lazy("协议名称"), "title"),
        (gettext_lazy("合作区域"), "get_circle_display"),
        (gettext_lazy("合作方"), "partners"),
        (gettext_lazy("签订日期"), "signed_on"),
        (gettext_lazy("截止日期"), "valid_to"),
    ]

    def can_add(self):
        return user_has_perm(self.request.user, "workplaces.add_agreement")


@ui_action(api="dudao_workplaces_api_create_agreement")
@login_required
def agreement_create(request):
    return _create(request, "workplaces.add_agreement", AgreementForm, services.agreement_create, _("已登记合作协议"),
                   _("登记区域合作协议"), "workplaces:agreement_list", "office")


def _agreement(request, pk):
    return get_for_user_or_404(Agreement.objects.select_related("office"), request.user, "view", pk=pk)


@login_required
def agreement_detail(request, pk, activity_form=None):
    agreement = _agreement(request, pk)
    can_change = Agreement.objects.for_user(request.user, "change").filter(pk=agreement.pk).exists()
    return render(request, "workplaces/agreement_detail.html", {
        "title": agreement.title, "agreement": agreement, "activities": _activities(agreement),
        "activity_form": (activity_form or ActivityForm(initial={"held_on": timezone.localdate(),
                                                                 "kind": "joint_monitoring"})) if can_change else None,
    })


@ui_action(api="dudao_workplaces_api_add_agreement_activity")
@login_required
@require_POST
def agreement_activity_add(request, pk):
    agreement = _agreement(request, pk)
    form = ActivityForm(request.POST, request.FILES)
    if _save(request, form, partial(services.activity_add, agreement=agreement), _("已登记活动")) is not None:
        return redirect(agreement)
    return agreement_detail(request, pk, activity_form=form)


# ---- school self-supervision ---------------------------------------------------------------------------
class SelfInspectionListView(ObjectListView):
    model = SelfInspection
    title = gettext_lazy("学校自我督导")
    filter_form = SelfInspectionFilterForm
    export_name = "学校自我督导记录"
    add_url_name = "workplaces:selfinspection_create"
    columns = [
        (gettext_lazy("督导事项"), "title"),
        (gettext_lazy("自我督导机构"), "place.name"),
        (gettext_lazy("被督导学校"), "unit.name"),
        (gettext_lazy("督导日期"), "inspected_on"),
        (gettext_lazy("督导人员"), "inspectors"),
        (gettext_lazy("小事（台账问题）"), lambda s: s.small_matters.count()),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("place", "unit")

    def can_add(self):
        return user_has_perm(self.request.user, "workplaces.add_selfinspection")


@ui_action(api="dudao_workplaces_api_create_self_inspection")
@login_required
def selfinspection_create(request):
    _require(request.user, "workplaces.add_selfinspection")
    form = SelfInspectionForm(request.POST or None, request.FILES or None, user=request.user,
                              initial={"inspected_on": timezone.localdate()})
    obj = _save(request, form, services.selfinspection_create, _("已登记自我督导记录"), denied_field="place")
    if obj is not None:
        return redirect(obj)
    return _form_page(request, form, _("登记学校自我督导"), reverse("workplaces:selfinspection_list"))


def _inspection(request, pk):
    return get_for_user_or_404(SelfInspection.objects.select_related("place", "unit"), request.user, "view", pk=pk)


@login_required
def selfinspection_detail(request, pk, matter_form=None):
    inspection = _inspection(request, pk)
    can_change = SelfInspection.objects.for_user(request.user, "change").filter(pk=inspection.pk).exists()
    return render(request, "workplaces/selfinspection_detail.html", {
        "title": inspection.title, "inspection": inspection, "files": list(for_owner(inspection)),
        "matters": inspection.small_matters.order_by("id"),
        "matter_form": (matter_form or SmallMatterForm(region=inspection.unit.region)) if can_change else None,
    })


@ui_action(api="dudao_workplaces_api_raise_small_matter")
@login_required
@require_POST
def selfinspection_raise(request, pk):
    inspection = _inspection(request, pk)
    form = SmallMatterForm(request.POST, region=inspection.unit.region)
    if _save(request, form, partial(services.selfinspection_raise_matter, inspection=inspection),
             _("已作为小事登记到问题台账")) is not None:
        return redirect(inspection)
    return selfinspection_detail(request, pk, matter_form=form)
