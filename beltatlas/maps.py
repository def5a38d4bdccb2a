"""Map builders for the 产业带地图 page: metric values, colour classes, legend, tooltips and the deck spec.

Pure functions (no Streamlit). The page picks a metric and a classifier; these functions turn the
dataset's tables into one value per provincial unit, classify the values with mapclassify, and
build a `pydeck.Deck` whose JSON stays small (coordinates snapped to a 0.02° grid, only the
properties the map needs, compact JSON).

No basemap: the deck is built with `map_provider=None`, so Streamlit's front end draws no base
map and fetches no style, tiles or fonts — the map is the provinces on a plain background.
Tooltips are plain text (shown with `innerText` by deck.gl), so a name from data such as
`<img src=x onerror=alert(1)>` shows as text and is never parsed as HTML.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import mapclassify
import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from beltatlas import fmt, geo, growth, layout, metrics, report
from beltatlas.i18n import Lang, has, province_name, t
from beltatlas.layout import CHINA_BOUNDS, Layout

Metric = Literal["scale", "belts", "growth", "ecommerce_sales", "taobao_villages"]
Scheme = Literal["quantiles", "jenks", "equal"]
Kind = Literal["money", "count", "percent"]

METRICS: tuple[Metric, ...] = ("scale", "belts", "growth", "ecommerce_sales", "taobao_villages")
SCHEMES: tuple[Scheme, ...] = ("quantiles", "jenks", "equal")
#: The mapclassify classifier behind each scheme (FisherJenks: exact Jenks natural breaks).
CLASSIFIERS: dict[Scheme, Any] = {
    "quantiles": mapclassify.Quantiles,
    "jenks": mapclassify.FisherJenks,
    "equal": mapclassify.EqualInterval,
}

#: Layer ids (the page reads clicks from `selection.objects[PROVINCE_LAYER]`).
PROVINCE_LAYER = "provinces"
SEA_LAYER = "sea-lines"
#: 香港 and 澳门 are a few pixels at the national view: a circle over each is their hit area.
SAR_LAYER = "sar-hits"
SARS: tuple[int, ...] = (810000, 820000)
SAR_RADIUS_PX = 5
#: The circles sit just east of 香港 and west of 澳门 (degrees of longitude), so that the two stay
#: apart at the smallest national view (they are 0.55° apart: 6 px at 1280 px wide).
SAR_NUDGE: dict[int, float] = {810000: 0.3, 820000: -0.3}
FRAME_LAYER = "inset-frame"
FRAME_NAME_LAYER = f"{FRAME_LAYER}-name"
ISLAND_LAYER = "islands"
LABEL_LAYER = "labels"
SELECTED_LAYER = "selected"
BORDER_LAYER = "borders"
CORE_LAYER = "core-outlines"
CITY_LAYER = "cities"
CITY_BORDER_LAYER = "city-borders"
CITY_SELECTED_LAYER = "city-selected"
BELT_LAYER = "belt-points"

#: 港澳台: no NBS or AliResearch province figures cover them.
OUTSIDE_MAINLAND: frozenset[int] = frozenset({710000, 810000, 820000})

#: Colour-blind-safe sequential palettes (ColorBrewer YlGnBu), by number of classes.
PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#2c7fb8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
}
NO_DATA = "#e3e3e3"
BORDER = "#ffffff"
CORE_OUTLINE = "#c0392b"
SELECTED_OUTLINE = "#1f2328"
SEA_LINE = "#5b6770"
BELT_COLOURS: dict[str, str] = {
    "report": "#1f77b4",
    "sample": "#e6862e",
    "user": "#8e44ad",
    "official": "#2e8b57",
}

#: Snap grid of the national view (degrees): 0.02° is a fifth of a pixel at the first view's zoom.
PROVINCE_GRID = 0.02
CITY_GRID = 0.005
#: Grid for small islands that collapse on the view's grid but must stay (South China Sea).
FINE_GRID = 0.002
SEA_ISLANDS_NORTH = 20.0
FRAME_FILL = "#f3f7fa"
FRAME_LINE = "#7d8a94"
ISLAND_DOT = "#4a555e"


@dataclass(frozen=True)
class Ink:
    """The colours of what is drawn on the page's own background: the inset frame, the islands, the
    dashed line and the text. The dark theme (`?theme=dark`) gets its own, so the inset is not a
    light box on a dark page."""

    frame_fill: str
    frame_line: str
    island: str
    sea: str
    text: str
    halo: str
    selected: str  # the selected unit's outline (black on the light page, white on the dark one)


LIGHT_INK = Ink(FRAME_FILL, FRAME_LINE, ISLAND_DOT, SEA_LINE, "#1f2328", "#ffffff", SELECTED_OUTLINE)
DARK_INK = Ink("#1c2130", "#8b97a1", "#c9d1d9", "#9aa5ad", "#f2f2f2", "#0e1117", "#ffffff")


def ink(dark: bool = False) -> Ink:
    return DARK_INK if dark else LIGHT_INK


#: Font of labels drawn by deck.gl (the browser's own fonts: nothing is fetched).
LABEL_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def hex_rgb(colour: str) -> list[int]:
    """'#2c7fb8' -> [44, 127, 184]."""
    text = colour.lstrip("#")
    return [int(text[i : i + 2], 16) for i in (0, 2, 4)]


# 1/ Metric values --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricSpec:
    """What a metric is: its unit kind, the tables its numbers come from, and whether it has years."""

    key: Metric
    kind: Kind
    tables: tuple[str, ...]
    yearly: bool


SPECS: dict[Metric, MetricSpec] = {
    "scale": MetricSpec("scale", "money", ("belt_gmv",), True),
    "belts": MetricSpec("belts", "count", ("belts",), False),
    "growth": MetricSpec("growth", "percent", ("belt_gmv",), False),
    "ecommerce_sales": MetricSpec("ecommerce_sales", "money", ("official_stats",), True),
    "taobao_villages": MetricSpec("taobao_villages", "count", ("official_stats",), True),
}

_MONEY_FACTORS = {"元": 1.0, "万元": 1e4, "亿元": 1e8, "万亿元": 1e12}


def all_adcodes() -> list[int]:
    """The 34 provincial units of the standard map, by adcode."""
    return [adcode for adcode, _zh, _en, _shape in province_shapes()]


def _official(tables: Mapping[str, pd.DataFrame | None], indicator: str) -> pd.DataFrame:
    stats = tables.get("official_stats")
    if stats is None:
        return pd.DataFrame(columns=["province_adcode", "year", "value", "unit", "coverage"])
    rows = stats[(stats["indicator"] == indicator) & (stats["province_adcode"] != 100000)]
    if "coverage" in rows:
        rows = rows[rows["coverage"].fillna("complete") == "complete"]
    return rows


def _scale(tables: Mapping[str, pd.DataFrame | None], scale: pd.DataFrame | None = None) -> pd.DataFrame:
    if scale is not None:
        return scale
    belt_gmv, belts = tables.get("belt_gmv"), tables.get("belts")
    if belt_gmv is None or belts is None:
        return pd.DataFrame(columns=["province_adcode", "year", "gmv_yuan", "belts"])
    return metrics.province_scale(belt_gmv, belts)


def metric_years(
    tables: Mapping[str, pd.DataFrame | None], metric: Metric, scale: pd.DataFrame | None = None
) -> list[int]:
    """The years a metric can be shown for, ascending; [] for metrics without years.

    淘宝村 counts count only for years where the province list is complete (coverage `complete`).
    `scale` is `metrics.province_scale` of the tables when the caller has it already.
    """
    if metric == "scale":
        return sorted(int(y) for y in _scale(tables, scale)["year"].unique())
    if metric in ("ecommerce_sales", "taobao_villages"):
        return sorted(int(y) for y in _official(tables, metric)["year"].unique())
    return []


def growth_years(
    tables: Mapping[str, pd.DataFrame | None], scale: pd.DataFrame | None = None
) -> tuple[int, int] | None:
    """First and last year of belt scale (2018, 2020 on the bundled data), or None without two years."""
    years = metric_years(tables, "scale", scale)
    return (years[0], years[-1]) if len(years) >= 2 else None


def province_values(
    tables: Mapping[str, pd.DataFrame | None],
    metric: Metric,
    year: int | None = None,
    scale: pd.DataFrame | None = None,
) -> pd.Series:
    """One value per provincial unit (all 34, NaN where there is no figure), indexed by adcode.

    scale: belt sales in yuan; belts: number of belts; growth: CAGR between the first and last year
    of belt scale; ecommerce_sales: NBS 电子商务销售额 in yuan; taobao_villages: 淘宝村 count in a
    year whose list is complete (a mainland province absent from a complete list has none: 0).
    """
    index = pd.Index(all_adcodes(), name="province_adcode")
    out = pd.Series(np.nan, index=index, dtype="float64", name=metric)
    if metric == "scale":
        scale = _scale(tables, scale)
        rows = scale[scale["year"] == year] if year is not None else scale.iloc[0:0]
        values = rows.groupby("province_adcode")["gmv_yuan"].sum()
    elif metric == "belts":
        belts = tables.get("belts")
        values = belts.groupby("province_adcode")["belt_id"].nunique() if belts is not None else pd.Series()
    elif metric == "growth":
        span = growth_years(tables, scale)
        if span is None:
            return out
        table = growth.province_growth(_scale(tables, scale), *span)
        values = table.set_index("province_adcode")["cagr"]
    else:
        rows = _official(tables, metric)
        rows = rows[rows["year"] == year]
        factor = rows["unit"].map(_MONEY_FACTORS).fillna(1.0) if metric == "ecommerce_sales" else 1.0
        values = (rows["value"] * factor).groupby(rows["province_adcode"]).sum()
        if metric == "taobao_villages" and len(rows):
            out.loc[[a for a in index if a not in OUTSIDE_MAINLAND]] = 0.0
    values = values[values.index.isin(index)]
    out.loc[values.index] = values.astype("float64")
    return out


def ranks(values: pd.Series) -> pd.Series:
    """Rank among the units with a value (1 = largest; ties share the best rank); NaN stays NaN."""
    return values.rank(ascending=False, method="min")


# 2/ Classification and legend --------------------------------------------------------------------


@dataclass(frozen=True)
class Classes:
    """Colour classes of a set of values: class i holds values in (bins[i-1], bins[i]].

    `lower` is the smallest value (the first class's lower bound); `of` maps each adcode to its
    class index, -1 for no data.
    """

    scheme: Scheme
    lower: float
    bins: tuple[float, ...]
    of: dict[int, int]

    @property
    def k(self) -> int:
        return len(self.bins)


def classify(values: pd.Series, scheme: Scheme, k: int = 5) -> Classes:
    """Classify the non-missing values with mapclassify (Quantiles, FisherJenks natural breaks,
    EqualInterval) into at most `k` classes (fewer when there are fewer distinct values)."""
    present = values.dropna()
    if present.empty:
        return Classes(scheme, math.nan, (), {int(a): -1 for a in values.index})
    y = present.to_numpy(dtype="float64")
    distinct = len(np.unique(y))
    k = max(1, min(k, distinct))
    if k == 1:
        bins, yb = np.array([y.max()]), np.zeros(len(y), dtype=int)
    else:
        with warnings.catch_warnings():
            # FisherJenks warns that numba is absent: its pure-Python path is quick for 34 values.
            warnings.simplefilter("ignore")
            classifier = CLASSIFIERS[scheme](y, k=k)
        bins, yb = np.asarray(classifier.bins, dtype="float64"), np.asarray(classifier.yb, dtype=int)
    of = {int(a): -1 for a in values.index}
    of.update({int(a): int(c) for a, c in zip(present.index, yb, strict=True)})
    return Classes(scheme, float(y.min()), tuple(float(b) for b in bins), of)


def palette(k: int) -> tuple[str, ...]:
    """The sequential palette for `k` classes (k ≤ 5)."""
    if k < 1:
        return ()
    return PALETTES[min(k, max(PALETTES))]


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    lower: float
    upper: float
    label: str


def formatter(kind: Kind, lang: Lang) -> Callable[[float], str]:
    """How a metric's values read: 万/亿元, counts, or signed percentages."""
    if kind == "money":
        return lambda v: fmt.money(v, lang)
    if kind == "percent":
        return lambda v: fmt.percent(v, signed=True)
    return lambda v: fmt.count(v, lang)


def legend(classes: Classes, fmt_value: Callable[[float], str]) -> list[LegendEntry]:
    """One entry per class, bounds taken from the classifier (lower of class i = upper of class i-1)."""
    colours = palette(classes.k)
    entries = []
    for i, upper in enumerate(classes.bins):
        lower = classes.lower if i == 0 else classes.bins[i - 1]
        label = fmt_value(upper) if lower == upper else f"{fmt_value(lower)} – {fmt_value(upper)}"
        entries.append(LegendEntry(colours[i], lower, upper, label))
    return entries


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def legend_html(title: str, entries: Sequence[LegendEntry], notes: Sequence[tuple[str, str, str]]) -> str:
    """The legend as a small HTML block (every text escaped). `notes` are (kind, colour, text) rows
    where kind is 'fill' (a swatch), 'line' (an outline sample) or 'text' (a line of text, e.g. the
    data class)."""
    rows = [f'<div style="font-weight:600;margin-bottom:4px">{_esc(title)}</div>']
    swatch = "display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:-2px;"
    for entry in entries:
        rows.append(
            f'<div><span style="{swatch}background:{_esc(entry.colour)};border:1px solid #bbb"></span>'
            f"{_esc(entry.label)}</div>"
        )
    for kind, colour, text in notes:
        if kind == "text":
            rows.append(f'<div style="margin-top:4px">{_esc(text)}</div>')
            continue
        style = (
            f"background:{_esc(colour)};border:1px solid #bbb"
            if kind == "fill"
            else f"border:2px solid {_esc(colour)}"
        )
        rows.append(f'<div><span style="{swatch}{style}"></span>{_esc(text)}</div>')
    return '<div style="font-size:0.85rem;line-height:1.6">' + "".join(rows) + "</div>"


# 3/ Geometry -------------------------------------------------------------------------------------


def _snap_ring(ring: Sequence[Sequence[float]], grid: float) -> list[list[float]] | None:
    """A ring snapped to a grid of `grid` degrees, repeated points and back-tracks dropped; None when
    it collapses. Neighbours share vertices exactly, so snapping keeps their common edges equal."""
    out: list[list[float]] = []
    for x, y, *_ in ring:
        point = [round(round(x / grid) * grid, 3), round(round(y / grid) * grid, 3)]
        if out and out[-1] == point:
            continue
        if len(out) >= 2 and out[-2] == point:
            out.pop()
            continue
        out.append(point)
    if len(out) >= 2 and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def snap_geometry(
    geometry: Mapping[str, Any], grid: float, keep_region: tuple[float, float, float, float] | None = None
) -> dict[str, Any] | None:
    """A (Multi)Polygon with its rings snapped to a grid (see `_snap_ring`); None when nothing is left.

    A polygon that collapses on the grid is a small island, below a pixel at the view this grid is
    for: it is dropped, except in the South China Sea (south of 20°N: the islands a standard map must
    show), where it is kept at a fine grid. A unit is never dropped whole (澳门 is a few cells wide).
    `keep_region` (west, south, east, north) replaces "south of 20°N" (the standard layout keeps the
    islands of its inset frame).
    """
    west, south, east, north = keep_region or (-180.0, -90.0, 180.0, SEA_ISLANDS_NORTH)
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    kept, collapsed = [], []
    for polygon in polygons:
        rings = [_snap_ring(ring, grid) for ring in polygon]
        if rings[0] is not None:
            kept.append([ring for ring in rings if ring is not None])
        else:
            collapsed.append(polygon)
    for polygon in collapsed:
        x, y = polygon[0][0][0], polygon[0][0][1]
        if kept and not (west <= x <= east and south <= y < north):
            continue
        outer = _snap_ring(polygon[0], FINE_GRID)
        if outer is not None:
            kept.append([outer])
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


@lru_cache(maxsize=4)
def province_shapes(
    grid: float = PROVINCE_GRID, map_layout: Layout = "standard"
) -> tuple[tuple[int, str, str, dict[str, Any]], ...]:
    """(adcode, name_zh, name_en, snapped geometry) of the 34 units in a layout (`beltatlas.layout`:
    "standard" with the 南海诸岛 inset, or "full"); computed once per grid and layout.

    The geometries are shared between calls: treat them as read-only.
    """
    region = layout.inset_frame() if map_layout == "standard" else None
    out = []
    for adcode, name_zh, name_en, geometry in layout.province_geometries(map_layout):
        shape = snap_geometry(geometry, grid, region)
        if shape is not None:
            out.append((adcode, name_zh, name_en, shape))
    return tuple(out)


@lru_cache(maxsize=64)
def city_shapes(province_adcode: int, grid: float = CITY_GRID) -> tuple[tuple[int, str, dict[str, Any]], ...]:
    """(adcode, name_zh, snapped geometry) of one province's prefecture-level units (read-only)."""
    out = []
    for feature in geo.load_cities_geojson(province_adcode)["features"]:
        shape = snap_geometry(feature["geometry"], grid)
        if shape is not None:
            out.append((int(feature["properties"]["adcode"]), feature["properties"]["name_zh"], shape))
    return tuple(out)


@lru_cache(maxsize=2)
def sea_lines(map_layout: Layout = "standard") -> dict[str, Any]:
    """The South China Sea dashed line in a layout, coordinates rounded to 0.01° (read-only)."""
    features = []
    for geometry in layout.sea_line_geometries(map_layout):
        coords = [[round(x, 2), round(y, 2)] for x, y, *_ in geometry["coordinates"]]
        features.append(
            {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": coords}}
        )
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=2)
def island_points(map_layout: Layout = "standard") -> tuple[tuple[float, float], ...]:
    """One point per South China Sea island (merged on a 0.05° grid), where the layout draws it: the
    islands are below a pixel at the national view, so the map marks them with a dot."""
    seen: dict[tuple[float, float], None] = {}
    for geometry in layout.island_geometries(map_layout):
        x, y = geometry["coordinates"][0][0][:2]
        seen.setdefault((round(round(x / 0.05) * 0.05, 2), round(round(y / 0.05) * 0.05, 2)), None)
    return tuple(seen)


def bounds_of(geometries: Sequence[Mapping[str, Any]]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of MultiPolygons."""
    xs: list[float] = []
    ys: list[float] = []
    for geometry in geometries:
        for polygon in geometry["coordinates"]:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys))


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(
    bounds: tuple[float, float, float, float],
    width: int,
    height: int,
    padding: int = 12,
    bottom: int = 0,
    right: int = 0,
) -> pdk.ViewState:
    """The Web-Mercator view that shows `bounds` whole in a `width` × `height` pixel map, with
    `bottom` more pixels kept free under them and `right` more to their right (for a caption)."""
    west, south, east, north = bounds
    span_x = math.radians(east - west)
    span_y = _mercator_y(north) - _mercator_y(south)
    per_radian = min((width - 2 * padding - right) / span_x, (height - 2 * padding - bottom) / span_y)
    zoom = math.log2(per_radian * 2 * math.pi / 512)
    # The bounds' middle sits `right / 2` pixels left of the map's middle and `bottom / 2` above it.
    mid_x = math.radians((west + east) / 2) + right / 2 / per_radian
    mid_y = (_mercator_y(north) + _mercator_y(south)) / 2 - bottom / 2 / per_radian
    lat = math.degrees(2 * math.atan(math.exp(mid_y)) - math.pi / 2)
    return pdk.ViewState(longitude=round(math.degrees(mid_x), 3), latitude=round(lat, 3), zoom=round(zoom, 2))


# 4/ Deck -----------------------------------------------------------------------------------------


#: The maps' controller: pan and zoom, no double-click zoom and no rotation. With double-click zoom
#: on, deck.gl holds every click until the double-click interval has passed (its click recognizer
#: waits for the double click to fail): ~0.3 s of each click → panel. The zoom buttons and the wheel
#: zoom instead; a rotated choropleth helps nobody. Given as the deck's view, since Streamlit's front
#: end passes a spec's own views their controller (and otherwise turns on deck.gl's default one).
CONTROLLER: dict[str, bool] = {"doubleClickZoom": False, "dragRotate": False, "touchRotate": False}


def map_views() -> list[pdk.View]:
    return [pdk.View(type="MapView", controller=CONTROLLER)]


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck indents by two spaces: 5× the bytes for shapes)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


#: Outlines are drawn but not picked: picking the stroke sub-layer of 34 detailed outlines takes about a
#: second in a software-rendered browser, long enough for deck.gl to stop counting a press as a click.
#: Fills are given to the fill sub-layer, not as the layer's `getFillColor`: Streamlit's front end
#: fades every object but the selected one of a layer whose `getFillColor` it sees (its selection
#: look), which would wash out the classes after a click. The page keeps the map's identity across
#: reruns, so the selection stays; the choropleth must not fade with it. The same holds for every
#: layer's colour (the inset frame, the islands, the labels): each goes to a sub-layer, so a click
#: changes no layer's colours (and deck.gl has no colour attribute to recompute after a click).
#:
#: No hover highlight (`auto_highlight`): it redraws the whole map on every pointer move, which in a
#: software-rendered browser cost ~0.3 s a move (measured: 6 moves over the provinces, 4.0 s of GPU
#: wait with it, 0.4 s without); the tooltip says which unit the pointer is on.
HOVER_HIGHLIGHT = False
UNPICKED_OUTLINES = {"polygons-stroke": {"pickable": False}}
OWN_FILL: dict[str, Any] = {
    **UNPICKED_OUTLINES,
    "polygons-fill": {"getFillColor": "@@=properties.fill"},
    "points-circle": {"getFillColor": "@@=properties.fill"},
}

#: pydeck turns a plain string into a JS expression; a unit name must be a String literal.
PIXELS = pdk.types.String("pixels")

TOOLTIP_STYLE = {
    "backgroundColor": "#1f2328",
    "color": "#ffffff",
    "fontSize": "13px",
    "padding": "6px 8px",
    "whiteSpace": "pre-line",
    "maxWidth": "320px",
}


def tooltip_spec() -> dict[str, Any]:
    """The deck tooltip: the feature's `tip` property as plain text (never HTML)."""
    return {"text": "{tip}", "style": TOOLTIP_STYLE}


def tooltip_text(*lines: object) -> str:
    """Tooltip lines joined by newlines; values are text, shown by deck.gl with innerText."""
    return "\n".join(str(line) for line in lines if line not in (None, ""))


@dataclass(frozen=True)
class ProvinceView:
    """Everything the national map shows: values, classes and labels in one language.

    `map_layout`: "standard" (南海诸岛 in a framed inset) or "full" (true extent); `labels`: draw the
    units' short names; `dark`: the page's dark theme (the inset, islands and dashed line in `DARK_INK`).
    """

    metric: Metric
    values: pd.Series
    classes: Classes
    lang: Lang
    provenance_label: str
    selected: int | None = None
    map_layout: Layout = "standard"
    labels: bool = False
    dark: bool = False


def province_styles(view: ProvinceView) -> dict[int, dict[str, Any]]:
    """Per unit: fill and outline colours (RGB), outline width (px) and the tooltip text."""
    fmt_value = formatter(SPECS[view.metric].kind, view.lang)
    colours = palette(view.classes.k)
    rank = ranks(view.values)
    n = int(view.values.notna().sum())
    core = set(report.CORE_PROVINCES)
    out: dict[int, dict[str, Any]] = {}
    for adcode in all_adcodes():
        value = view.values.get(adcode, math.nan)
        cls = view.classes.of.get(adcode, -1)
        fill = hex_rgb(colours[cls]) if cls >= 0 else hex_rgb(NO_DATA)
        if adcode == view.selected:
            line, width = SELECTED_OUTLINE, 3.0
        elif adcode in core:
            line, width = CORE_OUTLINE, 2.0
        else:
            line, width = BORDER, 0.8
        name = province_name(adcode, view.lang)
        if adcode in core:
            name = f"{name} · {t('map.core_short', view.lang)}"
        if math.isnan(value):
            lines = [name, t("map.no_data", view.lang)]
        else:
            rank_text = t("map.tip.rank", view.lang, rank=int(rank[adcode]), n=n)
            lines = [name, f"{fmt_value(value)} · {view.provenance_label}", rank_text]
        out[adcode] = {"fill": fill, "line": hex_rgb(line), "lw": width, "tip": tooltip_text(*lines)}
    return out


def _unit_features(view: ProvinceView, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The 34 units as GeoJSON features with their adcode and the `province_styles` entries `keys`."""
    styles = province_styles(view)
    return [
        {
            "type": "Feature",
            "geometry": shape,
            "properties": {"adcode": adcode, **{k: styles[adcode][k] for k in keys}},
        }
        for adcode, _zh, _en, shape in province_shapes(PROVINCE_GRID, view.map_layout)
    ]


def province_features(view: ProvinceView) -> dict[str, Any]:
    """The 34 units as a FeatureCollection with what the image export needs: adcode, fill, outline
    colour and width, and the tooltip text. Core provinces and the selected one come last so
    their outlines are drawn over their neighbours'."""
    core = set(report.CORE_PROVINCES)
    features = _unit_features(view, ("fill", "line", "lw", "tip"))
    order = {a: (2 if a == view.selected else 1 if a in core else 0) for a in view.values.index}
    features.sort(key=lambda f: order.get(f["properties"]["adcode"], 0))
    return {"type": "FeatureCollection", "features": features}


#: How a layer's data reaches the browser: inline (the default, `inline`) or as a URL the page serves
#: (`ui.publish_json`). A layer whose data is a URL keeps it across reruns, so deck.gl neither fetches
#: nor tessellates it again when only the selection or the view changed.
Publish = Callable[[Any], Any]


def inline(payload: Any) -> Any:
    return payload


def _inset_ring() -> list[list[float]]:
    return [list(p) for p in layout.frame_ring()]


@lru_cache(maxsize=4)
def _sea_rows(map_layout: Layout, sea: str, frame_line: str) -> tuple[dict[str, Any], ...]:
    """`sea_layer`'s rows (cached, so `ui.publish_json` serialises them once; read-only)."""
    rows = [
        {"s": list(p), "t": list(q), "c": hex_rgb(sea), "w": 1.5}
        for feature in sea_lines(map_layout)["features"]
        for p, q in itertools.pairwise(feature["geometry"]["coordinates"])
    ]
    if map_layout == "standard":
        rows += [
            {"s": p, "t": q, "c": hex_rgb(frame_line), "w": 1.0} for p, q in itertools.pairwise(_inset_ring())
        ]
    return tuple(rows)


def sea_layer(
    map_layout: Layout = "standard", publish: Publish = inline, colours: Ink = LIGHT_INK
) -> pdk.Layer:
    """The dashed line, and in the standard layout the inset frame's outline: one LineLayer of
    segments with their own colour `c` and width `w`, so the frame needs no outline layer of its own
    (and the map no PathLayer: each kind of layer is a shader program for the browser to build)."""
    return pdk.Layer(
        "LineLayer",
        publish(_sea_rows(map_layout, colours.sea, colours.frame_line)),
        id=SEA_LAYER,
        pickable=False,
        get_source_position="s",
        get_target_position="t",
        get_color="c",
        get_width="w",
        width_units=PIXELS,
    )


def frame_layer(map_layout: Layout = "standard", colours: Ink = LIGHT_INK) -> list[pdk.Layer]:
    """The standard layout's inset frame: a light sea-coloured box under the provinces (its outline
    is drawn with the dashed line, in `sea_layer`); none in the full-extent layout."""
    if map_layout != "standard":
        return []
    frame = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [_inset_ring()]},
    }
    return [
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": [frame]},
            id=FRAME_LAYER,
            filled=True,
            stroked=False,
            pickable=False,
            _sub_layer_props={"polygons-fill": {"getFillColor": hex_rgb(colours.frame_fill)}},
        )
    ]


