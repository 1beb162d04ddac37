"""Benchmark of the dashboards' regular-visit compliance tables (issue 13, docs/dashboards.md
“经常性督导”): the grouped figures (``dashboards/figures/visits.py``: per table two grouped
queries, the settings as a CASE over the path, the visits by the ``visit_pair_date`` index) against
the naive way — every current posting loaded, its visits counted by one query over OR'd (school,
inspector) pairs and one settings query per region (the compliance page before this change), then
grouped in Python — side by side in one run.

What it does
    1. Uses its own PostgreSQL database (``DATABASE_URL``, default ``dudao_bench_dash_visits``):
       creates and migrates it; generates the synthetic regions and N schools with
       ``manage.py generate_scale`` (``--provinces``: few provinces, so that one province holds
       the number of schools of a province at national scale: 500,000 / 31 ≈ 16,000).
    2. Posts one inspector to every school (an inspector per 5 schools of a county) and inserts V
       visits per school spread over the last 400 days (``INSERT … SELECT``), unless there.
    3. For a province (leader) and a county (leader), after warm-up, times round-robin the visit
       tables of the dashboard (``visits_region``; at the county also ``visits_zone`` and
       ``visits_inspector``) and the naive computation of the same region figures.
    4. Prints a Markdown report (with the load average).

Usage (from the project root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dudao_bench_dash_visits .venv/bin/python bench/bench_dashboard_visits.py
    # options: --schools 32000 --provinces 2 --visits-per-school 4 --reps 5 --warmup 1
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from io import StringIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dudao.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dudao_bench_dash_visits")

from bench_unit_list import ensure_database  # noqa: E402

VISITS_SQL = """
INSERT INTO inspections_regularvisit (school_id, region_path, inspector_id, visited_on, duration_minutes,
                                      methods, checklist, problems, hazard, created_at)
SELECT p.school_id, p.region_path, p.inspector_id,
       CURRENT_DATE - ((p.id * 7919 + g * 104729) %% 400)::int, 60, '["lesson"]'::jsonb, '{}'::jsonb, '', '', now()
