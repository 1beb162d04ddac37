"""Benchmark of the monitoring data collection (issue 12): open a round of the 优质均衡 school form
for N schools (one bulk insert), write the office's Excel template (every unit and 学段) and upload
it back filled in (the bounded reader, every cell checked, all or nothing in one transaction).

Run: ``.venv/bin/python bench/bench_monitoring.py [--schools 2000]``. It uses a throw-away SQLite
database under /tmp (or DATABASE_URL if set), never var/. Goal (issue 12): 15,000 schools' resource
forms imported from Excel in ≤ 30 s, constant memory, all or nothing per file.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="dudao-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ.setdefault("DUDAO_MEDIA_ROOT", str(TMP / "media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")
os.environ.setdefault("DUDAO_IMPORT_MAX_ROWS", "100000")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="trace the import's Python allocations (its peak; slows the import ~2x)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from openpyxl import load_workbook

    from dudao.monitoring import excel, services
    from dudao.monitoring.demo import school_values
    from dudao.monitoring.models import DataValue, Submission
    from dudao.orgs.models import Unit
    from dudao.schools.models import SchoolProfile
    from dudao.testing.factories import region_tree

    tree = region_tree()
    nanan = tree["nanan"]
    units = Unit.objects.bulk_create([
        Unit(kind="school", name=f"基准学校{i:05d}", region=nanan, region_path=nanan.path) for i in range(args.schools)])
    SchoolProfile.objects.bulk_create([
        SchoolProfile(unit=u, school_code=f"{3100000000 + i}", stage="nine_year" if i % 4 == 0 else "primary")
        for i, u in enumerate(units)])
    services.load_shipped()
    from dudao.monitoring.models import Collection

    collection = Collection.objects.get(code="balance_school_resources", region=tree["cq"])

    t = time.perf_counter()
    rnd = services.round_open(actor=None, collection=collection, year=2026, region=nanan,
                              deadline=__import__("datetime").date(2026, 11, 30))
    opened = time.perf_counter() - t
    subs = list(Submission.objects.filter(round=rnd).select_related("unit", "round__collection"))
    rows = sum(len(s.sections) for s in subs)

    t = time.perf_counter()
    content = excel.template(rnd, subs)
    templated = time.perf_counter() - t

    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    codes = {h: el.code for el in collection.elements.all() for h in headers if h and h.startswith(el.name)}
    for r in range(2, ws.max_row + 1):
        section = "primary" if ws.cell(r, 3).value == "小学" else "junior"
        values = school_values(ws.cell(r, 2).value, section, 600, 14, 2026)
        for c, h in enumerate(headers, start=1):
            if h in codes:
                ws.cell(r, c, value=values[codes[h]])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)

    file_size = len(buf.getvalue())
    del wb, ws
    if args.tracemalloc:
        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, cpu = time.perf_counter(), time.process_time()
    result = excel.import_values(actor=None, rnd=rnd, fileobj=buf, submissions=Submission.objects.filter(round=rnd))
    imported, cpu = time.perf_counter() - t, time.process_time() - cpu
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.tracemalloc:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"import's peak of traced Python allocations: {peak / 2**20:.1f} MiB ({peak / rows:.0f} B per row)")
    assert not result.errors, result.errors[:5]
    cells = DataValue.objects.filter(submission__round=rnd).count()
    print(f"schools {args.schools}, rows {rows}, cells {cells}")
    print(f"round open (bulk): {opened:.2f} s")
    print(f"template ({len(content) // 1024} KB): {templated:.2f} s")
    print(f"import of a {file_size // 1024} KB file: {imported:.2f} s ({imported / rows * 1000:.2f} ms per row), "
          f"CPU of this process {cpu:.2f} s, load average {os.getloadavg()[0]:.1f}")
    print(f"peak RSS {rss_after / 1024:.0f} MiB (before the import {rss_before / 1024:.0f} MiB), "
          f"database {connection.vendor}")


if __name__ == "__main__":
    main()
