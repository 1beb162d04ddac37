from dudao.regions.management.commands.import_regions import DEFAULT
from dudao.regions.models import Region
from dudao.regions.services import import_regions_csv


def load(context, stdout):
    report = import_regions_csv(DEFAULT.read_bytes())
    stdout.write(f"行政区划：新增 {report.created}，未变 {report.unchanged}")
    context["regions"] = {r.code: r for r in Region.objects.filter(level__lte=3)}
