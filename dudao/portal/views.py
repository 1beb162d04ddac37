"""Office and unit pages of the portal: the list, a new publication from a source, the detail page
(edit the text, attachments, publish/withdraw, approve/return a unit's statement, history), and
the unit's statement form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.attachments.selectors import attachment_for_user_or_404
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView

from . import files, selectors, services, workflows
from .choices import EDITABLE, PublicationKind, PublicationStatus
from .forms import AttachmentForm, NoteForm, PublicationFilterForm, PublicationForm, SourceForm, StatementForm
from .models import Publication


class PublicationListView(ObjectListView):
    model = Publication
    title = gettext_lazy("公开信息")
    filter_form = PublicationFilterForm
    export_name = "公开信息"
    add_url_name = "portal:new"
    template_name = "portal/publication_list.html"
    columns = [
        (gettext_lazy("标题"), "title"),
        (gettext_lazy("类型"), "get_kind_display"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("相关单位"), "unit.name"),
        (gettext_lazy("行政区划"), "region.name"),
        (gettext_lazy("公开时间"), "published_at"),
        (gettext_lazy("更新时间"), "updated_at"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "region")

    def can_add(self):
        return user_has_perm(self.request.user, "portal.add_publication")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_state"] = user_has_perm(self.request.user, "portal.respond_publication")
        return ctx


def _resolve_source(user, value: str) -> dict:
    """The form's source value as service arguments, each object fetched through the user's scope."""
    from dudao.accountability.models import AccountabilityCase
    from dudao.common.scoping import get_for_user_or_invalid
    from dudao.inspections.models import SupervisionTask
    from dudao.ledger.models import LedgerItem
    from dudao.orgs.models import Unit

    parts = (value or "").split(":")
    try:
        ids = [int(p) for p in parts[1:]]
    except ValueError:
        ids = []
    kind, n = parts[0], len(ids)
    if kind == "report" and n == 1:
        return {"kind": PublicationKind.REPORT,
                "task": get_for_user_or_invalid(SupervisionTask, user, "source", pk=ids[0])}
    if kind == "item" and n == 1:
        return {"kind": PublicationKind.RECTIFICATION,
                "ledger_item": get_for_user_or_invalid(LedgerItem, user, "source", pk=ids[0])}
    if kind == "taskunit" and n == 2:
        return {"kind": PublicationKind.RECTIFICATION,
                "task": get_for_user_or_invalid(SupervisionTask, user, "source", pk=ids[0]),
                "unit": get_for_user_or_invalid(Unit, user, "source", pk=ids[1])}
    if kind == "case" and n == 1:
        return {"kind": PublicationKind.ACCOUNTABILITY,
                "case": get_for_user_or_invalid(AccountabilityCase, user, "source", pk=ids[0])}
    raise ValidationError({"source": _("请选择要公开的来源")})


@ui_action(api="dudao_portal_api_create_publication")
@login_required
def publication_new(request):
    if not user_has_perm(request.user, "portal.add_publication"):
        raise PermissionDenied
    form = SourceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pub = services.publication_create(actor=request.user,
                                              **_resolve_source(request.user, form.cleaned_data["source"]))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已生成草稿，请核对后公开发布"))
            return redirect(pub)
    return render(request, "generic/form.html", {"form": form, "title": _("新建公开信息"),
                                                 "cancel_url": reverse("portal:list")})


@ui_action(api="dudao_portal_api_create_statement")
@login_required
def statement_new(request):
    """整改情况说明: a unit's respondent drafts the statement (submitted later from its page)."""
    if not user_has_perm(request.user, "portal.respond_publication"):
        raise PermissionDenied
    form = StatementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pub = services.statement_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存草稿，提交后由督导部门审核公开"))
            return redirect(pub)
    return render(request, "generic/form.html", {"form": form, "title": _("起草整改情况说明"),
                                                 "cancel_url": reverse("portal:list")})


def _can_edit(user, pub) -> bool:
    if pub.kind == PublicationKind.STATEMENT:
        return pub.status in EDITABLE and workflows.may(user, pub, "respond")
    return pub.status == PublicationStatus.DRAFT and workflows.may(user, pub, "change")


@ui_action(api={"edit": "dudao_portal_api_update_publication", "attach": "dudao_portal_api_add_attachment"})
@login_required
def publication_detail(request, pk):
    pub = get_for_user_or_404(Publication.objects.select_related("unit", "region", "task", "office"), request.user,
                              "view", pk=pk)
    can_edit = _can_edit(request.user, pub)
    can_attach = can_edit and pub.kind != PublicationKind.STATEMENT
    edit_form = PublicationForm(initial={"title": pub.title, "body": pub.body}) if can_edit else None
    attach_form = AttachmentForm() if can_attach else None
    if request.method == "POST":
        name = request.POST.get("form")
        try:
            if name == "edit" and can_edit:
                edit_form = PublicationForm(request.POST)
                if edit_form.is_valid():
                    services.publication_update(actor=request.user, publication=pub, **edit_form.cleaned_data)
                    messages.success(request, _("已保存（个人信息已自动隐去）"))
                    return redirect(pub)
            elif name == "attach" and can_attach:
                attach_form = AttachmentForm(request.POST, request.FILES)
                if attach_form.is_valid():
                    services.attachment_add(actor=request.user, publication=pub, upload=attach_form.cleaned_data["file"],
                                            confirmed=attach_form.cleaned_data["confirmed"])
                    messages.success(request, _("已添加附件"))
                    return redirect(pub)
            else:
                raise PermissionDenied
        except ValidationError as exc:
            (edit_form if name == "edit" else attach_form).add_service_errors(exc)
    return render(request, "portal/publication_detail.html", {
        "title": pub.title, "pub": pub, "edit_form": edit_form, "attach_form": attach_form,
        "attachments": files.files_of(pub), "events": selectors.history(pub),
        "available": workflows.available(request.user, pub), "note_form": NoteForm(prefix="t"),
    })


@ui_action(api="dudao_portal_api_run_transition")
@login_required
@require_POST
def publication_transition(request, pk, name):
    pub = get_for_user_or_404(Publication, request.user, "view", pk=pk)
    if name not in workflows.SERVICES:
        raise Http404
    form = NoteForm(request.POST, prefix="t")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect(pub)
    try:
        workflows.SERVICES[name](actor=request.user, publication=pub, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已%(t)s") % {"t": workflows.TRANSITIONS[name].label})
    return redirect(pub)


@ui_action(api="dudao_portal_api_delete_attachment")
@login_required
@require_POST
def attachment_delete(request, pk):
    att = attachment_for_user_or_404(request.user, pk)
    if files.owner_of(att) is None:
        raise Http404
    pub = get_for_user_or_404(Publication, request.user, "view", pk=att.object_id)
    try:
        services.attachment_remove(actor=request.user, attachment=att)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已删除附件"))
    return redirect(pub)
