"""Fixed-contact pages (C10): the list (filters, Excel export), adding a contact, ending one.
``contacts`` holds the rules; rows come through ``for_user``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dudao.common.forms import BootstrapMixin
from dudao.common.parity import ui_action
from dudao.common.scoping import get_for_user_or_404, user_has_perm
from dudao.common.views import ObjectListView, flash_errors
from dudao.orgs.choices import SCHOOL_KINDS
from dudao.orgs.models import Unit
from dudao.regions.choices import RegionLevel
from dudao.regions.models import Region

from . import contacts
from .choices import ContactKind
from .models import FixedContact, Inspector


class ContactFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("督学姓名"), required=False)
    kind = forms.ChoiceField(label=_("联系类型"), required=False, choices=[("", _("全部"))] + list(ContactKind.choices))
    current = forms.BooleanField(label=_("只看当前有效"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(inspector__name__contains=d["q"].strip())
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("current"):
            today = timezone.localdate()
            qs = qs.filter(start_date__lte=today).exclude(end_date__lt=today)
        return qs


class ContactListView(ObjectListView):
    model = FixedContact
    title = gettext_lazy("定点联系")
    export_name = "定点联系"
    filter_form = ContactFilterForm
    add_url_name = "inspectors:contact_add"
    columns = [(gettext_lazy("督学"), "inspector.name"), (gettext_lazy("聘任督导机构"), "inspector.office.name"),
               (gettext_lazy("联系类型"), "get_kind_display"), (gettext_lazy("定点联系区县 / 学校"), "target_name"),
               (gettext_lazy("联系职责"), "duties"), (gettext_lazy("起始日期"), "start_date"),
               (gettext_lazy("截止日期"), "end_date")]

    def get_queryset(self):
        return super().get_queryset().select_related("inspector__office", "county", "school")

    def can_add(self):
        return user_has_perm(self.request.user, "inspectors.add_fixedcontact")


class ContactForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(Inspector.objects.none(), label=_("督学"))
    kind = forms.ChoiceField(label=_("联系类型"), choices=ContactKind.choices)
    county = forms.ModelChoiceField(Region.objects.none(), label=_("定点联系区县（市督学）"), required=False)
    school = forms.ModelChoiceField(Unit.objects.none(), label=_("学校（视导员）"), required=False)
    duties = forms.CharField(label=_("联系职责"), widget=forms.Textarea(attrs={"rows": 3}))
    start_date = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = Inspector.objects.for_user(user, "change").active().select_related("office")
        self.fields["county"].queryset = Region.objects.for_user(user, "view").filter(level=RegionLevel.COUNTY)
        self.fields["school"].queryset = Unit.objects.for_user(user, "view").filter(kind__in=SCHOOL_KINDS,
                                                                                    is_active=True)


@ui_action(api="dudao_inspectors_api_contacts_create_contact")
@login_required
def contact_add(request):
    if not user_has_perm(request.user, "inspectors.add_fixedcontact"):
        raise PermissionDenied
    initial = {"start_date": timezone.localdate()}
    if request.GET.get("inspector"):
        initial["inspector"] = request.GET["inspector"]
    form = ContactForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact = contacts.contact_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("已安排定点联系"))
            return redirect(contact.inspector)
    return render(request, "generic/form.html", {"title": _("安排定点联系"), "form": form})


@ui_action(api="dudao_inspectors_api_contacts_end_contact")
@login_required
@require_POST
def contact_end(request, pk):
    contact = get_for_user_or_404(FixedContact, request.user, "view", pk=pk)
    try:
        contacts.contact_end(actor=request.user, contact=contact, end_date=timezone.localdate())
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("已结束定点联系"))
    return redirect("inspectors:contact_list")
