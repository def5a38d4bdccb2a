"""Benchmark the map page: page ready against `streamlit hello` and an empty pydeck page (same run,
same browser), click → province panel, metric switch, bytes per render, and where the time goes.
Prints Markdown tables.

    .venv/bin/python -m benchmarks.bench_map [--repeat 3] [--quick] [--no-browser] [--port 8612]

Browser figures come from headless Debian Chromium (software WebGL) driven by Playwright. Each
interaction is split by the websocket frames the page exchanges with the server:

- *server*: from the browser's message (the click, the new metric) to the last frame of the rerun
  (script time and sending);
- *browser*: from that last frame until the result is on screen (parse, deck.gl update and draw);
  `long tasks` is the main-thread time the browser spent in tasks over 50 ms in that window.

Not part of the test suite (no timing assertions anywhere); the figures go in the README.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
import warnings

from beltatlas import maps
from beltatlas.dataset import load_dataset
from benchmarks._harness import (
    ROOT,
    Frames,
    free_port,
    launch_chromium,
    load_page,
    machine,
    server,
    split,
    wait_ready,
)

PAGE = "app_pages/map.py"
LONG_TASKS = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
"""


# 1/ Without a browser -----------------------------------------------------------------------------


class Files:
    """A `maps.Publish` that keeps the bytes of each file the page would serve (as `ui.publish_json`
    does, by content) instead of writing it."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}

    def __call__(self, payload):
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        name = hashlib.sha256(text.encode()).hexdigest()[:40]
        self.sizes[name] = len(text.encode())
        return f"app/static/maps/{name}.json"


def _sizes(build) -> tuple[int, int]:
    """(bytes of the deck spec per render, bytes of the layer files it names)."""
    files = Files()
    spec = build(files).to_json()
    return len(spec.encode()), sum(files.sizes.values())


def deck_sizes(tables) -> list[tuple[str, int, int]]:
    """Per view (fitted to a 1000 × 750 map): bytes of the deck JSON Streamlit sends on each render,
    and of the layer files it names (`ui.publish_json`; fetched once per URL, kept by deck.gl while
    the URL stays: the borders, sea line and islands never change, the fills change with the metric,
    year and language)."""
    rows = []
    for metric in maps.METRICS:
        years = maps.metric_years(tables, metric)
        values = maps.province_values(tables, metric, years[-1] if years else None)
        view = maps.ProvinceView(metric, values, maps.classify(values, "quantiles"), "zh", "示例", 440000)
        rows.append(
            (f"provinces · {metric}", *_sizes(lambda p, v=view: maps.province_deck(v, 1000, 750, publish=p)))
        )
    values = maps.province_values(tables, "scale", 2020)
    for name, kw in (("full extent", {"map_layout": "full"}), ("with labels", {"labels": True})):
        view = maps.ProvinceView("scale", values, maps.classify(values, "quantiles"), "zh", "示例", **kw)
        rows.append(
            (
                f"provinces · scale · {name}",
                *_sizes(lambda p, v=view: maps.province_deck(v, 1000, 750, publish=p)),
            )
        )
    belts, gmv = tables["belts"], tables["belt_gmv"]
    scale = gmv[gmv["year"] == gmv["year"].max()].groupby("belt_id")["gmv_yuan"].sum()
    for adcode, name in ((440000, "广东"), (330000, "浙江"), (650000, "新疆")):
        points = maps.belt_points(belts[belts["province_adcode"] == adcode], scale, "zh", {})
        tips = maps.city_tips(adcode, belts, scale, "zh", "示例")
        rows.append(
            (
                f"cities · {name}",
                *_sizes(
                    lambda p, a=adcode, pt=points, tp=tips: maps.city_deck(a, pt, tp, 1000, 750, publish=p)
                ),
            )
        )
    return rows


def builder_seconds(tables, repeat: int) -> list[tuple[str, float]]:
    """Median seconds to build one province view (values, classes, features, JSON) per metric, with
    the layer files published as the page does (`ui.publish_json`)."""
    import ui

    rows = []
    maps.province_shapes()  # geometry is built once per process; time the reruns
    for metric in maps.METRICS:
        years = maps.metric_years(tables, metric)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            values = maps.province_values(tables, metric, years[-1] if years else None)
            view = maps.ProvinceView(metric, values, maps.classify(values, "jenks"), "zh", "示例", 440000)
            maps.province_deck(view, 1000, 750, publish=ui.publish_json).to_json()
            times.append(time.perf_counter() - start)
        rows.append((metric, statistics.median(times)))
    return rows


def rerun_seconds(repeat: int) -> list[tuple[str, float]]:
    """Median seconds of an AppTest rerun of the whole page after a metric switch (warm process)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    at.run()
    rows = []
    for metric in (*maps.METRICS[1:], maps.METRICS[0]):
        times = []
        for _ in range(repeat):
            at.selectbox(key="metric").set_value(metric)
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception
        rows.append((metric, statistics.median(times)))
    return rows


