"""No figure is ever cut: on every page, at 1280×800 and 1920×1080, in Chinese and English, no metric
card's label, value or delta is wider than its box (a cut value would end in "…" with no way to read it)."""

import pytest

pytestmark = pytest.mark.e2e

PAGES = [
    "/",
    "/map?province=440000",
    "/trends",
    "/brands",
    "/stories?view=cases",
    "/stories?view=context",
    "/stories?view=campaigns",
    "/belt?belt=shunde-appliances",
    "/about",
]
SIZES = [(1280, 800), (1920, 1080)]
WITH_CARDS = ("/?", "/belt", "/brands", "/stories?view=cases", "/stories?view=context", "/stories?view=campaigns")

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


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_card_value_overflows_its_box(app_url, browser, path, lang):
    page = browser.new_page(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
    sep = "&" if "?" in path else "?"
    page.goto(f"{app_url}{path}{sep}lang={lang}")
    page.wait_for_selector("h1", timeout=60_000)
    if path.startswith(WITH_CARDS):
        page.wait_for_selector("[data-testid=stMetric]", timeout=60_000)  # else it would pass on nothing
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)  # reflow
        assert page.evaluate(OVERFLOW) == [], (path, lang, width)
    page.close()