def island_layer(
    map_layout: Layout = "standard", publish: Publish = inline, colours: Ink = LIGHT_INK
) -> pdk.Layer:
    """A dot per South China Sea island, over the provinces (the islands are below a pixel)."""
    points = [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": list(p)}}
        for p in island_points(map_layout)
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        publish({"type": "FeatureCollection", "features": points}),
        id=ISLAND_LAYER,
        point_type=pdk.types.String("circle"),
        get_point_radius=1.3,
        point_radius_units=PIXELS,
        filled=True,
        stroked=False,
        pickable=False,
        _sub_layer_props={"points-circle": {"getFillColor": hex_rgb(colours.island)}},
    )


def two_lines(text: str, longest: int = 12) -> str:
    """`text` broken at the space nearest its middle when longer than `longest` characters (the inset
    is ~90 px wide at 1280 px: "South China Sea Islands" ran out of its frame); Chinese stays as is."""
    if len(text) <= longest or " " not in text:
        return text
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


#: Where the inset's name goes, and the pixels the first view keeps free for it there: two lines of
#: 12 px under the frame, or a column as wide as "South China" beside it.
InsetNameSide = Literal["below", "right"]
INSET_NAME_ROOM: dict[InsetNameSide, int] = {"below": 30, "right": 76}


def frame_name_layer(lang: Lang, colours: Ink = LIGHT_INK, side: InsetNameSide = "below") -> pdk.Layer:
    """The inset's name outside its frame, at its lower right corner: under the frame, flush with its
    right edge, or beside it, flush with its bottom (`inset_name_side`; the frame itself is in
    `frame_layer` and `sea_layer`). Inside the frame it covered the southernmost islands at 1280 px
    (in English: two lines); outside, it covers nothing, and the first view keeps room for it."""
    _west, south, east, _north = layout.inset_frame()
    return _text_layer(
        FRAME_NAME_LAYER,
        [{"position": [round(east, 3), round(south, 3)], "text": two_lines(t("map.inset_name", lang))}],
        size=12,
        anchor="end" if side == "below" else "start",
        baseline="top" if side == "below" else "bottom",
        colours=colours,
        offset=(0, 3) if side == "below" else (4, 0),
    )


