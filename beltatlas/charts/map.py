"""Chart builders of the map page: the selected province's belt-scale sparkline, and the map views as
Altair charts for image export (`beltatlas.images`), drawn from the same features as the page's map."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import shapely
import shapely.geometry

from beltatlas import layout, maps
from beltatlas.i18n import Lang, province_name, t
from beltatlas.images import FONT

#: Export map size (chart units; PNG pixels = units × scale, 2 by default).
EXPORT_WIDTH = 960
LEGEND_WIDTH = 300


def scale_sparkline(scale: pd.DataFrame, axis_title: str, divisor: float = 1e8) -> alt.Chart:
    """A small line of one province's belt scale by year (`scale`: year, gmv_yuan) in yuan / `divisor`
    (1e8: 亿元 for Chinese; 1e9: billion yuan for English)."""
    data = scale[["year", "gmv_yuan"]].assign(scale_100m=scale["gmv_yuan"] / divisor)
    return (
        alt.Chart(data)
        .mark_line(point=True, color="#2c7fb8")
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("scale_100m:Q", title=axis_title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("scale_100m:Q", title=axis_title, format=",.1f")],
        )
        .properties(height=170)
    )


def _hex(rgb: Sequence[int]) -> str:
    return "#" + "".join(f"{int(v):02x}" for v in rgb[:3])


def _aspect(bounds: layout.Bounds) -> float:
    west, south, east, north = bounds
    return (layout.mercator_y(north) - layout.mercator_y(south)) / math.radians(east - west)


def _polygon_parts(geom: Any) -> list[Any]:
    if geom.geom_type == "Polygon":
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in _polygon_parts(g)]


def _clockwise(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with clockwise outer rings: Vega's d3-geo reads rings on the sphere, and an
    anticlockwise ring (GeoJSON's own order) would mean "everything but this shape"."""
    oriented = shapely.geometry.polygon.orient
    # Snapping to the page's grid can leave a ring touching itself: make_valid mends it.
    geom = shapely.make_valid(shapely.geometry.shape(geometry))
    parts = [p for p in _polygon_parts(geom) if p.area > 0]
    kept = [oriented(p, sign=-1.0) for p in parts]
    return shapely.geometry.mapping(shapely.MultiPolygon(kept))


def _shapes(features: Sequence[dict[str, Any]]) -> alt.Chart:
    features = [{**f, "geometry": _clockwise(f["geometry"])} for f in features]
    return (
        alt.Chart(alt.Data(values=list(features)))
        .mark_geoshape()
        .encode(
            fill=alt.Fill("properties.fill_hex:N", scale=None),
            stroke=alt.Stroke("properties.line_hex:N", scale=None),
            strokeWidth=alt.StrokeWidth("properties.lw:Q", scale=None),
        )
    )


def legend_chart(
    title: str, entries: Sequence[maps.LegendEntry], notes: Sequence[tuple[str, str, str]]
) -> alt.Chart:
    """The legend as a chart: one row per class (swatch and range), then the notes."""
    rows = [{"i": i, "fill": e.colour, "stroke": "#bbbbbb", "label": e.label} for i, e in enumerate(entries)]
    for kind, colour, text in notes:
        if kind == "text":
            rows.append({"i": len(rows), "fill": "#ffffff", "stroke": "#ffffff", "label": text})
        elif kind == "line":
            rows.append({"i": len(rows), "fill": "#ffffff", "stroke": colour, "label": text})
        else:
            rows.append({"i": len(rows), "fill": colour, "stroke": "#bbbbbb", "label": text})
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("i:O", axis=None))
    swatches = base.mark_square(size=180, strokeWidth=2).encode(
        x=alt.value(8), fill=alt.Fill("fill:N", scale=None), stroke=alt.Stroke("stroke:N", scale=None)
    )
    labels = base.mark_text(
        align="left", baseline="middle", fontSize=12, font=FONT, limit=LEGEND_WIDTH - 30
    ).encode(x=alt.value(22), text="label:N")
    return (swatches + labels).properties(
        width=LEGEND_WIDTH,
        height=22 * len(rows),
        title=alt.TitleParams(title, anchor="start", font=FONT, fontSize=14),
        view=alt.ViewBackground(stroke=None),
    )


