"""The national catalogue of 问责情形 as data (provinces add theirs through ``situation_add``).

Sources: 《教育督导问责办法》 (国教督〔2021〕2号) headline categories and the government items quoted
in shared/standards.md §4; 《教育督导条例》 Arts. 25 (units) and 26 (督学). The remaining items of the
办法's lists are to be completed from the official text (standards.md marks them unverified)."""

from django.db import migrations

NATIONAL = [
    ("G01", "government", "贯彻落实党的教育方针和党中央、国务院教育决策部署不坚决不彻底", "问责办法"),
    ("G02", "government", "违反有关教育法律法规，学校办学行为不规范，整体教育教学质量持续下降、教育结构失衡、"
                          "侵犯学校合法权益、群众满意度低", "问责办法第六条"),
    ("G03", "government", "教育攻坚任务完成严重滞后，未按时保质保量完成规定目标任务", "问责办法第六条"),
    ("G04", "government", "教育群体性事件多发高发、应对不力、群众反映强烈", "问责办法第六条"),
    ("G05", "government", "因履行教育职责严重失职、安全风险防控体系建设保障或卫生防疫不力，导致发生重大安全事故"
                          "或重大涉校案（事）件", "问责办法第六条"),
    ("G06", "government", "拒绝、阻挠、干扰教育督导或者弄虚作假", "问责办法"),
    ("G07", "government", "对教育督导发现的问题整改不力", "问责办法"),
    ("S01", "school", "拒绝、阻挠督导", "条例第二十五条"),
    ("S02", "school", "隐瞒实情、弄虚作假", "条例第二十五条"),
    ("S03", "school", "未根据督导意见书整改并报告", "条例第二十五条"),
    ("S04", "school", "打击报复督学", "条例第二十五条"),
    ("S05", "school", "办学行为不规范", "问责办法"),
    ("S06", "school", "教育教学质量下降", "问责办法"),
    ("S07", "school", "安全问题较多或拒不接受教育督导", "问责办法"),
    ("P01", "person", "不履行、不完全履行或不正确履行教育职责", "问责办法"),
    ("I01", "inspector", "玩忽职守，贻误督导工作", "条例第二十六条"),
    ("I02", "inspector", "弄虚作假、徇私舞弊，影响督导结果公正", "条例第二十六条"),
    ("I03", "inspector", "滥用职权，干扰被督导单位正常工作", "条例第二十六条"),
]


def load(apps, schema_editor):
    TriggerSituation = apps.get_model("ledger", "TriggerSituation")
    for code, subject, title, basis in NATIONAL:
        TriggerSituation.objects.update_or_create(code=code, defaults={"subject": subject, "title": title,
                                                                       "basis": basis, "region": None})


def unload(apps, schema_editor):
    apps.get_model("ledger", "TriggerSituation").objects.filter(code__in=[n[0] for n in NATIONAL]).delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_accountability")]
    operations = [migrations.RunPython(load, unload)]
