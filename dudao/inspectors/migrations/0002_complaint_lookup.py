"""Complaints get a lookup code at submission (given to the complainant on the thank-you page or
read out by the hotline staff), a source from a fixed list (public page, QR code, 12345 hotline,
media, upper-level feedback) and the source's reference number (E11). Existing rows get a fresh
code each: the column is added nullable, filled, then made unique and required."""

import secrets

from django.db import migrations, models

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_lookup_code() -> str:
    """The model's default when this migration was written (the model is ``complaints.Complaint`` now)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def fill_codes(apps, schema_editor):
    Complaint = apps.get_model("inspectors", "Complaint")
    used = set()
    for complaint in Complaint.objects.filter(lookup_code__isnull=True).only("pk").iterator():
        code = new_lookup_code()
        while code in used:
            code = new_lookup_code()
        used.add(code)
        Complaint.objects.filter(pk=complaint.pk).update(lookup_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ("inspectors", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="reference",
            field=models.CharField(blank=True, help_text="如12345热线工单号", max_length=64, verbose_name="来源编号"),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="source",
            field=models.CharField(
                choices=[("public_page", "公示页面"), ("qr", "扫码提交"), ("hotline", "12345热线"), ("media", "媒体反映"),
                         ("upper_feedback", "上级反馈")],
                default="public_page", max_length=32, verbose_name="来源"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="lookup_code",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="查询码"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="complaint",
            name="lookup_code",
            field=models.CharField(default=new_lookup_code, editable=False, max_length=16,
                                   unique=True, verbose_name="查询码"),
        ),
    ]
