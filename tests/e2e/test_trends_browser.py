"""The trends page in Chromium: every chart carries its text alternative, and a click on a legend
entry highlights that province and reruns with its figures."""

import re

from beltatlas.i18n import t
from tests.e2e.conftest import wait_for_app


def test_charts_have_alt_text_and_a_legend_click_selects_a_province(app_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/trends")
    wait_for_app(page)
    charts = page.locator("[data-testid=stVegaLiteChart]")
    described = page.locator("[role=graphics-document][aria-label]")  # where Vega puts `description`
    described.nth(2).wait_for(timeout=60_000)
    labels = [described.nth(i).get_attribute("aria-label") for i in range(3)]
    assert labels[0].startswith(
        "折线图：产业带规模，规模，10 个地区，2018–2020 年。2020 年最高：广东省"
    )
    assert labels[1].startswith("条形图：10 个地区 2018–2020 年 CAGR")
    assert labels[2].startswith("折线图：领先城市占全国产业带规模的份额")

    entry = charts.first.locator("svg text", has_text="上海市").first
    entry.scroll_into_view_if_needed()
    box = entry.bounding_box()
    # The legend label itself ignores the pointer; its symbol, just left of it, takes the click.
    page.mouse.move(box["x"] - 8, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] - 8, box["y"] + box["height"] / 2)
    picked = page.get_by_text(re.compile(r"^已选 上海市"))
    picked.wait_for(timeout=30_000)
    assert "CAGR +" in picked.inner_text()
    assert page.get_by_text(t("trends.click_hint", "zh")).count() == 0
    context.close()
