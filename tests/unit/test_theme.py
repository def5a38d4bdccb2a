"""The two themes: the colours Streamlit is configured with are the tested ones, and meet WCAG AA."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from beltatlas import theme, tour

ROOT = Path(__file__).resolve().parents[2]
CONFIG_KEYS = {
    "primaryColor": "primary",
    "backgroundColor": "background",
    "secondaryBackgroundColor": "secondary_background",
    "textColor": "text",
}


def test_contrast_ratio_of_known_pairs():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WebAIM's example: #777 on white is 4.48:1, just under AA.
    assert theme.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio("#fff", "#000") == pytest.approx(21.0)


@pytest.mark.parametrize("name", theme.THEMES)
def test_streamlit_config_uses_the_palette(name):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    section = config["theme"][name]
    palette = theme.PALETTES[name]
    for key, field in CONFIG_KEYS.items():
        assert section[key].upper() == getattr(palette, field).upper(), key


@pytest.mark.parametrize("name", theme.THEMES)
def test_every_pair_meets_wcag_aa(name):
    for label, fg, bg, needed in theme.contrast_pairs(theme.PALETTES[name]):
        assert theme.contrast_ratio(fg, bg) >= needed, f"{name}: {label} {fg} on {bg}"


def test_a_failing_pair_is_caught():
    weak = theme.Palette("#FF9999", "#FFFFFF", "#F4F1EC", "#999999", "#AAAAAA", "#DDDDDD")
    failing = [p for p in theme.contrast_pairs(weak) if theme.contrast_ratio(p[1], p[2]) < p[3]]
    assert len(failing) == len(theme.contrast_pairs(weak))


def test_parse_theme():
    assert theme.parse_theme("dark") == "dark"
    assert theme.parse_theme(" Light ") == "light"
    assert theme.parse_theme("blue") is None and theme.parse_theme(None) is None


def test_presenter_css_hides_the_chrome_and_sizes_type_for_the_screen():
    css = theme.presenter_css("dark", ".st-key-chart-x")
    for part in ('header[data-testid="stHeader"]', '[data-testid="stToolbar"]', '[data-testid="stSidebar"]',
                 '[data-testid="stStatusWidget"]'):
        assert part in css
    assert "min(1.1459vw, 2.0371vh)" in css  # 22 px at 1920×1080
    assert ":has(.st-key-tour-bar, .st-key-present-leave, .st-key-chart-x)" in css
    assert ".st-key-chart-x" not in theme.presenter_css("dark")


def test_the_focus_ring_for_an_unknown_theme_shows_on_both():
    for palette in theme.PALETTES.values():
        for background in (palette.background, palette.secondary_background):
            assert theme.contrast_ratio(theme.ANY_THEME_FOCUS, background) >= theme.AA_LARGE
    assert theme.ANY_THEME_FOCUS in theme.focus_css(None)


def _nested_has(css: str) -> list[str]:
    """Each `:has(` that opens inside another `:has(…)`: browsers drop a rule holding one."""
    found, stack = [], []
    for i, ch in enumerate(css):
        if css.startswith(":has(", i):
            if any(stack):
                found.append(css[max(0, i - 40) : i + 40])
            stack.append(True)
        elif ch == "(" and not css.startswith(":has(", i - 4):
            stack.append(False)
        elif ch == ")" and stack:
            stack.pop()
    return found


@pytest.mark.parametrize("name", sorted(n for n in dir(tour) if n.startswith("FOCUS_")))
def test_presenter_css_never_nests_has_so_the_browser_keeps_the_rule(name):
    assert _nested_has(theme.presenter_css("light", getattr(tour, name))) == []


def test_the_nesting_check_can_fail():
    assert _nested_has(".a:not(:has(.b:has(.c)))")
