from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dudao.regions.services import RegionImportError, import_regions_csv

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "regions.csv"


class Command(BaseCommand):
    help = "导入行政区划 CSV（区划代码,名称[,上级代码]）。全部校验通过才写入；重复导入不产生变化。"

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(DEFAULT), help="CSV 文件路径（默认：内置数据）")

    def handle(self, *args, csv, **options):
        path = Path(csv)
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            report = import_regions_csv(path.read_bytes())
        except RegionImportError as exc:
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(exc.messages[:200])) from exc
        self.stdout.write(f"新增 {report.created}，更名 {report.updated}，未变 {report.unchanged}")
