"""The ledger rollup, redesigned (issue 13, performance): one set of rows per ancestor region,
breakdowns by category and source as rows of their own, an ``overdue`` flag as of the rollup's day
(``LedgerRollupState``, moved by the ledger's daily job) instead of the deadline, and no month of
closure. The old table is dropped and the new one filled from the items."""


import django.db.models.deletion
from django.db import migrations, models

import dudao.common.fields


def fill(apps, schema_editor):
    from dudao.dashboards.rollup import rebuild

    rebuild(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ("dashboards", "0001_ledger_rollup"),
        ("regions", "0002_region_path_collation"),
        ("ledger", "0015_notification_link"),
    ]

    operations = [
        migrations.DeleteModel(name="LedgerRollup"),
        migrations.CreateModel(
            name="LedgerRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("region_path", dudao.common.fields.RegionPathField(editable=False, max_length=255)),
                ("month", models.DateField(verbose_name="登记月份")),
                ("dim", models.CharField(choices=[("all", "全部"), ("category", "问题类别"), ("source", "问题来源")],
                                         max_length=8, verbose_name="分组")),
                ("value", models.CharField(blank=True, help_text="问题类别或来源代码；全部为空", max_length=32,
                                           verbose_name="分组值")),
                ("overdue", models.BooleanField(help_text="待单位整改且整改期限早于逾期计算日", verbose_name="逾期")),
                ("n", models.PositiveIntegerField(default=0, verbose_name="问题数")),
                ("open", models.PositiveIntegerField(default=0, verbose_name="未销号")),
                ("closed", models.PositiveIntegerField(default=0, verbose_name="已销号")),
                ("on_time", models.PositiveIntegerField(default=0, verbose_name="按期销号")),
                ("rebounds", models.PositiveIntegerField(default=0, verbose_name="反弹")),
                ("close_days", models.PositiveBigIntegerField(default=0, verbose_name="整改天数合计")),
                ("region", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                             to="regions.region", verbose_name="区域")),
            ],
            options={
                "verbose_name": "问题台账汇总",
                "verbose_name_plural": "问题台账汇总",
                "ordering": ["region_path", "month"],
                "indexes": [models.Index(fields=["region_path", "month"], name="dash_ledger_scope_month")],
                "constraints": [
                    models.UniqueConstraint(fields=("region", "dim", "month", "value", "overdue"),
                                            name="dash_ledger_one_row_per_key"),
                    models.CheckConstraint(
                        condition=models.Q(models.Q(("dim", "all"), ("value", "")),
                                           models.Q(models.Q(("dim", "all"), _negated=True),
                                                    models.Q(("value", ""), _negated=True)), _connector="OR"),
                        name="dash_ledger_value_with_dim"),
                ],
            },
        ),
        migrations.CreateModel(
            name="LedgerRollupState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("as_of", models.DateField(verbose_name="逾期计算日")),
            ],
            options={
                "ordering": ["id"],
                "verbose_name": "问题台账汇总状态",
                "verbose_name_plural": "问题台账汇总状态",
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
