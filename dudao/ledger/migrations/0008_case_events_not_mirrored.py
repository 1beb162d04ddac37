"""问责 case steps are no longer copied into the linked ledger items' histories (``case_<action>``
LedgerEvents): the item's history merges the cases' ``CaseEvent``s by query. The copies go."""

from django.db import migrations


def forwards(apps, schema_editor):
    LedgerEvent = apps.get_model("ledger", "LedgerEvent")
    LedgerEvent.objects.filter(action__startswith="case_").delete()


class Migration(migrations.Migration):

    dependencies = [("ledger", "0007_followup")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
