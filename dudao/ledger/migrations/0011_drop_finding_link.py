"""One problem, one record (3/3): the invariants of a problem's source and the draft status, and the
link to ``inspections.Finding`` goes (``inspections.0004`` deletes the model)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0010_findings_into_ledger"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='ledgeritem',
            constraint=models.CheckConstraint(condition=models.Q(('task__isnull', True), ('source', 'task'), _connector='OR'), name='ledger_task_source'),
        ),
        migrations.AddConstraint(
            model_name='ledgeritem',
            constraint=models.CheckConstraint(condition=models.Q(('target__isnull', True), ('task__isnull', False), _connector='OR'), name='ledger_target_has_task'),
        ),
        migrations.AddConstraint(
            model_name='ledgeritem',
            constraint=models.CheckConstraint(condition=models.Q(('visit__isnull', True), ('source', 'visit'), _connector='OR'), name='ledger_visit_source'),
        ),
        migrations.AddConstraint(
            model_name='ledgeritem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'draft'), _negated=True), ('task__isnull', False), _connector='OR'), name='ledger_draft_of_task'),
        ),
        migrations.RemoveField(
            model_name='ledgeritem',
            name='finding',
        ),
    ]
