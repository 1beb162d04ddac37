"""Benchmark of the scoped unit list (``/units/`` and ``GET /api/v1/units``) at national scale.

What it does
    1. Creates the PostgreSQL database named in ``DATABASE_URL`` if it does not exist (default
       ``postgres://postgres@127.0.0.1:5432/dudao_bench``), migrates it, and — unless the same
       synthetic data set is already there — runs ``manage.py generate_scale --clear --schools N``
       (34 provinces, 340 cities, 2,856 counties, 39,984 townships, N schools; ~2 minutes for N=500,000).
    2. Creates two users with a recursive ``office_admin`` assignment: ``bench_county`` on one
       generated county and ``bench_province`` on that county's province.
    3. For each user, after warm-up, times round-robin (so drift hits every method alike):
       * ``ui``    — ``GET /units/`` through the Django test client (force_login), whole request:
                     middleware, session, scoping, COUNT + first page of 50, template;
       * ``api``   — ``GET /api/v1/units?limit=50`` with ``Authorization: Bearer <token>``;
       * ``orm``   — ``Unit.objects.for_user(user).select_related("region")`` paginated as the
                     page does (role-assignment query + COUNT + page 1, model instances built);
       * ``orm_hand`` — the same, with the filter written by hand instead of ``for_user()``
                     (isolates what the scoping primitive itself costs);
       * ``bare``  — the same COUNT and SELECT … LIMIT 50 statements, captured from the ``/units/``
                     request exactly as sent to the driver (SQL + parameters), run on a raw cursor;
       * ``naive`` — collect the ids of the user's region and all its descendants in Python (walk
                     the tree by parent ids), then ``Unit.objects.filter(region_id__in=ids)`` COUNT +
                     first page — the approach the materialised path exists to avoid.
    4. Prints a Markdown report (median, p95, ratio to bare SQL, queries per request, EXPLAIN
       (ANALYZE, BUFFERS) of the scoped statements) and writes it to ``bench/results/unit_list.md``.

Usage (from the project root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dudao_bench .venv/bin/python bench/bench_unit_list.py
    # options: --schools 500000 --reps 50 --warmup 5 --seed 2260 --out bench/results/unit_list.md
    #          --regenerate (drop and regenerate the synthetic data even if it is there)

Generating N=500,000 takes about 45 s and the measurements about 30 s (see docs/performance.md; with
the schema before ``RegionPathField`` the province list cost ~0.35 s a request and the run ~2 minutes).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import datetime
from io import StringIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dudao_bench")


def ensure_database(url: str) -> bool:
    """Create the database if missing; returns True if it was created."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if not cfg["ENGINE"].endswith("postgresql"):
        sys.exit("bench_unit_list.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    conninfo = {"host": cfg["HOST"] or "127.0.0.1", "port": cfg["PORT"] or 5432, "user": cfg["USER"] or "postgres",
                "dbname": "postgres"}
    if cfg["PASSWORD"]:
        conninfo["password"] = cfg["PASSWORD"]
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
        return True


LOAD = {"start": 0.0, "end": 0.0}


# --- measuring --------------------------------------------------------------------------------

def ms(ns: int) -> float:
    return ns / 1e6


def summarize(samples_ns: list[int]) -> dict:
    values = sorted(ms(s) for s in samples_ns)
    p95 = statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]
    return {"median": statistics.median(values), "p95": p95, "min": values[0], "n": len(values)}


