"""Server-side chart images: Chinese text comes out as glyphs, with its context line."""

from __future__ import annotations

import io

import altair as alt
import pandas as pd
import pytest
from PIL import Image

from beltatlas import images

pytestmark = pytest.mark.skipif(
    not any(images._has_cjk_font(d) for d in images.FONT_DIRS), reason="no CJK font (make fonts)"
)

TITLE_HEIGHT_PX = 28 * 2  # the 20 px title at scale 2, with its line height


def _chart(title: str) -> alt.TopLevelMixin:
    frame = pd.DataFrame({"省份": ["广东", "浙江"], "规模": [3.0, 2.0]})
    bars = alt.Chart(frame).mark_bar().encode(x="省份:N", y="规模:Q").properties(width=400, height=200)
    return images.with_context(bars, title=title, subtitle="2020 年", source_line="来源：报告 · 类别：示例")


def _title_strip(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.crop((0, 0, image.width // 2, TITLE_HEIGHT_PX))


def _dark_pixels(strip: Image.Image) -> int:
    return sum(1 for value in strip.tobytes() if value < 128)


def test_png_title_is_drawn_in_chinese_glyphs():
    png = images.chart_png(_chart("产业带规模"), scale=2.0)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    strip = _title_strip(png)
    assert _dark_pixels(strip) > 200
    # Without a CJK font every character becomes the same "tofu" box: two different titles of the
    # same length would then draw the same pixels.
    other = _title_strip(images.chart_png(_chart("数字经济"), scale=2.0))
    assert strip.tobytes() != other.tobytes()


def test_png_scale_sets_the_width():
    small = Image.open(io.BytesIO(images.chart_png(_chart("产业带"), scale=1.0)))
    large = Image.open(io.BytesIO(images.chart_png(_chart("产业带"), scale=4.0)))
    assert large.width == pytest.approx(4 * small.width, abs=4)
    assert large.width >= 1600


def test_svg_keeps_title_and_source_line_as_text_in_a_cjk_font():
    svg = images.chart_svg(_chart("产业带规模"))
    assert svg.lstrip().startswith("<svg")
    assert "产业带规模" in svg
    assert "来源：报告 · 类别：示例" in svg
    assert "Noto Sans CJK SC" in svg


def test_with_context_keeps_the_chart_config():
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q").configure_view(stroke=None)
    spec = images.with_context(chart, title="标题", source_line="来源").to_dict()
    assert spec["config"]["view"]["stroke"] is None
    assert spec["config"]["font"] == images.FONT
    assert spec["title"]["text"] == "标题"


def test_register_fonts_is_idempotent():
    images.register_fonts()
    images.register_fonts()


def test_missing_font_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("BELTATLAS_CJK_FONT_DIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
        images.cjk_font_dir()
