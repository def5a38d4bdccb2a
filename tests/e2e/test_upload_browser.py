"""Loading your own data in the browser: a bad row is named with file, row and column, the good rows
are used, and the pages then label the numbers 用户 (user)."""

from pathlib import Path

import pandas as pd
import pytest

from beltatlas.i18n import t
from beltatlas.validate import validate_path

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_upload_reports_bad_rows_and_uses_the_rest(app_url, browser, tmp_path):
    gmv = pd.read_parquet(ROOT / "data" / "belt_gmv.parquet")
    gmv.loc[2, "gmv_yuan"] = -5  # spreadsheet row 4 (header is row 1)
    path = tmp_path / "belt_gmv.csv"
    gmv.to_csv(path, index=False, encoding="utf-8-sig")
    expected = [str(p) for p in validate_path(path).problems]
    assert len(expected) == 1 and expected[0].startswith("belt_gmv.csv:4:gmv_yuan:")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{app_url}/about")
    page.wait_for_selector("h1", timeout=60_000)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
    page.get_by_role("button", name=t("about.upload_check", "zh")).click()
    code = page.locator("[data-testid=stCode]").first
    code.wait_for(timeout=30_000)
    assert code.inner_text().strip() == expected[0]

    # The other rows are in use: the trends page now labels its numbers as user data.
    page.locator("[data-testid=stSidebarNav]").get_by_text(t("page.trends", "zh"), exact=True).click()
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText.includes('十大产地趋势')"
    )
    badge = page.get_by_text(t("provenance.label.user", "zh"), exact=True).first
    badge.wait_for(timeout=30_000)
    assert page.get_by_text(t("data.user_loaded", "zh")).count() == 1
    page.close()