class Recorder:
    """``connection.execute_wrapper`` that keeps every statement with its parameters and duration."""

    def __init__(self):
        self.calls = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append((sql, tuple(params or ()), time.perf_counter_ns() - t0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2260)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--out", default=str(BASE_DIR / "bench" / "results" / "unit_list.md"))
    args = parser.parse_args()
    run_started = time.perf_counter()

    created = ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()

    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client

    from dudao.accounts.models import ApiToken, RoleAssignment, User
    from dudao.accounts.roles import RoleCode
    from dudao.accounts.services import api_token_create
    from dudao.orgs.management.commands.generate_scale import (
        expected_counts,
        synthetic_counts,
        synthetic_provinces,
    )
    from dudao.orgs.models import Unit
    from dudao.regions.models import Region

    db_name = connection.settings_dict["NAME"]
    print(f"database {db_name}{' (created)' if created else ''}; migrating …", flush=True)
    call_command("migrate", verbosity=0)

    # --- data set ---------------------------------------------------------------------------
    bench_usernames = ["bench_county", "bench_province"]
    expected = expected_counts(34, 10, 8.4, 14)
    levels, units = synthetic_counts()
    generation = None
    if args.regenerate or levels != expected or units != args.schools:
        # Our own users reference the synthetic regions; remove them so --clear can proceed.
        RoleAssignment.objects.filter(user__username__in=bench_usernames).delete()
        print(f"generating {args.schools:,} schools (found {units:,} units, regions {levels}) …", flush=True)
        out = StringIO()
        t0 = time.perf_counter()
        call_command("generate_scale", schools=args.schools, seed=args.seed, clear=True, stdout=out)
        generation = {"seconds": time.perf_counter() - t0, "log": out.getvalue()}
        print(generation["log"], flush=True)
        levels, units = synthetic_counts()
    else:
        print(f"reusing the generated data set: {units:,} units, regions {levels}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT collation_name FROM information_schema.columns "
                       "WHERE table_name = %s AND column_name = 'region_path'", [Unit._meta.db_table])
        path_collation = cursor.fetchone()[0] or "database default"
    total_units = Unit.objects.count()
    total_regions = Region.objects.count()

    # --- users ------------------------------------------------------------------------------
    province = synthetic_provinces().order_by("-code").first()
    county = Region.objects.filter(parent__parent=province, level=3).order_by("code").first()
    scopes = [("county", county, "bench_county"), ("province", province, "bench_province")]
    users = {}
    for label, region, username in scopes:
        user, _ = User.objects.get_or_create(username=username, defaults={"real_name": f"性能测试（{region.name}）"})
        user.is_active, user.must_change_password, user.locked_until = True, False, None
        user.save()
        RoleAssignment.objects.filter(user=user).exclude(region=region, role=RoleCode.OFFICE_ADMIN).delete()
        RoleAssignment.objects.update_or_create(user=user, role=RoleCode.OFFICE_ADMIN, region=region, unit=None,
                                                defaults={"recursive": True})
        ApiToken.objects.filter(user=user).delete()
        _token, key = api_token_create(user=user, name="bench")
        ui = Client()
        ui.force_login(user)
        users[label] = {"user": user, "region": region, "key": key, "ui": ui, "api": Client()}

    # --- one instrumented request per user: correctness + the statements to replay --------------
    def fresh_user(u):
        # ``user_assignments`` caches on the user object (i.e. per request); start clean each time.
        u.__dict__.pop("_dudao_assignments", None)
        return u

    unit_table = Unit._meta.db_table
    for label, ctx in users.items():
        rec = Recorder()
        with connection.execute_wrapper(rec):
            resp = ctx["ui"].get("/units/")
        assert resp.status_code == 200, (label, resp.status_code)
        ctx["ui_calls"] = rec.calls
        unit_stmts = [(sql, params) for sql, params, _ in rec.calls if f'FROM "{unit_table}"' in sql]
        count_stmt = next(s for s in unit_stmts if "COUNT(" in s[0])
        page_stmt = next(s for s in unit_stmts if "LIMIT" in s[0] and "COUNT(" not in s[0])
        ctx["bare"] = [count_stmt, page_stmt]
        ctx["bare_set"] = {(sql, tuple(params)) for sql, params in ctx["bare"]}

        rec = Recorder()
        with connection.execute_wrapper(rec):
            resp = ctx["api"].get("/api/v1/units?limit=50", HTTP_AUTHORIZATION=f"Bearer {ctx['key']}")
        assert resp.status_code == 200, (label, resp.status_code, resp.content[:300])
        ctx["api_calls"] = rec.calls
        body = resp.json()
        ctx["count"] = body["count"]
        ctx["first_ids"] = [item["id"] for item in body["items"]]
        assert ctx["count"] == Unit.objects.filter(region_path__startswith=ctx["region"].path).count()

    # --- the methods timed ------------------------------------------------------------------------
    def in_request(rec, kind, ctx):
        """Record, for one timed request, the driver time of all its SQL and of the scoped statements."""
        scoped = sum(dt for sql, params, dt in rec.calls if (sql, params) in ctx["bare_set"])
        ctx["sub"][f"{kind}_sql"].append(sum(dt for *_x, dt in rec.calls))
        ctx["sub"][f"{kind}_scoped"].append(scoped)

    def ui(ctx):
        rec = Recorder()
        with connection.execute_wrapper(rec):
            resp = ctx["ui"].get("/units/")
        assert resp.status_code == 200
        return rec

    def api(ctx):
        rec = Recorder()
        with connection.execute_wrapper(rec):
            resp = ctx["api"].get("/api/v1/units?limit=50", HTTP_AUTHORIZATION=f"Bearer {ctx['key']}")
        assert resp.status_code == 200
        return rec

    def orm(ctx):
        qs = Unit.objects.for_user(fresh_user(ctx["user"]), "view").select_related("region")
        page = Paginator(qs, 50).page(1)
        rows = list(page.object_list)
        return page.paginator.count, [u.id for u in rows]

    def orm_hand(ctx):
        # The same page without the scoping primitive: the filter written by hand.
        qs = Unit.objects.filter(region_path__startswith=ctx["region"].path).select_related("region")
        page = Paginator(qs, 50).page(1)
        rows = list(page.object_list)
        return page.paginator.count, [u.id for u in rows]

    def bare(ctx):
        with connection.cursor() as cursor:
            (count_sql, count_params), (page_sql, page_params) = ctx["bare"]
            cursor.execute(count_sql, count_params)
            count = cursor.fetchone()[0]
            cursor.execute(page_sql, page_params)
            rows = cursor.fetchall()
        return count, [r[0] for r in rows]

    def naive(ctx):
        ids, frontier = [], [ctx["region"].id]
        while frontier:
            ids += frontier
            frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        qs = Unit.objects.filter(region_id__in=ids).select_related("region").order_by("region_path", "name")
        count = qs.count()
        return count, [u.id for u in qs[:50]], len(ids)

    methods = [("ui", ui), ("api", api), ("orm", orm), ("orm_hand", orm_hand), ("bare", bare), ("naive", naive)]
    for ctx in users.values():
        # Same answer everywhere (the first page is ordered by region_path, name; ids break no ties
        # because names are unique within a region).
        assert orm(ctx) == (ctx["count"], ctx["first_ids"])
        assert orm_hand(ctx) == (ctx["count"], ctx["first_ids"])
        assert bare(ctx) == (ctx["count"], ctx["first_ids"])
        n_count, n_ids, n_regions = naive(ctx)
        assert (n_count, n_ids) == (ctx["count"], ctx["first_ids"])
        ctx["naive_regions"] = n_regions

    results = {}
    LOAD["start"] = os.getloadavg()[0]
    for label, ctx in users.items():
        print(f"timing {label} ({ctx['count']:,} units) …", flush=True)
        samples = {name: [] for name, _ in methods}
        ctx["sub"] = {k: [] for k in ("ui_sql", "ui_scoped", "api_sql", "api_scoped")}
        for i in range(args.warmup + args.reps):
            for name, fn in methods:
                t0 = time.perf_counter_ns()
                value = fn(ctx)
                dt = time.perf_counter_ns() - t0
                if i >= args.warmup:
                    samples[name].append(dt)
                    if name in ("ui", "api"):
                        in_request(value, name, ctx)
        results[label] = {name: summarize(s) for name, s in samples.items()}
        results[label].update({name: summarize(s) for name, s in ctx["sub"].items()})

    LOAD["end"] = os.getloadavg()[0]

    # --- EXPLAIN of the scoped statements --------------------------------------------------------
    plans = {}
    with connection.cursor() as cursor:
        for label, ctx in users.items():
            plans[label] = []
            for sql, params in ctx["bare"]:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plans[label].append((sql, params, [r[0] for r in cursor.fetchall()]))

    # --- report --------------------------------------------------------------------------------
    report = render(args, users, results, plans, generation, db_name, total_units, total_regions, levels,
                    time.perf_counter() - run_started, path_collation)
    print(report)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report)
    print(f"written to {out}")