def _text_layer(
    layer_id: str,
    rows: list[dict[str, Any]],
    *,
    size: int,
    anchor: str = "middle",
    baseline: str = "center",
    colours: Ink = LIGHT_INK,
    offset: tuple[int, int] = (0, 0),
) -> pdk.Layer:
    """Text in `colours.text` with a `colours.halo` outline (province labels keep the light ink: they
    sit on the class colours, not on the page)."""
    chars = sorted({c for row in rows for c in row["text"]} - {"\n"})
    return pdk.Layer(
        "TextLayer",
        rows,
        id=layer_id,
        get_position="position",
        get_text="text",
        get_size=size,
        size_units=PIXELS,
        get_text_anchor=pdk.types.String(anchor),
        get_alignment_baseline=pdk.types.String(baseline),
        get_pixel_offset=list(offset),
        font_family=pdk.types.String(LABEL_FONT),
        character_set=pdk.types.String("".join(chars)),
        outline_width=2,
        outline_color=[*hex_rgb(colours.halo), 220],
        font_settings={"sdf": True},
        pickable=False,
        _sub_layer_props={"characters": {"getColor": hex_rgb(colours.text)}},
    )


def sar_position(adcode: int, map_layout: Layout = "standard") -> tuple[float, float]:
    """Where the hit circle of 香港 (810000) or 澳门 (820000) is drawn (lon, lat)."""
    lon, lat = layout.label_points(map_layout)[adcode]
    return round(lon + SAR_NUDGE.get(adcode, 0.0), 3), lat


