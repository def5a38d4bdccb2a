"""Benchmark page ready for every page (each Stories view too) against `streamlit hello`, in the same
run, and say where each page's time goes. Prints Markdown tables.

    .venv/bin/python -m benchmarks.bench_pages [--repeat 3] [--port 8611] [--size 1280x800] [--quick]

Both servers run side by side (the app on --port, hello on the next port); the loads alternate,
hello then page, each in a fresh browser context of one headless Debian Chromium (empty HTTP cache,
no cookies, no Streamlit message cache: nothing is cached in the browser). One unmeasured load of
every page and of hello first, so the figures are for a server that has started and loaded its data;
those first (cold) loads are printed on their own line.

**Ready** (the same rule for every page and for hello's first page): `[data-testid=stApp]` is
present, the main block has its `h1`, Streamlit's running indicator (`stStatusWidget`) is gone, the
page's main element is drawn — a Vega view for a chart page (the chart element with
`role=graphics-document`, which Vega-Embed sets once the view exists), the deck.gl canvas for the
map, the table's canvas for a table page, only the `h1` for hello, whose first page has no chart —
every Vega chart on the page has its view and its SVG or canvas, and then no websocket frame arrives
for 0.8 s (a size-triggered rerun counts; the ready moment excludes that quiet wait).

Where the time goes, per page (medians): the first script run in-process (AppTest: a new session's
first run of the page, caches warm), the same run seen on the wire (the browser's rerun request →
the `script_finished` ForwardMsg), the first and last websocket frames from the server and ready
(ready − last frame is the drawing: Vega or deck.gl, after the last byte), websocket bytes both ways
and the HTTP bytes (headers + encoded body: front-end JS, CSS, fonts, other) and request count.

`--quick` (what `make bench` uses): one repeat. Not part of the test suite: no timing assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from dataclasses import dataclass

from benchmarks._harness import (
    ROOT,
    Load,
    free_port,
    launch_chromium,
    load_average,
    load_page,
    machine,
    server,
    table,
)

GOAL = 1.1  # × hello

VEGA = "[data-testid=stVegaLiteChart][role=graphics-document]"  # Vega-Embed sets the role on the chart element
DECK = "[data-testid=stDeckGlJsonChart] canvas"
GRID = "[data-testid=stDataFrame] canvas"
H1 = "[data-testid=stMainBlockContainer] h1"


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # URL path and query, as a link opens it
    script: str  # for AppTest
    main: str  # CSS selector of the page's main element
    query: tuple[tuple[str, str], ...] = ()


PAGES = [
    Page("overview", "/", "app_pages/overview.py", VEGA),
    Page("map", "/map", "app_pages/map.py", DECK),
    Page("trends", "/trends", "app_pages/trends.py", VEGA),
    Page("brands", "/brands", "app_pages/brands.py", VEGA),
    *(
        Page(
            f"stories · {view}", f"/stories?view={view}", "app_pages/stories.py",
            VEGA if view == "campaigns" else GRID, (("view", view),),
        )
        for view in ("cases", "context", "campaigns", "facts")
    ),
    Page("belt", "/belt", "app_pages/belt.py", VEGA),
    Page("about", "/about", "app_pages/about.py", GRID),
]
HELLO = Page("streamlit hello", "/", "", H1)


def ready_js(main: str) -> str:
    """The page-ready condition (see the module docstring) as one JavaScript expression."""
    return (
        "!!document.querySelector('[data-testid=stApp]') && "
        f"!!document.querySelector('{H1}') && "
        f"!!document.querySelector('{main}') && "
        "[...document.querySelectorAll('[data-testid=stVegaLiteChart]')]"
        ".every(c => c.matches('[role=graphics-document]') && !!c.querySelector('svg, canvas'))"
    )


# 1/ Server first run, in-process ------------------------------------------------------------------


def first_runs(pages: list[Page], repeat: int) -> tuple[float, dict[str, float]]:
    """Seconds of a new session's first run of each page (AppTest, median of `repeat`), after one
    cold run that loads the data (returned first)."""
    from streamlit.testing.v1 import AppTest

    def run(page: Page) -> float:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        for key, value in page.query:
            at.query_params[key] = value
        at.switch_page(page.script)
        start = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"{page.name}: {at.exception[0].message}")
        return seconds

    cold = run(pages[0])
    return cold, {p.name: statistics.median(run(p) for _ in range(repeat)) for p in pages}


# 2/ In the browser --------------------------------------------------------------------------------


def browser_loads(pages: list[Page], repeat: int, port: int, size) -> tuple[dict, dict, dict]:
    """Interleaved loads: {page: [Load]}, {page: [hello Load just before it]}, {name: cold Load}."""
    from playwright.sync_api import sync_playwright

    with (
        server(["run", "dashboard.py"], port) as app,
        server(["hello"], port + 1) as hello,
        sync_playwright() as p,
    ):
        browser = launch_chromium(p)
        cold = {HELLO.name: load_page(browser, hello.url + HELLO.path, ready_js(HELLO.main), size)}
        for page in pages:
            cold[page.name] = load_page(browser, app.url + page.path, ready_js(page.main), size)
        loads: dict[str, list[Load]] = {p.name: [] for p in pages}
        hellos: dict[str, list[Load]] = {p.name: [] for p in pages}
        for _ in range(repeat):
            for page in pages:
                hellos[page.name].append(load_page(browser, hello.url + HELLO.path, ready_js(HELLO.main), size))
                loads[page.name].append(load_page(browser, app.url + page.path, ready_js(page.main), size))
        browser.close()
    return loads, hellos, cold


def _med(loads: list[Load], field: str) -> float:
    return statistics.median(getattr(x, field) for x in loads)


def _kb(n: float) -> str:
    return f"{n / 1000:,.0f}"


def where_rows(name: str, loads: list[Load], apptest: float | None) -> list[object]:
    http = {k: statistics.median(x.http[k] for x in loads) for k in loads[0].http}
    wire_run = statistics.median(x.first_run - x.first_sent for x in loads)
    return [
        name,
        "—" if apptest is None else f"{apptest:.2f}",
        f"{wire_run:.2f}",
        f"{_med(loads, 'first_frame'):.2f}",
        f"{_med(loads, 'last_frame'):.2f}",
        f"{_med(loads, 'ready'):.2f}",
        f"{statistics.median(x.ready - x.last_frame for x in loads):.2f}",
        _kb(_med(loads, "ws_recv")),
        f"{_med(loads, 'ws_sent'):,.0f}",
        _kb(http["js"]),
        _kb(http["css"]),
        _kb(http["font"] + http["other"]),
        f"{_med(loads, 'requests'):.0f}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one repeat (make bench)")
    parser.add_argument("--port", type=int, default=None, help="app port; hello uses the next one")
    parser.add_argument("--size", default="1280x800", help="viewport, WIDTHxHEIGHT")
    parser.add_argument("--pages", default=None, help="comma-separated page names (default: all)")
    parser.add_argument("--no-apptest", action="store_true", help="skip the in-process first-run column")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    repeat = 1 if args.quick else args.repeat
    size = tuple(int(v) for v in args.size.split("x"))
    pages = [p for p in PAGES if args.pages is None or p.name in args.pages.split(",")]
    print(machine())

    apptest: dict[str, float] = {}
    if not args.no_apptest:
        cold_run, apptest = first_runs(pages, repeat)
        print(f"\nAppTest: the process's first run (imports, data load) {cold_run:.2f} s.")

    port = args.port or free_port()
    before = load_average()
    loads, hellos, cold = browser_loads(pages, repeat, port, size)
    after = load_average()
    print(
        f"\nPage ready in headless Chromium at {size[0]}×{size[1]}, median of {repeat}, each page load "
        f"right after a `streamlit hello` load; load average {before} at the start, {after} at the end."
    )
    rows = []
    for page in pages:
        ready, hello = _med(loads[page.name], "ready"), _med(hellos[page.name], "ready")
        ratio = ready / hello
        rows.append(
            [page.name, f"{ready:.2f}", f"{hello:.2f}", f"{ratio:.2f}×", f"{GOAL}×", "yes" if ratio <= GOAL else "no"]
        )
    print()
    print(table(["page", "ready (s)", "hello (s)", "ratio", "goal", "met?"], rows, right={1, 2, 3, 4}))
    print(
        "\nCold first loads (servers just started, in this order): "
        + ", ".join(f"{name} {x.ready:.1f} s" for name, x in cold.items())
        + "."
    )

    print(
        "\nWhere the time goes (medians; seconds from navigation unless said; KB = 1,000 bytes; "
        "HTTP = headers + encoded body on the wire)."
    )
    all_hellos = [x for name in hellos for x in hellos[name]]
    rows = [where_rows(HELLO.name, all_hellos, None)]
    rows += [where_rows(p.name, loads[p.name], apptest.get(p.name)) for p in pages]
    headers = [
        "page", "first run, AppTest (s)", "first run on the wire (s)", "first frame", "last frame",
        "ready", "drawing after last frame (s)", "ws recv (KB)", "ws sent (B)", "JS (KB)",
        "CSS (KB)", "fonts + other (KB)", "requests",
    ]
    print()
    print(table(headers, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
