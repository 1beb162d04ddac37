"""Benchmark of the documents module (issue 7): one 督导报告 as .docx and as PDF, and a batch of
1,000 整改通知书 (.docx, through the real batch service: validation, 发文字号, storage, ZIP).

Run: ``.venv/bin/python bench/bench_documents.py [--batch 1000]``. It uses a throw-away SQLite
database and media directory under /tmp (or DATABASE_URL if set), never var/.
Goals (issue 7): docx ≤ 0.5 s each, batch ≤ 60 s on the 2-core machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="dudao-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ.setdefault("DUDAO_MEDIA_ROOT", str(TMP / "media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from dudao.documents.kinds import IssueEnv, parse_context
    from dudao.documents.models import DocumentBatch
    from dudao.documents.rendering import render_builtin
    from dudao.documents.rendering.pdf import docx_to_pdf, pdf_available
    from dudao.documents.samples import sample
    from dudao.documents.services import batch_run
    from dudao.orgs.choices import UnitKind
    from dudao.testing.factories import UnitFactory, region_tree

    tree = region_tree()
    office = UnitFactory(kind=UnitKind.OFFICE, region=tree["nanan"], name="重庆市南岸区人民政府教育督导室")
    env = IssueEnv(office_name=office.name, issuing_mark=f"{office.name}文件", doc_number="南岸教督〔2025〕12号")
    ctx = parse_context("report", sample("report"))

    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        data = render_builtin("report", ctx, env)
        times.append(time.perf_counter() - t)
    print(f"督导报告 docx: median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
          f"({args.runs} runs, {len(data) // 1024} KiB)")

    if pdf_available():
        pdf_times = []
        for _ in range(3):
            t = time.perf_counter()
            pdf = docx_to_pdf(data)
            pdf_times.append(time.perf_counter() - t)
        print(f"督导报告 PDF (LibreOffice, cold process each time): median {statistics.median(pdf_times):.2f} s, "
              f"max {max(pdf_times):.2f} s ({len(pdf) // 1024} KiB)")
    else:
        print("督导报告 PDF: skipped (LibreOffice not installed)")

    items = []
    for i in range(args.batch):
        item = sample("rectification_notice")
        item["recipient"] = f"重庆市南岸区测试学校{i + 1:04d}"
        items.append(item)
    # The row batch_create would queue, run here in the foreground so only the work is timed.
    batch = DocumentBatch.objects.create(office=office, region_path=office.region_path, kind="rectification_notice",
                                         title="bench", items=items, total=len(items))
    t = time.perf_counter()
    batch = batch_run(batch.pk)
    elapsed = time.perf_counter() - t
    print(f"批量 {args.batch} 份整改通知书 (docx + 发文字号 + 存储 + ZIP): {elapsed:.1f} s "
          f"({elapsed / args.batch * 1000:.1f} ms/份), failed {batch.failed}, ZIP {batch.zip_file.size // 1024} KiB")


if __name__ == "__main__":
    main()
