"""Chart images rendered on the server: Altair specs → PNG / SVG with vl-convert and a CJK font.

For exports (briefings, slides), not for the page: the page draws its charts in the browser. The
images carry their context inside them — title, subtitle and a bottom line naming the source and the
provenance class — so that a picture pasted into a document still says where its numbers come from.

vl-convert renders without a browser and without the network (`allowed_base_urls=[]`: a spec that
points at a URL fails instead of fetching it). Chinese text needs a CJK font on the machine: Debian's
`fonts-noto-cjk`, which `make run` / `make test` install (the Makefile's `fonts` target).
"""

from __future__ import annotations

import os
from pathlib import Path

import altair as alt
import vl_convert as vlc

from beltatlas.i18n import t

#: The font family the images name; Noto Sans CJK covers Chinese and Latin text.
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif"

#: Where Debian and other common layouts put the Noto CJK fonts; `BELTATLAS_CJK_FONT_DIR` overrides.
FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/usr/local/share/fonts"),
)

_CJK_PATTERNS = ("*CJK*.tt[cf]", "*CJK*.otf", "*SourceHanSans*", "*NotoSansSC*")
_registered: Path | None = None


def _has_cjk_font(folder: Path) -> bool:
    return folder.is_dir() and any(next(folder.glob(p), None) for p in _CJK_PATTERNS)


def cjk_font_dir() -> Path:
    """The folder of a CJK font on this machine.

    Raises RuntimeError (in Chinese and English, naming the Debian package) when there is none.
    """
    override = os.environ.get("BELTATLAS_CJK_FONT_DIR")
    candidates = (Path(override),) if override else FONT_DIRS
    for folder in candidates:
        if _has_cjk_font(folder):
            return folder
    key = "images.no_cjk_font"
    raise RuntimeError(f"{t(key, 'zh')} / {t(key, 'en')}")


def register_fonts() -> None:
    """Make the CJK font known to vl-convert; calling it again does nothing."""
    global _registered
    if _registered is None:
        folder = cjk_font_dir()
        vlc.register_font_directory(str(folder))
        _registered = folder


def _width_of(chart: alt.TopLevelMixin) -> float | None:
    width = getattr(chart, "width", alt.Undefined)
    return float(width) if isinstance(width, int | float) else None


def with_context(
    chart: alt.TopLevelMixin, *, title: str, subtitle: str = "", source_line: str
) -> alt.TopLevelMixin:
    """The chart with a title, an optional subtitle and, under it, a line naming source and class.

    `source_line` may hold line breaks ("\\n"). The chart's own configuration is kept (moved to the
    top level, where Vega-Lite wants it) and its font set to the CJK font.
    """
    inner = chart.copy(deep=True)
    config = inner.config
    inner.config = alt.Undefined
    footer = (
        alt.Chart(alt.Data(values=[{"line": source_line}]))
        .mark_text(align="left", baseline="top", fontSize=12, color="#555555", lineBreak="\n", font=FONT)
        .encode(text="line:N", x=alt.value(0), y=alt.value(0))
        .properties(height=14 * (source_line.count("\n") + 1), view=alt.ViewBackground(stroke=None))
    )
    width = _width_of(inner)
    if width is not None:
        footer = footer.properties(width=width)
    heading = alt.TitleParams(
        text=title,
        subtitle=subtitle or alt.Undefined,
        anchor="start",
        font=FONT,
        subtitleFont=FONT,
        fontSize=20,
        subtitleFontSize=13,
        subtitleColor="#444444",
    )
    out = alt.vconcat(inner, footer, title=heading, spacing=8)
    if config is not alt.Undefined:
        out.config = config
    else:
        out.config = alt.Config()
    out.config.font = FONT
    return out


def _spec(chart: alt.TopLevelMixin) -> dict:
    # to_dict validates the spec, so a broken chart fails here with Altair's message.
    return chart.to_dict()


def chart_png(chart: alt.TopLevelMixin, *, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, `scale` pixels per chart unit (2.0: a 900-unit chart is 1800 px wide)."""
    register_fonts()
    return vlc.vegalite_to_png(_spec(chart), scale=scale, allowed_base_urls=[])


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as an SVG document (text kept as text, in the CJK font)."""
    register_fonts()
    return vlc.vegalite_to_svg(_spec(chart), allowed_base_urls=[])