def sar_points(view: ProvinceView) -> dict[str, Any]:
    """香港 and 澳门 as circles at their label point (GeoJSON points), with their unit's fill, adcode
    and tooltip."""
    styles = province_styles(view)
    points = layout.label_points(view.map_layout)
    out = []
    for adcode in SARS:
        if adcode not in points:
            continue
        style = styles[adcode]
        out.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(sar_position(adcode, view.map_layout))},
                "properties": {
                    "adcode": adcode,
                    "fill": style["fill"],
                    "line": hex_rgb(ink(view.dark).selected if adcode == view.selected else SEA_LINE),
                    "tip": style["tip"],
                },
            }
        )
    return {"type": "FeatureCollection", "features": out}


def sar_layer(view: ProvinceView) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        sar_points(view),
        id=SAR_LAYER,
        pickable=True,
        auto_highlight=HOVER_HIGHLIGHT,
        highlight_color=[255, 255, 255, 90],
        point_type=pdk.types.String("circle"),
        get_point_radius=SAR_RADIUS_PX,
        point_radius_units=PIXELS,
        filled=True,
        stroked=True,
        get_line_color="properties.line",
        get_line_width=1.5,
        line_width_units=PIXELS,
        _sub_layer_props=OWN_FILL,
    )


def label_layer(view: ProvinceView) -> pdk.Layer:
    """Short unit names at a point inside each unit (香港 and 澳门 beside their circles)."""
    rows = []
    for adcode, (lon, lat) in layout.label_points(view.map_layout).items():
        if adcode == 820000:
            lon, lat = lon - 0.9, lat - 0.5
        elif adcode == 810000:
            lon, lat = lon + 0.9, lat - 0.5
        rows.append({"position": [lon, lat], "text": province_name(adcode, view.lang, short=True)})
    return _text_layer(LABEL_LAYER, rows, size=11)


