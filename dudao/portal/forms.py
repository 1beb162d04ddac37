"""Forms of the portal's office and unit pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin

from . import selectors
from .choices import PublicationKind, PublicationStatus


def _all(choices):
    return [("", _("全部"))] + list(choices)


class PublicationFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("标题"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=_all(PublicationKind.choices))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(PublicationStatus.choices))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("q"):
            qs = qs.filter(title__contains=d["q"].strip())
        for name in ("kind", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        return qs


class SourceForm(BootstrapMixin, forms.Form):
    """新建公开信息: pick the source; the kind follows from it. Values: ``report:<task>``,
    ``item:<ledger item>``, ``taskunit:<task>:<unit>``, ``case:<case>`` (resolved through the
    user's scope by the view)."""

    source = forms.ChoiceField(label=_("公开内容来源"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = [
            (_("督导报告"), [(f"report:{t.pk}", f"{t.title}（{t.get_status_display()}）")
                         for t in selectors.report_sources(user)]),
            (_("整改结果：单个已销号问题"), [(f"item:{i.pk}", f"{i.unit.name}：{i.description[:40]}")
                                  for i in selectors.closed_item_sources(user)]),
            (_("整改结果：单位在督导任务中的全部问题"), [(f"taskunit:{t.pk}:{u.pk}", f"{u.name} · {t.title}")
                                       for t, u in selectors.task_unit_sources(user)]),
            (_("问责结果"), [(f"case:{c.pk}", f"{c.unit.name}：{c.title}") for c in selectors.case_sources(user)]),
        ]
        self.fields["source"].choices = [("", "—")] + [(label, opts) for label, opts in groups if opts]


class PublicationForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("保存时自动隐去手机号、身份证号、邮箱和来源中列明的个人姓名"))


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_("Word 文件自动脱敏；PDF 和图片须人工核对"))
    confirmed = forms.BooleanField(label=_("已确认不含个人信息"), required=False)


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class StatementForm(BootstrapMixin, forms.Form):
    """整改情况说明 by a unit's respondent."""

    unit = forms.ModelChoiceField(label=_("单位"), queryset=None)
    task = forms.ModelChoiceField(label=_("相关督导任务（可不选）"), queryset=None, required=False)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("经督导部门审核通过后向社会公开；请勿填写个人联系方式"))

    def __init__(self, *args, user=None, **kwargs):
        from dudao.inspections.models import SupervisionTask

        super().__init__(*args, **kwargs)
        units = respond_units(user)
        self.fields["unit"].queryset = units.order_by("name")
        ids = list(units.values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            self.fields["unit"].initial = ids[0]
        self.fields["task"].queryset = (SupervisionTask.objects.for_user(user, "view")
                                        .filter(targets__unit__in=units).distinct().order_by("-created_at"))


def respond_units(user):
    """Units the user answers for (an assignment on the unit, or on a region above it)."""
    from dudao.common.scoping import ALL, scope_predicate
    from dudao.orgs.models import Unit

    from .services import RESPOND

    predicate = scope_predicate(user, RESPOND, {"path": "region_path", "region": "region_id", "unit": "id"})
    if predicate is None:
        return Unit.objects.none()
    units = Unit.objects.filter(is_active=True)
    return units if predicate is ALL else units.filter(predicate)
