"""Map builders: metric values, classes and legend, layers, tooltips, geometry and framing."""

import json
import math

import mapclassify
import numpy as np
import pandas as pd
import pytest

from beltatlas import layout, maps, report
from beltatlas.growth import cagr

XSS = "<img src=x onerror=alert(1)>"


def _series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype="float64")


def _official(rows: list[tuple[int, int, str, float, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["province_adcode", "year", "indicator", "value", "unit", "coverage"])


def _view(metric="scale", values=None, selected=None, lang="zh") -> maps.ProvinceView:
    values = values if values is not None else _series({440000: 100.0, 330000: 50.0, 110000: 10.0})
    full = pd.Series(np.nan, index=maps.all_adcodes(), dtype="float64")
    full.loc[values.index] = values
    return maps.ProvinceView(metric, full, maps.classify(full, "equal"), lang, "示例", selected=selected)


# 1/ Values ---------------------------------------------------------------------------------------


def test_all_34_units_have_a_value_slot():
    values = maps.province_values({"belts": None, "belt_gmv": None}, "scale", 2020)
    assert len(values) == 34 and values.isna().all()
    assert {710000, 810000, 820000} <= set(values.index)


def test_belt_scale_sums_a_province_and_growth_is_the_cagr():
    belts = pd.DataFrame({"belt_id": ["a", "b", "c"], "province_adcode": [440000, 440000, 330000]})
    gmv = pd.DataFrame(
        {
            "belt_id": ["a", "b", "c", "a", "b", "c"],
            "year": [2018, 2018, 2018, 2020, 2020, 2020],
            "gmv_yuan": [1.0, 3.0, 2.0, 5.0, 4.0, 8.0],
        }
    )
    tables = {"belts": belts, "belt_gmv": gmv}
    assert maps.metric_years(tables, "scale") == [2018, 2020]
    scale = maps.province_values(tables, "scale", 2020)
    assert scale[440000] == 9.0 and scale[330000] == 8.0 and math.isnan(scale[110000])
    growth = maps.province_values(tables, "growth")
    assert growth[440000] == pytest.approx(cagr(4.0, 9.0, 2))
    assert growth[330000] == pytest.approx(1.0)  # 2 -> 8 in two years: doubles each year
    assert maps.province_values(tables, "belts")[440000] == 2


def test_ecommerce_sales_in_yi_yuan_become_yuan_and_national_rows_are_ignored():
    stats = _official(
        [
            (440000, 2020, "ecommerce_sales", 1.5, "亿元", "complete"),
            (100000, 2020, "ecommerce_sales", 9.0, "亿元", "complete"),
        ]
    )
    values = maps.province_values({"official_stats": stats}, "ecommerce_sales", 2020)
    assert values[440000] == 1.5e8
    assert values.notna().sum() == 1


def test_taobao_villages_only_complete_years_absent_mainland_provinces_count_zero():
    stats = _official(
        [
            (330000, 2015, "taobao_villages", 280.0, "个", "complete"),
            (330000, 2020, "taobao_villages", 1757.0, "个", "partial"),
            (100000, 2020, "taobao_villages", 5425.0, "个", "complete"),
        ]
    )
    tables = {"official_stats": stats}
    assert maps.metric_years(tables, "taobao_villages") == [2015]
    values = maps.province_values(tables, "taobao_villages", 2015)
    assert values[330000] == 280.0
    assert values[620000] == 0.0  # a complete list that does not name 甘肃: none there
    assert math.isnan(values[810000]) and math.isnan(values[710000])  # outside the mainland lists
    assert maps.province_values(tables, "taobao_villages", 2020).isna().all()


def test_ranks_largest_first_ties_share_and_missing_stay_missing():
    ranks = maps.ranks(_series({1: 5.0, 2: 9.0, 3: 5.0, 4: math.nan}))
    assert ranks.tolist()[:3] == [2.0, 1.0, 2.0] and math.isnan(ranks[4])


# 2/ Classes and legend ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:Numba not installed")
@pytest.mark.parametrize("scheme", maps.SCHEMES)
def test_legend_bounds_are_the_classifiers_bins(scheme):
    values = _series({i: v for i, v in enumerate([1, 2, 3, 5, 8, 13, 21, 34, 55, 89, math.nan])})
    classes = maps.classify(values, scheme)
    expected = maps.CLASSIFIERS[scheme](values.dropna().to_numpy(), k=5)
    assert classes.bins == pytest.approx(tuple(expected.bins))
    entries = maps.legend(classes, str)
    assert [e.upper for e in entries] == pytest.approx(list(expected.bins))
    assert entries[0].lower == 1.0
    assert [e.lower for e in entries[1:]] == pytest.approx(list(expected.bins[:-1]))
    assert [e.colour for e in entries] == list(maps.PALETTES[5])
    assert classes.of[10] == -1  # the missing value has no class
    assert [classes.of[i] for i in range(10)] == list(expected.yb)


def test_equal_interval_by_hand():
    classes = maps.classify(_series({1: 0, 2: 10, 3: 20, 4: 30, 5: 40}), "equal", k=4)
    assert classes.bins == (10.0, 20.0, 30.0, 40.0)
    assert [classes.of[i] for i in range(1, 6)] == [0, 0, 1, 2, 3]
    labels = [e.label for e in maps.legend(classes, lambda v: f"{v:g}")]
    assert labels == ["0 – 10", "10 – 20", "20 – 30", "30 – 40"]


def test_fewer_distinct_values_fewer_classes_and_no_values_no_classes():
    two = maps.classify(_series({1: 3.0, 2: 3.0, 3: 7.0}), "quantiles")
    assert two.k == 2 and set(two.of.values()) == {0, 1}
    one = maps.classify(_series({1: 4.0, 2: 4.0}), "jenks")
    assert one.bins == (4.0,) and maps.legend(one, str)[0].label == "4.0"
    none = maps.classify(_series({1: math.nan}), "equal")
    assert none.k == 0 and maps.legend(none, str) == []


def test_legend_money_bounds_read_in_wan_and_yi():
    classes = maps.classify(_series({1: 5e7, 2: 2e9, 3: 3e10}), "equal", k=3)
    labels = [e.label for e in maps.legend(classes, maps.formatter("money", "zh"))]
    assert labels[0].startswith("5,000.0万元 – ") and labels[-1].endswith("300.0亿元")


def test_legend_html_escapes_every_text():
    entries = [maps.LegendEntry("#ffffcc", 0, 1, XSS)]
    out = maps.legend_html(XSS, entries, [("fill", "#e3e3e3", XSS)])
    assert "<img" not in out and out.count("&lt;img src=x onerror=alert(1)&gt;") == 3


# 3/ Layers and tooltips --------------------------------------------------------------------------


def _layers(deck) -> list[dict]:
    return maps.deck_layers(json.loads(deck.to_json()))


def test_province_deck_layers_ids_and_picking():
    spec = json.loads(maps.province_deck(_view()).to_json())
    layers = {layer["id"]: layer for layer in maps.deck_layers(spec)}
    assert list(layers) == [
        maps.FRAME_LAYER,
        maps.PROVINCE_LAYER,
        maps.BORDER_LAYER,
        maps.CORE_LAYER,
        maps.SELECTED_LAYER,
        maps.SEA_LAYER,
        maps.ISLAND_LAYER,
        maps.SAR_LAYER,
        maps.FRAME_NAME_LAYER,
    ]
    # Nothing selected: the selected outline's layer is there, empty.
    assert layers[maps.SELECTED_LAYER]["data"] == []
    # Every line is a LineLayer (no PathLayer: one shader program less for the browser to build).
    kinds = {x["@@type"] for x in layers.values()}
    assert kinds == {"GeoJsonLayer", "LineLayer", "TextLayer"}
    # No top-level layer shows Streamlit a colour accessor to fade on a click: colours sit in
    # sub-layers, or the layer is in a nested list (the outlines), which Streamlit leaves alone.
    top = [x for x in spec["layers"] if isinstance(x, dict)]
    assert not [x["id"] for x in top if {"getFillColor", "getColor"} & set(x)]
    nested = [x for x in spec["layers"] if isinstance(x, list)]
    assert [[y["id"] for y in x] for x in nested] == [
        [maps.BORDER_LAYER, maps.CORE_LAYER, maps.SELECTED_LAYER, maps.SEA_LAYER]
    ]
    # Fills only: outlines drawn by the provinces' layer would be a polygon stroke per neighbour.
    assert layers[maps.PROVINCE_LAYER]["stroked"] is False
    assert all(not v.get("autoHighlight") for v in layers.values())
    assert layers["provinces"]["pickable"] is True and layers[maps.SAR_LAYER]["pickable"] is True
    assert [k for k, v in layers.items() if v.get("pickable")] == [maps.PROVINCE_LAYER, maps.SAR_LAYER]
    # Fills go to the fill sub-layer (Streamlit fades a selected layer's `getFillColor`).
    assert "getFillColor" not in layers["provinces"]
    assert layers["provinces"]["_subLayerProps"]["polygons-fill"] == {"getFillColor": "@@=properties.fill"}
    assert layers["provinces"]["_subLayerProps"]["polygons-stroke"] == {"pickable": False}
    assert layers[maps.BORDER_LAYER]["widthUnits"] == "pixels"  # a literal, not a JS expression
    assert layers[maps.BORDER_LAYER]["getColor"] == maps.hex_rgb(maps.BORDER)
    assert layers[maps.CORE_LAYER]["getColor"] == maps.hex_rgb(maps.CORE_OUTLINE)
    assert len(layers["provinces"]["data"]["features"]) == 34
    # The dashes where they fall north of the main frame's edge, and all ten again in the inset.
    sea = layers[maps.SEA_LAYER]["data"]
    dashes = [r for r in sea if r["w"] == 1.5]
    assert len(dashes) >= 10 and len(sea) - len(dashes) == len(maps.layout.frame_ring()) - 1
    assert len(layers[maps.ISLAND_LAYER]["data"]["features"]) > 20
    sars = {f["properties"]["adcode"]: f for f in layers[maps.SAR_LAYER]["data"]["features"]}
    assert set(sars) == {810000, 820000} and "香港" in sars[810000]["properties"]["tip"]
    # No basemap: pydeck's sentinel tells Streamlit to draw none, and nothing names a host.
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert "http" not in json.dumps(spec)


def _unit_segments(adcode: int) -> set:
    shape = next(s for a, _zh, _en, s in maps.province_shapes() if a == adcode)
    return {seg for polygon in shape["coordinates"] for ring in polygon for seg in maps._segments(ring)}


def test_borders_are_the_shared_edges_drawn_once_and_core_outlines_the_core_rings():
    borders, core = maps.border_segments(), maps.core_segments()
    assert len(set(borders)) == len(borders) and len(set(core)) == len(core)
    assert not set(borders) & set(core)
    sichuan, chongqing = _unit_segments(510000), _unit_segments(500000)
    shared = sichuan & chongqing
    assert len(shared) > 20 and shared <= set(borders)
    # A coast is nobody's border: 海南 (an island, no neighbour) adds no segment.
    assert not _unit_segments(460000) & set(borders)
    # 广东 (core): its edge with 广西 is red, and so is its coast, islets under ~2 px left out.
    guangdong, guangxi = _unit_segments(440000), _unit_segments(450000)
    assert guangdong & guangxi and guangdong & guangxi <= set(core)
    assert 0.5 * len(guangdong) < len(guangdong & set(core)) < len(guangdong)
    # Each border is drawn once where polygon strokes drew it once per neighbour.
    strokes = sum(len(_unit_segments(a)) for a in maps.all_adcodes())
    assert len(borders) + len(core) < 0.6 * strokes


def test_deck_json_is_compact_and_within_budget():
    text = maps.province_deck(_view()).to_json()
    assert "\n" not in text
    assert len(text.encode()) <= 650_000  # everything inline, the page's fallback
    # As the page sends it: the big layers' data are URLs (ui.publish_json), the spec a few KB.
    published: list = []
    spec = maps.province_deck(_view(), publish=lambda p: published.append(p) or "app/static/maps/x.json")
    assert len(spec.to_json().encode()) <= 8_000
    assert len(published) == 5  # fills, borders, core outlines, sea line, islands


def test_core_provinces_outlined_and_selected_drawn_last():
    features = maps.province_features(_view(selected=510000))["features"]
    props = {f["properties"]["adcode"]: f["properties"] for f in features}
    assert {a for a, p in props.items() if p["line"] == maps.hex_rgb(maps.CORE_OUTLINE)} == set(
        report.CORE_PROVINCES
    )
    assert props[510000]["line"] == maps.hex_rgb(maps.SELECTED_OUTLINE) and props[510000]["lw"] == 3.0
    assert features[-1]["properties"]["adcode"] == 510000
    assert {f["properties"]["adcode"] for f in features[-11:-1]} == set(report.CORE_PROVINCES)
    assert set(features[0]["properties"]) == {"adcode", "fill", "line", "lw", "tip"}


def test_tooltip_has_name_value_class_and_rank_and_no_data_is_grey():
    props = {f["properties"]["adcode"]: f["properties"] for f in maps.province_features(_view())["features"]}
    assert props[330000]["tip"].split("\n") == ["浙江省 · 十大核心产地", "50元 · 示例", "排名 2/3"]
    assert props[620000]["tip"].split("\n") == ["甘肃省", "无数据"]
    assert props[620000]["fill"] == maps.hex_rgb(maps.NO_DATA)
    en = {
        f["properties"]["adcode"]: f["properties"]
        for f in maps.province_features(_view(lang="en"))["features"]
    }
    assert en[440000]["tip"].split("\n")[2] == "Rank 1 of 3"


def test_tooltip_is_plain_text_so_markup_in_data_shows_as_text():
    # Streamlit fills {tip} into the tooltip and deck.gl shows a `text` tooltip with innerText:
    # the value is never parsed as HTML, whatever it contains.
    assert maps.tooltip_spec()["text"] == "{tip}" and "html" not in maps.tooltip_spec()
    belts = pd.DataFrame(
        {
            "belt_id": ["x"],
            "name_zh": [XSS],
            "name_en": [XSS],
            "lon": [113.1],
            "lat": [23.0],
            "provenance": ["user"],
        }
    )
    points = maps.belt_points(belts, pd.Series({"x": 2e8}), "zh", {"user": "用户"})
    assert points[0]["properties"]["tip"] == f"{XSS}\n2.0亿元 · 用户"
    deck = maps.city_deck(440000, points, {})
    assert deck._tooltip == maps.tooltip_spec()


def test_city_deck_layers_and_belt_points_sized_by_scale():
    belts = pd.DataFrame(
        {
            "belt_id": ["big", "small", "nowhere"],
            "name_zh": ["大", "小", "无坐标"],
            "name_en": ["Big", "Small", "No place"],
            "lon": [113.3, 113.1, None],
            "lat": [23.1, 22.9, None],
            "provenance": ["report", "sample", "sample"],
        }
    )
    points = maps.belt_points(belts, pd.Series({"big": 4e9, "small": 1e9}), "en", {})
    props = [p["properties"] for p in points]
    assert [p["belt_id"] for p in props] == ["big", "small"]
    assert props[0]["r"] == 22.0 and props[1]["r"] == 13.0  # area ∝ scale: radius 4 + 18·√share
    assert props[0]["fill"][:3] == maps.hex_rgb(maps.BELT_COLOURS["report"])
    layers = _layers(maps.city_deck(440000, points, {440100: "广州市"}))
    ids = [maps.CITY_LAYER, maps.CITY_BORDER_LAYER, maps.CITY_SELECTED_LAYER, maps.BELT_LAYER]
    assert [layer["id"] for layer in layers] == ids
    by_id = {layer["id"]: layer for layer in layers}
    assert by_id[maps.CITY_LAYER]["pickable"] and by_id[maps.BELT_LAYER]["pickable"]
    # Outlines are line segments, not polygon strokes; nothing selected: no selected outline.
    assert by_id[maps.CITY_LAYER]["stroked"] is False
    assert {by_id[i]["@@type"] for i in ids[1:3]} == {"LineLayer"}
    assert by_id[maps.CITY_SELECTED_LAYER]["data"] == []
    cities = layers[0]["data"]["features"]
    assert len(cities) == 21  # 广东's prefecture-level cities
    assert next(f for f in cities if f["properties"]["adcode"] == 440100)["properties"]["tip"] == "广州市"


def test_city_borders_are_every_city_edge_once_and_the_selected_city_is_outlined():
    shapes = maps.city_shapes(440000)
    edges = [seg for _a, _n, shape in shapes for ring in maps._rings(shape) for seg in maps._segments(ring)]
    borders = maps.city_segments(440000)
    # A border two cities share is one segment: fewer segments than edges, none drawn twice.
    assert len(borders) == len(set(borders)) == len(set(edges)) < len(edges)
    guangzhou = maps.city_outline_segments(440000, 440100)
    assert guangzhou and set(guangzhou) <= set(borders)
    assert maps.city_outline_segments(440000, None) == () == maps.city_outline_segments(440000, 330100)
    deck = _layers(maps.city_deck(440000, [], {}, selected_city=440100))
    selected = next(layer for layer in deck if layer["id"] == maps.CITY_SELECTED_LAYER)
    assert len(selected["data"]) == len(guangzhou)
    assert selected["getColor"] == maps.hex_rgb(maps.SELECTED_OUTLINE)


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (
            {
                "selection": {
                    "indices": {"provinces": [3]},
                    "objects": {"provinces": [{"properties": {"adcode": 440000}}]},
                }
            },
            440000,
        ),
        ({"selection": {"indices": {}, "objects": {}}}, None),
        (
            {"selection": {"indices": {"belt-points": [0]}, "objects": {"belt-points": [{"belt_id": "a"}]}}},
            None,
        ),
        (None, None),
        ("garbage", None),
    ],
    ids=["province", "empty", "other_layer", "none", "garbage"],
)
def test_clicked_province_reads_streamlits_selection_state(selection, expected):
    assert maps.clicked_province(selection) == expected


