"""A user's own data end to end in the browser: a GBK CSV with mixed province names, an HTML name and
formula cells loads with a truthful summary, every page labels it 用户, and every download — the app's
own CSV / XLSX buttons and the table toolbar's "Download as CSV" — holds numbers as numbers, names its
class and source, and carries no live formula."""

import io
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from beltatlas.i18n import t
from tests.e2e.conftest import watch

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "user_gbk"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# The toolbar's CSV uses the File System Access API when the browser has it; without it, a download.
NO_SAVE_PICKER = "delete window.showSaveFilePicker;"


def wait_idle(page):
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)


def go(page, name: str):
    page.locator("[data-testid=stSidebarNav]").get_by_text(t(name, "zh"), exact=True).click()
    page.wait_for_function(
        f"document.querySelector('h1') && document.querySelector('h1').innerText.includes({t(name, 'zh')!r})"
    )
    wait_idle(page)


def show_toolbar(page, element, button, tries: int = 10) -> None:
    """Bring up an element's hover toolbar the way a user does: the pointer on the element.

    The toolbar shows while the element matches `:hover`, and the browser updates that only when the
    pointer moves. The brands page may still shift its layout (or scroll) after its run has ended, so a
    pointer put on the table can end up over the heading above it with the toolbar hidden under the
    grid. So wait until the table stops moving, put the pointer on it, and check it is hovered and the
    button is what a click at its centre would hit; otherwise move away and try again."""
    for _ in range(tries):
        element.scroll_into_view_if_needed()
        settled(page, element)
        page.mouse.move(0, 0)
        element.hover()
        if not element.evaluate("e => e.matches(':hover')"):
            continue
        try:
            button.click(trial=True, timeout=2_000)
            return
        except PlaywrightTimeout:
            continue
    button.click(trial=True, timeout=2_000)  # raises with Playwright's account of what covers it


def settled(page, element, still_ms: int = 400, timeout_s: float = 20.0) -> None:
    """Wait until an element's box has not moved for `still_ms`."""
    deadline = time.monotonic() + timeout_s
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        box = element.bounding_box()
        if box != last:
            last, since = box, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= still_ms:
            return
        page.wait_for_timeout(50)


def text_cells(frame: pd.DataFrame) -> list[str]:
    return [v for c in frame.columns for v in frame[c].dropna() if isinstance(v, str)]


@pytest.fixture
def loaded(app_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_init_script(NO_SAVE_PICKER)
    page = context.new_page()
    traffic = watch(page, app_url)
    page.goto(f"{app_url}/about")
    wait_idle(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        [str(p) for p in sorted(FIXTURE.iterdir())]
    )
    page.get_by_role("button", name=t("about.upload_check", "zh")).click()
    page.get_by_text(t("about.upload_ok", "zh", tables=3, rows=23)).wait_for(timeout=60_000)
    yield page
    assert traffic.foreign == []
    context.close()


def test_upload_summary_then_user_labels_and_clean_downloads(loaded):
    page = loaded
    summary = page.locator("[data-testid=stDataFrame]").last
    summary.wait_for(timeout=30_000)  # the per-table summary (rows read, loaded, not used)

    go(page, "page.trends")
    page.get_by_text(t("provenance.label.user", "zh"), exact=True).first.wait_for(timeout=30_000)
    assert "示例）" not in page.locator("[data-testid=stMain]").inner_text()

    go(page, "page.brands")
    with page.expect_download() as info:
        page.locator(".st-key-download_brand_concentration button").click()
    csv = pd.read_csv(io.BytesIO(Path(info.value.path()).read_bytes()), encoding="utf-8-sig")
    sales = next(c for c in csv.columns if "亿元" in c)
    assert pd.api.types.is_float_dtype(csv[sales])  # numbers, not "6.0亿元"
    classes = set(csv["数据类别"])  # the user's brand sales beside the report's bands
    assert classes == {"用户 (user)；报告 (report)"}
    cells = text_cells(csv)
    assert cells and not [c for c in cells if c.startswith(FORMULA)]

    with page.expect_download() as info:
        page.locator(".st-key-download_brand_concentration_xlsx button").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    data, sources = book.worksheets
    assert sources.title == "来源"
    assert any(isinstance(c.value, float) for c in data["B"][1:])
    for row in data.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA)), cell.value


def test_the_table_toolbar_csv_is_neutralised_too(loaded):
    page = loaded
    go(page, "page.brands")
    # The table right above its own download buttons.
    table = page.locator(
        "xpath=//div[contains(@class,'st-key-download_brand_category_belts')]"
        "/preceding::div[@data-testid='stDataFrame'][1]"
    )
    table.wait_for(timeout=30_000)
    button = table.get_by_role("button", name="Download as CSV")
    show_toolbar(page, table, button)
    with page.expect_download() as info:
        button.click()
    csv = pd.read_csv(info.value.path(), encoding="utf-8-sig")
    names = text_cells(csv)
    assert "'@宁波小家电" in names
    assert not [c for c in names if c.startswith(FORMULA)]
