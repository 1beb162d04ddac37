"""Benchmark of the dashboards (issue 13 §5): a province's and a county's dashboard read from the
ledger rollup, against the same figures by a naive GROUP BY over the raw ledger items, side by
side in one run.

What it does
    1. Uses its own PostgreSQL database (``DATABASE_URL``, default ``dudao_bench_dashboards``):
       creates and migrates it, generates the synthetic regions and N schools with
       ``manage.py generate_scale`` when they are not there.
    2. Puts M ledger items on the schools with the ledger benchmark's ``INSERT … SELECT`` (statuses,
       sources, categories, deadlines, registration over 400 days), unless that many are there,
       and rebuilds the rollup (``rollup.rebuild``, timed).
    3. For a province and a county ``leader``, after warm-up, times round-robin:
       ``GET /api/v1/dashboards/figures`` (key figures; by region, category, source and month — from
       the rollup) and ``naive``: the same ledger figures computed with conditional counts grouped
       over ``LedgerItem`` (by child region, category, source, month), in the same process.
    4. Prints a Markdown report and writes it to ``bench/results/dashboards.md``.

Usage (from the project root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dudao_bench_dashboards .venv/bin/python bench/bench_dashboards.py
    # options: --schools 100000 --items 1000000 --reps 10 --warmup 2
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

# The ledger benchmark's deterministic spread of synthetic items (by id), with today's columns.


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



def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2260)
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
    from dudao.ledger.models import LedgerItem
    from dudao.orgs.management.commands.generate_scale import synthetic_counts, synthetic_provinces
    from dudao.orgs.models import Unit
    from dudao.regions.models import Region

    print(f"database {connection.settings_dict['NAME']}{' (created)' if created else ''}; migrating …", flush=True)
    call_command("migrate", verbosity=0)
    usernames = ["bench_dash_county", "bench_dash_province"]
    _levels, units = synthetic_counts()
    if units < args.schools:
        RoleAssignment.objects.filter(user__username__in=usernames).delete()
        LedgerItem.objects.all().delete()
        print(f"generating {args.schools:,} schools …", flush=True)
        call_command("generate_scale", schools=args.schools, seed=args.seed, clear=True, stdout=StringIO())
    fill_seconds = rebuild_seconds = None
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
        print("rebuilding the rollup …", flush=True)
        t0 = time.perf_counter()
        rollup.rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dashboards_ledgerrollup")
        rebuild_seconds = time.perf_counter() - t0
    total_items = LedgerItem.objects.count()
    rollup_rows = LedgerRollup.objects.count()

    province = synthetic_provinces().order_by("-code").first()
    city = Region.objects.filter(parent=province).order_by("code").first()
    county = Region.objects.filter(parent=city, level=3).order_by("code").first()
    today = timezone.localdate()
    period = selectors.period_from({})
    users = []
    for (label, region), username in zip((("county", county), ("province", province)), usernames, strict=True):
        user, _ = User.objects.get_or_create(username=username, defaults={"real_name": f"性能测试（{region.name}）"})
        user.is_active, user.must_change_password, user.locked_until = True, False, None
        user.save()
        RoleAssignment.objects.filter(user=user).delete()
        RoleAssignment.objects.create(user=user, role=RoleCode.LEADER, region=region, recursive=True)
        ApiToken.objects.filter(user=user).delete()
        _token, key = api_token_create(user=user, name="bench")
        user = User.objects.get(pk=user.pk)
        in_scope = LedgerItem.objects.filter(region_path__startswith=region.path).count()
        users.append({"label": label, "region": region, "user": user, "items": in_scope,
                      "api": Client(HTTP_AUTHORIZATION=f"Bearer {key}"),
                      "cells": LedgerRollup.objects.filter(region_path__startswith=region.path).count()})

    def run(u, what):
        if what == "rollup: GET /api/v1/dashboards/figures":
            resp = u["api"].get("/api/v1/dashboards/figures")
            assert resp.status_code == 200, resp.content[:300]
        elif what == "rollup: dashboard_context()":
            selectors.dashboard_context(u["user"], period, u["region"], today=today)
        else:
            naive_figures(u["user"], u["region"], period, today)

    kinds = ["rollup: GET /api/v1/dashboards/figures", "rollup: dashboard_context()", "naive GROUP BY over items"]
    samples = {(u["label"], k): [] for u in users for k in kinds}
    queries = {}
    for u in users:
        for k in kinds:
            with CaptureQueriesContext(connection) as ctx:
                run(u, k)
            queries[(u["label"], k)] = len(ctx.captured_queries)
    for rep in range(args.warmup + args.reps):
        for u in users:
            for k in kinds:
                t0 = time.perf_counter_ns()
                run(u, k)
                if rep >= args.warmup:
                    samples[(u["label"], k)].append(time.perf_counter_ns() - t0)
    lines = [
        "# Dashboards benchmark",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {os.cpu_count()} cores, PostgreSQL "
        f"({connection.pg_version // 10000}); {Unit.objects.count():,} units, {total_items:,} ledger items"
        + (f" (filled in {fill_seconds:.0f} s)" if fill_seconds else "")
        + f", {rollup_rows:,} rollup rows" + (f" (rebuilt in {rebuild_seconds:.0f} s)" if rebuild_seconds else "")
        + f"; period {selectors.period_label(period)}; {args.reps} reps after {args.warmup} warm-up, round-robin.",
        "",
        "| scope | items in scope | rollup rows in scope | what | median ms | p95 ms | queries |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    medians = {}
    for u in users:
        for k in kinds:
            s = sorted(samples[(u["label"], k)])
            med = ms(statistics.median(s))
            medians[(u["label"], k)] = med
            lines.append(f"| {u['label']} ({u['region'].name}) | {u['items']:,} | {u['cells']:,} | {k} | {med:.1f} | "
                         f"{ms(s[max(0, int(len(s) * 0.95) - 1)]):.1f} | {queries[(u['label'], k)]} |")
    lines.append("")
    for u in users:
        naive = medians[(u["label"], kinds[2])]
        lines.append(f"- {u['label']}: naive / rollup (figures computed) = "
                     f"{naive / medians[(u['label'], kinds[1])]:.1f}×; naive / whole API request = "
                     f"{naive / medians[(u['label'], kinds[0])]:.1f}×")
    lines += ["", f"Total run {time.perf_counter() - started:.0f} s."]
    report = "\n".join(lines) + "\n"
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
