"""Every page loads in Chromium without console errors, and no request leaves the app's origin."""

import pytest

from beltatlas.i18n import t
from tests.e2e.conftest import watch

pytestmark = pytest.mark.e2e

#: On a deep link (/trends) Streamlit's front end first looks for its server under the page's path
#: (/trends/_stcore/health) to find the base path; those probes answer 404 by design.

PAGES = [
    ("", "page.overview"),  # the default page lives at the root URL
    ("map", "page.map"),
    ("trends", "page.trends"),
    ("brands", "page.brands"),
    ("stories", "page.stories"),
    ("belt", "page.belt"),
    ("about", "page.about"),
]


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid=stApp]", timeout=60_000)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_loads_offline_without_errors(app_url, browser, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    seen = watch(page, app_url)
    for path, title_key in PAGES:
        page.goto(f"{app_url}/{path}?lang={lang}")
        wait_for_app(page)
        page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=30_000)
        assert page.locator("h1").first.inner_text().strip() == t(title_key, lang)
        assert page.locator("[data-testid=stException]").count() == 0
    context.close()
    assert seen.foreign == []
    assert seen.console + seen.errors == []
    assert seen.failed == []


def test_language_switch_sets_the_url(app_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{app_url}/")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("page.overview", "zh")
    page.get_by_role("radio", name="English").click()
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText.includes('Overview')"
    )
    assert "lang=en" in page.url
    page.close()
