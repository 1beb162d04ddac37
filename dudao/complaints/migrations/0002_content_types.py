"""The moved models' content types (and so their permissions, generic links and audit entries) keep
their rows: ``app_label`` goes from ``inspectors`` (the complaint) and ``ledger`` (the triage) to
``complaints``."""

from django.db import migrations

MODELS = (("inspectors", "complaint"), ("ledger", "complainttriage"))


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for old, model in MODELS:
        if not ContentType.objects.using(db).filter(app_label="complaints", model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label="complaints")


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for old, model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=old, model=model).exists():
            ContentType.objects.using(db).filter(app_label="complaints", model=model).update(app_label=old)


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