#: The map size (pixels) a view is fitted to before the page has measured its column.
VIEW_SIZE: tuple[int, int] = (900, 620)
#: Zoom steps of the zoom buttons (deck.gl zoom: one step doubles the scale).
ZOOM_STEP = 0.75


def national_view(
    width: int = VIEW_SIZE[0],
    height: int = VIEW_SIZE[1],
    map_layout: Layout = "standard",
    zoom_steps: int = 0,
    nonce: int = 0,
) -> pdk.ViewState:
    """The first view of the national map, fitted to `width` × `height`: the main frame and the inset
    (standard) or the whole extent (full). `zoom_steps` zooms in (> 0) or out (< 0) about the same
    centre; `nonce` nudges the view by a millionth of a degree so that the browser takes it as a new
    view (the front end applies a view only when it differs from the last one sent: "reset")."""
    if map_layout == "standard":
        fits = _standard_fits(width, height)
        view = fits[_larger(fits)]
    else:
        view = fit_view(layout.view_bounds(map_layout), width, height, padding=6)
    return nudged(view, zoom_steps, nonce)


def _standard_fits(width: int, height: int) -> dict[InsetNameSide, pdk.ViewState]:
    """The standard layout's first view with the inset's name under its frame, and beside it."""
    bounds = layout.view_bounds("standard")
    return {
        "below": fit_view(bounds, width, height, padding=6, bottom=INSET_NAME_ROOM["below"]),
        "right": fit_view(bounds, width, height, padding=6, right=INSET_NAME_ROOM["right"]),
    }


