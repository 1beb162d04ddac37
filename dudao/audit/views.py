import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.scoping import user_has_perm
from dudao.common.views import ObjectListView

from . import chain
from .forms import AuditFilterForm
from .models import AuditEntry


def _json(value):
    return json.dumps(value, ensure_ascii=False) if value is not None else ""


class AuditListView(ObjectListView):
    """Search and export of the audit log — for the audit administrator only (三权分立)."""

    model = AuditEntry
    title = gettext_lazy("审计日志")
    export_name = "审计日志"
    filter_form = AuditFilterForm
    template_name = "audit/list.html"
    columns = [
        (gettext_lazy("时间"), "timestamp"),
        (gettext_lazy("操作账户"), "actor_username"),
        (gettext_lazy("操作"), "get_action_display"),
        (gettext_lazy("对象类型"), "object_type"),
        (gettext_lazy("对象ID"), "object_id"),
        (gettext_lazy("对象"), "object_repr"),
        (gettext_lazy("修改前"), lambda e: _json(e.before)),
        (gettext_lazy("修改后"), lambda e: _json(e.after)),
        (gettext_lazy("IP 地址"), "ip"),
        (gettext_lazy("渠道"), "channel"),
        (gettext_lazy("请求ID"), "request_id"),
        (gettext_lazy("说明"), "note"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_perm(request.user, "audit.view_auditentry"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def export(self):
        if not user_has_perm(self.request.user, "audit.export_auditentry"):
            raise PermissionDenied
        return super().export()  # recorded by the generic export path, like every export


@login_required
def entry_detail(request, pk):
    entry = AuditEntry.objects.for_user(request.user, "view").filter(pk=pk).first()
    if entry is None:
        from django.http import Http404

        raise Http404
    keys = sorted(set(entry.before or {}) | set(entry.after or {}))
    rows = [(k, (entry.before or {}).get(k), (entry.after or {}).get(k)) for k in keys]
    return render(request, "audit/detail.html", {"entry": entry, "rows": rows, "title": _("审计记录")})


@login_required
def verify(request):
    """The hash chain checked end to end; the first broken link, if any (audit administrator only)."""
    if not user_has_perm(request.user, "audit.view_auditentry"):
        raise PermissionDenied
    result = chain.verify(AuditEntry.objects.for_user(request.user, "view"))
    return render(request, "audit/verify.html", {"result": result, "title": _("审计日志完整性校验")})
