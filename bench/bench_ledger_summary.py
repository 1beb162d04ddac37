"""Benchmark of the ledger's views at national scale: the summary (by unit, region, inspector,
category, source, age), the filtered item list, the overdue list and the home-page cards.

What it does
    1. Uses the PostgreSQL database of ``bench_unit_list.py`` (``DATABASE_URL``, default
       ``dudao_bench``): creates and migrates it, and generates the synthetic regions and N schools
       with ``manage.py generate_scale`` when they are not there.
    2. Puts M ledger items on the schools (default 500,000, one per school on average) in one
       ``INSERT … SELECT`` — statuses, sources, categories, deadlines and registration dates spread
       deterministically — unless that many are already there.
    3. For a county, a city and a province ``office_admin`` user, after warm-up, times round-robin:
       ``GET /api/v1/ledger/summary?by=…`` for each grouping, ``GET /ledger/summary/?by=unit`` (whole
       page with the chart), ``GET /api/v1/ledger/items?overdue=true&limit=50``,
       ``GET /ledger/overdue/`` and ``GET /`` (home cards).
    4. Prints a Markdown report (median, p95, queries per request, items in scope) and writes it to
       ``bench/results/ledger_summary.md``.

Usage (from the project root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dudao_bench .venv/bin/python bench/bench_ledger_summary.py
    # options: --schools 500000 --items 500000 --reps 15 --warmup 2 --out bench/results/ledger_summary.md
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
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dudao_bench")

from bench_unit_list import ensure_database  # noqa: E402

GROUPINGS = ("unit", "region", "inspector", "category", "source", "age")

# Deterministic spread of the synthetic items (by id): status, source, category, deadline offset.
FILL_SQL = """
INSERT INTO ledger_ledgeritem
    (source, source_reference, region_path, description, indicator_code, found_evidence, category, severity,
     routing, requirement, deadline, original_deadline, responsible_person, status, plan, report, evidence,
     recheck_method, recheck_conclusion, closed_at, created_at, updated_at, unit_id)
SELECT
    (ARRAY['visit','task','monitoring','complaint','hotline','media','upper_feedback'])[1 + (n %% 7)],
    '', u.region_path, '性能测试问题 ' || n, '', '',
    (ARRAY['moral','teaching','physical','arts','labour','safety','management'])[1 + (n %% 7)],
    (ARRAY['minor','serious','grave'])[1 + (n %% 3)], 'small', '按期整改',
    CURRENT_DATE + ((n %% 120) - 40), CURRENT_DATE + ((n %% 120) - 40), '',
    (ARRAY['issued','plan_submitted','in_progress','reported','rechecking','closed','closed','closed'])[1 + (n %% 8)],
    '', '', '', '', '',
    CASE WHEN n %% 8 >= 5 THEN NOW() ELSE NULL END,
    NOW() - ((n %% 400) || ' days')::interval, NOW(), u.id
