"""Compile the gettext catalogues (.po → .mo) with polib, so set-up needs no system gettext."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_dirs():
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        if config.name.startswith("dudao."):
            dirs.append(Path(config.path) / "locale")
    return [d for d in dirs if d.is_dir()]


class Command(BaseCommand):
    help = "编译翻译目录（.po → .mo），无需系统安装 gettext。"

    def handle(self, *args, **options):
        count = 0
        for directory in catalogue_dirs():
            for po_path in directory.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