# --- report -------------------------------------------------------------------------------------

LABELS = {
    "ui": "UI page `GET /units/` (HTTP, session)",
    "ui_sql": "… of which all SQL statements of the request",
    "ui_scoped": "… of which the scoped COUNT + SELECT",
    "api": "API `GET /api/v1/units?limit=50` (HTTP, Bearer)",
    "api_sql": "… of which all SQL statements of the request",
    "api_scoped": "… of which the scoped COUNT + SELECT",
    "orm": "ORM `for_user()` + COUNT + page 1",
    "orm_hand": "ORM, same filter by hand (no `for_user()`) + COUNT + page 1",
    "bare": "bare SQL: same COUNT + SELECT … LIMIT 50",
    "naive": "naive: descendant ids in Python + `region_id IN (…)`",
}


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        sb = cursor.fetchone()[0]
    import django

    return (f"{os.cpu_count()} CPU cores ({cpu}), {mem} RAM; PostgreSQL {pg} (shared_buffers {sb}) on the same "
            f"host; Python {platform.python_version()}, Django {django.get_version()}")


def plan_summary(lines: list[str]) -> str:
    nodes = []
    for line in lines:
        text = line.strip().lstrip("->").strip()
        if any(text.startswith(k) for k in ("Index", "Seq Scan", "Bitmap", "Sort", "Limit", "Aggregate",
                                            "Nested Loop", "Hash", "Memoize", "Incremental Sort", "Gather")):
            nodes.append(text.split("  (")[0])
        elif text.startswith(("Heap Fetches", "Sort Method", "Index Cond", "Filter", "Rows Removed")):
            nodes.append(f"[{text}]")
    exec_time = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("Execution Time")), "?")
    return " → ".join(nodes) + f"; execution {exec_time}"


