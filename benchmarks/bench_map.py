"""Benchmark the map page: deck JSON bytes per render, server time of a rerun after a metric switch,
and page-ready time in headless Chromium. Prints Markdown tables.

    .venv/bin/python -m benchmarks.bench_map [--repeat 5] [--no-browser]

Not part of the test suite (no timing assertions anywhere); figures go in the README.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from beltatlas import maps  # noqa: E402
from beltatlas.dataset import load_dataset  # noqa: E402

PAGE = "app_pages/map.py"


def deck_sizes(tables) -> list[tuple[str, int]]:
    """Bytes of the deck JSON Streamlit sends, per view."""
    rows = []
    for metric in maps.METRICS:
        years = maps.metric_years(tables, metric)
        values = maps.province_values(tables, metric, years[-1] if years else None)
        view = maps.ProvinceView(metric, values, maps.classify(values, "quantiles"), "zh", "示例", 440000)
        rows.append((f"provinces · {metric}", len(maps.province_deck(view).to_json().encode())))
    belts = tables["belts"]
    gmv = tables["belt_gmv"]
    scale = gmv[gmv["year"] == gmv["year"].max()].groupby("belt_id")["gmv_yuan"].sum()
    for adcode, name in ((440000, "广东"), (330000, "浙江"), (650000, "新疆")):
        mine = belts[belts["province_adcode"] == adcode]
        points = maps.belt_points(mine, scale, "zh", {})
        tips = maps.city_tips(adcode, belts, scale, "zh", "示例")
        rows.append((f"cities · {name}", len(maps.city_deck(adcode, points, tips).to_json().encode())))
    return rows


def builder_seconds(tables, repeat: int) -> list[tuple[str, float]]:
    """Median seconds to build one province view (values, classes, features, JSON) per metric."""
    rows = []
    maps.province_shapes()  # geometry is snapped once per process; time the reruns
    for metric in maps.METRICS:
        years = maps.metric_years(tables, metric)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            values = maps.province_values(tables, metric, years[-1] if years else None)
            view = maps.ProvinceView(metric, values, maps.classify(values, "jenks"), "zh", "示例", 440000)
            maps.province_deck(view).to_json()
            times.append(time.perf_counter() - start)
        rows.append((metric, statistics.median(times)))
    return rows


def rerun_seconds(repeat: int) -> list[tuple[str, float]]:
    """Median seconds of an AppTest rerun of the whole page after a metric switch (warm process)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser_seconds(repeat: int) -> list[tuple[str, float, float]]:
    """Seconds from navigation to the map canvas and to an idle app, in headless Debian Chromium."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            for i in range(repeat):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                start = time.perf_counter()
                page.goto(f"{url}/map")
                page.wait_for_selector("[data-testid=stDeckGlJsonChart] canvas", timeout=120_000)
                canvas = time.perf_counter() - start
                page.wait_for_function(
                    "!document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000
                )
                idle = time.perf_counter() - start
                rows.append(("first load (cold server)" if i == 0 else f"load {i + 1}", canvas, idle))
                page.close()
            browser.close()
        return rows
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    dataset, _ = load_dataset(ROOT / "data")

    print("| view | deck JSON (KB) |\n| --- | ---: |")
    for name, size in deck_sizes(dataset.tables):
        print(f"| {name} | {size / 1000:.0f} |")

    print(
        "\n| metric | build view + JSON (ms, median) | page rerun after switching to it (ms, median, AppTest) |"
    )
    print("| --- | ---: | ---: |")
    build = dict(builder_seconds(dataset.tables, args.repeat))
    for metric, seconds in rerun_seconds(args.repeat):
        print(f"| {metric} | {build[metric] * 1000:.0f} | {seconds * 1000:.0f} |")

    if not args.no_browser:
        print("\n| Chromium 1280×800, /map | map canvas (s) | app idle (s) |\n| --- | ---: | ---: |")
        for name, canvas, idle in browser_seconds(3):
            print(f"| {name} | {canvas:.2f} | {idle:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