def test_clicked_belt_city_and_sar_read_their_layers():
    selection = {
        "selection": {"objects": {"belt-points": [{"properties": {"belt_id": "shunde-appliances"}}]}}
    }
    assert maps.clicked_belt(selection) == "shunde-appliances"
    city = {"selection": {"objects": {maps.CITY_LAYER: [{"properties": {"adcode": 440100}}]}}}
    assert maps.clicked_city(city) == 440100 and maps.clicked_province(city) is None
    sar = {"selection": {"objects": {maps.SAR_LAYER: [{"properties": {"adcode": 810000}}]}}}
    assert maps.clicked_province(sar) == 810000
    assert maps.selection_signature({"selection": {"indices": {"a": [1]}}}) != maps.selection_signature(
        {"selection": {"indices": {"a": [2]}}}
    )
    assert maps.clicked_belt({"selection": {"objects": {}}}) is None


# 4/ Geometry and framing -------------------------------------------------------------------------


def test_snapping_keeps_shared_edges_and_drops_only_tiny_northern_islands():
    square = [[[100.0, 30.0], [101.0, 30.0], [101.0, 31.0], [100.0, 31.0], [100.0, 30.0]]]
    islet_north = [[[120.001, 30.001], [120.004, 30.001], [120.004, 30.004], [120.001, 30.001]]]
    islet_south = [[[112.001, 16.001], [112.009, 16.001], [112.009, 16.009], [112.001, 16.001]]]
    shape = maps.snap_geometry(
        {"type": "MultiPolygon", "coordinates": [square, islet_north, islet_south]}, 0.02
    )
    assert shape["coordinates"][0] == [
        [[100.0, 30.0], [101.0, 30.0], [101.0, 31.0], [100.0, 31.0], [100.0, 30.0]]
    ]
    assert len(shape["coordinates"]) == 2  # the South China Sea islet stays, the northern one goes
    assert shape["coordinates"][1][0][0][1] < 20
    # A unit made only of a tiny polygon is kept, not dropped.
    alone = maps.snap_geometry({"type": "Polygon", "coordinates": islet_north}, 0.02)
    assert alone is not None