def inset_name_side(width: int, height: int) -> InsetNameSide:
    """Where the inset's name goes in a `width` × `height` map: under the frame when the map is
    bound by its width (the room below is free anyway), beside it when bound by its height (the
    room at the side is): whichever leaves the map larger."""
    return _larger(_standard_fits(width, height))


def _larger(fits: Mapping[InsetNameSide, pdk.ViewState]) -> InsetNameSide:
    return "right" if fits["right"].zoom > fits["below"].zoom else "below"


def nudged(view: pdk.ViewState, zoom_steps: int = 0, nonce: int = 0) -> pdk.ViewState:
    eps = 1e-6 * (nonce % 2)
    return pdk.ViewState(
        longitude=view.longitude + eps,
        latitude=view.latitude + eps,
        zoom=round(view.zoom + ZOOM_STEP * zoom_steps, 3) + eps,
    )


def selected_layer(view: ProvinceView) -> pdk.Layer:
    """The selected unit's outline (`Ink.selected`: black, white on the dark theme, 3 px), drawn over
    its neighbours' (rings under `CORE_RING_MIN` left out, as for the core outlines); without a
    selection the same layer, empty. The layer is always there, so a click changes its data, not the
    map's layers."""
    segments = _outline_segments(view.map_layout, frozenset({view.selected} - {None}))
    return segment_layer(SELECTED_LAYER, segments, ink(view.dark).selected, 3.0)


#: A straight piece of an outline on the province grid: (x1, y1, x2, y2), its lower end first.
Segment = tuple[float, float, float, float]
#: Rings narrower and lower than this (degrees, ~2 px at the national view) get no core outline:
#: a 2 px red line round an islet of 浙江 or 福建 would be a red dot.
CORE_RING_MIN = 0.1


def _segments(ring: Sequence[Sequence[float]]) -> Iterator[Segment]:
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        yield (x1, y1, x2, y2) if (x1, y1) <= (x2, y2) else (x2, y2, x1, y1)


def _rings(shape: Mapping[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    for polygon in shape["coordinates"]:
        yield from polygon


def _wide(ring: Sequence[Sequence[float]]) -> bool:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys)) >= CORE_RING_MIN


@lru_cache(maxsize=16)
def _outline_segments(map_layout: Layout, adcodes: frozenset[int]) -> tuple[Segment, ...]:
    """The outlines of the units `adcodes` as segments, each once, rings under `CORE_RING_MIN` left
    out (read-only, sorted)."""
    out: set[Segment] = set()
    for adcode, _zh, _en, shape in province_shapes(PROVINCE_GRID, map_layout):
        if adcode in adcodes:
            out.update(segment for ring in _rings(shape) if _wide(ring) for segment in _segments(ring))
    return tuple(sorted(out))


def core_segments(map_layout: Layout = "standard") -> tuple[Segment, ...]:
    """The outlines of the ten core provinces (`report.CORE_PROVINCES`) as segments (read-only)."""
    return _outline_segments(map_layout, frozenset(report.CORE_PROVINCES))


@lru_cache(maxsize=2)
def border_segments(map_layout: Layout = "standard") -> tuple[Segment, ...]:
    """The borders between units as segments, each once (read-only, sorted).

    Only edges two units share: a coast or the country's outer border, white on the page, would not
    show; and edges of the core outlines are left to `core_segments`, drawn over them. Every shared
    edge is drawn once, not once per neighbour as a polygon stroke draws it.
    """
    counts = Counter(
        segment
        for _a, _zh, _en, shape in province_shapes(PROVINCE_GRID, map_layout)
        for ring in _rings(shape)
        for segment in _segments(ring)
    )
    core = set(core_segments(map_layout))
    return tuple(sorted(s for s, n in counts.items() if n >= 2 and s not in core))


@lru_cache(maxsize=8)
def segment_rows(segments: tuple[Segment, ...]) -> tuple[dict[str, list[float]], ...]:
    """The LineLayer's rows of `segments` (cached: the same borders give the same tuple, which
    `ui.publish_json` serialises once; read-only)."""
    return tuple({"s": [x1, y1], "t": [x2, y2]} for x1, y1, x2, y2 in segments)


def segment_layer(
    layer_id: str, segments: tuple[Segment, ...], colour: str, width: float, publish: Publish = inline
) -> pdk.Layer:
    """Segments as a deck.gl LineLayer (`{"s": [x1, y1], "t": [x2, y2]}` rows): a LineLayer draws a segment as
    one quad, where a PathLayer (a polygon's stroke) builds joints and caps for every vertex; measured
    in a software-rendered browser, a redraw of the national map took ~550 ms with the provinces'
    strokes and ~140 ms with fills plus these segments."""
    return pdk.Layer(
        "LineLayer",
        publish(segment_rows(segments)),
        id=layer_id,
        pickable=False,
        get_source_position="s",
        get_target_position="t",
        get_color=hex_rgb(colour),
        get_width=width,
        width_units=PIXELS,
    )


def line_layers(view: ProvinceView, publish: Publish = inline) -> list[pdk.Layer]:
    """Every line of the national map, in drawing order: the units' borders (white), the core
    provinces' outlines (red), the selected unit's outline, the dashed line and the inset frame.

    To be put in the deck as one nested list: Streamlit's front end fades the colours of every
    top-level layer after a click (its selection look) but leaves a nested list alone, and deck.gl
    flattens it."""
    return [
        segment_layer(BORDER_LAYER, border_segments(view.map_layout), BORDER, 0.8, publish),
        segment_layer(CORE_LAYER, core_segments(view.map_layout), CORE_OUTLINE, 2.0, publish),
        selected_layer(view),
        sea_layer(view.map_layout, publish, ink(view.dark)),
    ]


def fill_features(view: ProvinceView) -> dict[str, Any]:
    """The units for the map's fill layer: geometry, adcode, fill and tooltip (their outlines are
    `line_layers`)."""
    return {"type": "FeatureCollection", "features": _unit_features(view, ("fill", "tip"))}


