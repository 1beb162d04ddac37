"""One problem, one record (1/3): the fields of ``inspections.Finding`` move onto the ledger item —
task, target, visit, indicator, the evidence of the problem, the linked departments — and the
draft status (待下达). The data follows in 0009; the link to Finding goes in 0010."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0005_target_objection_state'),
        ('ledger', '0008_case_events_not_mirrored'),
        ('orgs', '0002_region_path_collation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='ledgeritem',
            name='ledger_finding_source',
        ),
        migrations.AddField(
            model_name='ledgeritem',
            name='departments',
            field=models.ManyToManyField(blank=True, related_name='+', to='orgs.unit', verbose_name='联动部门'),
        ),
        migrations.AddField(
            model_name='ledgeritem',
            name='found_evidence',
            field=models.TextField(blank=True, verbose_name='问题证据'),
        ),
        migrations.AddField(
            model_name='ledgeritem',
            name='indicator_code',
            field=models.CharField(blank=True, max_length=64, verbose_name='对应指标'),
        ),
        migrations.AddField(
            model_name='ledgeritem',
            name='target',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_items', to='inspections.tasktarget', verbose_name='督导对象'),
        ),
        migrations.AddField(
            model_name='ledgeritem',
            name='task',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_items', to='inspections.supervisiontask', verbose_name='督导任务'),
        ),
        migrations.AddField(
            model_name='ledgeritem',
            name='visit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ledger_items', to='inspections.regularvisit', verbose_name='经常性督导'),
        ),
        migrations.AlterField(
            model_name='ledgerevent',
            name='from_status',
            field=models.CharField(blank=True, choices=[('draft', '待下达'), ('issued', '已下达整改'), ('plan_submitted', '已报整改方案'), ('in_progress', '整改中'), ('reported', '已报整改结果'), ('rechecking', '复查中'), ('closed', '已销号')], max_length=16, verbose_name='原状态'),
        ),
        migrations.AlterField(
            model_name='ledgerevent',
            name='to_status',
            field=models.CharField(blank=True, choices=[('draft', '待下达'), ('issued', '已下达整改'), ('plan_submitted', '已报整改方案'), ('in_progress', '整改中'), ('reported', '已报整改结果'), ('rechecking', '复查中'), ('closed', '已销号')], max_length=16, verbose_name='新状态'),
        ),
        migrations.AlterField(
            model_name='ledgeritem',
            name='status',
            field=models.CharField(choices=[('draft', '待下达'), ('issued', '已下达整改'), ('plan_submitted', '已报整改方案'), ('in_progress', '整改中'), ('reported', '已报整改结果'), ('rechecking', '复查中'), ('closed', '已销号')], default='issued', editable=False, max_length=16, verbose_name='状态'),
        ),
    ]
