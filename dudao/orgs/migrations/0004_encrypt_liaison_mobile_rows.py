"""Rewrite the existing rows' personal values encrypted and fill their blind indexes — a migration of
its own, so that on PostgreSQL the row updates never share a transaction with the schema changes of
0003_encrypt_liaison_mobile (ALTER TABLE after updates fails there with "pending trigger events")."""

from django.db import migrations

from dudao.common.crypto import encrypt_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_encrypt_liaison_mobile'),
    ]

    operations = [
        migrations.RunPython(*encrypt_existing_rows('orgs', 'memberunit')),
    ]
