"""Benchmark of the Excel import engine against hostile workbooks (issue 17, "Files safe by
construction"): CPU time and peak memory of reading

- a 5 KB .xlsx whose sheet declares ``A1:XFD20000`` (and ``A1:XFD1048576``, the full sheet), and
- a ~200 KB .xlsx with one 200 MB shared string,

with the engine as it was (openpyxl read-only, the declared dimension trusted, no ZIP check —
re-created here as ``before``) and as it is (``dudao.common.importer._read``). Each case runs in a
child process so that its peak RSS is its own (``resource.getrusage``); CPU time is the child's
user+system time. A case is stopped after ``--limit`` CPU seconds (the full-sheet declaration is
then extrapolated from the rows read).

Run: ``.venv/bin/python bench/bench_hostile_files.py [--limit 60]``. Numbers: docs/performance.md.
"""

import argparse
import io
import os
import resource
import sys
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")

HEAD = ["学校名称*", "类型*", "区划代码*", "学校标识码*", "学段*"]
ROWS = [HEAD, ["示例小学", "学校", "500108", "3150000001", "小学"]]


def _setup():
    import django

    django.setup()


def make(case: str) -> bytes:
    from dudao.attachments.tests import corpus

    if case == "declared-20000":
        return corpus.declared_size_xlsx(ROWS, "A1:XFD20000")
    if case == "declared-full":
        return corpus.declared_size_xlsx(ROWS, "A1:XFD1048576")
    return corpus.big_cell_xlsx(ROWS, 200 * corpus.MB)


def before(data: bytes, budget: float) -> str:
    """The engine before issue 17: load_workbook(read_only) and iter_rows over the declared size."""
    from openpyxl import load_workbook

    from dudao.common.importer import text

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    next(rows)
    n = 0
    start = time.process_time()
    for n, values in enumerate(rows, start=1):
        all(v is None or text(v) == "" for v in values)
        if n % 1000 == 0 and time.process_time() - start > budget:
            return f"stopped after {n} rows"
    return f"{n} rows read"


def after(data: bytes, budget: float) -> str:
    from dudao.common.importer import ImportResult, _read
    from dudao.schools.imports import SCHOOLS

    result = ImportResult()
    parsed = _read(SCHOOLS, io.BytesIO(data), result)
    return f"{len(parsed)} rows, errors: {[e.message for e in result.errors]}"


def child(case: str, engine: str, budget: float, queue):
    _setup()
    data = make(case)
    t0 = time.process_time()
    outcome = (before if engine == "before" else after)(data, budget)
    cpu = time.process_time() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((len(data), cpu, rss, outcome))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=float, default=60.0, help="CPU seconds per case before it is stopped")
    args = parser.parse_args()
    ctx = get_context("spawn")
    print("| file | size | engine | CPU s | peak RSS MB | outcome |")
    print("|---|---|---|---|---|---|")
    for case in ("declared-20000", "declared-full", "big-cell"):
        for engine in ("before", "after"):
            queue = ctx.Queue()
            p = ctx.Process(target=child, args=(case, engine, args.limit, queue))
            p.start()
            size, cpu, rss, outcome = queue.get()
            p.join()
            print(f"| {case} | {size / 1024:.0f} KB | {engine} | {cpu:.2f} | {rss:.0f} | {outcome} |", flush=True)


if __name__ == "__main__":
    main()
