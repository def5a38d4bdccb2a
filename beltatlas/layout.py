"""The national map's layouts: the standard map with a framed 南海诸岛 inset, or the full extent.

Standard layout (the usual landscape 中国地图): the main frame shows the country north of
`MAIN_SOUTH` (18.0°N, just below 海南岛); the South China Sea — its islands, the dashed line and the
coasts around it, everything inside `INSET_SOURCE` — is drawn a second time, **scaled by
`INSET_SCALE` and moved** into a frame at the lower right (`inset_frame()`). The inset is the same
geometry, not a redrawing: every inset vertex is `inset_point(lon, lat)` of a vertex of the original
file, a similarity transform in Web-Mercator coordinates (a uniform scale and a translation, so
shapes and their proportions are kept, only smaller). Shapes are clipped to the two rectangles with
shapely (`clip_by_rect`). A unit's main-frame and inset parts form one MultiPolygon, so a hover or a
click on 海南's islands in the inset is a hover or click on 海南.

Full layout: the original geometry at its true place, South China Sea included (`CHINA_BOUNDS`).

Pure functions over the committed files in `geo/`; results are cached per process and read-only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal

import shapely
from shapely.geometry import mapping, shape

from beltatlas import geo

Layout = Literal["standard", "full"]
LAYOUTS: tuple[Layout, ...] = ("standard", "full")
Bounds = tuple[float, float, float, float]

#: The standard map's whole extent (lon, lat), South China Sea islands included.
CHINA_BOUNDS: Bounds = (73.5, 3.4, 135.1, 53.6)
#: The main frame of the standard layout: the country north of 18°N (海南岛 reaches 18.15°N).
MAIN_SOUTH = 18.0
MAIN_BOUNDS: Bounds = (73.5, MAIN_SOUTH, 135.1, 53.6)
#: What the inset shows (lon, lat): the South China Sea with its islands and the dashed line.
INSET_SOURCE: Bounds = (106.5, 3.0, 123.5, 25.0)
#: Inset scale (Web-Mercator length in the inset / on the ground's projection) and where its lower
#: right corner lands (lon, lat): east of 台湾 and 钓鱼岛, south of nothing Chinese.
INSET_SCALE = 0.55
INSET_ANCHOR: tuple[float, float] = (134.6, 18.3)
#: Islands: the polygon parts inside the inset whose northernmost point is south of this latitude
#: (西沙, 中沙, 南沙, 黄岩岛 …). They get an outline so that they stay visible at the national zoom.
ISLANDS_NORTH = 17.5


def mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def inverse_mercator_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _inset_offset() -> tuple[float, float]:
    """Translation (radians of lon, Mercator y) that puts the scaled source's lower right at the anchor."""
    _west, south, east, _north = INSET_SOURCE
    ax, ay = INSET_ANCHOR
    dx = math.radians(ax) - INSET_SCALE * math.radians(east)
    dy = mercator_y(ay) - INSET_SCALE * mercator_y(south)
    return dx, dy


def inset_point(lon: float, lat: float) -> tuple[float, float]:
    """Where a point of the South China Sea is drawn in the inset (lon, lat of the map)."""
    dx, dy = _inset_offset()
    x = INSET_SCALE * math.radians(lon) + dx
    y = INSET_SCALE * mercator_y(lat) + dy
    return math.degrees(x), inverse_mercator_y(y)


def inset_frame() -> Bounds:
    """The inset's frame on the map (west, south, east, north)."""
    west, south, east, north = INSET_SOURCE
    x0, y0 = inset_point(west, south)
    x1, y1 = inset_point(east, north)
    return (x0, y0, x1, y1)


def standard_bounds() -> Bounds:
    """What the standard layout's first view must show: the main frame and the inset frame."""
    fw, fs, fe, fn = inset_frame()
    w, s, e, n = MAIN_BOUNDS
    return (min(w, fw), min(s, fs), max(e, fe), max(n, fn))


def view_bounds(layout: Layout) -> Bounds:
    return standard_bounds() if layout == "standard" else CHINA_BOUNDS


def _transform_coords(coords: Any) -> Any:
    return shapely.transform(coords, _inset_array)


