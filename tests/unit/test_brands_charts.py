"""Chart builders of the brands page: specs checked through `to_dict()`, no browser."""

import json

import pandas as pd
import pytest

from beltatlas.charts import brands as charts


def overview_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category_l2": ["甲", "乙", "丙"],
            "category": ["A", "B", "C"],
            "cr5": [0.10, 0.55, 0.20],
            "cr10": [0.15, 0.70, 0.30],
            "hhi": [100.0, 900.0, 300.0],
            "band": ["low", "high", "low"],
            "changed": [False, False, True],
        }
    )


def layers(spec: dict) -> list[dict]:
    return spec["layer"]


def test_overview_bars_are_sorted_by_cr5_and_clickable():
    spec = charts.overview_chart(overview_frame(), 0.25, 0.40, "en").to_dict()
    json.loads(json.dumps(spec))  # serialisable as sent to the browser
    bars = next(layer for layer in layers(spec) if layer["mark"]["type"] == "bar")
    assert bars["encoding"]["y"]["sort"] == ["B", "C", "A"]
    assert bars["encoding"]["x"]["field"] == "cr5"
    # Altair lifts a layer's selection to the top and names the view it listens on: the bars.
    (pick,) = spec["params"]
    assert pick["name"] == charts.PICK and pick["views"] == [bars["name"]]
    assert pick["select"]["fields"] == ["category_l2"]


def test_overview_shades_the_bands_at_the_cut_offs_in_force():
    chart = charts.overview_chart(overview_frame(), 0.25, 0.40, "zh")
    spec = chart.to_dict()
    shade = layers(spec)[0]
    assert shade["mark"]["type"] == "rect"
    regions = spec["datasets"][shade["data"]["name"]]
    assert [(r["start"], r["end"]) for r in regions][:2] == [(0.0, 0.25), (0.25, 0.40)]
    assert [r["band_label"] for r in regions] == ["≤25%：区域品牌", "25%–40%：兼具", "≥40%：企业品牌"]
    rules = layers(spec)[1]
    assert [r["cut"] for r in spec["datasets"][rules["data"]["name"]]] == [0.25, 0.40]


def test_overview_outlines_and_marks_the_categories_that_change_band():
    spec = charts.overview_chart(overview_frame(), 0.25, 0.40, "en").to_dict()
    bars = next(layer for layer in layers(spec) if layer["mark"]["type"] == "bar")
    assert bars["encoding"]["strokeWidth"]["condition"]["test"] == "datum.changed"
    data = spec["datasets"][spec["layer"][2]["data"]["name"]] if "data" in spec["layer"][2] else None
    data = data or spec["datasets"][spec["data"]["name"]]
    marker = {row["category"]: row["marker"] for row in data}
    assert marker == {"A": "", "B": "", "C": "◆"}


def test_band_labels_follow_the_cut_offs_and_language():
    assert charts.band_labels(0.15, 0.4, "en") == {
        "low": "≤ 15%: regional brands",
        "mid": "15–40%: both",
        "high": "≥ 40%: enterprise brands",
    }
    assert charts.band_labels(0.125, 0.4, "zh")["low"] == "≤12.5%：区域品牌"


def shares(n: int) -> pd.DataFrame:
    values = pd.Series(range(n, 0, -1), dtype="float64")
    share = values / values.sum()
    return pd.DataFrame(
        {
            "rank": range(1, n + 1),
            "brand": [f"b{i}" for i in range(1, n + 1)],
            "share": share,
            "cum_share": share.cumsum(),
        }
    )


@pytest.mark.parametrize(("n", "marked_rank"), [(12, 5), (3, 3), (1, 1)], ids=["many", "fewer_than_5", "one"])
def test_cumulative_curve_marks_the_top5_point(n, marked_rank):
    spec = charts.cumulative_chart(shares(n), "en").to_dict()
    point = next(layer for layer in layers(spec) if layer["mark"]["type"] == "point")
    rows = spec["datasets"][point["data"]["name"]]
    assert [r["rank"] for r in rows] == [marked_rank]
    assert rows[0]["label"].startswith(f"CR{marked_rank} = ")
    line = next(
        layer
        for layer in layers(spec)
        if layer["mark"]["type"] == "line" and "strokeDash" not in layer["mark"]
    )
    curve = spec["datasets"][line["data"]["name"]]
    assert curve[0]["cum_share"] == 0.0 and curve[-1]["cum_share"] == pytest.approx(1.0)


def test_top_brands_chart_keeps_n_bars_in_rank_order():
    spec = charts.top_brands_chart(shares(12), 10, "zh").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert len(rows) == 10
    assert spec["encoding"]["y"]["sort"] == [f"b{i}" for i in range(1, 11)]


def test_compare_chart_has_one_line_per_category_up_to_rank_20():
    curves = pd.concat([shares(30).assign(category="A"), shares(8).assign(category="B")], ignore_index=True)
    spec = charts.compare_chart(curves, "en").to_dict()
    lines, points = layers(spec)
    data = (
        spec["datasets"][spec["data"]["name"]] if "data" in spec else spec["datasets"][lines["data"]["name"]]
    )
    assert max(r["rank"] for r in data) == 20
    assert lines["encoding"]["color"]["field"] == "category"
    marked = spec["datasets"][points["data"]["name"]]
    assert sorted((r["category"], r["rank"]) for r in marked) == [("A", 5), ("A", 10), ("B", 5)]
