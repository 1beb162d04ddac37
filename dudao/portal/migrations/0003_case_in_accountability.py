"""A publication's case is now ``accountability.AccountabilityCase`` (same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accountability', '0001_initial'),
        ('portal', '0002_publicationevent_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='publication',
                    name='case',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accountability.accountabilitycase', verbose_name='问责案件'),
                ),
            ],
        ),
    ]