def deck_layers(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The layers of a deck's JSON spec in drawing order, nested lists flattened as deck.gl does."""

    def flat(items: Sequence[Any]) -> Iterator[dict[str, Any]]:
        for item in items:
            if isinstance(item, list):
                yield from flat(item)
            else:
                yield item

    return list(flat(spec.get("layers", [])))


def province_deck(
    view: ProvinceView,
    width: int = VIEW_SIZE[0],
    height: int = VIEW_SIZE[1],
    zoom_steps: int = 0,
    nonce: int = 0,
    publish: Publish = inline,
) -> CompactDeck:
    """The national choropleth: provinces' fills (pickable, tooltip); their borders, the core
    outlines, the selected one's outline, the South China Sea line and the inset frame's outline
    (`line_layers`, a nested list); the islands, 香港 / 澳门 hit circles, the inset frame's fill and
    name (standard layout) and optional labels.
    The provinces' data does not depend on the selection (its outline is a layer of its own), so a
    click leaves the big layers as they were; `publish` may turn the big layers' data into URLs."""
    provinces = pdk.Layer(
        "GeoJsonLayer",
        publish(fill_features(view)),
        id=PROVINCE_LAYER,
        pickable=True,
        auto_highlight=HOVER_HIGHLIGHT,
        highlight_color=[255, 255, 255, 90],
        filled=True,
        stroked=False,
        _sub_layer_props=OWN_FILL,
    )
    colours = ink(view.dark)
    layers: list[Any] = [*frame_layer(view.map_layout, colours), provinces]
    layers += [line_layers(view, publish), island_layer(view.map_layout, publish, colours)]
    layers.append(sar_layer(view))
    if view.map_layout == "standard":
        layers.append(frame_name_layer(view.lang, colours, inset_name_side(width, height)))
    if view.labels:
        layers.append(label_layer(view))
    return CompactDeck(
        layers=layers,
        initial_view_state=national_view(width, height, view.map_layout, zoom_steps, nonce),
        views=map_views(),
        map_provider=None,
        tooltip=tooltip_spec(),
    )


def _picked(selection: Any, layer_id: str) -> list[Any]:
    try:
        return list(selection["selection"]["objects"].get(layer_id) or [])
    except (KeyError, TypeError, AttributeError):
        return []


def _adcode_of(objects: Sequence[Any]) -> int | None:
    for obj in objects:
        props = obj.get("properties", obj) if isinstance(obj, Mapping) else {}
        try:
            return int(props["adcode"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


def selection_signature(selection: Any) -> str:
    """A short text that changes when the map's selection changes (the picked indices per layer)."""
    try:
        indices = selection["selection"]["indices"]
    except (KeyError, TypeError, AttributeError):
        return ""
    return json.dumps(indices, sort_keys=True, default=str)


def clicked_province(selection: Any) -> int | None:
    """The adcode a map click selected, from Streamlit's selection state
    (`{"selection": {"objects": {"provinces": [feature]}}}`, or the 香港 / 澳门 circles), or None."""
    return _adcode_of(_picked(selection, PROVINCE_LAYER)) or _adcode_of(_picked(selection, SAR_LAYER))


def clicked_city(selection: Any) -> int | None:
    """The prefecture city a click on the drill-down selected, or None."""
    return _adcode_of(_picked(selection, CITY_LAYER))


def belt_points(
    belts: pd.DataFrame, scale: pd.Series, lang: Lang, provenance_labels: Mapping[str, str]
) -> list[dict[str, Any]]:
    """One GeoJSON point per belt with a position: radius `r` in pixels (area ∝ scale), `fill` by
    provenance class, and the tooltip text. `scale` is belt sales by belt_id (yuan)."""
    rows = belts.dropna(subset=["lon", "lat"])
    top = float(scale.max()) if len(scale) and scale.max() > 0 else 1.0
    name_col = "name_zh" if lang == "zh" else "name_en"
    out = []
    for belt in rows.itertuples(index=False):
        value = float(scale.get(belt.belt_id, math.nan))
        radius = 4.0 + 18.0 * math.sqrt(value / top) if value == value and value > 0 else 4.0
        cls = str(getattr(belt, "provenance", "sample") or "sample")
        label = provenance_labels.get(cls, cls)
        out.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(belt.lon), 3), round(float(belt.lat), 3)],
                },
                "properties": {
                    "belt_id": str(belt.belt_id),
                    "r": round(radius, 1),
                    "fill": [*hex_rgb(BELT_COLOURS.get(cls, BELT_COLOURS["sample"])), 205],
                    "tip": tooltip_text(getattr(belt, name_col), f"{fmt.money(value, lang)} · {label}"),
                },
            }
        )
    return out


CITY_FILL = "#dfe9f0"
CITY_SELECTED_FILL = "#9ecae1"
CITY_LINE = "#8a9aa6"


def city_view(province_adcode: int, width: int = VIEW_SIZE[0], height: int = VIEW_SIZE[1]) -> pdk.ViewState:
    """The drill-down's first view: the province's cities fitted to the map size."""
    shapes = city_shapes(province_adcode)
    bounds = bounds_of([shape for _a, _n, shape in shapes]) if shapes else CHINA_BOUNDS
    return fit_view(bounds, width, height, padding=24)


def _edges(shapes: Iterable[Mapping[str, Any]]) -> tuple[Segment, ...]:
    """Every edge of `shapes`' rings as a segment, each once (sorted)."""
    return tuple(sorted({seg for shape in shapes for ring in _rings(shape) for seg in _segments(ring)}))


@lru_cache(maxsize=8)
def city_segments(province_adcode: int) -> tuple[Segment, ...]:
    """Every edge of the province's city outlines, each once (shared borders and the province's own
    outline alike; read-only, sorted)."""
    return _edges(shape for _a, _n, shape in city_shapes(province_adcode))


def city_outline_segments(province_adcode: int, city: int | None) -> tuple[Segment, ...]:
    """The outline of one city of the province as segments (empty for None or a city not in it)."""
    return _edges(shape for adcode, _n, shape in city_shapes(province_adcode) if adcode == city)


def city_deck(
    province_adcode: int,
    points: list[dict[str, Any]],
    city_tips: Mapping[int, str],
    width: int = VIEW_SIZE[0],
    height: int = VIEW_SIZE[1],
    selected_city: int | None = None,
    zoom_steps: int = 0,
    nonce: int = 0,
    publish: Publish = inline,
) -> CompactDeck:
    """The drill-down: the province's prefecture cities (plain fill, the selected one darker, both
    pickable), their outlines and the selected city's (line layers, a nested list as on the national
    map: not faded after a click, and no polygon strokes to draw), and its belts as points."""
    features = [
        {
            "type": "Feature",
            "geometry": shape,
            "properties": {
                "adcode": adcode,
                "tip": city_tips.get(adcode, name),
                "fill": hex_rgb(CITY_SELECTED_FILL if adcode == selected_city else CITY_FILL),
            },
        }
        for adcode, name, shape in city_shapes(province_adcode)
    ]
    features.sort(key=lambda f: f["properties"]["adcode"] == selected_city)
    cities = pdk.Layer(
        "GeoJsonLayer",
        publish({"type": "FeatureCollection", "features": features}),
        id=CITY_LAYER,
        pickable=True,
        auto_highlight=HOVER_HIGHLIGHT,
        highlight_color=[255, 255, 255, 90],
        filled=True,
        stroked=False,
        _sub_layer_props=OWN_FILL,
    )
    lines = [
        segment_layer(CITY_BORDER_LAYER, city_segments(province_adcode), CITY_LINE, 1.0, publish),
        segment_layer(
            CITY_SELECTED_LAYER, city_outline_segments(province_adcode, selected_city), SELECTED_OUTLINE, 2.5
        ),
    ]
    belt_layer = pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": points},
        id=BELT_LAYER,
        pickable=True,
        point_type=pdk.types.String("circle"),
        get_point_radius="properties.r",
        point_radius_units=PIXELS,
        filled=True,
        stroked=True,
        get_line_color=[255, 255, 255],
        get_line_width=1,
        line_width_units=PIXELS,
        _sub_layer_props=OWN_FILL,
    )
    return CompactDeck(
        layers=[cities, lines, belt_layer],
        initial_view_state=nudged(city_view(province_adcode, width, height), zoom_steps, nonce),
        views=map_views(),
        map_provider=None,
        tooltip=tooltip_spec(),
    )


