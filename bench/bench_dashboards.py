"""Benchmark of the dashboards (issue 13 §5, “Performance”): a province's, a city's and a county's
dashboard — the whole page, the API twin, ``dashboard_context()`` table by table — and the ledger
figures read from the rollup against the same figures by a naive GROUP BY over the raw ledger
items, side by side in one run.

What it does
    1. Uses its own PostgreSQL database (``DATABASE_URL``, default ``dudao_bench_dashboards``):
       creates and migrates it, generates the synthetic regions and N schools with
       ``manage.py generate_scale`` when they are not there.
    2. Puts M ledger items on the schools with the ledger benchmark's ``INSERT … SELECT`` (statuses,
       sources, categories, deadlines, registration over 400 days) unless that many are there, and
       rebuilds the rollup (``rollup.rebuild``: one ``INSERT … SELECT`` on PostgreSQL, timed).
    3. Puts the inspector corps and V regular visits on them unless that many are there, by
       ``INSERT … SELECT``: one supervision office per county, one inspector per five schools of a
       county, nine schools in ten posted (挂牌), V visits spread over the posted schools and the
       last 365 days — so that the coverage table and the visit figures are measured at scale.
    4. For each user (a ``leader`` of the province, a city, a county), after warm-up, times
       round-robin: ``GET /dashboards/`` (the page), ``GET /api/v1/dashboards/figures``,
       ``dashboard_context()``, each of its parts (scope, the ledger tables, supervision, coverage,
       tasks and every builder in ``selectors.TABLE_BUILDERS``), and ``naive``: the ledger figures by
       conditional counts grouped over ``LedgerItem`` (totals, by child region, category, source,
       month), and ``page figures: naive``: every table of the page with the ledger's and the coverage
       figures by naive GROUP BY over the raw rows (``naive_page_figures``; the other tables read
       their raw rows already and run as they are). Wall time and the client process's CPU time of
       each; the load average before and after. Checks once that the naive ledger and coverage
       figures equal the page's.
    5. Prints a Markdown report and writes it to ``bench/results/dashboards.md``.

Usage (from the project root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dudao_bench_dashboards .venv/bin/python bench/bench_dashboards.py
    # options: --schools 500000 --items 5000000 --visits 2000000 --reps 8 --warmup 2
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
sys.path.insert(0, str(BASE_DIR / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dudao_bench_dashboards")

from bench_ledger_summary import FILL_SQL, ms  # noqa: E402  (one fill statement for both benchmarks)
from bench_unit_list import ensure_database  # noqa: E402

#: The county of a township path (province/city/county: the first three codes).
COUNTY_OF = r"substring(%s from '^(/[^/]+/[^/]+/[^/]+/)')"

CORPS_SQL = [
    # one supervision office per county
    """INSERT INTO orgs_unit (kind, name, short_name, region_path, credit_code, address, phone, contact_person,
                              description, search_key, is_active, created_at, updated_at, parent_id, region_id)
       SELECT 'office', r.name || '教育督导室', '', r.path, '', '', '', '', '', '', true, NOW(), NOW(), NULL, r.id
       FROM regions_region r WHERE r.level = 3
         AND NOT EXISTS (SELECT 1 FROM orgs_unit o WHERE o.region_id = r.id AND o.kind = 'office')""",
    # one inspector per five schools of a county (named after its group of schools)
    f"""INSERT INTO inspectors_inspector (name, region_path, kind, focus, expertise, employer_name, post_title,
                                          education, years_in_education, expert_pool, talent_pool, phone,
                                          duties_note, id_number, mobile, home_address, status, created_at,
                                          office_id, id_number_index)
        SELECT '督学' || g.grp, g.county, 'part_time', 'school', '[]', '', '', 'bachelor', 10, false, false, '', '',
               '', '', '', 'active', NOW(), o.id, ''
        FROM (SELECT DISTINCT county, (rn - 1) / 5 AS grp FROM (
                SELECT {COUNTY_OF % 'u.region_path'} AS county,
                       row_number() OVER (PARTITION BY {COUNTY_OF % 'u.region_path'} ORDER BY u.id) AS rn
                FROM orgs_unit u WHERE u.kind IN ('school', 'kindergarten')) s) g
        JOIN orgs_unit o ON o.kind = 'office' AND o.region_path = g.county""",
    # nine schools in ten posted to their group's inspector
    f"""INSERT INTO inspectors_posting (region_path, start_date, end_date, end_reason, override_reason, created_at,
                                        inspector_id, school_id)
        SELECT s.region_path, CURRENT_DATE - 400, NULL, '', '', NOW(), i.id, s.id
        FROM (SELECT u.id, u.region_path, {COUNTY_OF % 'u.region_path'} AS county,
                     row_number() OVER (PARTITION BY {COUNTY_OF % 'u.region_path'} ORDER BY u.id) AS rn
              FROM orgs_unit u WHERE u.kind IN ('school', 'kindergarten')) s
        JOIN inspectors_inspector i ON i.region_path = s.county AND i.name = '督学' || ((s.rn - 1) / 5)
        WHERE s.id %% 10 <> 0""",
    # V regular visits over the posted schools and the last 365 days
    """INSERT INTO inspections_regularvisit (region_path, visited_on, duration_minutes, methods, checklist, problems,
                                             hazard, created_at, inspector_id, school_id)
       SELECT p.region_path, CURRENT_DATE - (n %% 365), 60 + (n %% 4) * 30, '["observe"]', '{}', '', '', NOW(),
              p.inspector_id, p.school_id
       FROM (SELECT school_id, inspector_id, region_path, row_number() OVER (ORDER BY school_id) AS rn
             FROM inspectors_posting WHERE end_date IS NULL) p
       JOIN generate_series(0, %(visits)s - 1) AS n ON p.rn = 1 + (n %% %(posted)s)""",
]


def naive_figures(user, region, period, today):
    """The dashboard's ledger figures straight from the items: totals and per child region,
    category, source and registration month (conditional counts, one GROUP BY each)."""
    from django.db.models import Case, Count, F, IntegerField, Q, Value, When
    from django.db.models.functions import TruncMonth

    from dudao.ledger.models import LedgerItem
    from dudao.regions.models import Region

    owed = ("issued", "plan_submitted", "in_progress")
    counts = {
        "total": Count("id"),
        "open": Count("id", filter=Q(status__in=owed + ("reported", "rechecking"))),
        "overdue": Count("id", filter=Q(status__in=owed, deadline__lt=today)),
        "closed": Count("id", filter=Q(status="closed")),
        "on_time": Count("id", filter=Q(status="closed", closed_at__date__lte=F("deadline"))),
        "rebounds": Count("id", filter=Q(rebound_of__isnull=False)),
    }
    qs = (LedgerItem.objects.for_user(user, "view").exclude(status="draft")
          .filter(region_path__startswith=region.path, created_at__date__gte=period.start,
                  created_at__date__lte=period.end).order_by())
    out = {"totals": qs.aggregate(**counts)}
    children = list(Region.objects.filter(parent=region))
    whens = [When(region_path__startswith=c.path, then=Value(c.pk)) for c in children]
    out["region"] = list(qs.annotate(g=Case(*whens, default=Value(0), output_field=IntegerField()))
                         .values("g").annotate(**counts))
    out["category"] = list(qs.values("category").annotate(**counts))
    out["source"] = list(qs.values("source").annotate(**counts))
    out["month"] = list(qs.annotate(m=TruncMonth("created_at")).values("m").annotate(**counts))
    return out


def naive_coverage(user, region, on):
    """The coverage table's figures straight from the rows: the region's active schools and the
    postings in force on ``on`` at them, grouped by child region (a CASE over the children's path
    prefixes, as ``naive_figures`` groups the items)."""
    from django.db.models import Case, Count, IntegerField, Value, When

    from dudao.inspectors.models import Posting
    from dudao.orgs.choices import SCHOOL_KINDS
    from dudao.orgs.models import Unit
    from dudao.regions.models import Region

    children = list(Region.objects.filter(parent=region))

    def child(field):
        return Case(*[When(**{f"{field}__startswith": c.path}, then=Value(c.pk)) for c in children],
                    default=Value(0), output_field=IntegerField())

    schools = (Unit.objects.for_user(user, "view").filter(region_path__startswith=region.path, kind__in=SCHOOL_KINDS,
                                                          is_active=True)
               .annotate(g=child("region_path")).order_by().values("g").annotate(n=Count("id")))
    posted = (Posting.objects.for_user(user, "view").current(on)
              .filter(school__region_path__startswith=region.path, school__kind__in=SCHOOL_KINDS,
                      school__is_active=True)
              .annotate(g=child("school__region_path")).order_by().values("g")
              .annotate(covered=Count("school", distinct=True), staff=Count("inspector", distinct=True)))
    out = {r["g"]: {"schools": r["n"], "covered": 0, "inspectors": 0} for r in schools}
    for r in posted:
        out.setdefault(r["g"], {"schools": 0})
        out[r["g"]].update(covered=r["covered"], inspectors=r["staff"])
    return out


def naive_page_figures(user, region, period, today):
    """Every table of the page without a rollup: the ledger's and the coverage figures by naive
    GROUP BY over the raw rows; the other tables (supervision, tasks, visits, results, training) read
    their raw rows already and run as they are."""
    from dudao.dashboards import selectors

    scope = selectors.scope_for(user, region)
    out = {"ledger": naive_figures(user, region, period, today),
           "coverage": naive_coverage(user, region, selectors.coverage_day(period, today)),
           "supervision": selectors.supervision_table(user, scope, period, today=today),
           "tasks": selectors.tasks_table(user, scope, period)}
    for builder in selectors.TABLE_BUILDERS:
        out[builder.__name__] = builder(user, scope, period, today=today)
    return out


def context_parts(user, period, region, today) -> dict:
    """``dashboard_context``'s parts, each timed ``{part: (wall ns, cpu ns)}`` (the same calls in the
    same order as ``selectors.dashboard_context``)."""
    from dudao.dashboards import selectors

    out = {}

    def timed(name, fn):
        w0, c0 = time.perf_counter_ns(), time.process_time_ns()
        result = fn()
        out[name] = (time.perf_counter_ns() - w0, time.process_time_ns() - c0)
        return result

    scope = timed("scope", lambda: selectors.scope_for(user, region))
    timed("ledger tables (rollup)", lambda: selectors.ledger_tables(user, scope, period, today=today))
    timed("supervision", lambda: selectors.supervision_table(user, scope, period, today=today))
    timed("coverage", lambda: selectors.coverage_table(user, scope, period, today=today))
    timed("tasks", lambda: selectors.tasks_table(user, scope, period))
    for builder in selectors.TABLE_BUILDERS:
        timed(f"{builder.__module__.rsplit('.', 1)[-1]}.{builder.__name__}",
              lambda b=builder: b(user, scope, period, today=today))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=500_000)
    parser.add_argument("--items", type=int, default=5_000_000)
    parser.add_argument("--visits", type=int, default=2_000_000)
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2260)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the rollup even if the items are there")
    parser.add_argument("--out", default=str(BASE_DIR / "bench" / "results" / "dashboards.md"))
    args = parser.parse_args()
    started = time.perf_counter()
    created = ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dudao.accounts.models import ApiToken, RoleAssignment, User
    from dudao.accounts.roles import RoleCode
    from dudao.accounts.services import api_token_create
    from dudao.dashboards import rollup, selectors
    from dudao.dashboards.models import LedgerRollup
    from dudao.inspections.models import RegularVisit
    from dudao.ledger.models import LedgerItem
    from dudao.orgs.management.commands.generate_scale import synthetic_counts, synthetic_provinces
    from dudao.orgs.models import Unit
    from dudao.regions.models import Region

    print(f"database {connection.settings_dict['NAME']}{' (created)' if created else ''}; migrating …", flush=True)
    call_command("migrate", verbosity=0)
    usernames = ["bench_dash_county", "bench_dash_city", "bench_dash_province"]
    _levels, units = synthetic_counts()
    if units < args.schools:
        RoleAssignment.objects.filter(user__username__in=usernames).delete()
        LedgerItem.objects.all().delete()
        print(f"generating {args.schools:,} schools …", flush=True)
        call_command("generate_scale", schools=args.schools, seed=args.seed, clear=True, stdout=StringIO())
    fill_seconds = rebuild_seconds = visits_seconds = None
    if LedgerItem.objects.count() != args.items:
        print(f"filling {args.items:,} ledger items …", flush=True)
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM ledger_ledgerevent")
            cursor.execute("DELETE FROM ledger_ledgeritem")
            schools = Unit.objects.filter(kind="school").count()
            cursor.execute(FILL_SQL, {"items": args.items, "schools": schools})
            cursor.execute("ANALYZE ledger_ledgeritem")
        fill_seconds = time.perf_counter() - t0
        args.rebuild = True
    if args.rebuild:
        print("rebuilding the rollup …", flush=True)
        t0 = time.perf_counter()
        rollup.rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dashboards_ledgerrollup")
        rebuild_seconds = time.perf_counter() - t0
    if RegularVisit.objects.count() != args.visits:
        print(f"filling the corps and {args.visits:,} regular visits …", flush=True)
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM inspections_regularvisit")
            cursor.execute("DELETE FROM inspectors_posting")
            cursor.execute("DELETE FROM inspectors_inspector WHERE name LIKE '督学%%' AND id_number_index = ''", {})
            for sql in CORPS_SQL[:3]:
                cursor.execute(sql, {})  # (params given: ``%%`` is a literal ``%``)
            cursor.execute("SELECT count(*) FROM inspectors_posting WHERE end_date IS NULL")
            posted = cursor.fetchone()[0]
            cursor.execute(CORPS_SQL[3], {"visits": args.visits, "posted": posted})
        for table in ("orgs_unit", "inspectors_inspector", "inspectors_posting", "inspections_regularvisit"):
            with connection.cursor() as cursor:  # (VACUUM: the visibility map, for index-only scans)
                cursor.execute(f"VACUUM ANALYZE {table}")
        visits_seconds = time.perf_counter() - t0
    total_items = LedgerItem.objects.count()
    rollup_rows = LedgerRollup.objects.count()

    province = synthetic_provinces().order_by("-code").first()
    city = Region.objects.filter(parent=province).order_by("code").first()
    county = Region.objects.filter(parent=city, level=3).order_by("code").first()
    today = timezone.localdate()
    period = selectors.period_from({})
    users = []
    for (label, region), username in zip((("county", county), ("city", city), ("province", province)), usernames,
                                         strict=True):
        user, _ = User.objects.get_or_create(username=username, defaults={"real_name": f"性能测试（{region.name}）"})
        user.is_active, user.must_change_password, user.locked_until = True, False, None
        user.save()
        RoleAssignment.objects.filter(user=user).delete()
        RoleAssignment.objects.create(user=user, role=RoleCode.LEADER, region=region, recursive=True)
        ApiToken.objects.filter(user=user).delete()
        _token, key = api_token_create(user=user, name="bench")
        user = User.objects.get(pk=user.pk)
        page = Client()
        page.force_login(user)
        in_scope = LedgerItem.objects.filter(region_path__startswith=region.path).count()
        children = [c.pk for c in Region.objects.filter(parent=region)]
        read = LedgerRollup.objects.filter(month__gte=period.start, month__lte=period.end)
        cells = (read.filter(region=region).count()
                 + read.filter(region_id__in=children, dim="all").count())
        users.append({"label": label, "region": region, "user": user, "items": in_scope, "cells": cells,
                      "scope": selectors.scope_for(user, region),
                      "api": Client(HTTP_AUTHORIZATION=f"Bearer {key}"), "page": page,
                      "visits": RegularVisit.objects.filter(region_path__startswith=region.path).count()})

    # the naive figures equal the rollup's (the province's totals and by child region)
    u = users[-1]
    naive = naive_figures(u["user"], u["region"], period, today)
    ledger = selectors.ledger_tables(u["user"], selectors.scope_for(u["user"], u["region"]), period, today=today)
    for key in ("total", "open", "overdue", "closed", "on_time", "rebounds"):
        assert ledger["totals"][key].value == naive["totals"][key], (key, ledger["totals"][key].value, naive["totals"])
    by_region = {r["g"]: r["total"] for r in naive["region"]}
    for row, c in zip(ledger["tables"]["ledger_region"].rows, Region.objects.filter(parent=u["region"]).order_by("path"),
                      strict=False):
        assert row["cells"]["total"].value == by_region.get(c.pk, 0), row["label"]

    naive_cov = naive_coverage(u["user"], u["region"], selectors.coverage_day(period, today))
    coverage = selectors.coverage_table(u["user"], selectors.scope_for(u["user"], u["region"]), period, today=today)
    for row, c in zip(coverage.rows, Region.objects.filter(parent=u["region"]).order_by("path"), strict=True):
        want = naive_cov.get(c.pk, {"schools": 0, "covered": 0, "inspectors": 0})
        got = {k: row["cells"][k].value for k in ("schools", "covered", "inspectors")}
        assert got == want, (row["label"], got, want)

    def run(u, what):
        if what == "page: GET /dashboards/":
            resp = u["page"].get("/dashboards/")
            assert resp.status_code == 200, resp.content[:300]
        elif what == "API: GET /api/v1/dashboards/figures":
            resp = u["api"].get("/api/v1/dashboards/figures")
            assert resp.status_code == 200, resp.content[:300]
        elif what == "dashboard_context()":
            selectors.dashboard_context(u["user"], period, u["region"], today=today)
        elif what == "ledger figures: rollup":  # (the scope given, as the naive query is given the region)
            selectors.ledger_tables(u["user"], u["scope"], period, today=today)
        elif what == "ledger figures: naive GROUP BY":
            naive_figures(u["user"], u["region"], period, today)
        elif what == "page figures: naive GROUP BY":
            naive_page_figures(u["user"], u["region"], period, today)

    kinds = ["page: GET /dashboards/", "API: GET /api/v1/dashboards/figures", "dashboard_context()",
             "ledger figures: rollup", "ledger figures: naive GROUP BY", "page figures: naive GROUP BY"]
    samples = {(u["label"], k): [] for u in users for k in kinds}
    cpu = {(u["label"], k): [] for u in users for k in kinds}
    db = {(u["label"], k): [] for u in users for k in kinds}
    parts = {u["label"]: {} for u in users}
    queries = {}
    for u in users:
        for k in kinds:
            with CaptureQueriesContext(connection) as ctx:
                run(u, k)
            queries[(u["label"], k)] = len(ctx.captured_queries)
    load_before = os.getloadavg()
    t_loop = time.perf_counter()
    for rep in range(args.warmup + args.reps):
        for u in users:
            for k in kinds:
                with CaptureQueriesContext(connection) as ctx:
                    w0, c0 = time.perf_counter_ns(), time.process_time_ns()
                    run(u, k)
                    wall, used = time.perf_counter_ns() - w0, time.process_time_ns() - c0
                if rep >= args.warmup:
                    samples[(u["label"], k)].append(wall)
                    cpu[(u["label"], k)].append(used)
                    db[(u["label"], k)].append(int(sum(float(q["time"]) for q in ctx.captured_queries) * 1e9))
            measured = context_parts(u["user"], period, u["region"], today)
            if rep >= args.warmup:
                for name, value in measured.items():
                    parts[u["label"]].setdefault(name, []).append(value)
    load_after = os.getloadavg()
    loop_seconds = time.perf_counter() - t_loop

    def med(values):
        return ms(statistics.median(values))

    def p95(values):
        s = sorted(values)
        return ms(s[max(0, int(len(s) * 0.95) - 1)])

    lines = [
        "# Dashboards benchmark",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {os.cpu_count()} cores, PostgreSQL "
        f"({connection.pg_version // 10000}); {Unit.objects.exclude(kind='office').count():,} schools and "
        f"kindergartens ({Unit.objects.filter(kind='school').count():,} schools carry the items), "
        f"{total_items:,} ledger items" + (f" (filled in {fill_seconds:.0f} s)" if fill_seconds else "")
        + f", {rollup_rows:,} rollup rows" + (f" (rebuilt in {rebuild_seconds:.0f} s)" if rebuild_seconds else "")
        + f", {RegularVisit.objects.count():,} regular visits"
        + (f" (corps and visits filled in {visits_seconds:.0f} s)" if visits_seconds else "")
        + f"; period {selectors.period_label(period)}; {args.reps} reps after {args.warmup} warm-up, round-robin.",
        f"Load average (1/5/15 min) before the timed loop {load_before[0]:.2f} / {load_before[1]:.2f} / "
        f"{load_before[2]:.2f}, after {load_after[0]:.2f} / {load_after[1]:.2f} / {load_after[2]:.2f} "
        f"({loop_seconds:.0f} s).",
        "",
        "Median ms: wall (server time of the request or call), the client process's CPU, and the SQL"
        " (Σ of the queries' times as the client saw them).",
        "",
        "| scope | items in scope | rollup rows read | visits in scope | what | median ms | p95 ms | client CPU ms "
        "| SQL ms | queries |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    medians = {}
    for u in users:
        for k in kinds:
            medians[(u["label"], k)] = med(samples[(u["label"], k)])
            lines.append(f"| {u['label']} ({u['region'].name}) | {u['items']:,} | {u['cells']:,} | {u['visits']:,} "
                         f"| {k} | {medians[(u['label'], k)]:.1f} | {p95(samples[(u['label'], k)]):.1f} "
                         f"| {med(cpu[(u['label'], k)]):.1f} | {med(db[(u['label'], k)]):.1f} "
                         f"| {queries[(u['label'], k)]} |")
    lines += ["", "Ledger figures, naive ÷ rollup (medians, same run):", ""]
    for u in users:
        naive = medians[(u["label"], "ledger figures: naive GROUP BY")]
        lines.append(f"- {u['label']}: {naive / medians[(u['label'], 'ledger figures: rollup')]:.1f}× "
                     f"(naive {naive:.1f} ms, rollup {medians[(u['label'], 'ledger figures: rollup')]:.1f} ms)")
    lines += ["", "Whole page, naive page figures ÷ page and ÷ `dashboard_context()` (medians, same run):", ""]
    for u in users:
        naive = medians[(u["label"], "page figures: naive GROUP BY")]
        page = medians[(u["label"], "page: GET /dashboards/")]
        context = medians[(u["label"], "dashboard_context()")]
        lines.append(f"- {u['label']}: {naive / page:.1f}× the page, {naive / context:.1f}× the context "
                     f"(naive {naive:.1f} ms, page {page:.1f} ms, context {context:.1f} ms)")
    lines += ["", "`dashboard_context()` by part (median wall ms / client CPU ms):", "",
              "| part | " + " | ".join(u["label"] for u in users) + " |",
              "|---|" + "---:|" * len(users)]
    names = list(parts[users[0]["label"]])
    for name in names:
        cells = []
        for u in users:
            values = parts[u["label"]].get(name, [])
            cells.append(f"{med([w for w, _c in values]):.1f} / {med([c for _w, c in values]):.1f}" if values else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"Total run {time.perf_counter() - started:.0f} s."]
    report = "\n".join(lines) + "\n"
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