def _inset_array(xy):  # shapely.transform passes an (n, 2) array
    import numpy as np

    dx, dy = _inset_offset()
    lon = np.degrees(INSET_SCALE * np.radians(xy[:, 0]) + dx)
    merc = np.log(np.tan(np.pi / 4 + np.radians(xy[:, 1]) / 2))
    lat = np.degrees(2 * np.arctan(np.exp(INSET_SCALE * merc + dy)) - np.pi / 2)
    return np.column_stack([lon, lat])


def _polygons(geom: Any) -> list[Any]:
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if geom.geom_type == "MultiPolygon":
        return list(geom.geoms)
    if geom.geom_type == "GeometryCollection":
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _lines(geom: Any) -> list[Any]:
    if geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [geom]
    if geom.geom_type in ("MultiLineString", "GeometryCollection"):
        return [line for g in geom.geoms for line in _lines(g)]
    return []


def _multipolygon(parts: Sequence[Any]) -> dict[str, Any] | None:
    if not parts:
        return None
    return mapping(shapely.MultiPolygon(parts))


@lru_cache(maxsize=2)
def province_geometries(layout: Layout) -> tuple[tuple[int, str, str, dict[str, Any]], ...]:
    """(adcode, name_zh, name_en, GeoJSON MultiPolygon) of the 34 units in a layout (read-only).

    Standard: the part in the main frame plus the scaled inset part. Full: the file's geometry.
    """
    out = []
    for feature in geo.load_provinces_geojson()["features"]:
        props = feature["properties"]
        geom = shape(feature["geometry"])
        if layout == "standard":
            main = _polygons(shapely.clip_by_rect(geom, *MAIN_BOUNDS))
            inset = _polygons(_transform_coords(shapely.clip_by_rect(geom, *INSET_SOURCE)))
            parts = main + inset
        else:
            parts = _polygons(geom)
        multi = _multipolygon(parts)
        if multi is not None:
            out.append((int(props["adcode"]), props["name_zh"], props["name_en"], multi))
    return tuple(out)


@lru_cache(maxsize=2)
def sea_line_geometries(layout: Layout) -> tuple[dict[str, Any], ...]:
    """The dashed line's dashes as GeoJSON LineStrings: where they fall in the main frame and, in the
    standard layout, their scaled copies in the inset."""
    out = []
    for feature in geo.load_sea_lines_geojson()["features"]:
        geom = shape(feature["geometry"])
        if layout == "standard":
            lines = _lines(shapely.clip_by_rect(geom, *MAIN_BOUNDS))
            lines += _lines(_transform_coords(shapely.clip_by_rect(geom, *INSET_SOURCE)))
        else:
            lines = _lines(geom)
        out.extend(mapping(line) for line in lines)
    return tuple(out)


@lru_cache(maxsize=2)
def island_geometries(layout: Layout) -> tuple[dict[str, Any], ...]:
    """The South China Sea islands (polygon parts south of `ISLANDS_NORTH`), where the layout draws them."""
    out = []
    for feature in geo.load_provinces_geojson()["features"]:
        for part in _polygons(shape(feature["geometry"])):
            if part.bounds[3] >= ISLANDS_NORTH:
                continue
            out.append(mapping(_transform_coords(part) if layout == "standard" else part))
    return tuple(out)


@lru_cache(maxsize=2)
def label_points(layout: Layout) -> dict[int, tuple[float, float]]:
    """Where a unit's name goes (lon, lat): a point on the surface of its largest main-frame part."""
    out = {}
    for feature in geo.load_provinces_geojson()["features"]:
        geom = shape(feature["geometry"])
        if layout == "standard":
            geom = shapely.clip_by_rect(geom, *MAIN_BOUNDS)
        parts = _polygons(geom)
        if not parts:
            continue
        largest = max(parts, key=lambda p: p.area)
        point = largest.point_on_surface()
        out[int(feature["properties"]["adcode"])] = (round(point.x, 3), round(point.y, 3))
    return out


def frame_ring() -> list[list[float]]:
    """The inset frame as a closed ring (lon, lat)."""
    w, s, e, n = (round(v, 3) for v in inset_frame())
    return [[w, s], [e, s], [e, n], [w, n], [w, s]]


def bounds_of_points(points: Iterable[tuple[float, float]]) -> Bounds:
    xs, ys = zip(*points, strict=True)
    return (min(xs), min(ys), max(xs), max(ys))
