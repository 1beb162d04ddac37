"""Benchmark of the national indices (issue 12): a province of 15,000 schools (bulk-inserted: 160
counties under 20 cities, 小学/初中/九年一贯制 plus some 特殊教育/职业 schools, one approved school
form each), then every county's 优质均衡 indices (``balance_counties``: the grouped rows, the
moments in the database, each school's rule, 160 verdicts) against the bare SQL aggregate (the one
statement that computes every county's weighted moments from the data values, nothing else) and the
same aggregate over the stored per-school, per-学段 totals (``SchoolSectionTotals``, which the
indices read). ``--hash`` prints a digest of the whole output instead (compare before/after a change).

Run: ``.venv/bin/python bench/bench_indices.py [--schools 15000] [--runs 5]``. It uses a throw-away
SQLite database under /tmp, or DATABASE_URL (e.g. a scratch PostgreSQL database) if set, never var/.
Goals (issue 12): ≤ 2 s on PostgreSQL, within 2× of the bare SQL aggregate.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
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

YEAR = 2025


def build(n_schools: int, sql_values: bool = False):
    from dudao.monitoring import services
    from dudao.monitoring.models import Collection, CollectionRound, DataValue, Submission
    from dudao.orgs.models import Unit
    from dudao.regions.models import Region
    from dudao.schools.models import SchoolProfile

    rng = random.Random(12)
    province = Region.objects.create(code="510000", name="四川省", level=1, path="/510000/")
    cities, counties = [], []
    # a province: 20 cities × 8 counties; a national run: 40 × 70 = 2,800 counties (≈ 180 schools each)
    n_cities, per_city = (20, 8) if n_schools <= 20000 else (40, 70)
    for c in range(1, n_cities + 1):
        code = f"51{c:02d}00"
        cities.append(Region(code=code, name=f"第{c}市", level=2, parent=province, path=f"/510000/{code}/"))
    Region.objects.bulk_create(cities)
    cities = list(Region.objects.filter(level=2, path__startswith="/510000/"))
    for city in cities:
        for k in range(1, per_city + 1):
            code = city.code[:4] + f"{k:02d}"
            counties.append(Region(code=code, name=f"{city.name}{k}区", level=3, parent=city, path=f"{city.path}{code}/"))
    Region.objects.bulk_create(counties)
    counties = list(Region.objects.filter(level=3, path__startswith="/510000/"))
    services.load_shipped()
    collection = Collection.objects.get(code="balance_school_resources", region=province)
    elements = {e.code: e for e in collection.elements.all()}
    rnd = CollectionRound.objects.create(collection=collection, year=YEAR, region=province, region_path=province.path,
                                         deadline="2025-12-31")
    stages = ["primary"] * 60 + ["junior"] * 25 + ["nine_year"] * 10 + ["special"] * 3 + ["vocational"] * 2
    sections_of = {"primary": ["primary"], "junior": ["junior"], "nine_year": ["primary", "junior"],
                   "special": ["primary"], "vocational": ["junior"]}
    chunk = 20000
    for start in range(0, n_schools, chunk):  # in chunks: a national run is 500,000 schools
        units, stage_of = [], {}
        for i in range(start, min(n_schools, start + chunk)):
            county = counties[i % len(counties)]
            units.append(Unit(kind="school", name=f"学校{i:06d}", region=county, region_path=county.path,
                              search_key=f"xx{i}"))
            stage_of[units[-1].name] = rng.choice(stages)
        units = Unit.objects.bulk_create(units, batch_size=2000)
        SchoolProfile.objects.bulk_create([SchoolProfile(unit=u, school_code=f"{5100000000 + start + i}",
                                                         stage=stage_of[u.name]) for i, u in enumerate(units)],
                                          batch_size=2000)
        subs = Submission.objects.bulk_create([
            Submission(round=rnd, unit=u, region_path=u.region_path, status="approved",
                       sections=sections_of[stage_of[u.name]]) for u in units], batch_size=2000)
        if sql_values:
            continue
        values = []
        for sub in subs:
            for section in sub.sections:
                p = rng.randint(30, 2400)
                cells = {"students": p, "classes": max(1, p // 45),
                         "teachers_above_degree": round(p * rng.uniform(.03, .07)),
                         "backbone_teachers": round(p * rng.uniform(.005, .02)), "pe_teachers": round(p * .004),
                         "music_teachers": round(p * .003), "fine_art_teachers": round(p * .003),
                         "teaching_area": round(p * rng.uniform(3.5, 7), 2),
                         "sports_area": round(p * rng.uniform(5, 14), 2),
                         "equipment_value": round(p * rng.uniform(1500, 3500), 2),
                         "multimedia_rooms": round(p * rng.uniform(.018, .03)), "max_class_size": 45,
                         "music_rooms": 1, "art_rooms": 1}
                values.extend(DataValue(submission=sub, element=elements[k], section=section,
                                        number=Decimal(str(v))) for k, v in cells.items())
            if len(values) > 20000:
                DataValue.objects.bulk_create(values, batch_size=5000)
                values = []
        DataValue.objects.bulk_create(values, batch_size=5000)
    if sql_values:
        _values_in_sql(rnd, elements)
    # the stored per-school, per-学段 totals the transitions would have written (approve): one INSERT … SELECT
    from dudao.monitoring.indices.stored import rebuild

    t = time.perf_counter()
    rows = rebuild()
    print(f"stored totals: {rows} rows in {time.perf_counter() - t:.1f} s")
    return province


#: element code → SQL for its value from p (the section's students) and r (a random 0–1 per cell):
#: the same distributions as the Python generator above.
_SQL_CELLS = {
    "students": "p", "classes": "GREATEST(1, p / 45)", "teachers_above_degree": "round(p * (.03 + .04 * r))",
    "backbone_teachers": "round(p * (.005 + .015 * r))", "pe_teachers": "round(p * .004)",
    "music_teachers": "round(p * .003)", "fine_art_teachers": "round(p * .003)",
    "teaching_area": "round((p * (3.5 + 3.5 * r))::numeric, 2)", "sports_area": "round((p * (5 + 9 * r))::numeric, 2)",
    "equipment_value": "round((p * (1500 + 2000 * r))::numeric, 2)", "multimedia_rooms": "round(p * (.018 + .012 * r))",
    "max_class_size": "45", "music_rooms": "1", "art_rooms": "1"}


def _values_in_sql(rnd, elements):
    """PostgreSQL only: every submission's cells in one INSERT … SELECT (the ORM would take an hour and
    gigabytes for a national run's 7 million values)."""
    from django.utils import timezone

    cases = " ".join(f"WHEN {elements[code].pk} THEN {expr}" for code, expr in _SQL_CELLS.items())
    ids = ", ".join(str(elements[code].pk) for code in _SQL_CELLS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.12)")
        cursor.execute(f"""
            INSERT INTO monitoring_datavalue (submission_id, element_id, section, number, text, updated_at)
            SELECT s.id, e.id, s.sec, (CASE e.id {cases} END)::numeric, '', %s
            FROM (SELECT sub.id, sec.value AS sec, 30 + floor(random() * 2371)::int AS p
                  FROM monitoring_submission sub, jsonb_array_elements_text(sub.sections::jsonb) sec
                  WHERE sub.round_id = %s) s
            CROSS JOIN LATERAL (SELECT id, random() AS r FROM unnest(ARRAY[{ids}]) AS id) e
        """, [timezone.now(), rnd.pk])


