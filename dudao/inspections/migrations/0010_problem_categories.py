"""Problem categories (问题类别) become data: the model and the national set. The 8 codes of the
former ``FindingCategory`` stay (recorded ledger items keep them; 安全管理 is now 安全稳定), joined by
the 立德树人 focus areas and the topics the local documents repeat (requirements C2, C8; 条例 Art. 11)."""

import django.db.models.deletion
import dudao.common.fields
from django.db import migrations, models

#: ``(code, name, basis)`` in display order; a region adds its own through ``problem_category_create``.
NATIONAL = [
    ("party", "党建及党建带团建队建", "立德树人重点领域（区县督导工作要点；需求 C2）"),
    ("moral", "德育工作", "立德树人；思政教育（需求 C2）"),
    ("teaching", "教育教学", "《教育督导条例》第十一条（一）素质教育、教育教学水平、教育教学管理"),
    ("research", "科学研究", "立德树人重点领域（需求 C2）"),
    ("ethics", "师德师风", "立德树人重点领域（需求 C2）；条例第十一条（二）教师资格、职务、聘任"),
    ("physical", "体育卫生", "条例第十一条（二）卫生制度"),
    ("arts", "美育工作", "立德树人（五育并举）"),
    ("labour", "劳动教育", "立德树人（五育并举）"),
    ("resources", "资源配置", "立德树人重点领域（需求 C2）；条例第十一条（二）教学和生活设施设备、教育投入的管理使用"),
    ("fees", "教育收费", "立德树人重点领域（需求 C2）；违规收费专项督导（需求 C8）"),
    ("admissions", "招生和学籍管理", "条例第十一条（二）招生、学籍管理；规范招生（需求 C2、C8）"),
    ("burden", "课业负担（双减）", "“双减”专项督导：作业、校外培训（需求 C8）"),
    ("safety", "安全稳定", "立德树人重点领域（需求 C2）；条例第十一条（二）安全制度、校舍安全；食品、校园安全（需求 C8）"),
    ("management", "学校管理（规范办学）", "规范办学行为（需求 C2）"),
    ("framework", "指标体系领域", "按所用指标体系的指标记录（对应指标）"),
]


def load(apps, schema_editor):
    ProblemCategory = apps.get_model("inspections", "ProblemCategory")
    for order, (code, name, basis) in enumerate(NATIONAL, start=1):
        ProblemCategory.objects.update_or_create(code=code, defaults={
            "name": name, "basis": basis, "order": order * 10, "region": None, "region_path": "", "is_active": True})


def unload(apps, schema_editor):
    apps.get_model("inspections", "ProblemCategory").objects.filter(region__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0009_task_filing'),
        ('regions', '0002_region_path_collation'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProblemCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='代码')),
                ('name', models.CharField(max_length=50, verbose_name='名称')),
                ('region_path', dudao.common.fields.RegionPathField(blank=True, default='', editable=False, max_length=255)),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
                ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                ('basis', models.CharField(blank=True, help_text='法规条款或本地文件名称和文号', max_length=255, verbose_name='依据')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('region', models.ForeignKey(blank=True, help_text='为空表示国家（全国通用）类别', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='所属区域')),
            ],
            options={
                'verbose_name': '问题类别',
                'verbose_name_plural': '问题类别',
                'ordering': ['region_path', 'order', 'id'],
                'indexes': [models.Index(fields=['region_path', 'order', 'id'], name='problemcategory_path_order')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('region__isnull', True), ('region_path', '')), models.Q(('region__isnull', False), models.Q(('region_path', ''), _negated=True)), _connector='OR'), name='problemcategory_region_path_consistent'), models.UniqueConstraint(fields=('region', 'name'), name='problemcategory_region_name_unique')],
            },
        ),
        migrations.RunPython(load, unload),
    ]
