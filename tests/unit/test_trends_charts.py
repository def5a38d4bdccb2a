"""Trend chart builders: encodings, the plotted values equal the computed metrics, text alternatives."""

import pandas as pd
import pytest

from beltatlas import growth
from beltatlas.charts import trends as charts

SCALE = pd.DataFrame(
    {
        "province_adcode": [1, 1, 1, 2, 2, 2],
        "year": [2018, 2019, 2020, 2018, 2019, 2020],
        "gmv_yuan": [100.0, 150.0, 400.0, 300.0, 330.0, 363.0],
    }
)
LABELS = {1: "甲", 2: "乙"}


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(key=frame["province_adcode"], label=frame["province_adcode"].map(LABELS))


def spec_values(chart) -> list[dict]:
    spec = chart.to_dict()
    data = spec["datasets"]
    assert len(data) == 1, "one dataset: every layer plots the same frame"
    return next(iter(data.values()))


def layer_encoding(chart, mark: str) -> dict:
    spec = chart.to_dict()
    return next(layer["encoding"] for layer in spec["layer"] if layer["mark"]["type"] == mark)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("absolute", {(1, 2020): 400.0, (2, 2019): 330.0}),
        ("index", {(1, 2020): 400.0, (2, 2019): 110.0}),
        ("share", {(1, 2018): 0.25, (2, 2020): 363.0 / 763.0}),
    ],
)
def test_series_chart_plots_the_view_values(view, expected):
    frame = labelled(growth.province_view(SCALE, [1, 2], view))
    chart = charts.series_chart(frame, y_title="y", y_format=",.1f", description="desc", lang="zh")
    plotted = {(row["key"], row["year"]): row["value"] for row in spec_values(chart)}
    for point, value in expected.items():
        assert plotted[point] == pytest.approx(value)


def test_series_chart_encodings_selection_and_description():
    frame = labelled(growth.province_view(SCALE, [1, 2], "absolute"))
    chart = charts.series_chart(frame, y_title="规模", y_format=",.0f", description="折线图说明", lang="zh")
    spec = chart.to_dict()
    enc = layer_encoding(chart, "line")
    assert enc["x"]["field"] == "year" and enc["x"]["type"] == "ordinal"
    assert enc["y"]["field"] == "value" and enc["y"]["title"] == "规模"
    assert enc["color"]["field"] == "label"
    assert enc["color"]["sort"] == ["甲", "乙"]  # by the last year's value, largest first
    assert [p["name"] for p in spec["params"]] == [charts.PICK]
    assert spec["params"][0]["select"]["fields"] == ["label"]
    assert spec["params"][0]["bind"] == "legend"
    assert spec["description"] == "折线图说明"


def test_marked_series_are_drawn_solid_and_the_rest_dashed():
    frame = labelled(growth.province_view(SCALE, [1, 2], "share")).assign(marked=lambda f: f["key"] == 1)
    chart = charts.series_chart(
        frame, y_title="y", y_format=".0%", description="d", lang="en", marked="Rising"
    )
    dash = layer_encoding(chart, "line")["strokeDash"]
    assert dash["field"] == "marked" and dash["title"] == "Rising"
    assert dash["scale"]["domain"] == [True, False] and dash["scale"]["range"][0] == [1, 0]


def test_cagr_bars_are_ranked_and_equal_the_computed_cagr():
    ranking = labelled(growth.province_growth(SCALE, 2018, 2020)).assign(claimed=lambda f: f["key"] == 2)
    chart = charts.cagr_chart(ranking, description="d", legend_title="named", lang="zh")
    values = {row["key"]: row["cagr"] for row in spec_values(chart)}
    assert values[1] == pytest.approx(1.0)  # 100 → 400 over two years
    assert values[2] == pytest.approx(0.1)  # 300 → 363
    enc = layer_encoding(chart, "bar")
    assert enc["y"]["sort"] == ["甲", "乙"]
    assert enc["x"]["field"] == "cagr"
    assert enc["color"]["scale"]["range"] == list(charts.CLAIMED_COLOURS)


def test_descriptions_name_the_extremes():
    frame = labelled(growth.province_view(SCALE, [1, 2], "absolute"))
    text = charts.describe_series(
        frame, series="规模", view="绝对值", value_text=lambda v: f"{v:.0f}", lang="zh"
    )
    assert "甲（400）" in text and "乙（363）" in text and "2018–2020" in text
    ranking = labelled(growth.province_growth(SCALE, 2018, 2020))
    text = charts.describe_cagr(ranking, start=2018, end=2020, lang="en")
    assert "甲 (+100.0%)" in text and "乙 (+10.0%)" in text


def test_money_unit_follows_the_language():
    assert charts.money_unit("zh") == (1e8, "亿元")
    assert charts.money_unit("en") == (1e9, "billion yuan")
