"""AppointmentEvent and ExitRecord take the one history shape (``dudao.common.history.HistoryEvent``):
the step's name in ``action``, its date (and an exit's reason) in ``data``."""

from django.conf import settings
from django.db import migrations, models


#: The appointment step that leads to each state.
ACTIONS = {"recommended": "recommend", "reviewed": "review", "publicised": "publicise", "appointed": "appoint",
           "rejected": "reject", "ended": "end"}


def forwards(apps, schema_editor):
    AppointmentEvent = apps.get_model("inspectors", "AppointmentEvent")
    ExitRecord = apps.get_model("inspectors", "ExitRecord")
    for e in AppointmentEvent.objects.all():
        e.action = ACTIONS.get(e.to_status, e.to_status)
        e.data = {"on_date": e.on_date.isoformat()}
        e.save(update_fields=["action", "data"])
    for e in ExitRecord.objects.all():
        e.action, e.from_status, e.to_status = "exit", "active", "exited"
        e.data = {"on_date": e.date.isoformat(), "reason": e.reason}
        e.save(update_fields=["action", "from_status", "to_status", "data"])


def backwards(apps, schema_editor):
    import datetime

    AppointmentEvent = apps.get_model("inspectors", "AppointmentEvent")
    ExitRecord = apps.get_model("inspectors", "ExitRecord")
    for e in AppointmentEvent.objects.all():
        e.on_date = datetime.date.fromisoformat((e.data or {}).get("on_date") or e.created_at.date().isoformat())
        e.save(update_fields=["on_date"])
    for e in ExitRecord.objects.all():
        e.date = datetime.date.fromisoformat((e.data or {}).get("on_date") or e.created_at.date().isoformat())
        e.reason = (e.data or {}).get("reason") or "own_request"
        e.save(update_fields=["date", "reason"])


class Migration(migrations.Migration):

    dependencies = [
        ('inspectors', '0002_complaint_lookup'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='appointmentevent',
            options={'ordering': ['appointment', 'created_at', 'id'], 'verbose_name': '聘任流程记录', 'verbose_name_plural': '聘任流程记录'},
        ),
        migrations.AlterModelOptions(
            name='exitrecord',
            options={'ordering': ['inspector', 'created_at', 'id'], 'verbose_name': '督学退出', 'verbose_name_plural': '督学退出'},
        ),
        migrations.AddField(
            model_name='appointmentevent',
            name='action',
            field=models.CharField(default='', max_length=32, verbose_name='事项'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='appointmentevent',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='数据'),
        ),
        migrations.AddField(
            model_name='exitrecord',
            name='action',
            field=models.CharField(default='', max_length=32, verbose_name='事项'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='exitrecord',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='数据'),
        ),
        migrations.AddField(
            model_name='exitrecord',
            name='from_status',
            field=models.CharField(blank=True, choices=[('active', '在任'), ('exited', '已退出')], max_length=16, verbose_name='原状态'),
        ),
        migrations.AddField(
            model_name='exitrecord',
            name='to_status',
            field=models.CharField(blank=True, choices=[('active', '在任'), ('exited', '已退出')], max_length=16, verbose_name='新状态'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name='appointmentevent',
            name='on_date',
        ),
        migrations.RemoveField(
            model_name='exitrecord',
            name='date',
        ),
        migrations.RemoveField(
            model_name='exitrecord',
            name='reason',
        ),
        migrations.AlterField(
            model_name='appointmentevent',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='时间'),
        ),
        migrations.AlterField(
            model_name='appointmentevent',
            name='from_status',
            field=models.CharField(blank=True, choices=[('recommended', '推荐'), ('reviewed', '审核通过'), ('publicised', '公示'), ('appointed', '聘任'), ('rejected', '未通过'), ('ended', '任期结束')], max_length=16, verbose_name='原状态'),
        ),
        migrations.AlterField(
            model_name='appointmentevent',
            name='note',
            field=models.TextField(blank=True, verbose_name='说明'),
        ),
        migrations.AlterField(
            model_name='appointmentevent',
            name='to_status',
            field=models.CharField(blank=True, choices=[('recommended', '推荐'), ('reviewed', '审核通过'), ('publicised', '公示'), ('appointed', '聘任'), ('rejected', '未通过'), ('ended', '任期结束')], max_length=16, verbose_name='新状态'),
        ),
        migrations.AlterField(
            model_name='exitrecord',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='时间'),
        ),
        migrations.AddIndex(
            model_name='appointmentevent',
            index=models.Index(fields=['appointment', 'created_at', 'id'], name='appointment_event_order'),
        ),
        migrations.AddIndex(
            model_name='exitrecord',
            index=models.Index(fields=['inspector', 'created_at', 'id'], name='inspector_exit_order'),
        ),
    ]