# 2/ In the browser --------------------------------------------------------------------------------


def _long_task_ms(page, start_ms: float) -> float:
    tasks = page.evaluate("window.__longtasks || []")
    return sum(d for s, d in tasks if s >= start_ms)


def _page_ms(page) -> float:
    return page.evaluate("performance.now()")


MAP_READY = (
    "!!document.querySelector('[data-testid=stDeckGlJsonChart] canvas') && "
    "!!document.querySelector('[data-testid=stDeckGlJsonChart]')"
)
HELLO_READY = "!!document.querySelector('[data-testid=stMainBlockContainer] h1')"


def page_ready(browser, url: str, ready_js: str, size=(1920, 1080)) -> tuple[float, int]:
    """Seconds from navigation to ready, and the bytes the server sent meanwhile (fresh context)."""
    load = load_page(browser, url, ready_js, size)
    return load.ready, load.ws_recv


def open_map(browser, url: str):
    """A fresh 1920×1080 page on /map, ready, recording long tasks and websocket frames."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.add_init_script(LONG_TASKS)
    frames = Frames(page)
    page.goto(f"{url}/map", timeout=240_000)
    wait_ready(page, frames, MAP_READY)
    return page, frames


def click_province(page, frames: Frames) -> tuple[float, float, float, int, float]:
    """Click on 广东 until its side panel heading shows: (total, server, browser, bytes, long tasks ms)."""
    canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
    box = canvas.bounding_box()
    view = maps.national_view(round(box["width"]), round(box["height"]))
    x, y = maps.pixel_of(view, 113.3, 23.9, box["width"], box["height"])
    page.mouse.move(box["x"] + x - 5, box["y"] + y - 5)
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(800)

    heading = page.get_by_role("heading", name="广东省").first
    for _attempt in range(4):
        t0, ms0 = time.perf_counter(), _page_ms(page)
        page.mouse.down()
        page.wait_for_timeout(40)
        page.mouse.up()
        try:
            heading.wait_for(timeout=30_000)
            break
        except Exception:  # a dropped press (see tests/e2e): press again
            continue
    shown = time.perf_counter()
    wait_ready(page, frames, MAP_READY, quiet=0.5)
    server_s, browser_s, received = split(frames, t0, shown)
    return shown - t0, server_s, browser_s, received, _long_task_ms(page, ms0)


def switch_metric(
    page, frames: Frames, metric: str = "ecommerce_sales"
) -> tuple[float, float, float, int, float]:
    """Pick `metric` in the select box; done when the legend title says so (as `click_province`)."""
    title = json.dumps(maps_label(metric))
    page.locator("[data-testid=stSelectbox]").first.click()
    option = page.get_by_role("option", name=maps_label(metric))
    option.wait_for(timeout=10_000)
    t0, ms0 = time.perf_counter(), _page_ms(page)
    option.click()
    page.wait_for_function(
        f"[...document.querySelectorAll('div')].some(d => d.style.fontWeight === '600' && d.innerText.startsWith({title}))",
        timeout=60_000,
    )
    shown = time.perf_counter()
    wait_ready(page, frames, MAP_READY, quiet=0.5)
    server_s, browser_s, received = split(frames, t0, shown)
    return shown - t0, server_s, browser_s, received, _long_task_ms(page, ms0)


def interactions(browser, url: str, repeat: int) -> dict[str, list[tuple[float, float, float, int, float]]]:
    """Click → panel, metric and year switch at 1920×1080: (total, server, browser, bytes, long tasks ms)."""
    out: dict[str, list] = {"click → panel (广东)": [], "metric switch": [], "year switch": []}
    for _ in range(repeat):
        page, frames = open_map(browser, url)
        out["click → panel (广东)"].append(click_province(page, frames))
        # Year switch (belt scale, several years): the slider's thumb, one step left with the keyboard.
        thumb = page.locator("[data-testid=stSlider] input[type=range]").first
        thumb.focus()
        t0, ms0 = time.perf_counter(), _page_ms(page)
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("location.search.includes('year=')", timeout=60_000)
        wait_ready(page, frames, MAP_READY, quiet=0.5)
        shown = max(f[0] for f in frames.log)
        server_s, browser_s, received = split(frames, t0, shown)
        out["year switch"].append((shown - t0, server_s, browser_s, received, _long_task_ms(page, ms0)))
        # Last: the metric switch (the new metric may have one year, and so no year slider).
        out["metric switch"].append(switch_metric(page, frames))
        page.close()
    return out


def maps_label(metric: str) -> str:
    from beltatlas.i18n import t

    return t(f"map.metric.{metric}", "zh", start=2018, end=2020)


def parse_seconds(browser, url: str) -> float:
    """Seconds the browser takes to JSON.parse one national deck spec (the part of an update that
    Streamlit's front end redoes on every rerun, whatever changed)."""
    page = browser.new_page()
    page.goto(f"{url}/_stcore/health")
    dataset, _ = load_dataset(ROOT / "data")
    values = maps.province_values(dataset.tables, "scale", 2020)
    view = maps.ProvinceView("scale", values, maps.classify(values, "quantiles"), "zh", "示例")
    spec = maps.province_deck(view, 1000, 750, publish=Files()).to_json()
    ms = page.evaluate(
        "(s) => { const t = performance.now(); for (let i = 0; i < 5; i++) JSON.parse(s); return (performance.now() - t) / 5; }",
        spec,
    )
    page.close()
    return ms / 1000


def reload_ready(browser, url: str, ready_js: str, size=(1920, 1080)) -> float:
    """Seconds from a reload to ready, in a context that has loaded `url` once (its HTTP cache and
    cookies kept: the map's measured size is one of them, so its first run is fitted already)."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    frames = Frames(page)
    page.goto(url, timeout=240_000)
    wait_ready(page, frames, ready_js)
    start = time.perf_counter()
    page.reload(timeout=240_000)
    ready = wait_ready(page, frames, ready_js) - start
    context.close()
    return ready


def drawn_seconds(browser, url: str, size=(1920, 1080), settle_ms: int = 7000) -> tuple[float, list[float]]:
    """Seconds from navigation to the end of the map's last WebGL frame (the provinces drawn at the
    fitted size, their layer files fetched), read from a Chromium trace of a fresh-context load: the
    compositor reads each WebGL frame back (`GLES2::ReadPixels`), so a frame ends with its readback.
    Also each frame's readback in ms. "Ready" above is earlier: it needs the canvas, not its drawing."""
    import tempfile

    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    with tempfile.NamedTemporaryFile(suffix=".json") as trace:
        browser.start_tracing(page=page, path=trace.name, categories=["gpu", "devtools.timeline"])
        page.goto(url, timeout=240_000)
        page.wait_for_selector("[data-testid=stDeckGlJsonChart] canvas", timeout=120_000)
        page.wait_for_timeout(settle_ms)
        browser.stop_tracing()
        events = json.loads(trace.read())
    context.close()
    events = events["traceEvents"] if isinstance(events, dict) else events
    start = min(e["ts"] for e in events if e.get("ph") == "X" and e.get("ts", 0) > 0)
    frames = [e for e in events if e.get("name") == "GLES2::ReadPixels" and e.get("dur", 0) > 5000]
    if not frames:
        return float("nan"), []
    end = max(e["ts"] + e["dur"] for e in frames)
    return (end - start) / 1e6, [e["dur"] / 1000 for e in sorted(frames, key=lambda e: e["ts"])]


