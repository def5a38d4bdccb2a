"""Charts of the Overview, Stories and belt-profile pages: small standard maps, campaign multipliers, a trend.

Each builder returns an `alt.Chart` (or layer) and takes plain frames; nothing here reads files
except the geo layer through `beltatlas.geo`. The maps are thumbnails: province outlines with their
coordinates rounded (`thumbnail_provinces`), so a chart carries ~1/4 of the full GeoJSON, and always
the South China Sea islands (part of the province features) and the ten-dash line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, Literal

import altair as alt
import pandas as pd

from beltatlas import geo
from beltatlas.i18n import Lang, province_name, t

#: Decimal places kept in thumbnail coordinates (0.01° ≈ 1 km: far below a pixel on a 300 px map of China).
THUMBNAIL_DIGITS = 2

#: A conic projection centred on China, so the country is not sheared as in plain Mercator.
CHINA_PROJECTION = alt.Projection(type="conicEqualArea", parallels=[25, 47], rotate=[-105, 0, 0])

HIGHLIGHT = "#1f6fb2"
BASE = "#dfe4ea"
OUTLINE = "#ffffff"
SEA_LINE = "#5b6b7b"


#: Douglas–Peucker tolerance for thumbnail outlines, in degrees (a 320 px map of China is ~0.2°/px).
THUMBNAIL_TOLERANCE = 0.06


def _douglas_peucker(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Points of a line kept by the Douglas–Peucker rule (the first and last are always kept)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            dist = (
                abs(dy * (px - x1) - dx * (py - y1)) / norm
                if norm
                else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            )
            if dist > best:
                best, index = dist, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _round_ring(ring: list[list[float]], digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    simple = _douglas_peucker(ring, THUMBNAIL_TOLERANCE)
    if len(simple) >= 4:
        ring = simple
    for x, y in ring:
        point = [round(x, digits), round(y, digits)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) < 4:
        # A tiny island would collapse to a point: keep it, at a finer precision.
        return [[round(x, digits + 2), round(y, digits + 2)] for x, y in ring]
    return out


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _oriented(polygon: list[list[list[float]]]) -> list[list[list[float]]]:
    """Exterior ring clockwise, holes counter-clockwise: the winding Vega's (d3's) spherical geoshape
    needs — the other winding would fill the whole globe except the shape."""
    out = []
    for i, ring in enumerate(polygon):
        clockwise = _signed_area(ring) < 0
        out.append(ring if clockwise == (i == 0) else ring[::-1])
    return out


def simplify_geometry(geometry: dict[str, Any], digits: int = THUMBNAIL_DIGITS) -> dict[str, Any]:
    """A Polygon / MultiPolygon / LineString with coordinates rounded and repeated points dropped,
    polygons wound as Vega expects.

    No ring is lost: a ring that would collapse keeps its points at `digits + 2` decimals, so small
    islands (the South China Sea's) stay on the map.
    """
    kind = geometry["type"]
    coords = geometry["coordinates"]
    if kind == "Polygon":
        return {"type": kind, "coordinates": _oriented([_round_ring(r, digits) for r in coords])}
    if kind == "MultiPolygon":
        return {
            "type": kind,
            "coordinates": [_oriented([_round_ring(r, digits) for r in poly]) for poly in coords],
        }
    if kind == "LineString":
        return {
            "type": kind,
            "coordinates": [[round(x, digits + 1), round(y, digits + 1)] for x, y in coords],
        }
    if kind == "MultiLineString":
        return {
            "type": kind,
            "coordinates": [
                [[round(x, digits + 1), round(y, digits + 1)] for x, y in line] for line in coords
            ],
        }
    return geometry


#: Islands smaller than this (degrees) are left off thumbnails, except those of the provinces below.
MIN_ISLAND_DEGREES = 0.15
#: Provinces whose every island stays on a thumbnail: 海南 (the South China Sea islands) and 台湾 (钓鱼岛).
KEEP_ALL_ISLANDS: frozenset[int] = frozenset({460000, 710000})


def _extent(ring: list[list[float]]) -> float:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def thumbnail_geometry(
    adcode: int, geometry: dict[str, Any], digits: int = THUMBNAIL_DIGITS
) -> dict[str, Any]:
    """A province's outline for a thumbnail: rounded, and without islands too small to see.

    The largest polygon of every province is kept (香港 and 澳门 too), and every island of 海南 (the
    South China Sea islands) and 台湾 (钓鱼岛, 赤尾屿), so the thumbnail stays a standard map.
    """
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    largest = max(range(len(polygons)), key=lambda i: _extent(polygons[i][0]))
    kept = [
        [ring for j, ring in enumerate(poly) if j == 0 or _extent(ring) >= MIN_ISLAND_DEGREES]
        for i, poly in enumerate(polygons)
        if i == largest or adcode in KEEP_ALL_ISLANDS or _extent(poly[0]) >= MIN_ISLAND_DEGREES
    ]
    return simplify_geometry({"type": "MultiPolygon", "coordinates": kept}, digits)


@lru_cache(maxsize=4)
def _provinces_text(digits: int, lang: Lang) -> str:
    """The thumbnail provinces as a FeatureCollection JSON string (properties: adcode, name).

    Cached as text so every call hands out fresh objects.
    """
    features = [
        {
            "type": "Feature",
            "properties": {"adcode": code, "name": province_name(code, lang)},
            "geometry": thumbnail_geometry(code, f["geometry"], digits),
        }
        for f in geo.load_provinces_geojson()["features"]
        for code in [int(f["properties"]["adcode"])]
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":"), ensure_ascii=False
    )


@lru_cache(maxsize=2)
def _sea_text(digits: int) -> str:
    lines = [
        {"type": "Feature", "properties": {}, "geometry": simplify_geometry(f["geometry"], digits)}
        for f in geo.load_sea_lines_geojson()["features"]
    ]
    return json.dumps({"type": "FeatureCollection", "features": lines}, separators=(",", ":"))


def thumbnail_provinces(
    digits: int = THUMBNAIL_DIGITS, lang: Lang = "zh"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(province features, ten-dash line features) with rounded coordinates; fresh objects per call."""
    return json.loads(_provinces_text(digits, lang))["features"], json.loads(_sea_text(digits))["features"]


def _features(text: str, publish: Callable[[Any], Any] | None = None) -> alt.Data:
    """GeoJSON features as Vega-Lite data: inline values (Streamlit sends them as JSON; a frame would
    go as Arrow, which cannot carry nested geometry), or, with `publish`, the URL of a file the page
    serves (the spec then stays small and Altair does not validate the shapes on every run). A
    `publish` that cannot write a file gives the features back: they go inline."""
    features = json.loads(text)["features"]
    served = publish(features) if publish is not None else features
    if not isinstance(served, str):
        return alt.Data(values=features)
    return alt.Data(url=served, format=alt.DataFormat(type="json"))


def china_thumbnail(
    highlight: Iterable[int],
    lang: Lang,
    *,
    points: pd.DataFrame | None = None,
    width: int | Literal["container"] = 320,
    height: int = 260,
    publish: Callable[[Any], Any] | None = None,
) -> alt.LayerChart:
    """A small standard map of China: `highlight` provinces filled, others grey, with the ten-dash line.
    `width="container"`: as wide as the column it is drawn in (the projection is fitted to the size).

    `points` (columns lon, lat, label) adds dots, e.g. a belt's location. `publish` (e.g.
    `ui.publish_json`) serves the outlines as files instead of inline data; an image export needs
    the inline form (vl-convert does not fetch the page's files).
    """
    codes = ",".join(str(a) for a in sorted({int(a) for a in highlight}))
    shapes = (
        alt.Chart(_features(_provinces_text(THUMBNAIL_DIGITS, lang), publish))
        .mark_geoshape(stroke=OUTLINE, strokeWidth=0.4)
        .encode(
            color=alt.condition(
                f"indexof([{codes}], datum.properties.adcode) >= 0", alt.value(HIGHLIGHT), alt.value(BASE)
            ),
            tooltip=[alt.Tooltip("properties.name:N", title=t("col.province", lang))],
        )
    )
    line = alt.Chart(_features(_sea_text(THUMBNAIL_DIGITS), publish)).mark_geoshape(
        filled=False, stroke=SEA_LINE, strokeWidth=0.8
    )
    layers: list[alt.Chart] = [shapes, line]
    if points is not None and not points.empty:
        layers.append(
            alt.Chart(points)
            .mark_circle(size=70, color="#d9480f", stroke="white", strokeWidth=1, opacity=1)
            .encode(longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("label:N", title="")])
        )
    return (
        alt.layer(*layers)
        .project(**CHINA_PROJECTION.to_dict())
        .properties(width=width, height=height)
        .configure_view(stroke=None)
    )


