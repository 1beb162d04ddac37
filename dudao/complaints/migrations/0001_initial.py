"""The complaint models, moved from the inspectors app (``Complaint``, table ``inspectors_complaint``)
and the ledger (``ComplaintTriage``, table ``ledger_complainttriage``) with their tables: state only —
the tables, their rows, indexes and constraint were created by inspectors 0001–0002 and ledger
0005. The complaint's history (``ComplaintEvent``) is a new table."""

import django.db.models.deletion
import dudao.common.fields
import dudao.complaints.models
from django.conf import settings
from django.db import migrations, models

STATUS = [('new', '未处理'), ('handled', '已处理')]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('inspectors', '0003_history_shape'),
        ('ledger', '0012_accountability_moved_out'),
        ('orgs', '0002_region_path_collation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Complaint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('region_path', dudao.common.fields.RegionPathField(editable=False, max_length=255)),
                        ('kind', models.CharField(choices=[('problem', '反映学校问题'), ('inspector', '投诉责任督学')], max_length=16, verbose_name='类型')),
                        ('content', models.TextField(verbose_name='内容')),
                        ('contact_name', models.CharField(blank=True, max_length=50, verbose_name='联系人')),
                        ('contact_phone', models.CharField(blank=True, max_length=32, verbose_name='联系电话')),
                        ('source', models.CharField(choices=[('public_page', '公示页面'), ('qr', '扫码提交'), ('hotline', '12345热线'), ('media', '媒体反映'), ('upper_feedback', '上级反馈')], default='public_page', max_length=32, verbose_name='来源')),
                        ('reference', models.CharField(blank=True, help_text='如12345热线工单号', max_length=64, verbose_name='来源编号')),
                        ('lookup_code', models.CharField(default=dudao.complaints.models.new_lookup_code, editable=False, max_length=16, unique=True, verbose_name='查询码')),
                        ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP地址')),
                        ('user_agent', models.CharField(blank=True, max_length=255)),
                        ('status', models.CharField(choices=STATUS, default='new', max_length=16, verbose_name='状态')),
                        ('handled_note', models.TextField(blank=True, verbose_name='处理说明')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='提交时间')),
                        ('inspector', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='complaints', to='inspectors.inspector', verbose_name='涉及督学')),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.unit', verbose_name='学校')),
                    ],
                    options={
                        'verbose_name': '举报投诉',
                        'verbose_name_plural': '举报投诉',
                        'db_table': 'inspectors_complaint',
                        'ordering': ['region_path', '-created_at'],
                        'indexes': [models.Index(fields=['region_path', '-created_at'], name='complaint_scope_order')],
                    },
                ),
                migrations.CreateModel(
                    name='ComplaintTriage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('region_path', dudao.common.fields.RegionPathField(editable=False, max_length=255)),
                        ('decision', models.CharField(choices=[('accepted', '已受理，纳入问题台账'), ('dismissed', '不予受理')], max_length=16, verbose_name='处理结果')),
                        ('reason', models.TextField(blank=True, verbose_name='不予受理理由')),
                        ('lookup_code', models.CharField(default=dudao.complaints.models.new_lookup_code, editable=False, max_length=16, unique=True, verbose_name='查询码')),
                        ('decided_at', models.DateTimeField(auto_now_add=True, verbose_name='处理时间')),
                        ('complaint', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='triage', to='complaints.complaint', verbose_name='举报投诉')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('ledger_item', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='triage', to='ledger.ledgeritem', verbose_name='台账问题')),
                    ],
                    options={
                        'verbose_name': '投诉受理',
                        'verbose_name_plural': '投诉受理',
                        'db_table': 'ledger_complainttriage',
                        'ordering': ['region_path', '-decided_at', '-id'],
                        'indexes': [models.Index(fields=['region_path', '-decided_at', '-id'], name='ledger_triage_order')],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('decision', 'accepted'), ('ledger_item__isnull', False)), models.Q(('decision', 'dismissed'), ('ledger_item__isnull', True), models.Q(('reason', ''), _negated=True)), _connector='OR'), name='ledger_triage_consistent')],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name='ComplaintEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(max_length=32, verbose_name='事项')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='数据')),
                ('from_status', models.CharField(blank=True, choices=STATUS, max_length=16, verbose_name='原状态')),
                ('to_status', models.CharField(blank=True, choices=STATUS, max_length=16, verbose_name='新状态')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('complaint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='complaints.complaint')),
            ],
            options={
                'verbose_name': '举报投诉办理记录',
                'verbose_name_plural': '举报投诉办理记录',
                'ordering': ['complaint', 'created_at', 'id'],
                'indexes': [models.Index(fields=['complaint', 'created_at', 'id'], name='complaint_event_order')],
            },
        ),
    ]
