"""The 问题类别 page: the categories a region's problems take (national, the regions above, its own
and those of the regions below), adding the region's own and switching them off or on."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.common.forms import BootstrapMixin
from dudao.common.parity import ui_action
from dudao.common.scoping import region_in_scope, user_has_perm
from dudao.regions.selectors import picked_region
from dudao.regionsettings.views import RegionForm

from .categories import categories_for
from .models import ProblemCategory
from .services import problem_category_create, problem_category_set_active

OPC = "dudao_inspections_api_categories_"  # the API twins' operationIds (dudao.common.parity)


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("类别名称"), max_length=50)
    code = forms.CharField(label=gettext_lazy("代码"), max_length=32, required=False,
                           help_text=gettext_lazy("留空自动生成"))
    basis = forms.CharField(label=gettext_lazy("依据"), max_length=255, required=False,
                            help_text=gettext_lazy("本地文件名称和文号"))


@ui_action(api={"add": OPC + "create_problem_category", "deactivate": OPC + "deactivate_problem_category",
                "activate": OPC + "activate_problem_category"})
@login_required
def categories(request):
    form = RegionForm(request.GET or None, user=request.user)
    region = picked_region(request, form)
    if region is None:
        raise Http404
    if not user_has_perm(request.user, "inspections.view_problemcategory"):
        raise PermissionDenied
    can_add = region_in_scope(request.user, "inspections.add_problemcategory", region)
    add_form = CategoryForm(request.POST if request.POST.get("form") == "add" else None)
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "add":
                if not can_add:
                    raise PermissionDenied
                if not add_form.is_valid():
                    raise ValidationError({"name": _("请填写类别名称")})
                problem_category_create(actor=request.user, region=region, **add_form.cleaned_data)
                message = _("已添加问题类别")
            elif action in ("deactivate", "activate"):
                raw = request.POST.get("category", "")
                category = (ProblemCategory.objects.for_user(request.user, "change")
                            .filter(pk=raw, region_path__startswith=region.path).first() if raw.isdigit() else None)
                if category is None:
                    raise Http404
                problem_category_set_active(actor=request.user, category=category, is_active=action == "activate")
                message = _("已重新启用") if action == "activate" else _("已停用，已登记的问题保留该类别")
            else:
                raise Http404
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, message)
            return redirect(f"{request.path}?region={region.code}")
    rows = list(categories_for(region, active=False, below=True).select_related("region"))
    changeable = set(ProblemCategory.objects.for_user(request.user, "change").filter(
        pk__in=[r.pk for r in rows if not r.is_national]).values_list("pk", flat=True))
    return render(request, "inspections/categories.html", {
        "title": _("问题类别"), "form": form, "region": region, "rows": rows, "changeable": changeable,
        "can_add": can_add, "add_form": add_form})
