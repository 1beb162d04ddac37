"""Forms of the 督政 pages: every related row offered comes from the user's scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.orgs.choices import GOVERNMENT_KINDS, UnitKind
from dudao.orgs.models import Unit

from .choices import AnswerResult, SelfCheckStatus

DATE = forms.DateInput(attrs={"type": "date"})


def _all(choices):
    return [("", _("全部"))] + list(choices)


class LeaderFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("姓名或政府"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        q = (self.cleaned_data.get("q") or "").strip()
        if q:
            from django.db.models import Q

            qs = qs.filter(Q(name__contains=q) | Q(unit__name__contains=q))
        return qs


class LeaderForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("人民政府"))
    name = forms.CharField(label=_("姓名"), max_length=50)
    post = forms.CharField(label=_("职务"), max_length=100)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    term_start = forms.DateField(label=_("任职起始"), required=False, widget=DATE)
    term_end = forms.DateField(label=_("任职截止"), required=False, widget=DATE)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=1000, initial=0, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.for_user(user, "view")
            .filter(kind__in=GOVERNMENT_KINDS)
            .order_by("region_path", "name")
        )


def _departments(user):
    return (
        Unit.objects.for_user(user, "view")
        .filter(kind=UnitKind.DEPARTMENT, is_active=True, memberships__left_on__isnull=True)
        .distinct()
        .order_by("name")
    )


class ChecklistFilterForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("成员单位"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _departments(user)

    def filter(self, qs):
        unit = self.cleaned_data.get("unit")
        return qs.filter(unit=unit) if unit else qs


class ChecklistForm(BootstrapMixin, forms.Form):
    """A new checklist version. ``items``: one duty item a line, ``履职内容｜评价要点｜佐证材料`` (the last two
    may be left out); the six "六个一" items are added before them."""

    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("成员单位"))
    year = forms.IntegerField(label=_("适用年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=200)
    basis = forms.CharField(label=_("依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(
        label=_("部门履职事项"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一项：履职内容｜评价要点｜佐证材料；“六个一”事项自动列在前面"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _departments(user)

    def clean_items(self):
        rows = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("|", "｜").split("｜")] + ["", ""]
            rows.append({"content": parts[0], "standard": parts[1], "evidence": parts[2]})
        return rows


class SelfCheckFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_all(SelfCheckStatus.choices))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter(self, qs):
        d = self.cleaned_data
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        return qs


class SelfCheckForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("成员单位"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _departments(user)


class AnswersForm(forms.Form):
    """The answers page: ``result_<n>`` and ``note_<n>`` for each item number, and the summary."""

    summary = forms.CharField(label=_("自查报告"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = []
        for answer in lines:
            n = answer.item.number
            self.numbers.append(n)
            self.fields[f"result_{n}"] = forms.ChoiceField(
                label=_("落实情况"),
                required=False,
                choices=[("", _("请选择"))] + list(AnswerResult.choices),
                initial=answer.result,
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label=_("情况说明"), required=False, initial=answer.note, max_length=5000
            )

    def answers(self) -> dict:
        d = self.cleaned_data
        return {
            n: {"result": d.get(f"result_{n}") or "", "note": d.get(f"note_{n}") or ""} for n in self.numbers
        }


class EvidenceForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    file = forms.FileField(label=_("佐证材料"))
