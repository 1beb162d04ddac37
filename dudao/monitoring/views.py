"""Monitoring pages (issue 12 item 1): collections (list, detail with elements and rules, define a
draft, publish, new version, open a round), rounds (completeness by region, who has not submitted,
one-click reminders, Excel template/upload for an office, exports), submissions (list; the fill-in
grid of elements × 学段 prefilled from 学籍, save draft / submit; the reviewer's transitions; the
history; Excel for the unit). Every POST calls the same service as its API twin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common.excel import xlsx_response
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView, flash_errors

from . import excel, selectors, services
from .choices import EDITABLE, CollectionStatus
from .forms import (
    CollectionFilterForm,
    CollectionForm,
    ElementForm,
    NoteTransitionForm,
    RoundFilterForm,
    RoundForm,
    RuleForm,
    SubmissionFilterForm,
    UploadForm,
)
from .models import Collection, CollectionRound, DataValue, Submission
from .workflows import COLLECTION, SUBMISSION, fill_allowed

API = "dudao_monitoring_api_"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---- collections --------------------------------------------------------------------------------

class CollectionListView(ObjectListView):
    model = Collection
    title = gettext_lazy("数据采集表")
    export_name = "数据采集表"
    filter_form = CollectionFilterForm
    add_url_name = "monitoring:collection_create"
    columns = [
        (gettext_lazy("名称"), "name"),
        (gettext_lazy("代码"), "code"),
        (gettext_lazy("版本"), "version"),
        (gettext_lazy("所属区划"), "region.name"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("依据"), lambda c: c.source[:60]),
    ]

    def can_add(self):
        return user_has_perm(self.request.user, "monitoring.add_collection")

    def get_queryset(self):
        return super().get_queryset().select_related("region").order_by("code", "-version", "region_path")


@ui_action(api=API + "create_collection")
@login_required
def collection_create(request):
    if not user_has_perm(request.user, "monitoring.add_collection"):
        raise PermissionDenied
    form = CollectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            collection = services.collection_create(
                actor=request.user, region=d["region"], code=d["code"], name=d["name"], description=d["description"],
                source=d["source"], unit_kinds=d["unit_kinds"], sections=d["sections"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已新建采集表草稿，请添加数据元素"))
            return redirect(collection)
    return render(request, "generic/form.html", {"form": form, "title": _("新建数据采集表"),
                                                 "cancel_url": "/monitoring/collections/"},
                  status=200)


def _collection(request, pk, action="view"):
    return get_for_user_or_404(Collection.objects.select_related("region"), request.user, action, pk=pk)


def collection_page(request, collection, *, element_form=None, rule_form=None, round_form=None, status=200):
    editable = (collection.status == CollectionStatus.DRAFT
                and Collection.objects.for_user(request.user, "change").filter(pk=collection.pk).exists())
    can_open = (collection.status == CollectionStatus.PUBLISHED
                and user_has_perm(request.user, "monitoring.add_collectionround"))
    return render(request, "monitoring/collection_detail.html", {
        "title": str(collection), "collection": collection,
        "elements": collection.elements.all(), "rules": collection.rules.all(),
        "sections": [selectors.section_label(s) for s in collection.sections],
        "transitions": COLLECTION.available(request.user, collection),
        "can_version": user_has_perm(request.user, "monitoring.add_collection"),
        "editable": editable,
        "element_form": element_form or (ElementForm() if editable else None),
        "rule_form": rule_form or (RuleForm() if editable else None),
        "round_form": round_form or (RoundForm(user=request.user, collection=collection) if can_open else None),
        "rounds": selectors.rounds_for(request.user, collection=collection),
        "events": collection.events.select_related("actor"),
    }, status=status)


@login_required
def collection_detail(request, pk):
    return collection_page(request, _collection(request, pk))


@ui_action(api=API + "collection_transition")
@login_required
@require_POST
def collection_transition(request, pk):
    collection = _collection(request, pk)
    try:
        services.collection_transition(actor=request.user, collection=collection,
                                       name=request.POST.get("transition", ""), note=request.POST.get("note", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("已保存"))
    return redirect(collection)


@ui_action(api=API + "new_version")
@login_required
@require_POST
def collection_version(request, pk):
    collection = _collection(request, pk)
    new = services.collection_new_version(actor=request.user, collection=collection)
    messages.success(request, _("已新建版本 v%(v)s（草稿）") % {"v": new.version})
    return redirect(new)


@ui_action(api=API + "update_collection")
@login_required
@require_POST
def element_add(request, pk):
    collection = _collection(request, pk, "change")
    form = ElementForm(request.POST)
    if form.is_valid():
        try:
            services.element_add(actor=request.user, collection=collection, **form.element_data())
        except ValidationError as exc:
            _element_errors(form, exc)
        else:
            messages.success(request, _("已添加数据元素"))
            return redirect(collection)
    return collection_page(request, collection, element_form=form, status=200)


def _element_errors(form, exc):
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        field = key.rsplit(".", 1)[-1]
        form.add_error(field if field in form.fields else None, errors)


@ui_action(api=API + "update_collection")
@login_required
@require_POST
def element_delete(request, pk, code):
    collection = _collection(request, pk, "change")
    try:
        services.element_delete(actor=request.user, collection=collection, code=code)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(collection)


@ui_action(api=API + "update_collection")
@login_required
@require_POST
def rule_add(request, pk):
    collection = _collection(request, pk, "change")
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.rule_add(actor=request.user, collection=collection, **form.cleaned_data)
        except ValidationError as exc:
            _element_errors(form, exc)
        else:
            messages.success(request, _("已添加校验规则"))
            return redirect(collection)
    return collection_page(request, collection, rule_form=form, status=200)


@ui_action(api=API + "update_collection")
@login_required
@require_POST
def rule_delete(request, pk, code):
    collection = _collection(request, pk, "change")
    try:
        services.rule_delete(actor=request.user, collection=collection, code=code)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(collection)


@ui_action(api=API + "open_round")
@login_required
@require_POST
def round_open(request, pk):
    collection = _collection(request, pk)
    form = RoundForm(request.POST, user=request.user, collection=collection)
    if form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.round_open(actor=request.user, collection=collection, year=d["year"], region=d["region"],
                                      deadline=d["deadline"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已发起填报，共 %(n)s 个单位") % {"n": rnd.submissions.count()})
            return redirect(rnd)
    return collection_page(request, collection, round_form=form, status=200)


# ---- rounds -------------------------------------------------------------------------------------

class RoundListView(ObjectListView):
    model = CollectionRound
    title = gettext_lazy("填报批次")
    export_name = "填报批次"
    filter_form = RoundFilterForm
    columns = [
        (gettext_lazy("采集表"), "collection.name"),
        (gettext_lazy("年度"), "year"),
        (gettext_lazy("填报区域"), "region.name"),
        (gettext_lazy("截止日期"), "deadline"),
        (gettext_lazy("版本"), "collection.version"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("collection", "region").order_by("-year", "region_path")


def _round(request, pk, action="view"):
    return get_for_user_or_404(CollectionRound.objects.select_related("collection", "region"), request.user, action,
                               pk=pk)


def _completeness_export(rnd, data):
    statuses = data["statuses"]
    headers = [_("区域"), _("应填报"), _("已上报"), _("上报率（%）")] + [str(label) for _s, label in statuses]
    rows = [[r.region.name if r.region else _("合计"), r.total, r.done, r.rate]
            + [r.counts.get(s, 0) for s, _label in statuses] for r in [*data["rows"], data["totals"]]]
    return xlsx_response(filename=f"{rnd.year}-{rnd.collection.name}-填报进度", sheet_title=_("填报进度"),
                         headers=headers, rows=rows, object_type="monitoring.submission",
                         filters={"round": rnd.pk})


def _values_export(request, rnd):
    """Every value of the round the user may read: one row per unit and 学段, one column per element."""
    collection = rnd.collection
    elements = list(collection.elements.all())
    headers = [_("单位"), _("单位编号"), _("区划路径"), _("状态"), _("学段")] + [
        f"{e.name}（{e.unit}）" if e.unit else e.name for e in elements]
    index = {e.pk: i for i, e in enumerate(elements)}
    qs = (DataValue.objects.for_user(request.user, "view").filter(submission__round=rnd)
          .select_related("submission__unit", "element").order_by("submission__region_path", "submission_id",
                                                                   "section", "element__order"))

    def rows():
        current, row = None, None
        for v in qs.iterator(chunk_size=2000):
            key = (v.submission_id, v.section)
            if key != current:
                if row is not None:
                    yield row
                current = key
                sub = v.submission
                row = [sub.unit.name, sub.unit_id, sub.region_path, sub.get_status_display(),
                       selectors.section_label(v.section)] + [None] * len(elements)
            row[5 + index[v.element_id]] = float(v.number) if v.number is not None else v.text
        if row is not None:
            yield row

    return xlsx_response(filename=f"{rnd.year}-{collection.name}-填报数据", sheet_title=_("填报数据"), headers=headers,
                         rows=rows(), object_type="monitoring.datavalue", filters={"round": rnd.pk})


def round_page(request, rnd, *, upload_form=None, import_errors=None, status=200):
    data = selectors.completeness(request.user, rnd)
    export = request.GET.get("export")
    if export == "completeness":
        return _completeness_export(rnd, data)
    if export == "values":
        return _values_export(request, rnd)
    pending = selectors.not_submitted(request.user, rnd, data["base"])
    can_remind = CollectionRound.objects.for_user(request.user, "remind").filter(pk=rnd.pk).exists()
    can_fill = user_has_perm(request.user, "monitoring.fill_submission") and can_remind
    return render(request, "monitoring/round_detail.html", {
        "title": str(rnd), "round": rnd, "data": data, "pending": pending[:500], "pending_count": pending.count(),
        "can_remind": can_remind, "can_fill": can_fill,
        "upload_form": upload_form or (UploadForm() if can_fill else None), "import_errors": import_errors,
    }, status=status)


@login_required
def round_detail(request, pk):
    return round_page(request, _round(request, pk))


@ui_action(api=API + "remind")
@login_required
@require_POST
def round_remind(request, pk):
    rnd = _round(request, pk)
    ids = [int(i) for i in request.POST.getlist("unit") if i.isdigit()] or None
    n = services.round_remind(actor=request.user, round=rnd, unit_ids=ids)
    messages.success(request, _("已向 %(n)s 个未上报单位发送催报提醒") % {"n": n})
    return redirect(rnd)


def _fillable(user, rnd):
    qs = Submission.objects.for_user(user, "fill").filter(round=rnd).select_related("unit", "round__collection")
    return [s for s in qs.order_by("region_path", "unit__name") if fill_allowed(user, s)]


def _download(content: bytes, name: str):
    from urllib.parse import quote

    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"template.xlsx\"; filename*=UTF-8''{quote(name)}.xlsx"
    return response


@login_required
def round_template(request, pk):
    rnd = _round(request, pk)
    return _download(excel.template(rnd, _fillable(request.user, rnd)), f"{rnd.year}-{rnd.collection.name}")


def _upload(request, rnd, submissions):
    """``submissions``: a queryset (the import looks a chunk's up at a time and checks ``fill`` on each)."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    result = excel.import_values(actor=request.user, rnd=rnd, fileobj=form.cleaned_data["file"],
                                 submissions=submissions)
    if result.errors:
        return form, excel.error_rows(result)
    messages.success(request, _("已导入 %(n)s 行") % {"n": result.written})
    return None, None


