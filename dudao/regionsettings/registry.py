"""The declared per-region parameters: every number a rule uses, with its national (or seed)
default and the source of that default (H3: local rules vary, so each is configurable per region).

A region's value is inherited down the tree: the nearest ancestor (or the region itself) that sets
the key wins; if none does, the default below applies."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

#: How the law binds a setting (item ``bound`` of a spec).
FREE = "free"          # local practice or a platform default: any value within the spec's range
FLOOR = "floor"        # the law fixes a minimum: a region may raise it, never lower it
CEILING = "ceiling"    # the law fixes a maximum: a region may lower it, never raise it
FIXED = "fixed"        # the law fixes the number itself


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: int | Decimal
    source: str
    kind: type = int
    unit: str = ""
    #: FREE / FLOOR / CEILING / FIXED (above); for all but FREE the law's number is ``default``.
    bound: str = FREE
    #: The article that fixes the number (cited in the refusal), for all but FREE.
    article: str = ""
    #: The smallest and largest value the rule can use at all (e.g. a yes/no switch is 0–1).
    minimum: int | Decimal = 0
    maximum: int | Decimal | None = None

    @property
    def bound_label(self) -> str:
        """How the law binds the number, as users read it (empty for a free setting)."""
        from django.utils.translation import gettext as _

        return {FLOOR: _("国家底线：不得低于%(n)s"), CEILING: _("国家上限：不得高于%(n)s"),
                FIXED: _("国家规定：固定为%(n)s")}.get(self.bound, "") % {"n": self.default} if self.bound != FREE else ""

    def within_law(self, value):
        """``value`` brought back inside the law (a row stored before the rule was a floor)."""
        if self.bound in (FLOOR, FIXED) and value < self.default:
            return self.default
        if self.bound in (CEILING, FIXED) and value > self.default:
            return self.default
        return value

    def refusal(self, value) -> str | None:
        """Why ``value`` is past the law (a message in the user's language), or ``None``."""
        from django.utils.translation import gettext as _

        law = self.default
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            if self.maximum is None:
                return _("取值不能为负数") if self.minimum == 0 else _("取值不能小于%(m)s") % {"m": self.minimum}
            return _("取值须在%(a)s至%(b)s之间") % {"a": self.minimum, "b": self.maximum}
        if self.bound == FLOOR and value < law:
            return _("不得低于国家规定的%(n)s%(u)s（%(a)s）：地方只能提高要求") % {"n": law, "u": self.unit, "a": self.article}
        if self.bound == CEILING and value > law:
            return _("不得高于国家规定的%(n)s%(u)s（%(a)s）：地方只能从严") % {"n": law, "u": self.unit, "a": self.article}
        if self.bound == FIXED and value != law:
            return _("该数值由国家规定为%(n)s%(u)s（%(a)s），不能更改") % {"n": law, "u": self.unit, "a": self.article}
        return None


#: 教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第六条 (standards.md §5.1 [V]).
BALANCE_ARTICLE = _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第六条")
#: 《县域学前教育普及普惠督导评估办法》(教育部, 2020; standards.md §6): the article numbers are not verified.
PRESCHOOL_ARTICLE = _("《县域学前教育普及普惠督导评估办法》普及普惠水平（条款待核实）")
PRESCHOOL_TABLE_ARTICLE = _("《县域学前教育普及普惠督导评估办法》附件（县级公布的国家标准，附件原文待核实）")

#: The seven 资源配置 indicators: (code, label, 小学 standard, 初中 standard, unit).
BALANCE_INDICATORS = [
    ("degree", _("每百名学生拥有高于规定学历教师数"), Decimal("4.2"), Decimal("5.3"), _("人")),
    ("backbone", _("每百名学生拥有县级以上骨干教师数"), Decimal("1"), Decimal("1"), _("人")),
    ("pe_art", _("每百名学生拥有体育、艺术（美术、音乐）专任教师数"), Decimal("0.9"), Decimal("0.9"), _("人")),
    ("teaching_area", _("生均教学及辅助用房面积"), Decimal("4.5"), Decimal("5.8"), "m²"),
    ("sports_area", _("生均体育运动场馆面积"), Decimal("7.5"), Decimal("10.2"), "m²"),
    ("equipment", _("生均教学仪器设备值"), Decimal("2000"), Decimal("2500"), _("元")),
    ("multimedia", _("每百名学生拥有网络多媒体教室数"), Decimal("2.3"), Decimal("2.4"), _("间")),
]
_SECTION_LABELS = {"primary": _("小学"), "junior": _("初中")}


def _fill(template, **values):
    """``template % values``, translated when read (so the label follows the user's language)."""
    return lazy(lambda: str(template) % {k: str(v) for k, v in values.items()}, str)()

BALANCE_SPECS = [
    *[SettingSpec(f"balance.{section}.{code}", _fill(_("优质均衡%(s)s标准：%(l)s"), s=_SECTION_LABELS[section], l=label),
                  standard, _fill(_("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第六条：%(s)s不低于%(n)s"),
                                  s=_SECTION_LABELS[section], n=standard),
                  kind=Decimal, unit=unit, bound=FLOOR, article=BALANCE_ARTICLE)
      for code, label, primary, junior, unit in BALANCE_INDICATORS
      for section, standard in (("primary", primary), ("junior", junior))],
    SettingSpec("balance.primary.cv_max", _("优质均衡小学校际差异系数上限"), Decimal("0.50"),
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第六条：每项指标校际差异系数小学均小于或等于0.50"), kind=Decimal,
                bound=CEILING, article=BALANCE_ARTICLE, maximum=Decimal("1")),
    SettingSpec("balance.junior.cv_max", _("优质均衡初中校际差异系数上限"), Decimal("0.45"),
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第六条：每项指标校际差异系数初中均小于或等于0.45"), kind=Decimal,
                bound=CEILING, article=BALANCE_ARTICLE, maximum=Decimal("1")),
    SettingSpec("balance.school_min_met", _("优质均衡：每所学校至少达标的指标数（共7项）"), 6,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第六条：每所学校至少6项指标达到规定标准"), unit=_("项"),
                bound=FLOOR, article=BALANCE_ARTICLE, maximum=7),
    SettingSpec("balance.school_rest_percent", _("优质均衡：未达标指标不低于标准的百分比"), 85,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第六条：余项不能低于规定标准的85%"), unit="%",
                bound=FLOOR, article=BALANCE_ARTICLE, maximum=100),
    SettingSpec("balance.recognition_percent", _("优质均衡：社会认可度不低于"), 85,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》：社会认可度达到85%以上"), unit="%",
                bound=FLOOR, article=_("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》（社会认可度，条款待核实）"),
                maximum=100),
    SettingSpec("balance.teaching_point_students", _("优质均衡评估不含不足多少人的教学点"), 50,
                _("待核实：河北省实施办法表述“不含特殊教育学校、职业学校及不足50人的教学点”，国家表述待核实"),
                unit=_("人")),
]

#: 教督〔2017〕6号 第七条 (政府保障程度) and 第八条 (教育质量): standards.md §5.2–5.3. Items the
#: standard marks [V] are bound (floor) with their article; the [U] ones are free and 待核实.
BALANCE_GUARANTEE_ARTICLE = _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第七条")
BALANCE_QUALITY_ARTICLE = _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第八条")


def _county_pct(key, label, default, source, *, article=None, maximum=100):
    return SettingSpec(f"balance.county.{key}", label, default, source, unit="%", maximum=maximum,
                       **({"bound": FLOOR, "article": article} if article else {}))


BALANCE_COUNTY_SPECS = [
    _county_pct("special_rooms_percent", _("优质均衡政府保障：音乐美术专用教室达标学校比例不低于"), 100,
                _("待核实：教督〔2017〕6号第七条第（三）项，所有小学、初中每12个班级配备音乐、美术专用教室1间以上")),
    SettingSpec("balance.county.special_school_funding", _("优质均衡政府保障：特殊教育学校生均公用经费不低于"), 6000,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第七条第（七）项：全县特殊教育学校生均公用经费不低于6000元"),
                unit=_("元"), bound=FLOOR, article=BALANCE_GUARANTEE_ARTICLE),
    _county_pct("teacher_pay_percent", _("优质均衡政府保障：教师平均工资收入不低于当地公务员的"), 100,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第七条第（八）项：教师平均工资收入水平不低于当地公务员平均工资收入水平"),
                article=BALANCE_GUARANTEE_ARTICLE, maximum=300),
    _county_pct("training_completion_percent", _("优质均衡政府保障：教师5年360学时培训完成率不低于"), 100,
                _("待核实：教督〔2017〕6号第七条第（九）项，教师5年360学时培训完成率100%")),
    _county_pct("rotation_percent", _("优质均衡政府保障：交流轮岗教师占符合交流条件教师比例不低于"), 10,
                _("待核实：教督〔2017〕6号第七条第（十一）项，每年交流轮岗教师比例不低于符合交流条件教师总数的10%")),
    _county_pct("rotation_backbone_percent", _("优质均衡政府保障：骨干教师占交流轮岗教师比例不低于"), 20,
                _("待核实：教督〔2017〕6号第七条第（十一）项，其中骨干教师不低于交流轮岗教师总数的20%")),
    _county_pct("certificate_percent", _("优质均衡政府保障：专任教师持教师资格证上岗率不低于"), 100,
                _("待核实：教督〔2017〕6号第七条第（十二）项，专任教师持有教师资格证上岗率100%")),
    _county_pct("nearby_primary_percent", _("优质均衡政府保障：城区和镇区公办小学就近划片入学比例不低于"), 100,
                _("待核实：教督〔2017〕6号第七条第（十三）项，公办小学就近划片入学比例达到100%")),
    _county_pct("nearby_junior_percent", _("优质均衡政府保障：城区和镇区公办初中就近划片入学比例不低于"), 95,
                _("待核实：教督〔2017〕6号第七条第（十三）项，公办初中就近划片入学比例达到95%以上")),
    _county_pct("quota_share_percent", _("优质均衡政府保障：优质高中招生名额分配到初中比例不低于"), 50,
                _("待核实：教督〔2017〕6号第七条第（十四）项，优质高中招生名额分配比例不低于50%")),
    _county_pct("migrant_public_percent", _("优质均衡政府保障：随迁子女在公办学校和政府购买服务民办学校就读比例不低于"), 85,
                _("待核实：教督〔2017〕6号第七条第（十五）项，随迁子女在公办学校和政府购买服务的民办学校就读比例不低于85%")),
    _county_pct("junior_retention_percent", _("优质均衡教育质量：初中三年巩固率不低于"), 95,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第八条第（一）项：全县初中三年巩固率达到95%以上"),
                article=BALANCE_QUALITY_ARTICLE),
    _county_pct("disabled_enrolment_percent", _("优质均衡教育质量：残疾儿童少年入学率不低于"), 95,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第八条第（二）项：全县残疾儿童少年入学率达到95%以上"),
                article=BALANCE_QUALITY_ARTICLE),
    _county_pct("charter_it_percent", _("优质均衡教育质量：制定章程并实现管理与教学信息化的学校比例不低于"), 100,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第八条第（三）项：所有学校制定章程，实现学校管理与教学信息化"),
                article=BALANCE_QUALITY_ARTICLE),
    _county_pct("training_budget_percent", _("优质均衡教育质量：教师培训经费占学校年度公用经费预算比例不低于"), 5,
                _("教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》第八条第（四）项：所有学校按照不低于学校年度公用经费预算总额的5%安排教师培训经费"),
                article=BALANCE_QUALITY_ARTICLE),
    _county_pct("moral_good_percent", _("优质均衡教育质量：德育和校园文化建设良好以上学校比例不低于"), 100,
                _("待核实：教督〔2017〕6号第八条第（六）项，所有学校德育工作、校园文化建设水平达到良好以上")),
    _county_pct("level3_percent", _("优质均衡教育质量：质量监测相关科目学业水平Ⅲ级以上学生比例不低于"), 100,
                _("待核实：教督〔2017〕6号第八条第（九）项，相关科目学生学业水平达到Ⅲ级以上（比例未见原文，本平台默认全部）")),
]

PRESCHOOL_SPECS = [
    SettingSpec("preschool.gross_enrolment_percent", _("学前三年毛入园率不低于"), 85,
                _("《县域学前教育普及普惠督导评估办法》：学前三年毛入园率达到85%以上"), unit="%",
                bound=FLOOR, article=PRESCHOOL_ARTICLE, maximum=100),
    SettingSpec("preschool.inclusive_coverage_percent", _("普惠性幼儿园覆盖率不低于"), 80,
                _("《县域学前教育普及普惠督导评估办法》：普惠性幼儿园覆盖率达到80%以上"), unit="%",
                bound=FLOOR, article=PRESCHOOL_ARTICLE, maximum=100),
    SettingSpec("preschool.public_share_percent", _("公办园在园幼儿占比不低于"), 50,
                _("《县域学前教育普及普惠督导评估办法》：公办园在园幼儿占比达到50%以上"), unit="%",
                bound=FLOOR, article=PRESCHOOL_ARTICLE, maximum=100),
    SettingSpec("preschool.outdoor_area", _("幼儿园室外游戏场地生均面积不低于"), Decimal("4"),
                _("《县域学前教育普及普惠督导评估办法》附件：室外游戏场地生均面积4平方米（附件原文待核实）"), kind=Decimal,
                unit="m²", bound=FLOOR, article=PRESCHOOL_TABLE_ARTICLE),
    SettingSpec("preschool.activity_room_area", _("幼儿活动用房生均建筑面积不低于"), Decimal("8.17"),
                _("《县域学前教育普及普惠督导评估办法》附件：幼儿活动用房生均建筑面积8.17平方米（附件原文待核实）"),
                kind=Decimal, unit="m²", bound=FLOOR, article=PRESCHOOL_TABLE_ARTICLE),
    SettingSpec("preschool.building_area", _("幼儿园生均建筑面积不低于"), Decimal("10.44"),
                _("《县域学前教育普及普惠督导评估办法》附件：幼儿园生均建筑面积10.44平方米（附件原文待核实）"),
                kind=Decimal, unit="m²", bound=FLOOR, article=PRESCHOOL_TABLE_ARTICLE),
    SettingSpec("preschool.class_size_ok_percent", _("县域内幼儿园班额达标率不低于"), 85,
                _("《县域学前教育普及普惠督导评估办法》附件：班额达标率85%以上（附件原文待核实）"), unit="%",
                bound=FLOOR, article=PRESCHOOL_TABLE_ARTICLE, maximum=100),
    SettingSpec("preschool.children_per_teacher", _("在园幼儿与专任教师之比不高于（每名专任教师幼儿数）"), 15,
                _("《县域学前教育普及普惠督导评估办法》附件：专任教师与幼儿比不低于1∶15（附件原文待核实）"), unit=_("人"),
                bound=CEILING, article=PRESCHOOL_TABLE_ARTICLE, minimum=1),
    SettingSpec("preschool.licensed_percent", _("园长、专任教师持证上岗率不低于"), 100,
                _("《县域学前教育普及普惠督导评估办法》附件：园长、专任教师持证上岗率100%（附件原文待核实）"), unit="%",
                bound=FLOOR, article=PRESCHOOL_TABLE_ARTICLE, maximum=100),
    SettingSpec("preschool.public_funding_per_child", _("公办园生均公用经费（普惠性民办园生均补助）不低于"), 500,
                _("待核实：县级公布的“国家标准”列500元/年，可能为省级标准"), unit=_("元/年")),
    SettingSpec("preschool.noncredentialed_pay_percent", _("公办园非在编教师平均工资不低于在编教师的"), 75,
                _("待核实：县级公布的“国家标准”列75%"), unit="%", maximum=100),
    SettingSpec("preschool.recognition_percent", _("普及普惠：社会认可度不低于"), 85,
                _("《县域学前教育普及普惠督导评估办法》：社会认可度达到85%以上"), unit="%",
                bound=FLOOR, article=PRESCHOOL_ARTICLE, maximum=100),
]


#: 兼职督学经费标准 (issue 14 item 6, H1): S0 §18, S1 #18 and S2 #16 tell each level to set its own
#: standard for part-time inspectors' 通讯、交通、食宿、劳务 costs; no national number exists, so
#: every amount is local policy [L] — a free setting whose source says 待核实 (docs/finance.md).
_FEE_SOURCE = _("待核实：地方教育督导经费管理办法和劳务费标准由本级制定（S2 #16“制定教育督导工作经费管理办法和"
                "教育督导劳务费标准”、S1 #18、S0 §18），金额为本平台默认值")


def _fee(key, label, default, unit):
    return SettingSpec(f"expenses.{key}", label, Decimal(default), _FEE_SOURCE, kind=Decimal, unit=unit,
                       maximum=Decimal("100000"))


EXPENSE_SPECS = [
    _fee("communication_per_month", _("兼职督学经费标准：通讯费（每个履职月份）"), "50", _("元/月")),
    _fee("transport_per_visit", _("兼职督学经费标准：交通费（每次经常性督导）"), "30", _("元/次")),
    _fee("transport_per_task_day", _("兼职督学经费标准：交通费（每个督导任务日）"), "30", _("元/天")),
    _fee("board_per_visit", _("兼职督学经费标准：食宿费（每次经常性督导）"), "20", _("元/次")),
    _fee("board_per_task_day", _("兼职督学经费标准：食宿费（每个督导任务日）"), "100", _("元/天")),
    _fee("labour_per_visit", _("兼职督学经费标准：劳务费（每次经常性督导）"), "100", _("元/次")),
    _fee("labour_per_task_day", _("兼职督学经费标准：劳务费（每个督导任务日）"), "200", _("元/天")),
]


SPECS: dict[str, SettingSpec] = {
    s.key: s
    for s in [
        SettingSpec("posting.max_schools_per_inspector", _("每名责任督学最多负责学校数"), 5,
                    _("《中小学校责任督学挂牌督导办法》第一条：1人负责5所左右学校"), unit=_("所")),
        SettingSpec("posting.large_school_enrolment", _("按1∶1配备责任督学的在校生规模（人及以上）"), 2000,
                    _("“学生数较多的学校按1∶1配备”（河南省2021年实施意见等地方规定；人数为本平台默认值）"),
                    unit=_("人")),
        SettingSpec("recusal.former_employer_years", _("回避：曾在该单位工作的年限（年内）"), 3,
                    _("《教育督导条例》第十条“其他可能影响客观公正”；年限为地方常见做法（本平台默认值）"),
                    unit=_("年")),
        SettingSpec("term.years", _("督学每届任期"), 3, _("《教育督导条例》第六条：兼职督学每届任期3年"), unit=_("年"),
                    bound=FIXED, article=_("《教育督导条例》第六条"), minimum=1),
        SettingSpec("term.max_consecutive_part_time", _("兼职督学最多连续任期"), 3,
                    _("《教育督导条例》第六条：连续任期不得超过3届"), unit=_("届"),
                    bound=CEILING, article=_("《教育督导条例》第六条"), minimum=1),
        SettingSpec("training.min_centralised_hours", _("每年集中培训最低学时"), 40,
                    _("《督学管理暂行办法》（培训）：每年集中培训累计不少于40学时"), unit=_("学时"),
                    bound=FLOOR, article=_("《督学管理暂行办法》培训一章")),
        SettingSpec("training.counts_online", _("网络学习学时计入年度培训最低学时（1=是，0=否）"), 0,
                    _("《督学管理暂行办法》：每年集中培训累计不少于40学时；培训方式含集中培训、网络学习和个人自学"
                      "（国家标准只计集中培训，各地可放宽计入）"), maximum=1),
        SettingSpec("training.counts_self_study", _("个人自学学时计入年度培训最低学时（1=是，0=否）"), 0,
                    _("《督学管理暂行办法》：每年集中培训累计不少于40学时；培训方式含集中培训、网络学习和个人自学"
                      "（国家标准只计集中培训，各地可放宽计入）"), maximum=1),
        SettingSpec("qualification.min_years_in_education", _("任职资格：从事教育工作最低年限"), 10,
                    _("《教育督导条例》第七条：从事教育管理、教学或者教育研究工作10年以上"), unit=_("年"),
                    bound=FLOOR, article=_("《教育督导条例》第七条")),
        SettingSpec("principal.tenure_warning_months", _("校长任期届满提醒（月内）"), 6,
                    _("本平台默认值，用于安排校（园）长任期结束综合督导（C5）"), unit=_("个月")),
        SettingSpec("complaints.per_ip_per_hour", _("公开举报表单：每个IP每小时最多提交"), 5,
                    _("本平台默认值（防滥用）"), unit=_("次")),
        SettingSpec("surveys.satisfied_levels", _("满意度调查：计为认可的等级数（自“满意”起）"), 2,
                    _("本平台默认值：“满意”“比较满意”计为认可（国家办法未规定计算口径，待核实）"), unit=_("级"),
                    minimum=1, maximum=5),
        SettingSpec("quality.min_level", _("质量监测：相关科目学业水平须达到的等级（Ⅰ–Ⅳ，填1–4）"), 3,
                    _("《县域义务教育优质均衡发展督导评估办法》教育质量第9项：国家义务教育质量监测相关科目学生学业水平达到Ⅲ级以上（条文待核实）"),
                    unit=_("级"), minimum=1, maximum=4),
        SettingSpec("quality.max_interschool_diff", _("质量监测：校际差异率须小于"), Decimal("0.15"),
                    _("《县域义务教育优质均衡发展督导评估办法》教育质量第9项：校际差异率低于0.15（条文待核实）"),
                    kind=Decimal, minimum=Decimal("0.01"), maximum=Decimal("1")),
        SettingSpec("quality.rectify_days", _("质量监测反馈问题：整改期限（天）"), 90,
                    _("本平台默认值：导入监测反馈时为每个问题和改进方案设定的整改期限"), unit=_("天"), minimum=7),
        SettingSpec("surveys.per_ip_per_hour", _("满意度调查：每个IP每小时最多提交"), 60,
                    _("本平台默认值（防滥用；学校机房、家庭共用网络时可调高）"), unit=_("份"), minimum=1),
        SettingSpec("zone.max_schools", _("每个督学责任区学校数上限"), 20,
                    _("教督〔2012〕7号《关于加强督学责任区建设的意见》：一般不超过20所"), unit=_("所")),
        SettingSpec("visits.min_per_semester", _("经常性督导：每校每学期最少次数"), 2,
                    _("《教育督导条例》第十四条：经常性督导每学期不得少于2次（法定底线）"), unit=_("次"),
                    bound=FLOOR, article=_("《教育督导条例》第十四条")),
        SettingSpec("visits.target_per_month", _("经常性督导：每校每月目标次数"), 1,
                    _("本平台默认值：每月1次（各地可调整）"), unit=_("次")),
        SettingSpec("inspection.notice_days_ahead", _("督导通知提前天数"), 3,
                    _("《教育督导条例》第十七条：事先向被督导单位发出书面督导通知（提前天数为本平台默认值）"), unit=_("天")),
        SettingSpec("cycle.school_comprehensive_years", _("学校综合督导周期（每所学校每几年一次）"), 5,
                    _("《教育督导条例》第十四条：县级人民政府教育督导机构对学校每3至5年综合督导一次"), unit=_("年"),
                    bound=CEILING, article=_("《教育督导条例》第十四条"), minimum=3),
        SettingSpec("cycle.government_years", _("督政周期（对每个下一级人民政府每几年至少一次）"), 5,
                    _("《教育督导条例》第十四条：县级以上人民政府对下一级人民政府应当每5年至少实施一次专项督导或者综合督导"),
                    unit=_("年"), bound=CEILING, article=_("《教育督导条例》第十四条"), minimum=1),
        SettingSpec("inspection.min_team_size", _("专项、综合督导督导组最少督学人数"), 3,
                    _("《教育督导条例》第十六条：成立由3名以上督学组成的督导小组"), unit=_("名"),
                    bound=FLOOR, article=_("《教育督导条例》第十六条")),
        SettingSpec("inspection.objection_days", _("初步意见申辩期"), 5,
                    _("《教育督导条例》第二十条：被督导单位可以申辩（天数为本平台默认值）"), unit=_("天")),
        SettingSpec("ledger.reminder_days_first", _("整改期限第一次提醒（到期前天数）"), 7,
                    _("本平台默认值：到期前7、3、1天提醒（各地可调整）"), unit=_("天")),
        SettingSpec("ledger.reminder_days_second", _("整改期限第二次提醒（到期前天数）"), 3,
                    _("本平台默认值：到期前7、3、1天提醒（各地可调整）"), unit=_("天")),
        SettingSpec("ledger.reminder_days_third", _("整改期限第三次提醒（到期前天数）"), 1,
                    _("本平台默认值：到期前7、3、1天提醒（各地可调整）"), unit=_("天")),
        SettingSpec("ledger.supervision_days", _("逾期督办给予的新整改期限"), 15,
                    _("《教育督导条例》第二十二条、E4：逾期未整改的下达督办通知（天数为本平台默认值）"), unit=_("天")),
        SettingSpec("ledger.auto_notice", _("记录问题时自动下达整改通知书（1=是，0=否）"), 1,
                    _("《教育督导条例》第二十一条：督导意见书提出限期整改要求（本平台默认自动下达整改通知书）"),
                    maximum=1),
        SettingSpec("portal.report_publish_mode", _("公布督导报告时门户信息（0=生成草稿待审核，1=立即公开）"), 0,
                    _("《教育督导条例》第二十三条：督导报告应当向社会公布（默认先生成去除个人信息的草稿供审核）"),
                    maximum=1),
        SettingSpec("incentives.exemption_basis_months", _("免除督导的依据须在近几个月内（表彰或绿色督导结果）"), 24,
                    _("待核实：本平台默认值（E6 免除督导；各地规定不一）"), unit=_("个月")),
        SettingSpec("attachments.max_document_mb", _("附件大小上限：文件（PDF、Word、Excel、视频）"), 20,
                    _("本地设置：本平台默认值（各地可调整）"), unit="MB", minimum=1, maximum=50),
        SettingSpec("attachments.max_photo_mb", _("附件大小上限：照片"), 10,
                    _("本地设置：本平台默认值（各地可调整）"), unit="MB", minimum=1, maximum=50),
        SettingSpec("upward.filing_ack_days", _("下级报备事项的确认期限（报备后天数）"), 15,
                    _("待核实：《教育督导条例》第二十三条规定督导报告报上一级人民政府教育督导机构备案，"
                      "未规定确认时限（本平台默认值）"), unit=_("天"), minimum=1, maximum=90),
        SettingSpec("burden.max_external_per_semester", _("每学期每单位接受督导次数上限（不含责任督学）"), 4,
                    _("减轻中小学负担：统筹督导检查（上限为本平台默认值）"), unit=_("次")),
        # 评估监测 (issue 12): the indices' national standards (dudao/monitoring/indices/).
        *BALANCE_SPECS,
        *BALANCE_COUNTY_SPECS,
        *PRESCHOOL_SPECS,
        *EXPENSE_SPECS,  # 兼职督学经费标准 (finance, H1)
        # creation campaigns and monitoring programmes (issue 12, B4, C6)
        SettingSpec("campaigns.balance_basis_years", _("优质均衡创建申报：通过基本均衡国家认定满几年"), 3,
                    _("《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）申报条件：通过基本均衡国家认定3年以上"
                      "（待核实：据河北省具体办法转述国家规定）"), unit=_("年"),
                    bound=FLOOR, article=_("教督〔2017〕6号 申报条件（待核实）"), minimum=1, maximum=20),
        SettingSpec("programmes.kindergarten_cycle_years", _("幼儿园办园行为督导评估周期（每所幼儿园每几年至少一次）"), 5,
                    _("《幼儿园办园行为督导评估办法》（教督〔2017〕7号）：3至5年为一个周期，每个周期内每所幼儿园至少评估一次"),
                    unit=_("年"), bound=CEILING, article=_("教督〔2017〕7号"), minimum=3),
        # committee operations (issue 14 item 4, A2–A4): local rules of the seed plans ([L], 待核实 nationally)
        SettingSpec("committee.min_plenary_per_year", _("督导委员会每年至少召开全体会议次数"), 1,
                    _("S1《资阳市深化新时代教育督导体制机制改革的实施方案》第4项：委员会每年至少召开1次全体成员会议"
                      "（S0 大渡口区方案：定期召开全体会议；国家《意见》对应条款待核实）"), unit=_("次"), minimum=1),
        SettingSpec("committee.min_member_activities_per_year", _("成员单位每年至少参加教育督导活动次数"), 1,
                    _("S1《资阳市深化新时代教育督导体制机制改革的实施方案》第4项：成员单位原则上每年至少参加1次教育督导活动"
                      "（国家《意见》对应条款待核实）"), unit=_("次"), minimum=1),
        SettingSpec("committee.office_staff_min", _("县级委员会办公室专兼职工作人员不少于"), 3,
                    _("S1《资阳市深化新时代教育督导体制机制改革的实施方案》第13项：县（区）为委员会办公室配备3-5名专兼职"
                      "工作人员（地方规定，待核实）"), unit=_("人"), minimum=1),
        SettingSpec("committee.office_staff_max", _("县级委员会办公室专兼职工作人员不多于"), 5,
                    _("S1《资阳市深化新时代教育督导体制机制改革的实施方案》第13项：县（区）为委员会办公室配备3-5名专兼职"
                      "工作人员（地方规定，待核实）"), unit=_("人"), minimum=1),
        SettingSpec("programmes.city_spot_check_percent", _("幼儿园办园行为督导评估：市级抽查比例"), 20,
                    _("《幼儿园办园行为督导评估办法》（教督〔2017〕7号）：市级对县级评估结果抽查（比例待核实：本平台默认值）"),
                    unit="%", minimum=1, maximum=100),
    ]
}
