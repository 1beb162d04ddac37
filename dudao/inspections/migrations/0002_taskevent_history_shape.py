from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("inspections", "0001_initial")]

    operations = [
        migrations.RenameField("taskevent", "transition", "action"),
    ]
