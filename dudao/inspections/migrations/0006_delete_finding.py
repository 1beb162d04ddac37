"""One problem, one record: ``Finding`` is gone — its rows became problem-ledger items
(``ledger.0010_findings_into_ledger``), which must have run first."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0005_target_objection_state'),
        ('ledger', '0011_drop_finding_link'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='finding',
            name='finding_scope_order',
        ),
        migrations.RemoveConstraint(
            model_name='finding',
            name='finding_has_source',
        ),
        migrations.DeleteModel(
            name='Finding',
        ),
    ]
