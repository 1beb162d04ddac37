"""The 回头看 sampling form (E5): the rule, the task's particulars, and the seed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.common.forms import BootstrapMixin
from dudao.inspections.categories import category_choices
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.models import Region
from dudao.regions.selectors import default_region

from .choices import LedgerSource
from .followup import MAX_SEED, SamplingRule

DATE = forms.DateInput(attrs={"type": "date"})


class FollowUpForm(BootstrapMixin, forms.Form):
    office = forms.ModelChoiceField(Unit.objects.none(), label=_("组织单位"))
    percentage = forms.IntegerField(label=_("抽查比例（%）"), min_value=1, max_value=100, initial=20,
                                    help_text=_("按比例向上取整，有符合条件的问题时至少抽取1个"))
    categories = forms.MultipleChoiceField(label=_("问题类别"), required=False, choices=(),
                                           widget=forms.SelectMultiple(attrs={"size": 4}),
                                           help_text=_("不选为全部类别"))
    source = forms.ChoiceField(label=_("问题来源"), required=False,
                               choices=[("", _("全部"))] + list(LedgerSource.choices))
    region = forms.CharField(label=_("限定区域（区划代码）"), required=False, max_length=12,
                             help_text=_("只抽该区域内的问题；留空为组织单位的全部区域"))
    units = forms.ModelMultipleChoiceField(Unit.objects.none(), label=_("限定单位"), required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 4}),
                                           help_text=_("只在这些单位的问题中随机抽取"))
    include_units = forms.ModelMultipleChoiceField(Unit.objects.none(), label=_("全部抽查的单位"), required=False,
                                                   widget=forms.SelectMultiple(attrs={"size": 4}),
                                                   help_text=_("这些单位符合条件的已销号问题全部纳入回头看"))
    closed_from = forms.DateField(label=_("销号日期自"), required=False, widget=DATE)
    closed_to = forms.DateField(label=_("销号日期至"), required=False, widget=DATE)
    title = forms.CharField(label=_("回头看任务名称"), required=False, max_length=200,
                            help_text=_("留空则自动命名"))
    start_date = forms.DateField(label=_("计划开始日期"), required=False, widget=DATE)
    seed = forms.IntegerField(label=_("随机种子"), required=False, min_value=0, max_value=MAX_SEED,
                              help_text=_("留空则随机生成；同一种子、同一范围抽取结果相同，可复核"))
    override_reason = forms.CharField(label=_("超出督导次数上限的理由"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = Unit.objects.for_user(user, "view")
        self.fields["office"].queryset = units.filter(kind=UnitKind.OFFICE)
        supervised = units.exclude(kind__in=[UnitKind.OFFICE, UnitKind.COMMITTEE]).order_by("region_path", "name")
        self.fields["units"].queryset = supervised
        self.fields["include_units"].queryset = supervised
        self.fields["categories"].choices = category_choices(default_region(user), below=True, active=False)

    def clean_region(self):
        code = (self.cleaned_data.get("region") or "").strip()
        if not code:
            return None
        region = Region.objects.for_user(self.user, "view").filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("不存在或无权访问"))
        return region

    def rule(self) -> SamplingRule:
        d = self.cleaned_data
        return SamplingRule(office=d["office"], percentage=d["percentage"], categories=list(d["categories"]),
                            source=d["source"], region=d["region"], units=list(d["units"]),
                            include_units=list(d["include_units"]), closed_from=d["closed_from"],
                            closed_to=d["closed_to"], start_date=d["start_date"])
