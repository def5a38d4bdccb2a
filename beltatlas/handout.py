"""The tour as a handout: one PDF page per step — its picture, narration, sources and class.

Made on the server and offline: the pictures are the steps' Altair charts rendered by
`beltatlas.images` (vl-convert), the text is set with fpdf2 in the Noto Sans CJK font that
`images.cjk_font_dir()` finds (Debian `fonts-noto-cjk`), embedded as a subset, so the PDF's text layer
holds every sentence (a test reads it back).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from beltatlas import images, metrics, tour
from beltatlas.dataset import Dataset
from beltatlas.i18n import Lang, t

FONT_FAMILY = "NotoSansCJK"
#: Font files tried in the CJK font folder, with the index of the Simplified Chinese face in a
#: collection (Noto Sans CJK's .ttc holds JP, KR, SC, TC, HK in that order).
FONT_FILES: tuple[tuple[str, int], ...] = (
    ("NotoSansCJK-Regular.ttc", 2),
    ("NotoSansCJKsc-Regular.otf", 0),
    ("NotoSansSC-Regular.otf", 0),
    ("NotoSansSC-Regular.ttf", 0),
)
PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 14.0  # A4 landscape, mm


def font_file() -> tuple[Path, int]:
    """The CJK font file and its face index; RuntimeError (bilingual) when there is none."""
    folder = images.cjk_font_dir()
    for name, index in FONT_FILES:
        path = folder / name
        if path.is_file():
            return path, index
    for path in sorted(folder.glob("*CJK*Regular*")):
        return path, 2 if path.suffix == ".ttc" else 0
    key = "images.no_cjk_font"
    raise RuntimeError(f"{t(key, 'zh')} / {t(key, 'en')}")


def step_image(step: tour.Step, ds: Dataset, lang: Lang) -> bytes | None:
    """The step's picture as PNG, or None when the step has none."""
    chart = tour.step_chart(step, ds, lang)
    if chart is None:
        return None
    return images.chart_png(chart, scale=2.0)


def build(
    steps: Sequence[tour.Step],
    ds: Dataset,
    lang: Lang,
    *,
    name: str = "",
    pictures: Sequence[bytes | None] | None = None,
) -> bytes:
    """The handout PDF of `steps` (a page each). `pictures` (PNG per step) skips rendering, for tests."""
    path, index = font_file()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FONT_FAMILY, fname=str(path), collection_font_number=index)
    title = t("tour.handout_title", lang, name=name or t("tour.story_name", lang))
    pdf.set_title(title)
    pdf.set_creator("Belt Atlas")
    pdf.set_lang("zh-CN" if lang == "zh" else "en")
    total = len(steps)
    for n, step in enumerate(steps, start=1):
        picture = pictures[n - 1] if pictures is not None else step_image(step, ds, lang)
        _page(pdf, step, n, total, title, picture, lang)
    return bytes(pdf.output())


def _page(pdf: FPDF, step: tour.Step, n: int, total: int, title: str, picture: bytes | None, lang: Lang) -> None:
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN
    pdf.set_text_color(90, 90, 90)
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.cell(width, 5, f"{title} · {t('tour.progress', lang, n=n, total=total)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(20, 20, 20)
    pdf.set_font(FONT_FAMILY, size=20)
    pdf.multi_cell(width, 10, step.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    top = pdf.get_y()
    text_x = MARGIN + width * 0.58
    image_w = width * 0.55
    if picture:
        import io

        pdf.image(io.BytesIO(picture), x=MARGIN, y=top, w=image_w, keep_aspect_ratio=True, h=PAGE_H - top - 22)
    else:
        pdf.set_font(FONT_FAMILY, size=10)
        pdf.set_xy(MARGIN, top)
        pdf.cell(image_w, 8, t("tour.no_image", lang))
    column = width - (text_x - MARGIN)
    pdf.set_xy(text_x, top)
    pdf.set_font(FONT_FAMILY, size=13)
    pdf.multi_cell(column, 7, step.narration, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_x(text_x)
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.set_text_color(60, 60, 60)
    label = t(f"provenance.label.{step.cls}", lang)
    meaning = t(f"provenance.meaning.{step.cls}", lang)
    pdf.multi_cell(column, 5, t("tour.class_line", lang, cls=label, meaning=meaning), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_x(text_x)
    lines = [t("tour.sources", lang) + "："] if lang == "zh" else [t("tour.sources", lang) + ":"]
    if step.source:
        lines.append(step.source)
    for section, quote in step.quotes:
        lines.append(f"“{metrics.plain_quote(quote)}” — {t('provenance.section', lang)}{section}")
    pdf.multi_cell(column, 5, "\n".join(lines), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(MARGIN, PAGE_H - MARGIN - 4)
    pdf.set_font(FONT_FAMILY, size=8)
    pdf.set_text_color(110, 110, 110)
    pdf.cell(width / 2, 4, t("tour.handout_made", lang))
    pdf.cell(width / 2, 4, t("tour.page_of", lang, n=n, total=total), align="R")
