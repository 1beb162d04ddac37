# The schools' kind/path index carries is_active and id (PostgreSQL INCLUDE): index-only counts of a
# region's active schools (dashboards' coverage table). Added before the old one is dropped.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0004_encrypt_liaison_mobile_rows'),
        ('regions', '0002_region_path_collation'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='unit',
            index=models.Index(fields=['kind', 'region_path'], include=('is_active', 'id'), name='unit_kind_path_active'),
        ),
        migrations.RemoveIndex(
            model_name='unit',
            name='unit_kind_path',
        ),
    ]