def national_map_chart(
    view: maps.ProvinceView,
    entries: Sequence[maps.LegendEntry],
    legend_title: str,
    notes: Sequence[tuple[str, str, str]],
) -> alt.HConcatChart:
    """The national map as the page shows it (same classes, colours, outlines, inset frame, 香港 / 澳门
    circles, optional labels), with its legend beside it."""
    features = []
    for feature in maps.province_features(view)["features"]:
        props = feature["properties"]
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "adcode": props["adcode"],
                    "fill_hex": _hex(props["fill"]),
                    "line_hex": _hex(props["line"]),
                    "lw": props["lw"] * 0.8,
                },
            }
        )
    bounds = layout.view_bounds(view.map_layout)
    height = round(EXPORT_WIDTH * _aspect(bounds))
    layers: list[alt.Chart] = []
    if view.map_layout == "standard":
        frame = {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [layout.frame_ring()]},
            "properties": {"fill_hex": maps.FRAME_FILL, "line_hex": maps.FRAME_LINE, "lw": 1},
        }
        layers.append(_shapes([frame]))
    layers.append(_shapes(features))
    sea = [
        {"type": "Feature", "geometry": g, "properties": {}}
        for g in layout.sea_line_geometries(view.map_layout)
    ]
    layers.append(
        alt.Chart(alt.Data(values=sea)).mark_geoshape(filled=False, stroke=maps.SEA_LINE, strokeWidth=1.2)
    )
    islands = [{"lon": x, "lat": y} for x, y in maps.island_points(view.map_layout)]
    layers.append(
        alt.Chart(alt.Data(values=islands))
        .mark_circle(size=4, color=maps.ISLAND_DOT, opacity=1)
        .encode(longitude="lon:Q", latitude="lat:Q")
    )
    sars = [
        {
            "lon": f["geometry"]["coordinates"][0],
            "lat": f["geometry"]["coordinates"][1],
            "fill": _hex(f["properties"]["fill"]),
            "line": _hex(f["properties"]["line"]),
        }
        for f in maps.sar_points(view)["features"]
    ]
    layers.append(
        alt.Chart(alt.Data(values=sars))
        .mark_circle(size=90, opacity=1, strokeWidth=1.2)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            fill=alt.Fill("fill:N", scale=None),
            stroke=alt.Stroke("line:N", scale=None),
        )
    )
    if view.map_layout == "standard":
        _west, south, east, _north = layout.inset_frame()
        layers.append(
            alt.Chart(
                alt.Data(
                    values=[{"lon": east - 0.3, "lat": south + 0.3, "text": t("map.inset_name", view.lang)}]
                )
            )
            .mark_text(align="right", baseline="bottom", fontSize=12, font=FONT, color="#1f2328")
            .encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
        )
    if view.labels:
        names = [
            {"lon": lon, "lat": lat, "text": province_name(adcode, view.lang, short=True)}
            for adcode, (lon, lat) in layout.label_points(view.map_layout).items()
        ]
        layers.append(
            alt.Chart(alt.Data(values=names))
            .mark_text(fontSize=10, font=FONT, color="#1f2328", stroke="#ffffff", strokeWidth=0)
            .encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
        )
    the_map = alt.layer(*layers).properties(
        width=EXPORT_WIDTH,
        height=height,
        projection=alt.Projection(type="mercator"),
        view=alt.ViewBackground(stroke=None),
    )
    return alt.hconcat(the_map, legend_chart(legend_title, entries, notes), spacing=16)


def city_map_chart(
    province_adcode: int, points: Sequence[dict[str, Any]], lang: Lang, selected_city: int | None = None
) -> alt.HConcatChart:
    """The drill-down as the page shows it: the province's cities (the selected one darker) and its
    belts as dots (area ∝ scale, colour by class), with a legend of the classes."""
    shapes = maps.city_shapes(province_adcode)
    features = [
        {
            "type": "Feature",
            "geometry": shape,
            "properties": {
                "fill_hex": maps.CITY_SELECTED_FILL if adcode == selected_city else maps.CITY_FILL,
                "line_hex": maps.SELECTED_OUTLINE if adcode == selected_city else maps.CITY_LINE,
                "lw": 2.0 if adcode == selected_city else 0.8,
            },
        }
        for adcode, _name, shape in shapes
    ]
    bounds = maps.bounds_of([shape for _a, _n, shape in shapes]) if shapes else layout.CHINA_BOUNDS
    height = max(300, min(1400, round(EXPORT_WIDTH * _aspect(bounds))))
    dots = [
        {
            "lon": p["geometry"]["coordinates"][0],
            "lat": p["geometry"]["coordinates"][1],
            "size": round(3.14 * (p["properties"]["r"] * 1.2) ** 2, 1),
            "fill": _hex(p["properties"]["fill"]),
        }
        for p in points
    ]
    belt_layer = (
        alt.Chart(alt.Data(values=dots))
        .mark_circle(opacity=0.8, stroke="#ffffff", strokeWidth=1)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("size:Q", scale=None),
            fill=alt.Fill("fill:N", scale=None),
        )
    )
    the_map = alt.layer(_shapes(features), belt_layer).properties(
        width=EXPORT_WIDTH,
        height=height,
        projection=alt.Projection(type="mercator"),
        view=alt.ViewBackground(stroke=None),
    )
    return alt.hconcat(the_map, spacing=16)