FROM inspectors_posting p CROSS JOIN generate_series(1, %(per)s) g
WHERE p.end_date IS NULL
"""


def naive_region_figures(user, region, on):
    """The region table the old way: every current posting, visits by OR'd pairs, settings per
    region, grouped in Python."""
    from django.db.models import Count, Q

    from dudao.inspections.models import RegularVisit
    from dudao.inspections.selectors import semester_for
    from dudao.inspectors.models import Posting
    from dudao.regions.models import Region
    from dudao.regionsettings.services import effective_settings

    sem = semester_for(on)
    postings = list(Posting.objects.for_user(user, "view").current(on).filter(region_path__startswith=region.path)
                    .select_related("school__region", "inspector"))
    q = Q()
    for p in postings:
        q |= Q(school_id=p.school_id, inspector_id=p.inspector_id)
    counts = {(r["school"], r["inspector"]): r["n"] for r in RegularVisit.objects.filter(
        q, visited_on__range=(sem.start, on)).values("school", "inspector").annotate(n=Count("id"))} if postings else {}
    rules = {}
    children = list(Region.objects.filter(parent=region))
    out = defaultdict(lambda: [0, 0, 0])
    for p in postings:
        if p.school.region_id not in rules:
            eff = effective_settings(p.school.region, ["visits.min_per_semester", "visits.target_per_month"])
            rules[p.school.region_id] = (int(eff["visits.min_per_semester"].value),
                                         int(eff["visits.target_per_month"].value))
        floor, per_month = rules[p.school.region_id]
        target = max(floor if on >= sem.end else 0, per_month * sem.months_elapsed(on))
        n = counts.get((p.school_id, p.inspector_id), 0)
        child = next((c.pk for c in children if p.region_path.startswith(c.path)), None)
        row = out[child]
        row[0] += 1
        row[1] += n < floor
        row[2] += n < target
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=32_000)
    parser.add_argument("--provinces", type=int, default=2)
    parser.add_argument("--visits-per-school", type=int, default=4)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    created = ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from dudao.accounts.models import RoleAssignment, User
    from dudao.accounts.roles import RoleCode
    from dudao.dashboards import selectors
    from dudao.dashboards.figures import visits as figures
    from dudao.inspections.models import RegularVisit
    from dudao.inspectors.models import Inspector, Posting
    from dudao.orgs.management.commands.generate_scale import synthetic_counts, synthetic_provinces
    from dudao.orgs.models import Unit
    from dudao.regions.models import Region

    print(f"database {connection.settings_dict['NAME']}{' (created)' if created else ''}; migrating …", flush=True)
    call_command("migrate", verbosity=0)
    _levels, units = synthetic_counts()
    if units < args.schools:
        print(f"generating {args.schools:,} schools in {args.provinces} provinces …", flush=True)
        RegularVisit.objects.all().delete()
        Posting.objects.all().delete()
        Inspector.objects.all().delete()
        call_command("generate_scale", schools=args.schools, provinces=args.provinces, clear=True, stdout=StringIO())
    if not Posting.objects.exists():
        print("posting inspectors …", flush=True)
        import datetime

        start = timezone.localdate() - datetime.timedelta(days=800)
        schools = list(Unit.objects.filter(kind="school").order_by("region_path", "id").values_list(
            "pk", "region_path", "region_id"))
        offices = {}
        batch, inspectors = [], []
        for n, (pk, path, _region_id) in enumerate(schools):
            if n % 5 == 0:
                office = offices.setdefault(path, pk)
                inspectors.append(Inspector(office_id=office, region_path=path, name=f"督学{n // 5}", kind="part_time",
                                            education="bachelor", years_in_education=10))
        Inspector.objects.bulk_create(inspectors, batch_size=5000)
        ids = list(Inspector.objects.order_by("pk").values_list("pk", flat=True))
        for n, (pk, path, _r) in enumerate(schools):
            batch.append(Posting(inspector_id=ids[n // 5], school_id=pk, region_path=path, start_date=start))
        Posting.objects.bulk_create(batch, batch_size=5000)
    if not RegularVisit.objects.exists():
        print("inserting visits …", flush=True)
        with connection.cursor() as cursor:
            cursor.execute(VISITS_SQL, {"per": args.visits_per_school})
            cursor.execute("ANALYZE inspections_regularvisit; ANALYZE inspectors_posting; ANALYZE schools_schoolprofile")
    province = synthetic_provinces().order_by("code").first()
    city = Region.objects.filter(parent=province).order_by("code").first()
    county = Region.objects.filter(parent=city, level=3).order_by("code").first()
    today = timezone.localdate()
    period = selectors.period_from({})
    on = figures.as_of(period, today)
    users = []
    for label, region in (("county", county), ("province", province)):
        user, _ = User.objects.get_or_create(username=f"bench_visits_{label}", defaults={"real_name": label})
        RoleAssignment.objects.filter(user=user).delete()
        RoleAssignment.objects.create(user=user, role=RoleCode.LEADER, region=region, recursive=True)
        user = User.objects.get(pk=user.pk)
        users.append({"label": label, "region": region, "user": user,
                      "postings": Posting.objects.current(on).filter(region_path__startswith=region.path).count(),
                      "visits": RegularVisit.objects.filter(region_path__startswith=region.path).count()})

    def grouped(u):
        scope = selectors.scope_for(u["user"], u["region"])
        for builder in (figures.region_table, figures.zone_table, figures.inspector_table):
            builder(u["user"], scope, period, today=today)

    kinds = {"grouped (figures/visits.py, all its tables)": grouped,
             "naive (per posting, region table only)": lambda u: naive_region_figures(u["user"], u["region"], on)}
    samples = {(u["label"], k): [] for u in users for k in kinds}
    queries = {}
    for u in users:
        for k, fn in kinds.items():
            with CaptureQueriesContext(connection) as ctx:
                fn(u)
            queries[(u["label"], k)] = len(ctx.captured_queries)
    for rep in range(args.warmup + args.reps):
        for u in users:
            for k, fn in kinds.items():
                t0 = time.perf_counter_ns()
                fn(u)
                if rep >= args.warmup:
                    samples[(u["label"], k)].append(time.perf_counter_ns() - t0)
    load = os.getloadavg()
    print(f"\n{args.schools:,} schools in {args.provinces} provinces; {RegularVisit.objects.count():,} visits; "
          f"{args.reps} reps after {args.warmup} warm-up; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    print("| scope | postings | visits in scope | way | queries | median ms | min ms |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for u in users:
        for k in kinds:
            values = sorted(s / 1e6 for s in samples[(u["label"], k)])
            print(f"| {u['label']} | {u['postings']:,} | {u['visits']:,} | {k} | {queries[(u['label'], k)]} | "
                  f"{statistics.median(values):.1f} | {values[0]:.1f} |")


if __name__ == "__main__":
    main()