def campaign_chart(results: pd.DataFrame, lang: Lang) -> alt.LayerChart:
    """Campaign results as bars of multipliers on a log scale (×1 at the axis), one bar per fact.

    `results` is `stories.campaign_results(...)`; the tooltip of every bar carries the printed form,
    the quoted sentence and its section, and the label at each bar's end the multiplier and printed form.
    """
    frame = results.assign(
        bar=[f"{c} · {i}" for c, i in zip(results["campaign"], results["item"], strict=True)],
        end_label=[
            f"{m}（{p}）" if lang == "zh" else f"{m} ({p})"
            for m, p in zip(results["multiplier_text"], results["printed"], strict=True)
        ],
        base=1.0,
    )
    order = list(frame.sort_values("multiplier", ascending=False)["bar"])
    y = alt.Y("bar:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x = alt.X(
        "multiplier:Q",
        scale=alt.Scale(type="log", domain=[1, 200]),
        title=t("stories.chart.multiplier_axis", lang),
        axis=alt.Axis(values=[1, 2, 5, 10, 20, 50, 100], format="~g"),
    )
    tooltip = [
        alt.Tooltip("bar:N", title=t("stories.chart.result", lang)),
        alt.Tooltip("multiplier_text:N", title=t("stories.chart.multiplier", lang)),
        alt.Tooltip("printed:N", title=t("col.value_as_printed", lang)),
        alt.Tooltip("quote:N", title=t("col.quote", lang)),
        alt.Tooltip("section:N", title=t("col.section", lang)),
    ]
    bars = (
        alt.Chart(frame).mark_bar(color=HIGHLIGHT, height=16).encode(x=x, x2="base:Q", y=y, tooltip=tooltip)
    )
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", dx=4, fontSize=12)
        .encode(x=x, y=y, text="end_label:N", tooltip=tooltip)
    )
    return alt.layer(bars, labels).properties(height=34 * max(len(frame), 1))


def profile_trend_chart(trend: pd.DataFrame, lang: Lang) -> alt.Chart:
    """A belt's yearly scale (belt_gmv rows) as bars in 亿元 / billion yuan."""
    # 亿元 in Chinese, billion yuan in English (the axis title names the unit).
    frame = trend.assign(scale=trend["gmv_yuan"] / (1e8 if lang == "zh" else 1e9))
    axis = t("belt.axis_scale", lang)
    return (
        alt.Chart(frame)
        .mark_bar(color=HIGHLIGHT, size=36)
        .encode(
            x=alt.X("year:O", title=t("col.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("scale:Q", title=axis),
            tooltip=[
                alt.Tooltip("year:O", title=t("col.year", lang)),
                alt.Tooltip("scale:Q", title=axis, format=",.1f"),
            ],
        )
        .properties(height=220)
    )
