from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    TOWNSHIP_GOVERNMENT = "township_government", _("乡镇人民政府（街道办事处）")
    DEPARTMENT = "department", _("政府部门（成员单位）")
    COMMITTEE = "committee", _("教育督导委员会")
    OFFICE = "office", _("教育督导室")
    EVALUATION_AGENCY = "evaluation_agency", _("第三方评估机构")


#: Kinds that are supervised as schools (督学 targets).
SCHOOL_KINDS = (UnitKind.SCHOOL, UnitKind.KINDERGARTEN)


class CommitteePost(models.TextChoices):
    DIRECTOR = "director", _("主任")
    DEPUTY_DIRECTOR = "deputy_director", _("副主任")
    EXECUTIVE_DEPUTY = "executive_deputy", _("专职副主任（总督学）")
    MEMBER = "member", _("成员")
