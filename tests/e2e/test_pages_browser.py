"""Every page loads in Chromium without console errors, and no request leaves the app's origin."""

import re
from urllib.parse import urlparse

import pytest

from beltatlas.i18n import t

pytestmark = pytest.mark.e2e

#: On a deep link (/trends) Streamlit's front end first looks for its server under the page's path
#: (/trends/_stcore/health) to find the base path; those probes answer 404 by design.
BASE_PATH_PROBE = re.compile(r"/[a-z_]+/_stcore/(health|host-config)$")

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
    origin = urlparse(app_url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []
    page.on(
        "request", lambda r: foreign.append(r.url) if urlparse(r.url).netloc not in (origin, "") else None
    )
    failed: list[str] = []
    # 404s are checked by URL below; the console's own line for them names no URL.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and not BASE_PATH_PROBE.search(r.url)
            else None
        ),
    )
    for path, title_key in PAGES:
        page.goto(f"{app_url}/{path}?lang={lang}")
        wait_for_app(page)
        page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=30_000)
        assert page.locator("h1").first.inner_text().strip() == t(title_key, lang)
        assert page.locator("[data-testid=stException]").count() == 0
    context.close()
    assert foreign == []
    assert errors == []
    assert failed == []


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
