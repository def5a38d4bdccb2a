"""Map image export: the Altair charts carry the page's classes and colours, and render with vl-convert."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from PIL import Image

from beltatlas import images, maps
from beltatlas.charts.map import city_map_chart, national_map_chart


def _view(**kw) -> maps.ProvinceView:
    values = pd.Series({a: float(i) for i, a in enumerate(maps.all_adcodes())}, dtype="float64")
    values[620000] = float("nan")
    classes = maps.classify(values, "quantiles")
    return maps.ProvinceView("scale", values, classes, "zh", "用户", **kw)


def _layers(spec: dict) -> list[dict]:
    return spec["hconcat"][0]["layer"]


def test_national_chart_uses_the_pages_colours_projection_and_inset():
    view = _view(selected=440000)
    chart = national_map_chart(
        view, maps.legend(view.classes, str), "产业带规模 · 2020", [("text", "", "数据类别：用户")]
    )
    spec = chart.to_dict()
    layers = _layers(spec)
    assert spec["hconcat"][0]["projection"]["type"] == "mercator"
    frame, provinces = layers[0], layers[1]
    assert frame["data"]["values"][0]["properties"]["fill_hex"] == maps.FRAME_FILL
    fills = {f["properties"]["adcode"]: f["properties"]["fill_hex"] for f in provinces["data"]["values"]}
    page = {
        f["properties"]["adcode"]: f["properties"]["fill"] for f in maps.province_features(view)["features"]
    }
    assert len(fills) == 34
    assert all(fills[a] == "#" + "".join(f"{v:02x}" for v in page[a]) for a in fills)
    assert fills[620000] == maps.NO_DATA
    legend_rows = spec["hconcat"][1]["data"]["values"]
    assert [r["label"] for r in legend_rows][-1] == "数据类别：用户"
    # 香港 and 澳门 circles are drawn, as on the page.
    assert any(layer["mark"]["type"] == "circle" and len(layer["data"]["values"]) == 2 for layer in layers)


def test_full_layout_has_no_frame():
    chart = national_map_chart(_view(map_layout="full"), [], "x", [])
    assert all(
        "fill_hex" not in (layer.get("data", {}).get("values") or [{}])[0].get("properties", {})
        or layer["data"]["values"][0]["properties"]["fill_hex"] != maps.FRAME_FILL
        for layer in _layers(chart.to_dict())
    )


@pytest.mark.slow
@pytest.mark.skipif(not any(images._has_cjk_font(d) for d in images.FONT_DIRS), reason="no CJK font")
def test_drill_down_png_is_wide_and_its_svg_names_the_class():
    belts = pd.DataFrame(
        {
            "belt_id": ["a"],
            "name_zh": ["甲"],
            "name_en": ["A"],
            "lon": [113.3],
            "lat": [23.1],
            "provenance": ["user"],
        }
    )
    points = maps.belt_points(belts, pd.Series({"a": 1e9}), "zh", {"user": "用户"})
    chart = images.with_context(
        city_map_chart(440000, points, "zh", selected_city=440100),
        title="广东省：地级市与产业带",
        subtitle="数据类别：用户",
        source_line="数据：你载入的数据 · 数据类别：用户",
    )
    png = Image.open(io.BytesIO(images.chart_png(chart)))
    assert png.width >= 1600
    assert "数据类别：用户" in images.chart_svg(chart)
