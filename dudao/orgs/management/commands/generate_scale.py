"""``manage.py generate_scale --schools N`` — a national-shaped synthetic region tree with N schools.

For load and performance tests only (see docs/performance.md). The default shape is China's:
34 provinces × 10 cities → 340 cities, 8.4 counties per city → 2,856 counties, 14 townships per
county → 39,984 townships (乡镇/街道), and N units of kind ``school`` / ``kindergarten`` spread at
random over the townships.

How the synthetic data is marked, so that it never collides with real data and can be removed:

* Province codes use two-digit prefixes that GB/T 2260 does not assign, counted down from 99
  (99, 98, … 83, 80 … 72, 70 … 66, 60, 59, 58 — the real prefixes 11–65, 71, 81 and 82 are never
  used). A prefix already occupied by a non-synthetic region is skipped.
* Every synthetic province's name starts with ``模拟`` ("simulated").
* ``--clear`` deletes exactly the subtrees (regions and units whose ``region_path`` lies under them)
  of provinces that satisfy both marks. It fails, writing nothing, if anything else references those
  rows (a user's unit, a role assignment …).

Codes follow GB/T 2260 shapes: province ``PP0000``, city ``PPCC00``, county ``PPCCXX`` and township
(9 digits) ``PPCCXX`` + ``NNN``; ``level``, ``parent``, ``path`` and ``search_key`` are set exactly as
the services set them (the pinyin key is built from cached pinyin of the name's parts).

Re-running with the same shape and number of schools does nothing; a different shape needs
``--clear``. Rows are written with ``bulk_create`` in large batches inside one transaction; on
PostgreSQL the tables are VACUUM ANALYZEd afterwards so the planner sees the new data.
"""

import math
import random
import time
from functools import cache

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection, transaction

from dudao.common import pinyin
from dudao.orgs.choices import UnitKind
from dudao.orgs.models import Unit
from dudao.regions.choices import RegionLevel
from dudao.regions.models import Region

#: Two-digit province prefixes assigned by GB/T 2260 (incl. 台湾 71, 香港 81, 澳门 82).
REAL_PROVINCE_PREFIXES = frozenset(
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
     61, 62, 63, 64, 65, 71, 81, 82]
)
MAX_PROVINCES = 34
#: The prefixes synthetic provinces may use, in the order they are used.
SYNTHETIC_PREFIXES = tuple(
    f"{p:02d}" for p in range(99, 9, -1) if p not in REAL_PROVINCE_PREFIXES
)[:MAX_PROVINCES]
MARKER = "模拟"

# Characters with one common reading, so names and their pinyin keys are unambiguous.
STEM_CHARS = (
    "青山河阳平安新华东西南北江湖岭林泉石桥塘溪云龙凤金玉宝丰永兴福德明光清水松柏桃李梅兰竹花田原川峰"
    "城台坪坝湾岗沙滨春秋文武仁义礼智信忠诚勤俭康宁泰和顺昌盛荣"
)
SCHOOL_SUFFIXES = ("小学", "中学", "完全小学", "九年一贯制学校")
KINDERGARTEN_SUFFIXES = ("幼儿园", "中心幼儿园")
REGION_BATCH = 5_000
UNIT_CHUNK = 25_000  # objects built in Python at a time
UNIT_BATCH = 5_000  # rows per INSERT


@cache
def _key_fields(part: str) -> tuple[str, ...]:
    return tuple(pinyin.search_key(part).split(" "))


def fast_search_key(*parts: str) -> str:
    """``dudao.common.pinyin.search_key("".join(parts))`` built from the cached keys of the parts:
    each space-separated field of the key (initials, full pinyin …) is a per-character transform,
    so the key of a name is the field-wise concatenation of its parts' keys. ``Command`` checks
    this on a sample before relying on it and otherwise falls back to the real function."""
    fields = [_key_fields(p) for p in parts if p]
    return " ".join("".join(col) for col in zip(*fields, strict=True))[:255]


def spread(total_parents: int, per_parent: float) -> list[int]:
    """How many children each of ``total_parents`` gets so that the average is ``per_parent``
    (e.g. 8.4 → a mix of 8 and 9), deterministically; the total is ``floor(n × per_parent)``."""
    return [math.floor((i + 1) * per_parent + 1e-9) - math.floor(i * per_parent + 1e-9) for i in range(total_parents)]


