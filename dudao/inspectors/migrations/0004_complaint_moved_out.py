"""Complaints left for the complaints app (its 0001): state only, the table stays. After the ledger's
0013, whose triage pointed at this model until then (a migration dependency only: no import)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('inspectors', '0003_history_shape'),
        ('complaints', '0001_initial'),
        ('ledger', '0013_complaint_triage_moved_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveIndex(
                    model_name='complaint',
                    name='complaint_scope_order',
                ),
                migrations.DeleteModel(
                    name='Complaint',
                ),
            ],
        ),
    ]
