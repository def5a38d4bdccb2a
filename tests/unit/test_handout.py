"""The handout PDF: a page per step, and its text layer holds each step's narration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from beltatlas import handout, images, tour
from beltatlas.dataset import load_dataset

pdfium = pytest.importorskip("pypdfium2")
pytestmark = pytest.mark.skipif(
    not any(images._has_cjk_font(d) for d in images.FONT_DIRS), reason="no CJK font (make fonts)"
)
ROOT = Path(__file__).resolve().parents[2]


def _text(page) -> str:
    # Lines break where the page's width ends them; compare without whitespace.
    return re.sub(r"\s+", "", page.get_textpage().get_text_range())


def _has_image(page) -> bool:
    return any(obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(ROOT / "data")[0]


@pytest.mark.slow
def test_the_story_handout_has_a_page_per_step_with_its_picture_and_narration(bundled):
    steps = tour.story(bundled, "zh")
    reader = pdfium.PdfDocument(handout.build(steps, bundled, "zh"))
    assert len(reader) == len(steps) == 9
    for page, step in zip(reader, steps, strict=True):
        text = _text(page)
        assert re.sub(r"\s+", "", step.narration) in text
        assert re.sub(r"\s+", "", step.title) in text
        assert "数据类别" in text  # the class line
        assert _has_image(page), step.key  # the step's picture


def test_a_province_handout_in_english_holds_sources_and_classes(bundled):
    steps = tour.province_story(bundled, 350000, "en")
    pdf = handout.build(steps, bundled, "en", name="Fujian", pictures=[None] * len(steps))
    reader = pdfium.PdfDocument(pdf)
    assert len(reader) == len(steps)
    assert b"NotoSansCJK" in pdf  # the CJK font is embedded
    first = _text(reader[0])
    assert "Fujian" in first and "Class:Sample" in first
    official = _text(reader[3])
    assert "Class:Official" in official and "国家统计局" in official
    for page, step in zip(reader, steps, strict=True):
        assert re.sub(r"\s+", "", step.narration) in _text(page)
        assert not _has_image(page)
