"""The settings page: every rule parameter with its effective value in a region and its source."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.forms import BootstrapMixin
from dudao.common.parity import ui_action
from dudao.common.scoping import region_in_scope, user_has_perm
from dudao.orgs.forms import RegionCodeField
from dudao.regions.models import Region
from dudao.regions.selectors import picked_region

from .registry import SPECS
from .services import effective_settings, region_setting_set


class RegionForm(BootstrapMixin, forms.Form):
    region = RegionCodeField(label=gettext_lazy("行政区划"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].regions = Region.objects.for_user(user, "view")


@ui_action(api="dudao_regionsettings_api_set_region_setting")
@login_required
def settings_page(request):
    form = RegionForm(request.GET or None, user=request.user)
    region = picked_region(request, form)
    if not user_has_perm(request.user, "regionsettings.view_regionsetting"):
        raise PermissionDenied
    can_change = region is not None and region_in_scope(request.user, "regionsettings.change_regionsetting", region)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        key = request.POST.get("key", "")
        try:
            region_setting_set(actor=request.user, region=region, key=key, value=request.POST.get("value", "").strip(),
                               source=request.POST.get("source", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已保存"))
        return redirect(f"{request.path}?region={region.code}")
    rows = effective_settings(region) if region else {}
    return render(request, "regionsettings/settings.html", {
        "title": _("区域参数"), "form": form, "region": region, "rows": [rows[k] for k in SPECS if k in rows],
        "can_change": can_change})