def test_every_unit_survives_snapping_incl_macau_and_the_south_china_sea():
    shapes = {adcode: shape for adcode, _zh, _en, shape in maps.province_shapes(map_layout="full")}
    assert len(shapes) == 34 and 820000 in shapes
    south = min(y for polygon in shapes[460000]["coordinates"] for x, y in polygon[0])
    assert south < 4.5  # 曾母暗沙 region, at the southern end of the standard map


@pytest.mark.parametrize(("width", "height"), [maps.VIEW_SIZE, (900, 540), (1280, 560), (3200, 1500)])
@pytest.mark.parametrize("map_layout", ["standard", "full"])
def test_first_view_shows_the_whole_map_at_any_size(width, height, map_layout):
    view = maps.national_view(width, height, map_layout)
    west, south, east, north = layout.view_bounds(map_layout)
    for lon, lat in [(west, south), (west, north), (east, south), (east, north)]:
        x, y = maps.pixel_of(view, lon, lat, width, height)
        assert 0 <= x <= width and 0 <= y <= height, (lon, lat, x, y)
    # Fitted: the map touches the padding on one side, it is not a small map in an empty box (the
    # standard layout keeps room for the inset's name under its frame or beside it).
    side = maps.inset_name_side(width, height) if map_layout == "standard" else None
    below = maps.INSET_NAME_ROOM["below"] if side == "below" else 0
    right = maps.INSET_NAME_ROOM["right"] if side == "right" else 0
    x0, y0 = maps.pixel_of(view, west, north, width, height)
    x1, y1 = maps.pixel_of(view, east, south, width, height)
    assert min(x0, y0) <= 8 or height - y1 <= 8 + below or width - x1 <= 8 + right
    assert height - y1 >= below and width - x1 >= right  # the name's room stays free
    # And every unit's outline, the South China Sea islands included, lies inside those bounds.
    b = maps.bounds_of([shape for _a, _z, _e, shape in maps.province_shapes(map_layout=map_layout)])
    assert west <= b[0] and south <= b[1] and b[2] <= east and b[3] <= north


