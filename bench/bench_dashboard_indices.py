"""Benchmark of the national indices on a province's dashboard (dashboards/figures/indices.py): the
province of ``bench_indices.py`` (15,000 schools, 160 counties under 20 cities, one approved school
form each), a leader of the province, and

- **cold**: no stored result — the dashboard computes every county (``balance_many``: the indices'
  one statement; ``preschool_county`` per county) and stores 320 rows;
- **warm**: the stored rows are current — the fingerprints (three queries) and the rows (one);
- **after one approval**: one county's fingerprint changed — that county recomputed, the rest read;
- side by side, ``balance_counties(province)`` alone (what an on-demand dashboard would pay each view)
  and the whole ``dashboard_context`` (ledger, coverage, tasks and the index tables) warm.

Run: ``.venv/bin/python bench/bench_dashboard_indices.py [--schools 15000] [--runs 5]``; a throw-away
SQLite database under /tmp, or DATABASE_URL (a database an earlier run of this or bench_indices.py
built is reused). Numbers in docs/performance.md (“Dashboards: the national indices”)."""

import argparse
import os
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
from django.db import connection  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from bench_indices import YEAR, build, timed  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from django.db.models import Max

    from dudao.accounts.roles import RoleCode
    from dudao.dashboards import selectors
    from dudao.dashboards.figures import indices as figures
    from dudao.dashboards.models import IndexResult
    from dudao.monitoring.indices import balance_counties
    from dudao.monitoring.models import DataValue, Submission
    from dudao.regions.models import Region
    from dudao.testing.factories import user_with_role

    province = Region.objects.filter(code="510000").first()
    if province is None:
        t = time.perf_counter()
        province = build(args.schools, sql_values=False)
        print(f"{connection.vendor}: built {args.schools} schools in {time.perf_counter() - t:.1f} s")
    print(f"{connection.vendor}: {DataValue.objects.count()} values, "
          f"{Region.objects.filter(level=3, path__startswith=province.path).count()} counties")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    user = user_with_role(RoleCode.LEADER, region=province, username=f"bench-leader-{os.getpid()}")
    period = selectors.Period(YEAR)
    print("load average before:", os.getloadavg())

    def tables():
        scope = selectors.scope_for(user)  # a fresh scope: no cached read
        return [b(user, scope, period) for b in (figures.regions_table, figures.balance_met_table,
                                                 figures.preschool_met_table)]

    def cold():
        IndexResult.objects.all().delete()
        t0, c0 = time.perf_counter(), time.process_time()
        out = tables()
        return time.perf_counter() - t0, time.process_time() - c0, out

    cold_runs = [cold() for _ in range(max(1, args.runs // 2) | 1)]  # an odd number: a true median
    cold_runs.sort(key=lambda r: r[0])
    cold_time, cold_cpu, out = cold_runs[len(cold_runs) // 2]
    warm_time, warm_cpu, out = timed(tables, args.runs)
    assert IndexResult.objects.count() == 2 * Region.objects.filter(level=3, path__startswith=province.path).count()

    def one_change():
        # an approval in one county: its last counted submission's approval time moves
        sub = Submission.objects.filter(status="approved", round__year=YEAR).order_by("-id").first()
        Submission.objects.filter(pk=sub.pk).update(approved_at=(Submission.objects.aggregate(m=Max("approved_at"))["m"]
                                                                 or django.utils.timezone.now())
                                                    + django.utils.timezone.timedelta(seconds=1))
        t0, c0 = time.perf_counter(), time.process_time()
        result = tables()
        return time.perf_counter() - t0, time.process_time() - c0, result

    changes = sorted((one_change() for _ in range(args.runs)), key=lambda r: r[0])
    change_time, change_cpu, _r = changes[len(changes) // 2]
    direct_time, direct_cpu, _r = timed(lambda: balance_counties(province, YEAR), max(1, args.runs // 2))
    whole_time, whole_cpu, _r = timed(lambda: selectors.dashboard_context(user, period), args.runs)
    rows = out[1].rows
    print(f"index tables, cold (every county computed and stored): {cold_time * 1000:.0f} ms (CPU {cold_cpu * 1000:.0f} ms)")
    print(f"index tables, warm (stored rows current): median {warm_time * 1000:.0f} ms (CPU {warm_cpu * 1000:.0f} ms); "
          f"{len(rows)} indicator rows, {len(out[0].rows)} cities")
    print(f"index tables after one approval (one county recomputed): median {change_time * 1000:.0f} ms "
          f"(CPU {change_cpu * 1000:.0f} ms)")
    print(f"balance_counties(province) alone, on demand: median {direct_time * 1000:.0f} ms (CPU {direct_cpu * 1000:.0f} ms)")
    print(f"whole dashboard_context, warm: median {whole_time * 1000:.0f} ms (CPU {whole_cpu * 1000:.0f} ms)")
    print("load average after:", os.getloadavg())


if __name__ == "__main__":
    main()