def browser_tables(repeat: int, port: int | None) -> None:
    from playwright.sync_api import sync_playwright

    app_port = port or free_port()
    hello_port = (port + 1) if port else free_port()
    floor_port = (port + 2) if port else free_port()
    with (
        server(["run", "dashboard.py"], app_port) as app_server,
        server(["hello"], hello_port) as hello_server,
        server(["run", "benchmarks/deck_floor.py"], floor_port) as floor_server,
        sync_playwright() as p,
    ):
        app, hello, floor = app_server.url, hello_server.url, floor_server.url
        browser = launch_chromium(p)
        cold_map, _ = page_ready(browser, f"{app}/map", MAP_READY)
        cold_hello, _ = page_ready(browser, hello, HELLO_READY)
        print(
            f"\nCold first loads (server process just started): /map {cold_map:.1f} s, hello {cold_hello:.1f} s."
        )
        pages = (
            ("streamlit hello", hello, HELLO_READY),
            ("empty pydeck page (floor)", floor, MAP_READY),
            ("/map", f"{app}/map", MAP_READY),
        )

        def fresh(url: str, ready: str, size) -> tuple[float, int]:
            return page_ready(browser, url, ready, size)

        def reload(url: str, ready: str, size) -> tuple[float, int]:
            return reload_ready(browser, url, ready, size), 0

        for title, load, label in (
            ("page ready, warm server", fresh, ""),
            ("reload, same browser (cache and cookies kept)", reload, " after a reload"),
        ):
            print(f"\n| {title} | viewport | median (s) | runs (s) | bytes received |")
            print("| --- | --- | ---: | --- | ---: |")
            results = {}
            for size in ((1280, 800), (1920, 1080)):
                for name, url, ready in pages:
                    runs = [load(url, ready, size) for _ in range(repeat)]
                    seconds = [r[0] for r in runs]
                    results[(name, size)] = statistics.median(seconds)
                    received = statistics.median(r[1] for r in runs)
                    print(
                        f"| {name} | {size[0]}×{size[1]} | {statistics.median(seconds):.2f} | "
                        f"{', '.join(f'{x:.1f}' for x in seconds)} | "
                        f"{f'{received / 1000:.0f} KB' if received else '—'} |"
                    )
            for size in ((1280, 800), (1920, 1080)):
                base = results[("streamlit hello", size)]
                ratio, floor_ratio = (
                    results[("/map", size)] / base,
                    results[("empty pydeck page (floor)", size)] / base,
                )
                print(
                    f"\n/map ÷ hello{label} at {size[0]}×{size[1]}: {ratio:.2f}× (the empty pydeck page: "
                    f"{floor_ratio:.2f}×)",
                    end="",
                )
            print()

        print(
            "\n| map drawn (last WebGL frame), fresh context | median (s) | runs (s) | frames' readback (ms), first run |"
        )
        print("| --- | ---: | --- | --- |")
        for size in ((1280, 800), (1920, 1080)):
            runs = [drawn_seconds(browser, f"{app}/map", size) for _ in range(repeat)]
            seconds = [r[0] for r in runs]
            print(
                f"| {size[0]}×{size[1]} | {statistics.median(seconds):.2f} | "
                f"{', '.join(f'{x:.1f}' for x in seconds)} | {', '.join(f'{x:.0f}' for x in runs[0][1])} |"
            )

        print(
            "\n| interaction, 1920×1080 | total (s) | server (s) | browser (s) | long tasks (ms) | bytes received |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, rows in interactions(browser, app, repeat).items():
            med = [statistics.median(r[i] for r in rows) for i in range(5)]
            print(
                f"| {name} | {med[0]:.2f} | {med[1]:.2f} | {med[2]:.2f} | {med[4]:.0f} | {med[3] / 1000:.0f} KB |"
            )
        print(
            f"\nJSON.parse of one national deck spec in Chromium: {parse_seconds(browser, app) * 1000:.0f} ms."
        )
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one repeat (make bench)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--port", type=int, default=None, help="app port (hello and the floor page use the next two)"
    )
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    warnings.simplefilter("ignore")
    dataset, _ = load_dataset(ROOT / "data")
    print(machine() + "\n")

    print("| view | deck JSON per render (KB) | layer files, fetched once per URL (KB) |")
    print("| --- | ---: | ---: |")
    for name, size, files in deck_sizes(dataset.tables):
        print(f"| {name} | {size / 1000:.1f} | {files / 1000:.0f} |")

    print(
        "\n| metric | build view + JSON (ms, median) | page rerun after switching to it (ms, median, AppTest) |"
    )
    print("| --- | ---: | ---: |")
    build = dict(builder_seconds(dataset.tables, args.repeat))
    for metric, seconds in rerun_seconds(args.repeat):
        print(f"| {metric} | {build[metric] * 1000:.0f} | {seconds * 1000:.0f} |")

    if not args.no_browser:
        browser_tables(args.repeat, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
