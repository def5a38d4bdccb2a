"""Every page and every Stories view, in Chinese and English, in Chromium: it opens with no exception box
and no console error, its main chart, map or table is drawn (not blank), no metric card is cut at
1280×800 or 1920×1080, one key interaction works (and writes the URL), and no request leaves the
app's origin the whole time.

One page load per view and language; the card check resizes the same page instead of loading it again.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from beltatlas.i18n import t
from tests.e2e.conftest import watch

pytestmark = pytest.mark.e2e

VEGA = "[data-testid=stVegaLiteChart]"
DECK = "[data-testid=stDeckGlJsonChart] canvas"
TABLE = "[data-testid=stDataFrame]"
CARD = "[data-testid=stMetric]"


@dataclass(frozen=True)
class View:
    path: str  # with its query, without ?lang=
    title_key: str
    visual: str  # the selector of the view's main chart, map or table
    action: tuple[str, ...]  # ("select", key) | ("radio", key, option) | ("lang",) | ("download", key)
    cards: bool = False  # the view shows metric cards (checked for cuts)

    @property
    def id(self) -> str:
        return self.path.strip("/").replace("?", "-").replace("=", "-").replace("&", "-") or "overview"


VIEWS = [
    View("/", "page.overview", VEGA, ("lang",), cards=True),
    View("/map", "page.map", DECK, ("select", "metric")),
    View("/trends", "page.trends", VEGA, ("select", "show")),
    View("/brands", "page.brands", VEGA, ("select", "category"), cards=True),
    View("/stories?view=cases", "page.stories", TABLE, ("select", "group"), cards=True),
    View("/stories?view=context", "page.stories", CARD, ("radio", "view", "campaigns"), cards=True),
    View("/stories?view=campaigns", "page.stories", VEGA, ("radio", "view", "facts"), cards=True),
    View("/stories?view=facts", "page.stories", TABLE, ("select", "topic")),
    View("/belt?belt=shunde-appliances", "page.belt", VEGA, ("select", "belt"), cards=True),
    View("/about", "page.about", TABLE, ("download", "download_dataset")),
]

#: Every element inside a card's label, value or delta whose content is wider than it.
OVERFLOW = """() => {
  const out = [];
  for (const box of document.querySelectorAll(
      '[data-testid=stMetricValue], [data-testid=stMetricLabel], [data-testid=stMetricDelta]')) {
    for (const el of [box, ...box.querySelectorAll('*')]) {
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${box.dataset.testid}: ${box.innerText} (${el.scrollWidth} > ${el.clientWidth} px)`);
        break;
      }
    }
  }
  return out;
}"""


HAS_TITLE = "(title) => { const h = document.querySelector('h1'); return !!h && h.innerText.trim() === title; }"


def idle(page, timeout: int = 120_000) -> None:
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout)


def drawn_share(png: bytes) -> float:
    """Share of pixels that are neither white nor near-white: 0 for a blank box."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return float((pixels.min(axis=2) < 230).mean())


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def choose_another(page, key: str) -> str:
    """Open the select box `key` and pick the first option that is not the current one."""
    box = page.locator(f".st-key-{key}")
    current = box.locator("input").input_value()
    options = page.locator("[role=listbox] [role=option]")
    for _attempt in range(3):  # a click during a rerun may not open the list: click again
        box.locator("input").click()
        try:
            options.first.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    options.first.wait_for(timeout=20_000)
    texts = options.all_inner_texts()
    target = next(text for text in texts if text.strip() and text.strip() != current)
    options.filter(has_text=target).first.click()
    return target


def act(page, view: View, lang: str) -> None:
    """The view's key interaction, and what shows that it worked."""
    kind, *args = view.action
    if kind == "lang":
        other = "en" if lang == "zh" else "zh"
        page.get_by_role("radio", name="English" if other == "en" else "中文").click()
        page.wait_for_function(HAS_TITLE, arg=t(view.title_key, other), timeout=120_000)
        assert (query(page).get("lang") or "zh") == other
    elif kind == "select":
        (key,) = args
        before = query(page).get(key)
        choose_another(page, key)
        page.wait_for_function(
            "([key, before]) => new URLSearchParams(location.search).get(key) !== before",
            arg=[key, before],
            timeout=60_000,
        )
        idle(page)
        assert query(page).get(key) not in (None, before)
    elif kind == "radio":
        key, option = args
        page.locator(f".st-key-{key}").get_by_text(t(f"stories.views.{option}", lang), exact=True).click()
        page.wait_for_function(
            "([key, v]) => new URLSearchParams(location.search).get(key) === v", arg=[key, option], timeout=60_000
        )
        idle(page)
    elif kind == "download":
        with page.expect_download(timeout=120_000) as info:
            page.locator(f".st-key-{args[0]} button").click()
        data = open(info.value.path(), "rb").read()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert "datapackage.json" in archive.namelist()
    idle(page)
    assert page.locator("[data-testid=stException]").count() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.id)
def test_every_view_opens_draws_and_answers_offline(app_url, browser, view, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    seen = watch(page, app_url)
    sep = "&" if "?" in view.path else "?"
    page.goto(f"{app_url}{view.path}{sep}lang={lang}")
    page.wait_for_selector("h1", timeout=120_000)
    visual = page.locator(view.visual).first
    visual.wait_for(timeout=120_000)
    idle(page)
    page.wait_for_function(HAS_TITLE, arg=t(view.title_key, lang), timeout=120_000)
    assert page.locator("[data-testid=stException]").count() == 0

    # Drawn: a Vega view has its graphics, a table or map its canvas, and the box is not blank.
    if view.visual == VEGA:
        page.locator(f"{VEGA} canvas, {VEGA} svg").first.wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(800)  # the next animation frames draw canvases
    visual.scroll_into_view_if_needed()
    assert drawn_share(visual.screenshot()) > 0.01, f"{view.visual} looks blank"

    # No metric card cut, at both screen sizes.
    if view.cards:
        assert page.locator(CARD).count() > 0
    for width, height in ((1280, 800), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)  # reflow
        assert page.evaluate(OVERFLOW) == [], (view.path, lang, width)
    page.set_viewport_size({"width": 1280, "height": 800})

    act(page, view, lang)
    context.close()
    assert seen.foreign == []
    assert seen.console + seen.errors == []
    assert seen.failed == []