def test_zoom_steps_and_reset_nonce_change_the_view():
    base = maps.national_view(900, 600)
    assert maps.national_view(900, 600, zoom_steps=1).zoom == pytest.approx(base.zoom + maps.ZOOM_STEP)
    nudged = maps.national_view(900, 600, nonce=1)
    # A reset must differ from the last view sent (the browser applies only changed keys) by a
    # millionth of a degree, nothing a reader can see.
    assert nudged.longitude != base.longitude and abs(nudged.longitude - base.longitude) < 1e-5


def test_ranking_table_holds_numbers_in_the_unit_its_header_names():
    values = _series({440000: 7.98e11, 330000: 5.0e10}).reindex(maps.all_adcodes())
    frame, formats = maps.ranking_table(values, "money", "产业带规模 · 2020", "zh")
    header = "产业带规模 · 2020（亿元）"
    assert list(frame.columns) == ["排名", "省份", header]
    assert frame[header].iloc[0] == pytest.approx(7980.0) and frame["省份"].iloc[0] == "广东省"
    assert frame["排名"].iloc[:2].tolist() == [1, 2] and frame["排名"].iloc[2:].isna().all()
    assert frame[header].iloc[2:].isna().all() and len(frame) == 34
    assert formats == {"排名": "%d", header: "%,.1f"}
    growth, formats = maps.ranking_table(_series({440000: 0.123}), "percent", "Growth", "en")
    assert growth["Growth (%)"].iloc[0] == pytest.approx(12.3) and formats["Growth (%)"] == "%+.1f"


