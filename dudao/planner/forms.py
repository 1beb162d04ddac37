"""Forms of the planner pages: a semester, a holiday or exam week, a new plan, move a visit, the
re-plan when an inspector leaves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.inspectors.models import Inspector
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit

from .choices import DayKind
from .models import PlanVisit, Semester

DATE = forms.DateInput(attrs={"type": "date"})


class SemesterForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("督导室"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("学期名称"), max_length=100)
    start = forms.DateField(label=_("开学日期"), widget=DATE)
    end = forms.DateField(label=_("结束日期"), widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = (Unit.objects.for_user(user, "view").filter(kind=UnitKind.OFFICE,
                                                                                    is_active=True)
                                          .order_by("region_path", "name"))


class SemesterDayForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=DayKind.choices)
    name = forms.CharField(label=_("名称"), max_length=50)
    start = forms.DateField(label=_("起始日期"), widget=DATE)
    end = forms.DateField(label=_("截止日期"), widget=DATE)


class PlanForm(BootstrapMixin, forms.Form):
    semester = forms.ModelChoiceField(label=_("学期"), queryset=Semester.objects.none())
    title = forms.CharField(label=_("计划名称"), max_length=200, required=False, help_text=_("留空则按学期命名"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["semester"].queryset = Semester.objects.for_user(user, "view")


class MoveForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("改到日期"), widget=DATE)


class LockForm(BootstrapMixin, forms.Form):
    locked = forms.BooleanField(label=_("锁定"), required=False)


class ReplanForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(label=_("离开的督学"), queryset=Inspector.objects.none())
    from_date = forms.DateField(label=_("自哪天起不能到校"), widget=DATE)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = PlanVisit.inspectors.through.objects.filter(planvisit__plan=plan).values("inspector_id")
        self.fields["inspector"].queryset = Inspector.objects.filter(pk__in=ids).order_by("name", "id")