FROM (SELECT id, region_path, row_number() OVER (ORDER BY id) AS rn FROM orgs_unit WHERE kind = 'school') u
JOIN generate_series(0, %(items)s - 1) AS n ON u.rn = 1 + (n %% %(schools)s)
"""


def ms(ns: int) -> float:
    return ns / 1e6


def summarize(samples_ns: list[int]) -> dict:
    s = sorted(samples_ns)
    return {"median": ms(statistics.median(s)), "p95": ms(s[max(0, int(len(s) * 0.95) - 1)])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=500_000)
    parser.add_argument("--items", type=int, default=500_000)
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2260)
    parser.add_argument("--out", default=str(BASE_DIR / "bench" / "results" / "ledger_summary.md"))
    args = parser.parse_args()
    started = time.perf_counter()
    created = ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dudao.accounts.models import ApiToken, RoleAssignment, User
    from dudao.accounts.roles import RoleCode
    from dudao.accounts.services import api_token_create
    from dudao.ledger.models import LedgerItem
    from dudao.orgs.management.commands.generate_scale import synthetic_counts, synthetic_provinces
    from dudao.orgs.models import Unit
    from dudao.regions.models import Region

    print(f"database {connection.settings_dict['NAME']}{' (created)' if created else ''}; migrating …", flush=True)
    call_command("migrate", verbosity=0)
    usernames = ["bench_ledger_county", "bench_ledger_city", "bench_ledger_province"]
    _levels, units = synthetic_counts()
    if units < args.schools:
        RoleAssignment.objects.filter(user__username__in=usernames + ["bench_county", "bench_province"]).delete()
        LedgerItem.objects.all().delete()
        print(f"generating {args.schools:,} schools …", flush=True)
        call_command("generate_scale", schools=args.schools, seed=args.seed, clear=True, stdout=StringIO())
    fill_seconds = None
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
    total_items = LedgerItem.objects.count()

    province = synthetic_provinces().order_by("-code").first()
    city = Region.objects.filter(parent=province).order_by("code").first()
    county = Region.objects.filter(parent=city, level=3).order_by("code").first()
    scopes = [("county", county, usernames[0]), ("city", city, usernames[1]), ("province", province, usernames[2])]
    users = []
    for label, region, username in scopes:
        user, _ = User.objects.get_or_create(username=username, defaults={"real_name": f"性能测试（{region.name}）"})
        user.is_active, user.must_change_password, user.locked_until = True, False, None
        user.save()
        RoleAssignment.objects.filter(user=user).delete()
        RoleAssignment.objects.create(user=user, role=RoleCode.OFFICE_ADMIN, region=region, recursive=True)
        ApiToken.objects.filter(user=user).delete()
        _token, key = api_token_create(user=user, name="bench")
        ui = Client()
        ui.force_login(user)
        in_scope = LedgerItem.objects.filter(region_path__startswith=region.path).count()
        users.append({"label": label, "region": region, "ui": ui, "api": Client(HTTP_AUTHORIZATION=f"Bearer {key}"),
                      "items": in_scope})

    requests = [(f"api summary by={by}", "api", f"/api/v1/ledger/summary?by={by}") for by in GROUPINGS]
    requests += [("page summary by=unit", "ui", "/ledger/summary/?by=unit"),
                 ("api items overdue (50)", "api", "/api/v1/ledger/items?overdue=true&limit=50"),
                 ("page overdue list", "ui", "/ledger/overdue/"),
                 ("page home (cards)", "ui", "/")]
    samples = {(u["label"], name): [] for u in users for name, _c, _p in requests}
    queries = {}
    for u in users:
        for name, channel, path in requests:
            with CaptureQueriesContext(connection) as ctx:
                resp = u[channel].get(path)
            assert resp.status_code == 200, (u["label"], path, resp.status_code, resp.content[:300])
            queries[(u["label"], name)] = len(ctx.captured_queries)
    for rep in range(args.warmup + args.reps):
        for u in users:
            for name, channel, path in requests:
                t0 = time.perf_counter_ns()
                resp = u[channel].get(path)
                elapsed = time.perf_counter_ns() - t0
                assert resp.status_code == 200
                if rep >= args.warmup:
                    samples[(u["label"], name)].append(elapsed)

    lines = [
        "# Ledger views benchmark",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {os.cpu_count()} cores, PostgreSQL "
        f"({connection.pg_version // 10000}); {Unit.objects.count():,} units, {total_items:,} ledger items"
        + (f" (filled in {fill_seconds:.1f} s)" if fill_seconds else "") + f"; {args.reps} reps after "
        f"{args.warmup} warm-up, round-robin. Whole requests through the Django test client.",
        "",
        "| scope | items in scope | request | median ms | p95 ms | queries |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for u in users:
        for name, _c, _p in requests:
            st = summarize(samples[(u["label"], name)])
            lines.append(f"| {u['label']} ({u['region'].name}) | {u['items']:,} | {name} | {st['median']:.1f} | "
                         f"{st['p95']:.1f} | {queries[(u['label'], name)]} |")
    lines += ["", f"Total run {time.perf_counter() - started:.0f} s."]
    report = "\n".join(lines) + "\n"
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