SERVER_CPU: list = []  # the medians of the database server's CPU time, in the order of the timed() calls


def server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (same host: /proc), or None.
    With ``--serial`` the statements run without parallel workers, so that is all of the server's work."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn, runs):
    """Median wall time, median CPU time of this (client) process, and the last result; the median
    CPU time of the database server's backend goes to SERVER_CPU."""
    times, cpu, server = [], [], []
    for _ in range(runs):
        s = server_cpu()
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        if s is not None:
            server.append(server_cpu() - s)
    SERVER_CPU.append(statistics.median(server) if server else float("nan"))
    return statistics.median(times), statistics.median(cpu), out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--serial", action="store_true",
                        help="PostgreSQL: no parallel workers (max_parallel_workers_per_gather = 0), so the "
                             "server CPU printed is all of the database's work")
    parser.add_argument("--skip-values", action="store_true",
                        help="time only the statements over the stored totals (not the ones grouping the data values)")
    parser.add_argument("--hash", action="store_true",
                        help="print the SHA-256 of the whole output of balance_counties (zh-hans and en, "
                             "with and without submitted forms) instead of timing it")
    parser.add_argument("--sql-values", action="store_true",
                        help="PostgreSQL: generate the data values in one INSERT … SELECT (default above 20,000 schools)")
    args = parser.parse_args()
    t = time.perf_counter()
    call_command("migrate", verbosity=0)  # on a database built before: fills the stored totals (0005)
    print(f"migrate: {time.perf_counter() - t:.1f} s")
    from dudao.monitoring.indices.balance import (
        balance_counties,
        in_scope,
        moments,
        rows_and_moments,
        school_sections,
    )
    from dudao.monitoring.models import DataValue
    from dudao.regions.models import Region

    province = Region.objects.filter(code="510000").first()
    if province is not None:  # a database built by an earlier run (DATABASE_URL): reused as it is
        print(f"{connection.vendor}: reusing the data built before ({DataValue.objects.count()} values)")
    else:
        sql_values = connection.vendor == "postgresql" and (args.sql_values or args.schools > 20000)
        t = time.perf_counter()
        province = build(args.schools, sql_values=sql_values)
        print(f"{connection.vendor}: built {args.schools} schools, {DataValue.objects.count()} values "
              f"in {time.perf_counter() - t:.1f} s{' (values in SQL)' if sql_values else ''}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    if args.hash:
        print_hashes(province)
        return
    if args.serial and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")

    def bare():
        return moments(in_scope(school_sections(province.path, YEAR), 50))

    def bare_stored():
        return rows_and_moments(province.path, YEAR, include_submitted=False, teaching_point_students=50,
                                rows_too=False)[1]

    def statement_values():
        return rows_and_moments(province.path, YEAR, include_submitted=False, teaching_point_students=50,
                                source="values")

    def indices():
        return balance_counties(province, YEAR)

    def statement():
        return rows_and_moments(province.path, YEAR, include_submitted=False, teaching_point_students=50)

    def skipped():
        SERVER_CPU.append(float("nan"))
        return float("nan"), float("nan"), []

    bare_time, bare_cpu, rows = skipped() if args.skip_values else timed(bare, args.runs)
    stored_time, stored_cpu, _out = timed(bare_stored, args.runs)
    values_time, values_cpu, _out = skipped() if args.skip_values else timed(statement_values, args.runs)
    stmt_time, stmt_cpu, _out = timed(statement, args.runs)
    full_time, full_cpu, results = timed(indices, args.runs)
    srv = dict(zip(["bare", "stored", "values", "stmt", "full"], SERVER_CPU, strict=True))
    schools = sum(len(s.schools) for r in results for s in r.sections.values())
    excluded = sum(len(s.excluded) for r in results for s in r.sections.values())
    failed = sum(1 for r in results if r.verdict == "failed")
    print(f"bare SQL aggregate from the data values (every county's moments, {len(rows)} groups): median {bare_time * 1000:.0f} ms "
          f"(client CPU {bare_cpu * 1000:.0f} ms, server CPU {srv['bare'] * 1000:.0f} ms)")
    print(f"bare SQL aggregate over the stored totals: median {stored_time * 1000:.0f} ms "
          f"(client CPU {stored_cpu * 1000:.0f} ms, server CPU {srv['stored'] * 1000:.0f} ms)")
    print(f"the statement from the data values (as before the stored totals): median {values_time * 1000:.0f} ms "
          f"(client CPU {values_cpu * 1000:.0f} ms, server CPU {srv['values'] * 1000:.0f} ms)")
    print(f"the indices' statement (school rows and moments from the stored totals, fetched): "
          f"median {stmt_time * 1000:.0f} ms "
          f"(client CPU {stmt_cpu * 1000:.0f} ms, server CPU {srv['stmt'] * 1000:.0f} ms)")
    print(f"balance_counties ({len(results)} counties, {schools} school-sections judged, {excluded} excluded, "
          f"{failed} counties failing): median {full_time * 1000:.0f} ms = {full_time / bare_time:.2f}× bare, "
          f"{full_time / stored_time:.2f}× the bare aggregate over the stored totals "
          f"(client CPU {full_cpu * 1000:.0f} ms, server CPU {srv['full'] * 1000:.0f} ms); load average {os.getloadavg()[0]:.1f}")


def print_hashes(province):
    """SHA-256 of ``repr`` of every county's result (verdicts, failures, moments, CVs, every school's
    totals, flags and sentence, the excluded schools): equal before and after a change of the code
    means the output did not change."""
    import hashlib

    from django.utils import translation

    from dudao.monitoring.indices.balance import balance_counties
    from dudao.regions.models import Region

    city = Region.objects.filter(parent=province).order_by("code").first()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for parent in (province, city):
                for include_submitted in (False, True):
                    out = balance_counties(parent, YEAR, include_submitted=include_submitted)
                    digest = hashlib.sha256(repr(out).encode()).hexdigest()
                    print(f"{language} {parent.code} include_submitted={include_submitted} {len(out)} counties {digest}")


if __name__ == "__main__":
    main()
