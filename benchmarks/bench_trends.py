"""Trends page: server rerun time after a view / series switch (AppTest, warm process).

Run: python -m benchmarks.bench_trends [--repeat N]. Prints a Markdown table of median milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SWITCHES: tuple[tuple[str, str, str], ...] = (
    ("show", "index", "view → index"),
    ("show", "share", "view → share"),
    ("show", "absolute", "view → absolute"),
    ("series", "official", "series → official"),
    ("series", "belt", "series → belt"),
)


def rerun_ms(repeat: int) -> list[tuple[str, float, float]]:
    """(switch, median ms, max ms) of a whole-page rerun after each widget change."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/trends.py")
    at.run()
    times: dict[str, list[float]] = {label: [] for *_, label in SWITCHES}
    for _ in range(repeat):
        for key, value, label in SWITCHES:
            box = at.selectbox(key=key).set_value(value)
            start = time.perf_counter()
            box.run()
            times[label].append((time.perf_counter() - start) * 1000)
            assert not at.exception, [e.value for e in at.exception]
    return [(label, statistics.median(v), max(v)) for label, v in times.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    print("| switch | page rerun (ms, median) | max (ms) |")
    print("| --- | ---: | ---: |")
    for label, median, worst in rerun_ms(args.repeat):
        print(f"| {label} | {median:.0f} | {worst:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
