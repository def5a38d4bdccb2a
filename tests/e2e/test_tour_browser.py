"""The tour in Chromium: presentation mode hides Streamlit's chrome and sizes the type for the screen;
PageDown walks every step, PageUp, Back and Forward step back and on, Esc leaves; autoplay advances;
every chart carries a text description; no request leaves the origin."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from beltatlas import tour
from beltatlas.dataset import load_dataset
from tests.e2e.conftest import watch

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
CHROME = {
    "header": "header[data-testid=stHeader]",
    "toolbar": "[data-testid=stToolbar]",
    "sidebar": "[data-testid=stSidebar]",
    "running indicator": "[data-testid=stStatusWidget]",
}


@pytest.fixture(scope="module")
def story_zh():
    return tour.story(load_dataset(ROOT / "data")[0], "zh")


def wait_for_step(page, n: int, total: int, seen=None) -> None:
    """Until the tour bar says `n / total`, the run is over and (given the page's traffic) the app has
    settled: a key pressed while a run is still on its way races Streamlit's own page handling (a run
    asked for before the step's address changed puts its page's address back in the history)."""
    page.wait_for_function(
        "([n, total]) => { const p = document.querySelector('.tour-progress');"
        " return p && p.innerText.startsWith(`${n} / ${total}`); }",
        arg=[n, total],
        timeout=120_000,
    )
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000)
    page.wait_for_function("(i) => window.__beltTourStep === i", arg=n - 1, timeout=120_000)
    if seen is not None:
        seen.settle(page)


def font_px(page, selector: str) -> float:
    """The font size of the first element `selector` matches, read as soon as there is one (with
    autoplay, the tour bar can be between two steps at the moment a test looks)."""
    handle = page.wait_for_function(
        "(s) => { const e = document.querySelector(s); return e && parseFloat(getComputedStyle(e).fontSize); }",
        arg=selector,
        timeout=60_000,
    )
    return float(handle.json_value())


def described_views(page) -> tuple[int, list[str]]:
    """The Vega views on screen and the aria-labels they carry."""
    labels = page.eval_on_selector_all(
        "[data-testid=stVegaLiteChart] [role=graphics-document]",
        "els => els.map(e => e.getAttribute('aria-label'))",
    )
    return len(labels), [x for x in labels if x]


def assert_dark(page, where: str) -> None:
    """Streamlit's dark theme is on: asked for in the URL (`embed_options`) and painted."""
    options = parse_qs(urlparse(page.url).query).get("embed_options", [])
    assert "dark_theme" in options, f"{where}: the URL lost the dark theme ({page.url})"
    rgb = page.eval_on_selector(
        "[data-testid=stApp]",
        "e => getComputedStyle(e).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)",
    )
    assert max(rgb) < 80, f"{where}: the page is painted light ({rgb})"


def test_keyboard_walks_the_story_in_presentation_mode(app_url, browser, story_zh):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    seen = watch(page, app_url)
    total = len(story_zh)
    assert total >= 8
    page.goto(f"{app_url}/?tour=1&present=1&theme=dark")
    page.wait_for_url("**embed_options=dark_theme**", timeout=120_000)
    wait_for_step(page, 1, total, seen)
    assert_dark(page, "step 1")

    for name, selector in CHROME.items():
        assert not page.locator(selector).first.is_visible(), f"{name} is showing"
    assert font_px(page, ".tour-narration") >= 22 * 1.25
    assert font_px(page, ".st-key-tour-bar h2") >= 48
    assert font_px(page, "[data-testid=stMain] [data-testid=stMarkdownContainer] p") >= 22

    for n in range(1, total + 1):
        if n > 1:
            page.keyboard.press("PageDown")
            wait_for_step(page, n, total, seen)
        step = story_zh[n - 1]
        assert page.locator(".tour-narration").inner_text().strip() == step.narration
        url = urlparse(page.url)
        assert (url.path.strip("/") or "overview") == step.page
        query = parse_qs(url.query)
        assert query["tour"] == [str(n)] and query["present"] == ["1"]
        assert_dark(page, f"PageDown to step {n}")
        for key, value in step.params:
            assert query[key] == [value]
        if step.focus:
            page.locator(step.focus).first.wait_for(timeout=120_000)
            assert page.locator(step.focus).first.is_visible()
        count, labelled = described_views(page)
        assert count == len(labelled), f"step {n}: a Vega view without aria-label"
        if step.page == "map":
            deck = page.locator("[data-testid=stDeckGlJsonChart]").first
            deck.wait_for(timeout=120_000)
            assert deck.get_attribute("aria-label") or deck.locator("[aria-label]").count()

    page.keyboard.press("PageUp")
    wait_for_step(page, total - 1, total, seen)
    assert_dark(page, "PageUp")
    page.keyboard.press("Home")
    wait_for_step(page, 1, total, seen)
    page.keyboard.press("End")
    wait_for_step(page, total, total, seen)
    # The browser's Back and Forward step through the tour: one history entry per step.
    page.evaluate("history.back()")
    wait_for_step(page, 1, total, seen)
    page.evaluate("history.back()")
    wait_for_step(page, total - 1, total, seen)
    assert_dark(page, "Back")
    page.evaluate("history.forward()")
    wait_for_step(page, 1, total, seen)
    assert_dark(page, "Forward")
    page.keyboard.press("Escape")
    page.locator(".st-key-tour-bar").wait_for(state="detached", timeout=60_000)
    assert "tour" not in parse_qs(urlparse(page.url).query)
    assert seen.foreign == []
    assert seen.errors == []
    context.close()


def test_autoplay_advances_and_the_type_scales_with_the_screen(app_url, browser, story_zh):
    total = len(story_zh)
    for width, height, body in ((1280, 720, 27.5 * 720 / 1080), (3840, 2160, 55)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        seen = watch(page, app_url)
        page.goto(f"{app_url}/trends?tour=3&present=1&autoplay=3&theme=dark")
        # The page reloads once with Streamlit's own theme option (ui.page_chrome).
        page.wait_for_url("**embed_options=dark_theme**", timeout=120_000)
        wait_for_step(page, 3, total)
        assert font_px(page, ".tour-narration") == pytest.approx(body, rel=0.02)
        assert_dark(page, f"{width}×{height} step 3")
        wait_for_step(page, 4, total)  # nothing pressed: autoplay moved on
        assert_dark(page, f"{width}×{height} autoplay to step 4")
        assert seen.foreign == []
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_a_presented_steps_chart_fits_the_screen_under_the_tour_bar(app_url, browser, story_zh, width, height):
    # The room under the bar is measured from the bar's bottom edge: a 720-line projector shows the
    # step's chart whole, its legend and download row included, without scrolling.
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{app_url}/trends?tour=3&present=1")
    wait_for_step(page, 3, len(story_zh))
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.wait_for(timeout=60_000)
    bar = page.locator(".st-key-tour-bar").bounding_box()
    deadline = 40
    while deadline and chart.bounding_box()["y"] + chart.bounding_box()["height"] > height:
        page.wait_for_timeout(500)
        deadline -= 1
    box = chart.bounding_box()
    assert bar["y"] + bar["height"] <= box["y"]
    assert box["y"] + box["height"] <= height, (box, height)
    context.close()