def expected_counts(provinces: int, cities_per_province: int, counties_per_city: float,
                    townships_per_county: float) -> dict[int, int]:
    cities = provinces * cities_per_province
    counties = sum(spread(cities, counties_per_city))
    townships = sum(spread(counties, townships_per_county))
    return {RegionLevel.PROVINCE: provinces, RegionLevel.CITY: cities, RegionLevel.COUNTY: counties,
            RegionLevel.TOWNSHIP: townships}


def synthetic_provinces():
    """The synthetic provinces present: a synthetic prefix *and* the name marker."""
    return Region.objects.filter(level=RegionLevel.PROVINCE, code__in=[p + "0000" for p in SYNTHETIC_PREFIXES],
                                 name__startswith=MARKER)


def synthetic_counts() -> tuple[dict[int, int], int]:
    """Regions per level and units under the synthetic provinces."""
    levels = {lvl: 0 for lvl in RegionLevel.values}
    units = 0
    for path in synthetic_provinces().values_list("path", flat=True):
        for lvl in RegionLevel.values:
            levels[lvl] += Region.objects.filter(path__startswith=path, level=lvl).count()
        units += Unit.objects.filter(region_path__startswith=path).count()
    return levels, units


class Command(BaseCommand):
    help = "生成全国规模的模拟区划树与学校数据（性能测试用；模拟数据以未分配的省级代码和“模拟”前缀标记）。"

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, required=True, help="学校/幼儿园总数 N")
        parser.add_argument("--seed", type=int, default=2260, help="随机种子（默认 2260）")
        parser.add_argument("--provinces", type=int, default=34, help=f"省数（默认 34，最多 {MAX_PROVINCES}）")
        parser.add_argument("--cities-per-province", type=int, default=10, help="每省市数（默认 10）")
        parser.add_argument("--counties-per-city", type=float, default=8.4, help="每市平均县数（默认 8.4）")
        parser.add_argument("--townships-per-county", type=float, default=14.0, help="每县平均乡镇数（默认 14）")
        parser.add_argument("--clear", action="store_true", help="先删除以前生成的模拟区划和单位")
        parser.add_argument("--no-vacuum", action="store_true", help="PostgreSQL：生成后不执行 VACUUM ANALYZE")

    # --- entry point -------------------------------------------------------------------------

    def handle(self, *args, schools, seed, provinces, cities_per_province, counties_per_city,
               townships_per_county, clear, no_vacuum, **options):
        if not 0 <= provinces <= MAX_PROVINCES:
            raise CommandError(f"--provinces 须在 0–{MAX_PROVINCES} 之间")
        if not 1 <= cities_per_province <= 99:
            raise CommandError("--cities-per-province 须在 1–99 之间")
        if not 0 < counties_per_city <= 98:
            raise CommandError("--counties-per-city 须在 0–98 之间")
        if not 0 < townships_per_county <= 998:
            raise CommandError("--townships-per-county 须在 0–998 之间")
        if schools < 0:
            raise CommandError("--schools 不能为负数")
        started = time.perf_counter()
        self.rng = random.Random(seed)
        self.key = self.choose_key_function()
        expected = expected_counts(provinces, cities_per_province, counties_per_city, townships_per_county)

        if clear:
            self.clear()
        elif synthetic_provinces().exists():
            levels, units = synthetic_counts()
            if levels == expected and units == schools:
                self.stdout.write("模拟数据已存在且规模相同，未做改动（使用 --clear 重新生成）。")
                return
            raise CommandError(
                f"已有不同规模的模拟数据（区划 {levels}，单位 {units}）；请加 --clear 重新生成。"
            )
        if provinces == 0:
            return
        if schools and not expected[RegionLevel.TOWNSHIP]:
            raise CommandError("没有乡镇，无法放置学校")

        prefixes = self.free_prefixes(provinces)
        with transaction.atomic():
            townships = self.generate_regions(prefixes, cities_per_province, counties_per_city,
                                              townships_per_county)
            self.generate_units(townships, schools)
        self.vacuum(no_vacuum)
        self.stdout.write(self.style.SUCCESS(
            f"完成：区划 {sum(expected.values()):,}，单位 {schools:,}，共 {time.perf_counter() - started:.1f}s"
        ))

    def choose_key_function(self):
        """``fast_search_key`` if it agrees with the real ``search_key`` on sample names, else the
        real one (slower: ~0.1 ms a name)."""
        rng = random.Random(0)
        samples = [(MARKER, "平安", "省"), ("青山", "市"), ("新华", "区"), ("云龙", "街道"), ("东城", "镇")]
        samples += [(rng.choice(STEM_CHARS) + rng.choice(STEM_CHARS), rng.choice(["乡", "县", "镇"]), "第",
                     str(rng.randint(1, 40)), rng.choice(SCHOOL_SUFFIXES + KINDERGARTEN_SUFFIXES)) for _ in range(200)]
        if all(fast_search_key(*s) == pinyin.search_key("".join(s)) for s in samples):
            return fast_search_key
        self.stderr.write("注意：拼音检索键无法按名称片段缓存，改为逐个计算（较慢）。")
        return lambda *parts: pinyin.search_key("".join(parts))

    def step(self, label: str, t0: float, rows: int | None = None):
        dt = time.perf_counter() - t0
        rate = f"，{rows / dt:,.0f} 行/秒" if rows and dt > 0 else ""
        self.stdout.write(f"  {label}：{dt:.2f}s{rate}")

    # --- clearing ----------------------------------------------------------------------------

    def clear(self):
        t0 = time.perf_counter()
        paths = list(synthetic_provinces().values_list("path", flat=True))
        if not paths:
            self.stdout.write("  清除：没有模拟数据")
            return
        unit_table = connection.ops.quote_name(Unit._meta.db_table)
        region_table = connection.ops.quote_name(Region._meta.db_table)
        deleted_units = deleted_regions = 0
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # Plain DELETEs: the ORM's delete() would load every row to run cascades. Anything
                # still referencing these rows makes the (deferred) foreign keys fail the commit.
                for path in paths:
                    cursor.execute(f"DELETE FROM {unit_table} WHERE region_path LIKE %s", [path + "%"])
                    deleted_units += cursor.rowcount
                    cursor.execute(f"DELETE FROM {region_table} WHERE path LIKE %s", [path + "%"])
                    deleted_regions += cursor.rowcount
        except IntegrityError as exc:
            raise CommandError(
                "模拟数据仍被其他数据引用（账户所在单位、角色分配等），请先删除这些数据。未删除任何数据。\n"
                f"{exc}"
            ) from exc
        self.step(f"清除 {deleted_regions:,} 个区划、{deleted_units:,} 个单位", t0)

    # --- regions -----------------------------------------------------------------------------

    def free_prefixes(self, count: int) -> list[str]:
        """Synthetic prefixes not occupied by any (non-synthetic) region."""
        occupied = {
            code[:2] for code in Region.objects.filter(code__regex=r"^(%s)" % "|".join(SYNTHETIC_PREFIXES))
            .values_list("code", flat=True)
        }
        free = [p for p in SYNTHETIC_PREFIXES if p not in occupied]
        if len(free) < count:
            raise CommandError(
                f"可用的模拟省级代码不足：需要 {count} 个，只剩 {len(free)} 个（{', '.join(sorted(occupied))} 已被占用）"
            )
        return free[:count]

    def stem(self) -> str:
        return self.rng.choice(STEM_CHARS) + self.rng.choice(STEM_CHARS)

    def insert_regions(self, rows: list[Region]) -> dict[str, tuple[int, str]]:
        """Insert one level; returns ``code → (id, path)`` (looked up, so it works on any backend)."""
        Region.objects.bulk_create(rows, batch_size=REGION_BATCH)
        by_code = {}
        codes = [r.code for r in rows]
        for i in range(0, len(codes), REGION_BATCH):
            chunk = codes[i:i + REGION_BATCH]
            by_code.update({c: (pk, p) for c, pk, p in
                            Region.objects.filter(code__in=chunk).values_list("code", "id", "path")})
        return by_code

    def generate_regions(self, prefixes, cities_per_province, counties_per_city, townships_per_county):
        """Level by level; returns ``[(township_id, township_path, township_name_parts), …]``."""
        t0 = time.perf_counter()
        parts_of = {}

        def region(code, name_parts, level, parent):
            name = "".join(name_parts)
            parts_of[code] = name_parts
            parent_id, parent_path = parent if parent else (None, "/")
            return Region(code=code, name=name, level=level, parent_id=parent_id, path=f"{parent_path}{code}/",
                          search_key=self.key(*name_parts))

        provinces = self.insert_regions([
            region(f"{p}0000", (MARKER, self.stem(), "省"), RegionLevel.PROVINCE, None) for p in prefixes
        ])
        cities = []
        for p in prefixes:
            parent = provinces[f"{p}0000"]
            cities += [region(f"{p}{c:02d}00", (self.stem(), "市"), RegionLevel.CITY, parent)
                       for c in range(1, cities_per_province + 1)]
        city_rows = cities
        cities = self.insert_regions(city_rows)

        counties = []
        for city, n in zip(city_rows, spread(len(city_rows), counties_per_city), strict=True):
            parent = cities[city.code]
            counties += [region(f"{city.code[:4]}{x:02d}", (self.stem(), "区" if x <= 3 else "县"),
                                RegionLevel.COUNTY, parent) for x in range(1, n + 1)]
        county_rows = counties
        counties = self.insert_regions(county_rows)

        townships = []
        for county, n in zip(county_rows, spread(len(county_rows), townships_per_county), strict=True):
            parent = counties[county.code]
            for t in range(1, n + 1):
                suffix = "街道" if t <= n // 3 else ("镇" if t <= 2 * n // 3 else "乡")
                townships.append(region(f"{county.code}{t:03d}", (self.stem(), suffix), RegionLevel.TOWNSHIP, parent))
        township_ids = self.insert_regions(townships)
        total = len(provinces) + len(cities) + len(counties) + len(township_ids)
        self.step(f"区划：{len(provinces)} 省、{len(cities):,} 市、{len(counties):,} 县、{len(township_ids):,} 乡镇",
                  t0, total)
        return [(*township_ids[t.code], parts_of[t.code]) for t in townships]

    # --- units -------------------------------------------------------------------------------

    def generate_units(self, townships, schools: int):
        if not schools:
            return
        t0 = time.perf_counter()
        rng = self.rng
        counters: dict[tuple[int, str], int] = {}
        made = 0
        while made < schools:
            rows = []
            for _ in range(min(UNIT_CHUNK, schools - made)):
                region_id, path, town = townships[rng.randrange(len(townships))]
                if rng.random() < 0.55:
                    kind, suffix = UnitKind.SCHOOL, rng.choice(SCHOOL_SUFFIXES)
                else:
                    kind, suffix = UnitKind.KINDERGARTEN, rng.choice(KINDERGARTEN_SUFFIXES)
                n = counters[region_id, kind] = counters.get((region_id, kind), 0) + 1
                # "第N" keeps names unique per (region, kind), as the model requires.
                parts = (*town, "第", str(n), suffix)
                rows.append(Unit(kind=kind, name="".join(parts), region_id=region_id, region_path=path,
                                 search_key=self.key(*parts)))
            Unit.objects.bulk_create(rows, batch_size=UNIT_BATCH)
            made += len(rows)
            if made % 100_000 < UNIT_CHUNK or made == schools:
                self.stdout.write(f"    … {made:,} / {schools:,}（{time.perf_counter() - t0:.1f}s）")
        self.step(f"单位：{schools:,}", t0, schools)

    def vacuum(self, skip: bool):
        if connection.vendor != "postgresql":
            return
        t0 = time.perf_counter()
        # VACUUM cannot run inside a transaction (e.g. when called from a test); ANALYZE can.
        skip = skip or connection.in_atomic_block
        with connection.cursor() as cursor:
            for model in (Region, Unit):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"ANALYZE {table}" if skip else f"VACUUM (ANALYZE) {table}")
        self.step("ANALYZE" if skip else "VACUUM ANALYZE", t0)
