"""Benchmark interaction latency in the browser: map click on 广东 → its side panel, map metric
switch, brands category change, trends view switch. Prints a Markdown table.

    .venv/bin/python -m benchmarks.bench_interactions [--repeat 3] [--port 8613] [--quick]

Headless Debian Chromium at 1920×1080, one fresh browser context per repeat and page (the page is
opened and ready first, see `bench_pages`; that load is not timed). Each interaction is timed from
the input (click, option picked) to its result on screen:

- map click → panel: the 广东省 heading of the side panel is shown (`bench_map.click_province`);
- map metric switch: the legend title names the new metric (`bench_map.switch_metric`);
- brands category: the Top-brands chart draws the new category's brands (their names begin with it);
- trends view switch (scale → index): a chart's axis reads the index title.

It is split by the websocket frames: *server* is input → the rerun's last frame (script run and
sending), *browser* the rest (parse, draw). Median of `--repeat` (`--quick`: 1) over the runs that
completed; a run that timed out is listed as failed. Goal: ≤ 1 s each.
Not part of the test suite: no timing assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from beltatlas.i18n import t
from benchmarks._harness import (
    Frames,
    free_port,
    launch_chromium,
    load_average,
    machine,
    server,
    split,
    table,
    wait_ready,
)
from benchmarks.bench_map import click_province, open_map, switch_metric
from benchmarks.bench_pages import VEGA, ready_js

GOAL_S = 1.0


def _open(browser, url: str, main: str):
    page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    frames = Frames(page)
    page.goto(url, timeout=240_000)
    wait_ready(page, frames, ready_js(main))
    return page, frames


def _pick(page, label: str, option: str | None = None) -> str:
    """Open the select box labelled `label`; return the option to pick (`option`, or the first one
    that is not selected now), with the list open."""
    box = page.locator("[data-testid=stSelectbox]").filter(has_text=label).first
    current = box.locator("input").input_value()
    options = page.get_by_role("option")
    for attempt in range(3):  # on a loaded machine a click can land before the list is wired up
        box.click()
        try:
            options.first.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    if option is None:
        option = next(o.strip() for o in options.all_inner_texts() if o.strip() and o.strip() != current)
    return option


def _timed(page, frames: Frames, option: str, done_js: str) -> tuple[float, float, float, int]:
    """Click `option` in the open list; (total, server, browser, bytes) until `done_js` holds."""
    target = page.get_by_role("option", name=option, exact=True)
    t0 = time.perf_counter()
    target.click()
    page.wait_for_function(done_js, timeout=120_000)
    shown = time.perf_counter()
    server_s, browser_s, received = split(frames, t0, shown)
    return shown - t0, server_s, browser_s, received


def _svg_text(predicate_js: str) -> str:
    return f"[...document.querySelectorAll('{VEGA} text')].some(e => {predicate_js})"


def brands_category(browser, url: str) -> tuple[float, float, float, int]:
    page, frames = _open(browser, f"{url}/brands", VEGA)
    try:
        category = _pick(page, t("brands.filter.category", "zh"))
        # Option labels are category names; the sample's brands are named `<category>·品牌NN`.
        prefix = json.dumps(category + "·")
        return _timed(page, frames, category, _svg_text(f"e.textContent.startsWith({prefix})"))
    finally:
        page.context.close()


def trends_view(browser, url: str) -> tuple[float, float, float, int]:
    page, frames = _open(browser, f"{url}/trends", VEGA)
    try:
        option = _pick(page, t("trends.show", "zh"), t("trends.view.index", "zh"))
        title = json.dumps(t("trends.axis.index", "zh", start=2018))
        return _timed(page, frames, option, _svg_text(f"e.textContent === {title}"))
    finally:
        page.context.close()


def map_pair(browser, url: str) -> tuple[tuple, tuple]:
    page, frames = open_map(browser, url)
    try:
        return click_province(page, frames)[:4], switch_metric(page, frames)[:4]
    finally:
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one repeat (make bench)")
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    repeat = 1 if args.quick else args.repeat
    print(machine())
    from playwright.sync_api import sync_playwright

    rows: dict[str, list[tuple]] = {
        "map click → 广东 panel": [], "map metric switch": [], "brands category": [], "trends view switch": [],
    }  # fmt: skip
    before = load_average()
    with server(["run", "dashboard.py"], args.port or free_port()) as app, sync_playwright() as p:
        browser = launch_chromium(p)
        _open(browser, app.url, VEGA)[0].context.close()  # the server loads its data once, untimed
        for _ in range(repeat):
            for names, measure in (
                (("map click → 广东 panel", "map metric switch"), map_pair),
                (("brands category",), lambda b, u: (brands_category(b, u),)),
                (("trends view switch",), lambda b, u: (trends_view(b, u),)),
            ):
                try:
                    results = measure(browser, app.url)
                except PlaywrightTimeout as exc:  # counted and said, not fatal: the other figures stand
                    print(f"{' / '.join(names)}: a run failed ({str(exc).splitlines()[0]})", file=sys.stderr)
                    results = (None,) * len(names)
                for name, result in zip(names, results, strict=True):
                    rows[name].append(result)
        browser.close()
    after = load_average()
    print(
        f"\nInteraction latency, headless Chromium 1920×1080, median of {repeat}; "
        f"load average {before} at the start, {after} at the end."
    )
    out = []
    for name, results in rows.items():
        runs = [r for r in results if r is not None]
        shown = ", ".join("failed" if r is None else f"{r[0]:.2f}" for r in results)
        if not runs:
            out.append([name, "—", "—", "—", "—", shown, f"≤ {GOAL_S:.0f}", "no"])
            continue
        med = [statistics.median(r[i] for r in runs) for i in range(4)]
        out.append(
            [name, f"{med[0]:.2f}", f"{med[1]:.2f}", f"{med[2]:.2f}", f"{med[3] / 1000:,.0f}",
             shown, f"≤ {GOAL_S:.0f}", "yes" if med[0] <= GOAL_S else "no"]
        )
    print()
    print(table(["interaction", "total (s)", "server (s)", "browser (s)", "bytes received (KB)", "runs (s)", "goal (s)", "met?"], out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
