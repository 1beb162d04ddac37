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
from dudao.regions.models import Region

from . import services
from .choices import UnitKind
from .forms import CommitteeMemberForm, MemberUnitForm, UnitFilterForm, UnitForm, region_suggestions
from .models import CommitteeMember, MemberUnit, Unit


class UnitListView(ObjectListView):
    model = Unit
    title = gettext_lazy("单位名录")
    filter_form = UnitFilterForm
    add_url_name = "orgs:unit_add"
    export_name = "单位名录"
    template_name = "orgs/unit_list.html"
    columns = [
        (gettext_lazy("名称"), "name"),
        (gettext_lazy("类型"), "get_kind_display"),
        (gettext_lazy("行政区划"), "region.name"),
        (gettext_lazy("统一社会信用代码"), "credit_code"),
        (gettext_lazy("联系电话"), "phone"),
        (gettext_lazy("状态"), lambda u: _("有效") if u.is_active else _("无效")),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def can_add(self):
        return user_has_perm(self.request.user, "orgs.add_unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["region_options"] = region_suggestions(Region.objects.for_user(self.request.user, "view"))
        return ctx


class CommitteeListView(UnitListView):
    title = gettext_lazy("督导委员会")
    export_name = "督导委员会"
    add_url_name = None

    def get_queryset(self):
        return super().get_queryset().filter(kind=UnitKind.COMMITTEE)


def _unit_form_page(request, form, title, cancel_url):
    return render(request, "orgs/unit_form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@ui_action(api="dudao_orgs_api_create_unit")
@login_required
def unit_add(request):
    if not user_has_perm(request.user, "orgs.add_unit"):
        raise PermissionDenied
    form = UnitForm(request.POST or None, user=request.user, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已新增单位：%(name)s") % {"name": unit.name})
            return redirect(unit)
    return _unit_form_page(request, form, _("新增单位"), reverse("orgs:unit_list"))


@ui_action(api="dudao_orgs_api_update_unit")
@login_required
def unit_edit(request, pk):
    unit = get_for_user_or_404(Unit, request.user, "change", pk=pk)
    form = UnitForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk), user=request.user,
                    perm="orgs.change_unit")
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.unit_update(actor=request.user, unit=unit, **changed)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(unit)
    return _unit_form_page(request, form, _("编辑单位：%(name)s") % {"name": unit.name}, unit.get_absolute_url())


@ui_action(api="dudao_orgs_api_delete_unit")
@login_required
def unit_delete(request, pk):
    unit = get_for_user_or_404(Unit, request.user, "delete", pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.unit_delete(actor=request.user, unit=unit)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, _("已删除单位：%(name)s") % {"name": unit.name})
            return redirect("orgs:unit_list")
    return render(request, "generic/confirm_delete.html", {
        "object": unit, "title": _("删除单位"), "cancel_url": unit.get_absolute_url(), "error": error,
    })


@ui_action(api={"member": "dudao_orgs_api_add_committee_member", "member_unit": "dudao_orgs_api_add_member_unit"})
@login_required
def unit_detail(request, pk):
    unit = get_for_user_or_404(Unit.objects.select_related("region", "parent"), request.user, "view", pk=pk)
    user = request.user
    ctx = {
        "unit": unit, "title": unit.name,
        "can_change": region_in_scope(user, "orgs.change_unit", unit.region),
        "can_delete": region_in_scope(user, "orgs.delete_unit", unit.region),
        "memberships": MemberUnit.objects.for_user(user, "view").filter(unit=unit).select_related("committee"),
    }
    if unit.kind == UnitKind.COMMITTEE:
        can_manage = region_in_scope(user, "orgs.add_committeemember", unit.region)
        member_form = CommitteeMemberForm(prefix="m") if can_manage else None
        member_unit_form = MemberUnitForm(prefix="u", user=user, committee=unit) if can_manage else None
        if request.method == "POST" and can_manage:
            which = request.POST.get("form")
            try:
                if which == "member":
                    member_form = CommitteeMemberForm(request.POST, prefix="m")
                    if member_form.is_valid():
                        services.committee_member_create(actor=user, committee=unit, **member_form.cleaned_data)
                        messages.success(request, _("已添加委员会成员"))
                        return redirect(unit)
                elif which == "member_unit":
                    member_unit_form = MemberUnitForm(request.POST, prefix="u", user=user, committee=unit)
                    if member_unit_form.is_valid():
                        services.member_unit_create(actor=user, committee=unit, **member_unit_form.cleaned_data)
                        messages.success(request, _("已添加成员单位"))
                        return redirect(unit)
            except ValidationError as exc:
                (member_form if which == "member" else member_unit_form).add_service_errors(exc)
        ctx.update({
            "members": CommitteeMember.objects.for_user(user, "view").filter(committee=unit).select_related("unit"),
            "member_units": MemberUnit.objects.for_user(user, "view").filter(committee=unit).select_related("unit"),
            "member_form": member_form,
            "member_unit_form": member_unit_form,
            "can_manage": can_manage,
        })
    return render(request, "orgs/unit_detail.html", ctx)


@ui_action(api={"member": "dudao_orgs_api_delete_committee_member",
                "member_unit": "dudao_orgs_api_delete_member_unit"})
@login_required
def committee_row_delete(request, kind, pk):
    if request.method != "POST":
        raise Http404
    if kind == "member":
        row = get_for_user_or_404(CommitteeMember, request.user, "delete", pk=pk)
        committee = row.committee
        services.committee_member_delete(actor=request.user, member=row)
    else:
        row = get_for_user_or_404(MemberUnit, request.user, "delete", pk=pk)
        committee = row.committee
        services.member_unit_delete(actor=request.user, membership=row)
    messages.success(request, _("已删除"))
    return redirect(committee)
