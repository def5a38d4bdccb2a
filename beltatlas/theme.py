"""The two themes (light for projectors, dark for big screens), their contrast, and presenter-mode CSS.

Pure: no Streamlit. The colours are the ones in `.streamlit/config.toml` (`[theme.light]`,
`[theme.dark]`); a test reads that file and checks that both agree and meet WCAG AA.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

ThemeName = Literal["light", "dark"]
THEMES: tuple[ThemeName, ...] = ("light", "dark")

#: Body text at 1920×1080 in presenter mode (px); everything in rem scales with it.
PRESENT_BODY_PX = 22
#: The design frame: presenter type is sized for 1920×1080 and scaled with the screen.
DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080


@dataclass(frozen=True)
class Palette:
    """One theme's colours (hex), as Streamlit's theme options name them, plus the muted text colour
    Streamlit derives for captions and the badge colours the pages use."""

    primary: str
    background: str
    secondary_background: str
    text: str
    muted_text: str
    focus: str


PALETTES: dict[ThemeName, Palette] = {
    "light": Palette(
        primary="#C0392B",
        background="#FFFFFF",
        secondary_background="#F4F1EC",
        text="#1F2328",
        muted_text="#5C6370",
        focus="#1F5FBF",
    ),
    "dark": Palette(
        primary="#FF7B6B",
        background="#0E1117",
        secondary_background="#1C2130",
        text="#F2F2F2",
        muted_text="#B4B9C4",
        focus="#7FB2FF",
    ),
}

#: The focus ring when the theme is Streamlit's choice (light or dark, unknown to the server): it
#: meets 3:1 on both themes' backgrounds.
ANY_THEME_FOCUS = "#2F74E0"

#: WCAG 2.1 AA: normal text 4.5:1, large text (≥ 24 px, or ≥ 18.66 px bold) and UI components 3:1.
AA_TEXT, AA_LARGE = 4.5, 3.0


def parse_theme(value: object) -> ThemeName | None:
    """`?theme=dark|light` → the theme; anything else → None (Streamlit's own choice)."""
    text = str(value or "").strip().lower()
    return text if text in THEMES else None  # type: ignore[return-value]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of `#RRGGBB` (0 black … 1 white)."""
    text = hex_colour.lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 … 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_pairs(palette: Palette) -> list[tuple[str, str, str, float]]:
    """The pairs a reader sees, as (name, foreground, background, AA threshold)."""
    return [
        ("text on background", palette.text, palette.background, AA_TEXT),
        ("text on secondary background", palette.text, palette.secondary_background, AA_TEXT),
        ("caption on background", palette.muted_text, palette.background, AA_TEXT),
        ("caption on secondary background", palette.muted_text, palette.secondary_background, AA_TEXT),
        ("primary (links, active controls) on background", palette.primary, palette.background, AA_TEXT),
        ("focus ring on background", palette.focus, palette.background, AA_LARGE),
        ("focus ring on secondary background", palette.focus, palette.secondary_background, AA_LARGE),
    ]


def presenter_css(theme: ThemeName, focus: str = "") -> str:
    """CSS of presentation mode: Streamlit's chrome hidden, type sized for the screen, and — when
    `focus` (a CSS selector) is given — only the tour bar and that one visual shown.

    Type: 22 px body at 1920×1080 (`min(vw, vh)` keeps 16:9 screens in proportion: 14.7 px at
    1280×720, 44 px at 3840×2160). Streamlit sizes its text in rem, so the root size carries it.
    """
    palette = PALETTES[theme]
    # Rounded up, so 1920×1080 gets at least the full 22 px.
    vw = math.ceil(1e6 * PRESENT_BODY_PX / DESIGN_WIDTH) / 1e4
    vh = math.ceil(1e6 * PRESENT_BODY_PX / DESIGN_HEIGHT) / 1e4
    css = f"""
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stStatusWidget"], [data-testid="stDecoration"], [data-testid="stSkeleton"] {{
  display: none !important;
}}
html {{ font-size: min({vw:.4f}vw, {vh:.4f}vh) !important; }}
[data-testid="stMainBlockContainer"] {{
  max-width: none !important; padding: 1.2rem 2.5rem 1rem 2.5rem !important;
}}
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stCaptionContainer"],
[data-testid="stMarkdownContainer"] {{ font-size: 1rem !important; }}
[data-testid="stMain"] h1 {{ font-size: 2.4rem !important; }}
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] * {{ font-size: 2.4rem !important; line-height: 1.3; }}
.st-key-present-leave {{ position: fixed; top: 0.3rem; right: 1rem; z-index: 1000; width: auto !important; }}
.st-key-tour-bar h2 {{ padding: 0 0 0.2rem 0 !important; }}
.st-key-_present_size {{ position: absolute !important; }}  /* a measuring element: no gap in the bar */
/* The map's zoom and layout row: the map fits under the tour bar without it (the map still zooms). */
[data-testid="stMainBlockContainer"] :has(> .st-key-zoom_in) {{ display: none !important; }}
[data-testid="stMain"] p.tour-narration {{ font-size: 1.25rem !important; line-height: 1.5; margin: 0; }}
"""
    if focus:
        # Hide, at every level of the main column, each block that neither is nor holds the tour bar or
        # the visual in focus; inside the visual, everything stays.
        keep = f".st-key-tour-bar, .st-key-present-leave, {focus}"
        # `:has()` may not hold another `:has()` (the browser drops the whole rule): a block holds
        # `A:has(B)` exactly when it is A or holds B, so the ancestors are found by B.
        held = f".st-key-tour-bar, .st-key-present-leave, {_innermost(focus)}"
        css += f"""
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"]:not(:is({keep}) *):not(:is({keep}))
  > *:not(:is({keep})):not(:has({held})) {{ display: none !important; }}
[data-testid="stColumn"]:not(:is({focus}) *):has({_innermost(focus)}) {{ flex: 1 1 100% !important; width: 100% !important; max-width: 100% !important; }}
"""
    css += f"""
:focus-visible {{ outline: 3px solid {palette.focus} !important; outline-offset: 2px !important; }}
"""
    return css


def _innermost(selector: str) -> str:
    """`A:has(B)` → `B` (repeatedly), for use inside another `:has()`; a selector without one is kept."""
    match = re.fullmatch(r"[^,]*?:has\((.*)\)", selector.strip())
    return _innermost(match.group(1)) if match else selector


def focus_css(theme: ThemeName | None) -> str:
    """A visible keyboard focus on every page (not only in presentation mode)."""
    colour = PALETTES[theme].focus if theme else ANY_THEME_FOCUS
    return (
        f":focus-visible {{ outline: 3px solid {colour} !important; outline-offset: 2px !important; }}\n"
        f"[data-testid='stVegaLiteChart'] :focus-visible {{ outline-color: {colour} !important; }}"
    )
