"""The moved models' content types (and so their permissions, generic links and audit entries) keep
their rows: ``app_label`` goes from ``ledger`` to ``accountability``."""

from django.db import migrations

MODELS = ("triggersituation", "accountabilitycase", "caseevent", "interview", "circular")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label="accountability", model=model).exists():
            ContentType.objects.using(db).filter(app_label="ledger", model=model).update(app_label="accountability")


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label="ledger", model=model).exists():
            ContentType.objects.using(db).filter(app_label="accountability", model=model).update(app_label="ledger")


class Migration(migrations.Migration):

    dependencies = [
        ("accountability", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