@ui_action(api=API + "round_import")
@login_required
@require_POST
def round_import(request, pk):
    rnd = _round(request, pk)
    form, errors = _upload(request, rnd, Submission.objects.for_user(request.user, "fill").filter(round=rnd))
    if form is None:
        return redirect(rnd)
    return round_page(request, rnd, upload_form=form, import_errors=errors, status=200)


# ---- submissions --------------------------------------------------------------------------------

class SubmissionListView(ObjectListView):
    model = Submission
    title = gettext_lazy("数据填报")
    export_name = "数据填报"
    filter_form = SubmissionFilterForm
    columns = [
        (gettext_lazy("单位"), "unit.name"),
        (gettext_lazy("采集表"), "round.collection.name"),
        (gettext_lazy("年度"), "round.year"),
        (gettext_lazy("状态"), "get_status_display"),
        (gettext_lazy("截止日期"), "round.deadline"),
        (gettext_lazy("上报时间"), "submitted_at"),
        (gettext_lazy("退回理由"), "return_reason"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "round__collection").order_by(
            "-round__year", "region_path", "unit__name")


def _submission(request, pk, action="view"):
    return get_for_user_or_404(Submission.objects.select_related("unit", "round__collection", "round__region"),
                               request.user, action, pk=pk)


def submission_page(request, sub, *, typed=None, errors=None, note_form=None, upload_form=None, import_errors=None,
                    status=200):
    may_fill = SUBMISSION.may(request.user, sub, "fill")
    editable = may_fill and sub.status in EDITABLE
    transitions = [t for t in SUBMISSION.available(request.user, sub) if t.name != "submit"]
    may_submit = any(t.name == "submit" for t in SUBMISSION.available(request.user, sub))
    problems = errors or {}
    rule_errors = {k: v for k, v in problems.items() if k.startswith("rule:") or "/" not in k or k == "status"}
    return render(request, "monitoring/submission_detail.html", {
        "title": f"{sub.unit.name} · {sub.round.collection.name}", "sub": sub, "round": sub.round,
        "grid": selectors.grid(sub, typed=typed, errors=problems), "editable": editable, "may_submit": may_submit,
        "may_fill": may_fill, "rule_errors": rule_errors,
        "note_form": note_form or (NoteTransitionForm(transitions=transitions) if transitions else None),
        "upload_form": upload_form or (UploadForm() if editable else None), "import_errors": import_errors,
        "events": sub.events.select_related("actor"),
    }, status=status)


@login_required
def submission_detail(request, pk):
    return submission_page(request, _submission(request, pk))


@ui_action(api=[API + "put_values", API + "submission_transition"])
@login_required
@require_POST
def submission_values(request, pk):
    """Save the grid (保存草稿) and, with ``submit``, submit it (上报)."""
    sub = _submission(request, pk)
    typed = {k[5:]: v for k, v in request.POST.items() if k.startswith("cell-")}
    values = {}
    for key, raw in typed.items():
        code, _sep, section = key.partition("/")
        values[(code, section)] = raw
    try:
        services.values_save(actor=request.user, submission=sub, values=values)
        if "submit" in request.POST:
            services.submission_transition(actor=request.user, submission=sub, name="submit")
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"status": exc.messages}
        errors = {k: "；".join(v) for k, v in errors.items()}
        for k in ("status", "__all__"):
            if k in errors:
                messages.error(request, errors[k])
        sub.refresh_from_db()
        return submission_page(request, sub, typed=typed, errors=errors, status=200)
    messages.success(request, _("已上报") if "submit" in request.POST else _("已保存草稿"))
    return redirect(sub)


@ui_action(api=API + "submission_transition")
@login_required
@require_POST
def submission_transition(request, pk):
    sub = _submission(request, pk)
    transitions = [t for t in SUBMISSION.available(request.user, sub) if t.name != "submit"]
    if not transitions:
        raise PermissionDenied
    form = NoteTransitionForm(request.POST, transitions=transitions)
    if form.is_valid():
        try:
            services.submission_transition(actor=request.user, submission=sub, name=form.cleaned_data["transition"],
                                           note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(sub)
    return submission_page(request, sub, note_form=form, status=200)


@login_required
def submission_template(request, pk):
    sub = _submission(request, pk)
    return _download(excel.template(sub.round, [sub]), f"{sub.round.year}-{sub.round.collection.name}-{sub.unit.name}")


@ui_action(api=API + "submission_import")
@login_required
@require_POST
def submission_import(request, pk):
    sub = _submission(request, pk)
    if not SUBMISSION.may(request.user, sub, "fill"):
        raise PermissionDenied
    form, errors = _upload(request, sub.round, Submission.objects.filter(pk=sub.pk))
    if form is None:
        return redirect(sub)
    return submission_page(request, sub, upload_form=form, import_errors=errors, status=200)

