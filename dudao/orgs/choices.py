from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    COUNTY_GOVERNMENT = "county_government", _("区县人民政府")
    TOWNSHIP_GOVERNMENT = "township_government", _("乡镇人民政府（街道办事处）")
    DEPARTMENT = "department", _("政府部门（成员单位）")
    COMMITTEE = "committee", _("教育督导委员会")
    OFFICE = "office", _("教育督导室")
    EVALUATION_AGENCY = "evaluation_agency", _("第三方评估机构")


#: Kinds that are supervised as schools (督学 targets).
SCHOOL_KINDS = (UnitKind.SCHOOL, UnitKind.KINDERGARTEN)
#: Governments supervised by the office one level up (督政, B1, A5): a 区县人民政府 by the city, a
#: 乡镇人民政府/街道办事处 by its county.
GOVERNMENT_KINDS = (UnitKind.COUNTY_GOVERNMENT, UnitKind.TOWNSHIP_GOVERNMENT)
#: Kinds a 督政 task may target: the lower governments and the office's own-level departments.
GOVERNANCE_TARGET_KINDS = (*GOVERNMENT_KINDS, UnitKind.DEPARTMENT)


class CommitteePost(models.TextChoices):
    DIRECTOR = "director", _("主任")
    DEPUTY_DIRECTOR = "deputy_director", _("副主任")
    EXECUTIVE_DEPUTY = "executive_deputy", _("专职副主任（总督学）")
    MEMBER = "member", _("成员")
