"""Every page loads in Chromium without console errors, and no request leaves the app's origin."""

from urllib.parse import urlparse

import pytest

from beltatlas.i18n import t

pytestmark = pytest.mark.e2e

PAGES = [
    ("overview", "page.overview"),
    ("map", "page.map"),
    ("trends", "page.trends"),
    ("brands", "page.brands"),
    ("stories", "page.stories"),
    ("about", "page.about"),
]


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid=stApp]", timeout=60_000)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_loads_offline_without_errors(app_url, browser, lang):
    origin = urlparse(app_url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).netloc not in (origin, "") else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path, title_key in PAGES:
        page.goto(f"{app_url}/{path}?lang={lang}")
        wait_for_app(page)
        assert page.locator("h1").first.inner_text().strip() == t(title_key, lang)
        assert page.locator("[data-testid=stException]").count() == 0
        assert page.locator("[data-testid=stDataFrame]").count() >= 1
    context.close()
    assert foreign == []
    assert errors == []


def test_language_switch_sets_the_url(app_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{app_url}/overview")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("page.overview", "zh")
    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText.includes('Overview')")
    assert "lang=en" in page.url
    page.close()
