"""Rewrite the existing rows' personal values encrypted and fill their blind indexes — a migration of
its own, so that on PostgreSQL the row updates never share a transaction with the schema changes of
0008_encrypt_personal_data (ALTER TABLE after updates fails there with "pending trigger events")."""

from django.db import migrations

from dudao.common.crypto import encrypt_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('inspectors', '0008_encrypt_personal_data'),
    ]

    operations = [
        migrations.RunPython(*encrypt_existing_rows('inspectors', 'inspector')),
    ]