def render(args, users, results, plans, generation, db_name, total_units, total_regions, levels, run_seconds,
           path_collation):
    out = []
    w = out.append
    w("# Scoped unit list — benchmark results\n")
    w(f"Generated by `bench/bench_unit_list.py` on {datetime.now():%Y-%m-%d %H:%M} against database `{db_name}`.\n")
    w(f"- Machine: {machine()}")
    w(f"- Data: {total_units:,} units, {total_regions:,} regions (synthetic: "
      f"{levels[1]} provinces, {levels[2]:,} cities, {levels[3]:,} counties, {levels[4]:,} townships)")
    if generation:
        w(f"- Data generated in this run: `generate_scale --clear --schools {args.schools} --seed {args.seed}` "
          f"took {generation['seconds']:.1f} s")
    else:
        w("- Data reused from an earlier run of `generate_scale`")
    w(f"- Collation of `orgs_unit.region_path`: {path_collation}")
    w(f"- Load average (1 min) at start / end of the timing: {LOAD['start']:.2f} / {LOAD['end']:.2f} "
      f"(anything else running on the {os.cpu_count()} cores skews the numbers)")
    w(f"- {args.reps} timed repetitions per method after {args.warmup} warm-up rounds, methods interleaved; "
      f"whole benchmark run {run_seconds:.0f} s\n")
    for ctx in users.values():
        r = ctx["region"]
        w(f"- `{ctx['user'].username}`: office_admin (recursive) on {r.name} `{r.code}` (level {r.level}, "
          f"path `{r.path}`) — {ctx['count']:,} units in scope, {ctx['naive_regions']:,} regions in its subtree; "
          f"`/units/` runs {len(ctx['ui_calls'])} SQL statements, the API {len(ctx['api_calls'])}")
    w("")
    w("| scope | method | median ms | p95 ms | median ÷ bare SQL |")
    w("|---|---|---:|---:|---:|")
    for label, res in results.items():
        bare = res["bare"]["median"]
        for name in ("ui", "ui_sql", "ui_scoped", "api", "api_sql", "api_scoped", "orm", "orm_hand", "bare", "naive"):
            s = res[name]
            w(f"| {label} ({users[label]['count']:,} units) | {LABELS[name]} | {s['median']:.2f} | {s['p95']:.2f} | "
              f"{s['median'] / bare:.1f}× |")
    w("")
    w("Goal: the scoped page within 1.5× of the bare SQL (medians):\n")
    for label, res in results.items():
        bare = res["bare"]["median"]
        checks = [(f"{k} ÷ bare", res[k]["median"] / bare) for k in ("ui", "api", "orm", "ui_scoped", "api_scoped")]
        w(f"- {label}: " + "; ".join(f"{name} = {v:.2f}× {'✔' if v <= 1.5 else '✘'}" for name, v in checks)
          + f"; bare SQL itself {bare:.2f} ms; scoping overhead orm ÷ orm_hand = "
          f"{res['orm']['median'] / res['orm_hand']['median']:.2f}×")
    w("")
    w("## Statements per request (one instrumented request)\n")
    for label, ctx in users.items():
        for kind in ("ui_calls", "api_calls"):
            calls = ctx[kind]
            total = sum(c[2] for c in calls)
            w(f"**{label}, {'/units/' if kind == 'ui_calls' else '/api/v1/units'}** — {len(calls)} statements, "
              f"{ms(total):.2f} ms in the database driver:\n")
            for sql, _params, dt in calls:
                w(f"- {ms(dt):.2f} ms `{' '.join(sql.split())[:150]}{'…' if len(sql) > 150 else ''}`")
            w("")
    w("## EXPLAIN (ANALYZE, BUFFERS) of the scoped statements\n")
    for label, items in plans.items():
        for sql, params, lines in items:
            w(f"**{label}** — `{' '.join(sql.split())[:120]}…` params `{list(params)}`\n")
            w(f"Summary: {plan_summary(lines)}\n")
            w("```")
            out.extend(lines)
            w("```\n")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