def test_official_table_keeps_the_source_unit_in_its_own_column():
    official = pd.DataFrame(
        {
            "indicator": ["broadband_users", "mystery"],
            "year": [2020, 2019],
            "value": [491.9, 3.0],
            "unit": ["万户", "吨"],
        }
    )
    zh = maps.official_table(official, "zh")
    assert zh.to_dict("list") == {
        "指标": ["互联网宽带接入用户", "mystery"],
        "年份": [2020, 2019],
        "数值": [491.9, 3.0],
        "单位": ["万户", "吨"],
    }
    assert maps.official_table(official, "en")["Unit"].tolist() == ["10,000 subscribers", "吨"]


def test_province_facts_by_province_or_its_belts():
    facts = pd.DataFrame(
        {
            "fact_id": ["a", "b", "c"],
            "province_adcode": [440000, None, 330000],
            "belt_id": [None, "shunde", None],
        }
    )
    belts = pd.DataFrame({"belt_id": ["shunde"], "province_adcode": [440000]})
    assert maps.province_facts(facts, belts, 440000)["fact_id"].tolist() == ["a", "b"]


def test_mapclassify_is_the_classifier():
    assert maps.CLASSIFIERS["jenks"] is mapclassify.FisherJenks


def test_sparkline_plots_yi_yuan_in_chinese_and_billions_in_english():
    import pandas as pd

    from beltatlas.charts.map import scale_sparkline

    trend = pd.DataFrame({"year": [2018, 2020], "gmv_yuan": [2e10, 8e10]})
    for divisor, expected in ((1e8, [200.0, 800.0]), (1e9, [20.0, 80.0])):
        values = next(iter(scale_sparkline(trend, "y", divisor).to_dict()["datasets"].values()))
        assert [row["scale_100m"] for row in values] == expected


