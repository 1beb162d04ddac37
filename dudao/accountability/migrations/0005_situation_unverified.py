"""Situations of the catalogue not verified against the official text carry a 待核实 flag: the
government list's G06 and G07 (standards.md §4 marks the 问责办法's remaining items [U])."""

from django.db import migrations, models

UNVERIFIED = ("G06", "G07")


def mark(apps, schema_editor):
    apps.get_model("accountability", "TriggerSituation").objects.filter(code__in=UNVERIFIED).update(unverified=True)


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0004_approval_referral'),
    ]

    operations = [
        migrations.AddField(
            model_name='triggersituation',
            name='unverified',
            field=models.BooleanField(default=False, help_text='条文未经官方文本核实，使用前请核对', verbose_name='待核实'),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
