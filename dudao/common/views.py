"""Thin generic views (NetBox style). Every queryset comes from ``Model.objects.for_user(user,
action)`` — the one scoping primitive — so a view cannot show what its user may not see."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from .excel import xlsx_response


def healthz(request):
    """200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


def flash_errors(request, exc: ValidationError):
    """Show a service's ValidationError as error messages (for buttons without a form to keep)."""
    for message in exc.messages:
        messages.error(request, message)


def run_service(request, fn, ok_message, *, form=None, **kwargs) -> bool:
    """Call the service ``fn(actor=request.user, **kwargs)``. A ValidationError goes to ``form``
    (its fields keep the user's input; see ``BootstrapMixin.add_service_errors``) or, without a
    form, to the messages; success adds ``ok_message``. Returns whether the service succeeded.
    PermissionDenied is left to Django (403)."""
    try:
        fn(actor=request.user, **kwargs)
    except ValidationError as exc:
        if form is not None:
            form.add_service_errors(exc)
        else:
            flash_errors(request, exc)
        return False
    messages.success(request, ok_message)
    return True


class ScopedMixin(LoginRequiredMixin):
    """Base for all object views: the queryset is the user's scope for ``action``."""

    model = None
    action = "view"

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, self.action)


class ObjectListView(ScopedMixin, ListView):
    """A filtered, paginated, exportable list.

    Subclasses set ``filter_form`` (a form with ``filter(queryset)``), ``columns`` — a list of
    ``(header, accessor)`` where accessor is an attribute path or a callable — and optionally
    ``export_name``. ``?export=xlsx`` returns the whole filtered list as Excel.
    """

    template_name = "generic/object_list.html"
    paginate_by = 50
    filter_form = None
    columns: list = []
    export_name = None
    title = ""
    add_url_name = None
    row_template = None

    def get_filter_form(self):
        if self.filter_form is None:
            return None
        if not hasattr(self, "_filter_form"):
            self._filter_form = self.filter_form(self.request.GET or None, user=self.request.user)
        return self._filter_form

    def get_queryset(self):
        qs = super().get_queryset()
        form = self.get_filter_form()
        if form is not None and form.is_bound and form.is_valid():
            qs = form.filter(qs)
        return qs

    def column_values(self, obj):
        values = []
        for _header, accessor in self.columns:
            if callable(accessor):
                values.append(accessor(obj))
                continue
            value = obj
            for part in accessor.split("."):
                value = getattr(value, part, None)
                if callable(value):
                    value = value()
                if value is None:
                    break
            values.append(value)
        return values

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        qs = self.get_queryset()
        limit = getattr(settings, "DUDAO_EXPORT_MAX_ROWS", 200_000)
        if qs.count() > limit:
            messages.error(self.request, _("导出行数超过上限 %(n)d，请先缩小筛选范围") % {"n": limit})
            query = self.request.GET.copy()
            query.pop("export", None)
            return redirect(f"{self.request.path}?{query.urlencode()}")
        rows = (self.column_values(obj) for obj in qs.iterator(chunk_size=2000))
        return xlsx_response(
            filename=self.export_name or self.title or "export",
            sheet_title=str(self.title or "export"),
            headers=[str(h) for h, _a in self.columns],
            rows=rows,
            object_type=self.model._meta.label_lower,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.get_filter_form()
        ctx["title"] = self.title
        ctx["headers"] = [h for h, _a in self.columns]
        ctx["rows"] = [(obj, self.column_values(obj)) for obj in ctx["object_list"]]
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["querystring"] = query.urlencode()
        ctx["add_url_name"] = self.add_url_name if self.can_add() else None
        ctx["row_template"] = self.row_template
        return ctx

    def can_add(self):
        return False


class ObjectDetailView(ScopedMixin, DetailView):
    """Detail page; a row outside the user's scope is a plain 404, same as a missing one."""

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except (ValueError, ValidationError) as exc:  # malformed ids look missing too
            raise Http404 from exc


class HtmxPartialMixin:
    """Render ``partial_template_name`` for htmx requests, the full page otherwise."""

    partial_template_name = None

    def get_template_names(self):
        if self.partial_template_name and self.request.headers.get("HX-Request"):
            return [self.partial_template_name]
        return super().get_template_names()
