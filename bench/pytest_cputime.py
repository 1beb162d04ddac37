"""pytest plugin: the CPU (``time.process_time``) and wall time of every test, set-up and teardown
included, written as TSV (node id, CPU s, wall s) to ``$CPUTIME_OUT.<worker>`` (default
``var/cputime.tsv.<worker>``). CPU time is the comparable number on the shared machine; wall time
grows with the load.

    PYTHONPATH=bench .venv/bin/python -m pytest -p pytest_cputime -n 0 tests/test_permission_matrix.py

``CPUTIME_ROWS=5`` keeps every fifth permission-matrix row (all its cases; chosen by a hash of the
row's name, so two checkouts keep the same rows) for a quicker side-by-side comparison.
Summaries: ``.venv/bin/python bench/pytest_cputime.py var/cputime.tsv.*`` (per test function).
"""

import collections
import os
import sys
import time
import zlib

import pytest

_rows = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall = time.process_time(), time.perf_counter()
    yield
    _rows.append((item.nodeid, time.process_time() - cpu, time.perf_counter() - wall))


def pytest_collection_modifyitems(config, items):
    every = int(os.environ.get("CPUTIME_ROWS", "1"))
    if every <= 1:
        return

    def kept(item):
        callspec = getattr(item, "callspec", None)
        row = callspec.params.get("endpoint") if callspec else None
        return row is not None and zlib.crc32(row.name.encode()) % every == 0

    selected = [item for item in items if kept(item)]
    config.hook.pytest_deselected(items=[item for item in items if not kept(item)])
    items[:] = selected


def pytest_sessionfinish(session):
    out = os.environ.get("CPUTIME_OUT", "var/cputime.tsv")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(f"{out}.{worker}", "w") as handle:
        for nodeid, cpu, wall in _rows:
            handle.write(f"{nodeid}\t{cpu:.4f}\t{wall:.4f}\n")


def summary(paths):
    """CPU and wall time per test function: count, sum, median; the slowest test apart."""
    groups = collections.defaultdict(list)
    for path in paths:
        with open(path) as handle:
            for line in handle:
                nodeid, cpu, wall = line.rstrip("\n").split("\t")
                groups[nodeid.split("[")[0]].append((float(cpu), float(wall), nodeid))
    for name, rows in sorted(groups.items()):
        cpus = sorted(r[0] for r in rows)
        print(f"{name}: n={len(rows)} cpu={sum(cpus):.1f} s median={cpus[len(cpus) // 2] * 1000:.0f} ms "
              f"max={cpus[-1]:.1f} s wall={sum(r[1] for r in rows):.1f} s")


if __name__ == "__main__":
    summary(sys.argv[1:])
