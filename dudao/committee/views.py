"""Committee pages (A1–A4): meetings (list with Excel export, the meeting with attendance, minutes,
decisions and their actions), actions (list, the action with progress reports and its steps), rules
by version, member units' participation per year with the annual checks, and the liaison's page.
Rows come through ``for_user``; ``services``/``workflows`` hold the rules; every form has its API
twin (``@ui_action``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dudao.attachments.selectors import by_purpose
from dudao.attachments.services import attachment_add
from dudao.common.excel import xlsx_response
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView, flash_errors
from dudao.orgs.models import MemberUnit

from . import selectors, services
from .choices import OWED, MeetingStatus, Presence
from .forms import (
    ActionFilterForm,
    ActionForm,
    DecisionForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    ParticipationForm,
    ProgressForm,
    RuleForm,
    StepForm,
)
from .models import Action, Meeting, RuleDocument
from .workflows import ACTION_WORKFLOW, MEETING_WORKFLOW

API = "dudao_committee_api_"


def _office_committees(user, perm):
    """Committees in the regions where ``user`` holds ``perm`` (a form's choices)."""
    from dudao.common.scoping import regions_in_scope
    from dudao.orgs.choices import UnitKind
    from dudao.orgs.models import Unit

    return Unit.objects.filter(kind=UnitKind.COMMITTEE, region__in=regions_in_scope(user, perm)).order_by(
        "region_path", "name")


# ---- meetings ------------------------------------------------------------------------------------
class MeetingListView(ObjectListView):
    model = Meeting
    title = gettext_lazy("委员会会议")
    filter_form = MeetingFilterForm
    export_name = "委员会会议"
    add_url_name = "committee:meeting_add"
    columns = [
        (gettext_lazy("会议名称"), "title"),
        (gettext_lazy("督导委员会"), "committee.name"),
        (gettext_lazy("会议类型"), "get_kind_display"),
        (gettext_lazy("会议日期"), "held_on"),
        (gettext_lazy("会议地点"), "place"),
        (gettext_lazy("状态"), "get_status_display"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("committee").distinct()

    def can_add(self):
        return user_has_perm(self.request.user, "committee.add_meeting")


@ui_action(api=API + "create_meeting")
@login_required
def meeting_add(request):
    if not user_has_perm(request.user, "committee.add_meeting"):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, committees=_office_committees(request.user, "committee.add_meeting"))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已安排会议"))
            return redirect(meeting)
    return render(request, "generic/form.html", {"title": _("安排会议"), "form": form})


def _attendance_rows(request, meeting):
    rows = []
    for att in meeting.attendances.select_related("member__unit"):
        key = str(att.member_id)
        presence = request.POST.get(f"presence-{key}", att.presence)
        if presence not in Presence.values:
            raise ValidationError({"presence": _("出席情况取值无效")})
        rows.append({"member": att.member, "presence": presence,
                     "attendee": request.POST.get(f"attendee-{key}", "")[:100],
                     "represented_by": request.POST.get(f"represented-{key}", "")[:100],
                     "note": request.POST.get(f"note-{key}", "")[:200]})
    return rows


@ui_action(api={"attendance": API + "set_attendance", "minutes": API + "set_minutes", "decision": API + "add_decision",
                "action": API + "add_action", "transition": API + "run_meeting_transition",
                "file": "dudao_attachments_api_upload"})
@login_required
def meeting_detail(request, pk):
    user = request.user
    meeting = get_for_user_or_404(Meeting.objects.select_related("committee").distinct(), user, "view", pk=pk)
    can_change = MEETING_WORKFLOW.may(user, meeting, "change")
    editable = can_change and meeting.status != MeetingStatus.APPROVED
    minutes_form = MinutesForm(initial={"minutes": meeting.minutes})
    decision_form = DecisionForm()
    action_form = ActionForm(committee=meeting.committee, initial={"deadline": timezone.localdate()})
    if request.method == "POST":
        name = request.POST.get("form")
        if not can_change:
            raise PermissionDenied
        ok = False
        try:
            if name == "attendance":
                services.meeting_attendance_set(actor=user, meeting=meeting, rows=_attendance_rows(request, meeting))
                ok = _("已登记出席情况")
            elif name == "minutes":
                minutes_form = MinutesForm(request.POST, request.FILES)
                if minutes_form.is_valid():
                    services.meeting_minutes_set(actor=user, meeting=meeting, minutes=minutes_form.cleaned_data["minutes"])
                    if minutes_form.cleaned_data.get("file"):
                        attachment_add(actor=user, owner=meeting, purpose="minutes", file=minutes_form.cleaned_data["file"])
                    ok = _("已记录会议纪要")
            elif name == "decision":
                decision_form = DecisionForm(request.POST)
                if decision_form.is_valid():
                    services.decision_add(actor=user, meeting=meeting, **decision_form.cleaned_data)
                    ok = _("已记录会议决定")
            elif name == "action":
                action_form = ActionForm(request.POST, committee=meeting.committee)
                if action_form.is_valid():
                    data = dict(action_form.cleaned_data)
                    decision = meeting.decisions.filter(pk=data.pop("decision")).first()
                    if decision is None:
                        raise Http404
                    services.action_add(actor=user, decision=decision, **data)
                    ok = _("已分解落实")
            elif name == "transition":
                MEETING_WORKFLOW.apply(actor=user, obj=meeting, name=request.POST.get("transition", ""),
                                       note=request.POST.get("note", ""))
                ok = _("已办理")
            elif name == "file":
                if request.FILES.get("file"):
                    attachment_add(actor=user, owner=meeting, purpose=request.POST.get("purpose", "material"),
                                   file=request.FILES["file"])
                    ok = _("已上传")
            else:
                raise Http404
        except ValidationError as exc:
            target = {"minutes": minutes_form, "decision": decision_form, "action": action_form}.get(name)
            if target is not None and target.is_bound:
                target.add_service_errors(exc)
            else:
                flash_errors(request, exc)
        if ok:
            messages.success(request, ok)
            return redirect(meeting)
    decisions = list(meeting.decisions.all())
    actions = Action.objects.for_user(user, "view").select_related("member__unit")
    for d in decisions:
        d.visible_actions = [a for a in actions.filter(decision=d)]
    files = by_purpose(meeting)
    return render(request, "committee/meeting_detail.html", {
        "title": meeting.title, "meeting": meeting, "can_change": can_change, "editable": editable,
        "attendances": meeting.attendances.select_related("member__unit"), "presences": Presence.choices,
        "decisions": decisions, "events": meeting.events.select_related("actor"),
        "transitions": MEETING_WORKFLOW.available(user, meeting),
        "minutes_form": minutes_form, "decision_form": decision_form, "action_form": action_form,
        "file_groups": [(label, files.get(code, [])) for code, label in
                        (("minutes", _("会议纪要")), ("material", _("会议材料"))) if files.get(code)],
    })


# ---- actions -------------------------------------------------------------------------------------
class ActionListView(ObjectListView):
    model = Action
    title = gettext_lazy("决定事项落实")
    filter_form = ActionFilterForm
    export_name = "决定事项落实"
    columns = [
        (gettext_lazy("落实事项"), "task"),
        (gettext_lazy("责任成员单位"), "member.unit.name"),
        (gettext_lazy("会议"), "decision.meeting.title"),
        (gettext_lazy("完成时限"), "deadline"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("逾期"), lambda a: _("逾期") if a.overdue else ""),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("member__unit", "decision__meeting")


@ui_action(api={"progress": API + "report_progress", "transition": API + "run_action_transition"})
@login_required
def action_detail(request, pk):
    user = request.user
    action = get_for_user_or_404(Action.objects.select_related("member__unit", "decision__meeting"), user, "view", pk=pk)
    progress_form, step_form = ProgressForm(), StepForm()
    if request.method == "POST":
        name = request.POST.get("form")
        try:
            if name == "progress":
                progress_form = ProgressForm(request.POST, request.FILES)
                if progress_form.is_valid():
                    report = services.action_progress(actor=user, action_row=action,
                                                      text=progress_form.cleaned_data["text"])
                    services.attach_evidence(actor=user, report=report, files=[progress_form.cleaned_data.get("file")])
                    messages.success(request, _("已报送进展"))
                    return redirect(action)
            elif name == "transition":
                step_form = StepForm(request.POST, request.FILES)
                if step_form.is_valid():
                    transition = request.POST.get("transition", "")
                    ACTION_WORKFLOW.apply(actor=user, obj=action, name=transition, note=step_form.cleaned_data["note"])
                    if transition == "report_done" and step_form.cleaned_data.get("file"):
                        report = action.reports.filter(final=True).order_by("-id").first()
                        services.attach_evidence(actor=user, report=report, files=[step_form.cleaned_data["file"]])
                    messages.success(request, _("已办理"))
                    return redirect(action)
            else:
                raise Http404
        except ValidationError as exc:
            (progress_form if name == "progress" else step_form).add_service_errors(exc)
    reports = list(action.reports.select_related("reported_by").prefetch_related("files"))
    return render(request, "committee/action_detail.html", {
        "title": action.task[:40], "action": action, "reports": reports,
        "events": action.events.select_related("actor"),
        "transitions": ACTION_WORKFLOW.available(user, action),
        "may_report": services.may_report(user, action) if action.status in OWED else False,
        "progress_form": progress_form, "step_form": step_form,
        "meeting_visible": Meeting.objects.for_user(user, "view").filter(pk=action.decision.meeting_id).exists(),
    })


# ---- rules ---------------------------------------------------------------------------------------
class RuleListView(ObjectListView):
    model = RuleDocument
    title = gettext_lazy("议事规则和工作规程")
    export_name = "委员会制度"
    add_url_name = "committee:rule_add"
    columns = [
        (gettext_lazy("名称"), "title"),
        (gettext_lazy("制度类别"), "get_kind_display"),
        (gettext_lazy("版本"), "version"),
        (gettext_lazy("施行日期"), "effective_on"),
        (gettext_lazy("废止日期"), "superseded_on"),
        (gettext_lazy("督导委员会"), "committee.name"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("committee").distinct()

    def can_add(self):
        return user_has_perm(self.request.user, "committee.add_ruledocument")


@ui_action(api=API + "add_rule")
@login_required
def rule_add(request):
    if not user_has_perm(request.user, "committee.add_ruledocument"):
        raise PermissionDenied
    form = RuleForm(request.POST or None, request.FILES or None,
                    committees=_office_committees(request.user, "committee.add_ruledocument"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        try:
            rule = services.rule_add(actor=request.user, **data)
            if upload:
                attachment_add(actor=request.user, owner=rule, purpose="text", file=upload)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已登记新版本"))
            return redirect(rule)
    return render(request, "generic/form.html", {"title": _("登记议事规则或工作规程"), "form": form})


@login_required
@require_GET
def rule_detail(request, pk):
    rule = get_for_user_or_404(RuleDocument.objects.select_related("committee").distinct(), request.user, "view", pk=pk)
    versions = RuleDocument.objects.for_user(request.user, "view").filter(committee=rule.committee, kind=rule.kind) \
        .distinct().order_by("-version")
    return render(request, "committee/rule_detail.html", {
        "title": str(rule), "rule": rule, "versions": versions, "files": list(rule.files.all()),
        "today": timezone.localdate()})


# ---- participation and the annual checks ------------------------------------------------------------
def _year(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


PARTICIPATION_HEADERS = [gettext_lazy("成员单位"), gettext_lazy("参加次数"), gettext_lazy("要求"),
                         gettext_lazy("是否达标"), gettext_lazy("参加的督导活动")]


@ui_action(api=API + "add_participation")
@login_required
def participation(request):
    """成员单位参加督导活动情况 and the annual checks (全体会议, 办公室人员配备) of one committee."""
    user = request.user
    committees = list(selectors.committees_for(user))
    if not committees:
        raise PermissionDenied
    chosen = request.POST.get("committee") or request.GET.get("committee")
    committee = next((c for c in committees if str(c.pk) == chosen), committees[0])
    committee, units = selectors.committee_for(user, committee.pk, "committee.view_participationrecord")
    if committee is None:
        raise PermissionDenied
    year = _year(request)
    office = units is None
    can_add = office and selectors.committee_for(user, committee.pk, "committee.add_participationrecord")[0] is not None \
        and user_has_perm(user, "committee.add_participationrecord")
    form = ParticipationForm(request.POST or None, committee=committee) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.participation_add(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("已登记"))
                return redirect(f"{request.path}?committee={committee.pk}&year={year}")
    rows = selectors.participation(committee, year)
    if units is not None:
        rows = [r for r in rows if r.member.unit_id in units]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"成员单位参加督导活动情况{year}", sheet_title=str(_("参加督导活动")),
            headers=[str(h) for h in PARTICIPATION_HEADERS], object_type="committee.participation",
            rows=([r.member.unit.name, r.count, r.required, _("否") if r.below else _("是"),
                   "；".join(f"{d or ''} {k} {t}" for k, t, d in r.activities)] for r in rows))
    return render(request, "committee/participation.html", {
        "title": _("成员单位参加督导活动情况"), "committee": committee, "committees": committees, "year": year,
        "rows": rows, "below": selectors.below_rule(rows), "form": form, "office": office,
        "plenary": selectors.plenary_check(committee, year) if office else None,
        "staffing": selectors.staffing_check(committee) if office else None,
    })


# ---- the liaison's page --------------------------------------------------------------------------------
@login_required
@require_GET
def liaison_home(request):
    """成员单位工作: the liaison's unit(s), the actions they owe, meetings, participation this year
    and the committee's rules in force."""
    user = request.user
    units = selectors.liaison_units(user)
    if not units:
        if user_has_perm(user, "committee.view_action"):
            return redirect("committee:action_list")
        raise PermissionDenied
    today = timezone.localdate()
    memberships = list(MemberUnit.objects.filter(unit_id__in=units, left_on__isnull=True)
                       .select_related("unit", "committee"))
    blocks = []
    for m in memberships:
        rows = [r for r in selectors.participation(m.committee, today.year) if r.member.pk == m.pk]
        blocks.append({"member": m, "participation": rows[0] if rows else None})
    actions = Action.objects.for_user(user, "view").select_related("member__unit", "decision__meeting")
    rules = RuleDocument.objects.for_user(user, "view").filter(superseded_on__isnull=True).distinct()
    return render(request, "committee/liaison.html", {
        "title": _("成员单位工作"), "blocks": blocks, "today": today,
        "owed": [a for a in actions if a.status in OWED],
        "others": [a for a in actions if a.status not in OWED],
        "meetings": Meeting.objects.for_user(user, "view").distinct().order_by("-held_on")[:10],
        "rules": rules,
    })


