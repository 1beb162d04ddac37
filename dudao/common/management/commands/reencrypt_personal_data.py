"""Rewrite every encrypted personal value with the first key of DUDAO_FIELD_KEYS and recompute the
blind indexes with DUDAO_BLIND_INDEX_KEY — after a key rotation (docs/security.md). One transaction
per model; values written in clear before encryption are encrypted too."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from dudao.common.crypto import BlindIndexField, encrypted_fields, rotate


class Command(BaseCommand):
    help = "用当前密钥重新加密个人信息字段并重算盲索引（密钥轮换后执行）"

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
            table = model._meta.db_table
            rows = 0
            with transaction.atomic():
                for obj in model._base_manager.select_for_update().only("pk", *[f.name for f in fields]).iterator(
                        chunk_size=2000):
                    # The raw token, re-encrypted with the first key (reading went through decrypt).
                    updates = {f.attname: rotate(getattr(obj, f.attname)) for f in fields}
                    for f in indexes:
                        updates[f.attname] = f.pre_save(obj, False)
                    model._base_manager.filter(pk=obj.pk).update(**updates)
                    rows += 1
            self.stdout.write(f"{table}: {rows}")