def blank_deck() -> CompactDeck:
    """A map with no layers, for the run before the browser has measured the map's column: it loads
    deck.gl's code and starts its canvas, and builds no layer whose view would then be refitted."""
    return CompactDeck(
        layers=[], initial_view_state=national_view(), views=map_views(), map_provider=None, tooltip=False
    )


def clicked_belt(selection: Any) -> str | None:
    """The belt id a click on a belt point selected, or None."""
    for obj in _picked(selection, BELT_LAYER):
        props = obj.get("properties", obj) if isinstance(obj, Mapping) else {}
        if props.get("belt_id"):
            return str(props["belt_id"])
    return None


# 5/ Side panel helpers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableColumn:
    """A metric as a table column: its header (with the unit), the values in that unit and the
    printf display format. Tables hold numbers, never formatted text."""

    header: str
    values: pd.Series
    format: str


def table_column(values: pd.Series, kind: Kind, label: str, lang: Lang) -> TableColumn:
    """Money in 亿元 (`销售额（亿元）`), growth in percent (`（%）`, signed), counts as whole numbers."""
    if kind == "money":
        return TableColumn(fmt.money_header(label, lang), values / fmt.TABLE_MONEY_DIVISOR, "%,.1f")
    if kind == "percent":
        return TableColumn(fmt.percent_header(label, lang), values * 100, "%+.1f")
    return TableColumn(label, values, "%,.0f")


def ranking_table(
    values: pd.Series, kind: Kind, label: str, lang: Lang
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The national ranking, highest first, units without a figure last (no rank): rank, province,
    value in the column's unit; and the display formats of its numeric columns."""
    order = values.sort_values(ascending=False, na_position="last")
    rank = ranks(values).reindex(order.index)
    column = table_column(order, kind, label, lang)
    frame = pd.DataFrame(
        {
            t("col.rank", lang): pd.array(rank.where(order.notna()).round(), dtype="Int64"),
            t("col.province", lang): [province_name(a, lang) for a in order.index],
            column.header: column.values.to_numpy(dtype="float64"),
        }
    )
    return frame, {t("col.rank", lang): "%d", column.header: column.format}


def official_table(official: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """One province's latest official figures as numbers in the unit the source gives, the unit in a
    column of its own: indicator, year, value, unit."""
    names = [
        t(f"map.indicator.{code}", lang) if has(f"map.indicator.{code}") else str(code)
        for code in official["indicator"]
    ]
    return pd.DataFrame(
        {
            t("map.col_indicator", lang): names,
            t("col.year", lang): pd.array(official["year"], dtype="Int64"),
            t("map.col_value", lang): pd.to_numeric(official["value"], errors="coerce").to_numpy("float64"),
            t("map.col_unit", lang): [unit_name(str(u), lang) for u in official["unit"]],
        }
    )


_UNIT_CODES = {
    "元": "yuan",
    "万元": "wan_yuan",
    "亿元": "yi_yuan",
    "万户": "wan_households",
    "万GB": "wan_gb",
    "台": "units",
    "个": "count",
    "%": "percent",
}


def unit_name(unit: str, lang: Lang) -> str:
    """A statistical unit as the reader's language writes it (a unit we do not know stays as given)."""
    code = _UNIT_CODES.get(unit)
    return t(f"map.unit.{code}", lang) if code else unit


def belts_class(belts: pd.DataFrame, table_class: str) -> str:
    """The class a count of belts belongs to: the table's own class for user data; otherwise
    `sample` as soon as one counted belt is a sample row (a count is only as real as its rows)."""
    if table_class == "user":
        return "user"
    if "provenance" in belts and (belts["provenance"] == "sample").any():
        return "sample"
    return table_class


def official_latest(official_stats: pd.DataFrame | None, adcode: int) -> pd.DataFrame:
    """One province's official figures, the latest complete year of each indicator:
    indicator, year, value, unit, source (sorted by indicator)."""
    columns = ["indicator", "year", "value", "unit", "source"]
    if official_stats is None:
        return pd.DataFrame(columns=columns)
    rows = official_stats[official_stats["province_adcode"] == adcode]
    if "coverage" in rows:
        rows = rows[rows["coverage"].fillna("complete") == "complete"]
    rows = rows.sort_values(["indicator", "year"]).groupby("indicator", as_index=False).tail(1)
    return rows[columns].reset_index(drop=True)


def province_facts(
    report_facts: pd.DataFrame | None, belts: pd.DataFrame | None, adcode: int
) -> pd.DataFrame:
    """Report facts about a province: those naming it (province_adcode) or one of its belts."""
    if report_facts is None:
        return pd.DataFrame(columns=["fact_id", "label_zh", "label_en", "value_text", "section", "quote"])
    own = report_facts["province_adcode"] == adcode
    if belts is not None and "belt_id" in report_facts:
        ids = set(belts.loc[belts["province_adcode"] == adcode, "belt_id"])
        own = own | report_facts["belt_id"].isin(ids)
    return report_facts[own].reset_index(drop=True)


def city_tips(
    province_adcode: int, belts: pd.DataFrame, scale_by_belt: pd.Series, lang: Lang, label: str
) -> dict[int, str]:
    """Tooltip of each prefecture city of a province: name, number of belts and their summed scale."""
    mine = belts[belts["province_adcode"] == province_adcode]
    out = {}
    for adcode, name, _shape in city_shapes(province_adcode):
        in_city = mine[mine["city_adcode"] == adcode]
        if in_city.empty:
            out[adcode] = tooltip_text(name)
            continue
        total = float(scale_by_belt.reindex(in_city["belt_id"]).sum())
        out[adcode] = tooltip_text(
            name, t("map.tip.city_belts", lang, n=len(in_city)), f"{fmt.money(total, lang)} · {label}"
        )
    return out


def pixel_of(view: pdk.ViewState, lon: float, lat: float, width: int, height: int) -> tuple[float, float]:
    """Where (lon, lat) lands in a `width` × `height` map showing `view` (x right, y down, pixels)."""
    per_radian = 512 * 2**view.zoom / (2 * math.pi)
    x = width / 2 + math.radians(lon - view.longitude) * per_radian
    y = height / 2 - (_mercator_y(lat) - _mercator_y(view.latitude)) * per_radian
    return x, y
