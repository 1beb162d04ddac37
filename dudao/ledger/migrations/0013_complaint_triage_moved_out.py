"""Complaint triage left for the complaints app (its 0001): state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0012_accountability_moved_out'),
        ('complaints', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveIndex(
                    model_name='complainttriage',
                    name='ledger_triage_order',
                ),
                migrations.RemoveConstraint(
                    model_name='complainttriage',
                    name='ledger_triage_consistent',
                ),
                migrations.DeleteModel(
                    name='ComplaintTriage',
                ),
            ],
        ),
    ]