def test_the_inset_name_is_two_lines_under_its_frame():
    assert maps.two_lines("South China Sea Islands") == "South China\nSea Islands"
    assert maps.two_lines("南海诸岛") == "南海诸岛"
    layers = {x["id"]: x for x in _layers(maps.province_deck(_view(lang="en"), 570, 480))}
    name = layers[maps.FRAME_NAME_LAYER]
    assert name["data"][0]["text"] == "South China\nSea Islands" and "\n" not in name["characterSet"]
    # Under the frame, flush with its right edge: it covers no island of the inset.
    _west, south, east, _north = layout.inset_frame()
    assert name["data"][0]["position"] == [round(east, 3), round(south, 3)]
    assert name["getAlignmentBaseline"] == "top" and name["getTextAnchor"] == "end"


@pytest.mark.parametrize(("width", "height", "side"), [(570, 480, "below"), (1027, 705, "right")])
def test_the_inset_name_goes_where_the_map_has_room(width, height, side):
    # A map bound by its width has room under the frame; one bound by its height, beside it.
    assert maps.inset_name_side(width, height) == side
    layers = {x["id"]: x for x in _layers(maps.province_deck(_view(), width, height))}
    name = layers[maps.FRAME_NAME_LAYER]
    assert name["getTextAnchor"] == ("end" if side == "below" else "start")
    # The map is as large as without the name's room in that direction: the other one binds.
    plain = maps.fit_view(layout.view_bounds("standard"), width, height, padding=6)
    assert maps.national_view(width, height).zoom == pytest.approx(plain.zoom, abs=0.01)
