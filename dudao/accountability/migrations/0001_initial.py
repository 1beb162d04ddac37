"""The 问责 models, moved from the ledger app with their tables (``ledger_…``): state only — the
tables, their rows and their indexes were created by the ledger's migrations (0003 onwards)."""

import django.db.models.deletion
import dudao.common.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('inspections', '0006_delete_finding'),
        ('inspectors', '0003_history_shape'),
        ('ledger', '0011_drop_finding_link'),
        ('orgs', '0002_region_path_collation'),
        ('regions', '0002_region_path_collation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='TriggerSituation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=32, unique=True, verbose_name='编号')),
                        ('subject', models.CharField(choices=[('government', '地方政府及有关职能部门'), ('school', '学校和其他教育机构'), ('person', '有关工作人员'), ('inspector', '督学、教育督导机构及其工作人员')], max_length=16, verbose_name='问责对象类别')),
                        ('title', models.TextField(verbose_name='问责情形')),
                        ('basis', models.CharField(blank=True, max_length=200, verbose_name='依据')),
                        ('is_active', models.BooleanField(default=True, verbose_name='有效')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='适用省份（空为全国）')),
                    ],
                    options={
                        'verbose_name': '问责情形',
                        'verbose_name_plural': '问责情形目录',
                        'db_table': 'ledger_triggersituation',
                        'ordering': ['subject', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='AccountabilityCase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject_kind', models.CharField(choices=[('government', '地方政府及有关职能部门'), ('school', '学校和其他教育机构'), ('person', '有关工作人员'), ('inspector', '督学、教育督导机构及其工作人员')], max_length=16, verbose_name='问责对象类别')),
                        ('person_name', models.CharField(blank=True, max_length=50, verbose_name='被问责人')),
                        ('region_path', dudao.common.fields.RegionPathField(editable=False, max_length=255)),
                        ('title', models.CharField(max_length=200, verbose_name='案由')),
                        ('supervision_end', models.DateField(verbose_name='督导工作结束日期')),
                        ('status', models.CharField(choices=[('opened', '已立案'), ('investigating', '调查认定中'), ('notified', '已书面告知'), ('heard', '已听取陈述申辩'), ('approved', '已审定'), ('decided', '已作出问责决定')], default='opened', editable=False, max_length=16, verbose_name='状态')),
                        ('group_members', models.TextField(blank=True, verbose_name='调查认定工作组成员')),
                        ('group_formed_on', models.DateField(blank=True, null=True, verbose_name='工作组组成日期')),
                        ('facts', models.TextField(blank=True, verbose_name='认定事实')),
                        ('notice_sent_on', models.DateField(blank=True, null=True, verbose_name='书面告知日期')),
                        ('statement', models.TextField(blank=True, verbose_name='陈述申辩')),
                        ('measures', models.JSONField(blank=True, default=list, verbose_name='问责方式')),
                        ('approved_on', models.DateField(blank=True, null=True, verbose_name='审定日期')),
                        ('basis', models.TextField(blank=True, verbose_name='问责依据')),
                        ('effective_date', models.DateField(blank=True, null=True, verbose_name='生效时间')),
                        ('decided_on', models.DateField(blank=True, null=True, verbose_name='决定日期')),
                        ('aggravated', models.BooleanField(default=False, verbose_name='从重处理')),
                        ('aggravation_reason', models.CharField(blank=True, max_length=200, verbose_name='从重理由')),
                        ('referred_to', models.CharField(blank=True, max_length=200, verbose_name='移交接收机关')),
                        ('referred_on', models.DateField(blank=True, null=True, verbose_name='移交日期')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='立案时间')),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.committeemember', verbose_name='审定人')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('inspector', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='inspectors.inspector', verbose_name='督学')),
                        ('ledger_items', models.ManyToManyField(blank=True, related_name='cases', to='ledger.ledgeritem', verbose_name='相关问题')),
                        ('task', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='inspections.supervisiontask', verbose_name='督导任务')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit', verbose_name='被问责单位（或责任人所在单位）')),
                        ('situations', models.ManyToManyField(related_name='cases', to='accountability.triggersituation', verbose_name='问责情形')),
                    ],
                    options={
                        'verbose_name': '问责案件',
                        'verbose_name_plural': '问责案件',
                        'db_table': 'ledger_accountabilitycase',
                        'ordering': ['region_path', '-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=32, verbose_name='事项')),
                        ('note', models.TextField(blank=True, verbose_name='说明')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('from_status', models.CharField(blank=True, choices=[('opened', '已立案'), ('investigating', '调查认定中'), ('notified', '已书面告知'), ('heard', '已听取陈述申辩'), ('approved', '已审定'), ('decided', '已作出问责决定')], max_length=16, verbose_name='原状态')),
                        ('to_status', models.CharField(blank=True, choices=[('opened', '已立案'), ('investigating', '调查认定中'), ('notified', '已书面告知'), ('heard', '已听取陈述申辩'), ('approved', '已审定'), ('decided', '已作出问责决定')], max_length=16, verbose_name='新状态')),
                        ('data', models.JSONField(blank=True, default=dict, verbose_name='数据')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='accountability.accountabilitycase')),
                    ],
                    options={
                        'verbose_name': '问责记录',
                        'verbose_name_plural': '问责记录',
                        'db_table': 'ledger_caseevent',
                        'ordering': ['case', 'created_at', 'id'],
                        'indexes': [models.Index(fields=['case', 'created_at', 'id'], name='ledger_case_event_order')],
                    },
                ),
                migrations.CreateModel(
                    name='Circular',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('region_path', dudao.common.fields.RegionPathField(editable=False, max_length=255)),
                        ('issued_on', models.DateField(verbose_name='通报日期')),
                        ('content', models.TextField(verbose_name='通报内容')),
                        ('recommendation', models.TextField(verbose_name='对领导班子评优评先、提拔任用的建议')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='circulars', to='accountability.accountabilitycase', verbose_name='问责案件')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('ledger_items', models.ManyToManyField(blank=True, related_name='circulars', to='ledger.ledgeritem', verbose_name='相关问题')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit', verbose_name='被通报单位')),
                    ],
                    options={
                        'verbose_name': '督导通报',
                        'verbose_name_plural': '督导通报',
                        'db_table': 'ledger_circular',
                        'ordering': ['region_path', '-issued_on', '-id'],
                        'indexes': [models.Index(fields=['region_path', '-issued_on', '-id'], name='ledger_circular_order')],
                    },
                ),
                migrations.CreateModel(
                    name='Interview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('region_path', dudao.common.fields.RegionPathField(editable=False, max_length=255)),
                        ('held_on', models.DateField(verbose_name='约谈日期')),
                        ('participants', models.TextField(verbose_name='约谈人')),
                        ('leaders_present', models.TextField(verbose_name='被约谈单位负责人')),
                        ('content', models.TextField(verbose_name='约谈内容')),
                        ('commitments', models.TextField(blank=True, verbose_name='整改承诺')),
                        ('filed_with', models.JSONField(blank=True, default=list, verbose_name='报送备案')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='interviews', to='accountability.accountabilitycase', verbose_name='问责案件')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('ledger_items', models.ManyToManyField(blank=True, related_name='interviews', to='ledger.ledgeritem', verbose_name='相关问题')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit', verbose_name='被约谈单位')),
                    ],
                    options={
                        'verbose_name': '约谈记录',
                        'verbose_name_plural': '约谈记录',
                        'db_table': 'ledger_interview',
                        'ordering': ['region_path', '-held_on', '-id'],
                        'indexes': [models.Index(fields=['region_path', '-held_on', '-id'], name='ledger_interview_order')],
                    },
                ),
                migrations.AddIndex(
                    model_name='triggersituation',
                    index=models.Index(fields=['subject', 'code'], name='ledger_situation_order'),
                ),
                migrations.AddIndex(
                    model_name='accountabilitycase',
                    index=models.Index(fields=['region_path', '-created_at', '-id'], name='ledger_case_scope_order'),
                ),
                migrations.AddIndex(
                    model_name='accountabilitycase',
                    index=models.Index(fields=['unit', 'decided_on'], name='ledger_case_unit_decided'),
                ),
                migrations.AddConstraint(
                    model_name='accountabilitycase',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'decided'), _negated=True), models.Q(('decided_on__isnull', False), ('effective_date__isnull', False)), _connector='OR'), name='ledger_case_decided_dates'),
                ),
                migrations.AddConstraint(
                    model_name='accountabilitycase',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('subject_kind', 'inspector'), _negated=True), ('inspector__isnull', False), _connector='OR'), name='ledger_case_inspector_named'),
                ),
            ],
        ),
    ]
