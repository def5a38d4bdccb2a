"""Benchmark the query module on its engines: embedded DuckDB vs a local Spark session, and the bytes a
page view fetches.

    .venv/bin/python -m benchmarks.bench_engines [--rows 10000000 100000000] [--engines duckdb spark]
        [--data DIR] [--repeat 2] [--pages]

Engines: for each size a sample dataset is generated (`beltatlas.sample`, in a temporary folder or
reused from `--data DIR/<rows>/`, never inside the repository). Each engine runs in a fresh
subprocess: `duckdb` is the embedded default over the Parquet file (threads=2, memory_limit=1GB);
`spark` is `BELTATLAS_ENGINE=spark` — a local Spark session (local[2]) reading the same file itself.
The query is the Brands page's heaviest: CR5 / CR10 / HHI of every category over the whole table,
then the brand shares of one category. Printed per engine: the engine's start (Spark: session and
table registration), the best of `--repeat` runs of the concentration (wall and CPU seconds, CPU
being user + system of the Python process and, for Spark, of its JVM), the brand shares, the peak
memory (max RSS of the Python process plus the JVM's high-water mark), and the bytes fetched (the
Arrow size of what came back into pandas).

`--pages`: every page of the dashboard rendered once with AppTest on the bundled data and an
empty query cache, with the bytes fetched from the engine per page view.

Prints Markdown tables. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {"threads": 2, "memory_limit": "1GB", "enable_progress_bar": False}

_CASE = """
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, ROOT)
from beltatlas import engine, metrics, query

def jvm_pid():
    if ENGINE != "spark":
        return None
    from pyspark import SparkContext
    return SparkContext._gateway.proc.pid

def jvm_cpu_and_peak(pid):
    if pid is None:
        return 0.0, 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / ticks
    status = Path(f"/proc/{pid}/status").read_text()
    peak = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM")) / 1024
    return cpu, peak

def cpu(pid):
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime + jvm_cpu_and_peak(pid)[0]

start = time.perf_counter()
if ENGINE == "duckdb":
    sales_source = PATH
    run = lambda: metrics.concentration(PATH, settings=SETTINGS)
    shares = lambda c: metrics.brand_shares(PATH, c)
else:
    eng = engine.connect("spark", Path(PATH).parent)
    assert not eng.problems, eng.problems
    table = eng.tables["brand_sales"]
    run = lambda: metrics.concentration(table)
    shares = lambda c: metrics.brand_shares(table, c)
pid = jvm_pid()
started = time.perf_counter() - start
best = (float("inf"), float("inf"))
for _ in range(REPEAT):
    t0, c0 = time.perf_counter(), cpu(pid)
    with query.fetch_log() as fetched:
        out = run()
    best = min(best, (time.perf_counter() - t0, cpu(pid) - c0))
category = out["category_l2"].iloc[0]
t0 = time.perf_counter()
with query.fetch_log() as shares_fetched:
    brands = shares(category)
shares_seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + jvm_cpu_and_peak(pid)[1]
print(json.dumps({"start": started, "seconds": best[0], "cpu": best[1], "shares": shares_seconds,
                  "peak_mib": peak, "bytes": sum(fetched), "shares_bytes": sum(shares_fetched),
                  "brands": len(brands), "categories": len(out)}))
"""


def run_engine(engine: str, path: Path, repeat: int) -> dict[str, float]:
    code = (
        f"ROOT = {str(ROOT)!r}\nPATH = {str(path)!r}\nENGINE = {engine!r}\n"
        f"REPEAT = {repeat}\nSETTINGS = {SETTINGS!r}\n" + _CASE
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} on {path} failed:\n{done.stderr[-3000:]}")
    return json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])


def sample_file(rows: int, folder: Path) -> Path:
    """`folder/<rows>/brand_sales.parquet` (with belt_gmv and city_gmv beside it), generated when missing."""
    out = folder / str(rows)
    path = out / "brand_sales.parquet"
    if not path.exists():
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from pathlib import Path\nfrom beltatlas.sample import write_sample\n"
            f"write_sample(Path({str(out)!r}), rows={rows})\n"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return path


_PAGES = """
import json, sys
sys.path.insert(0, ROOT)
from streamlit.testing.v1 import AppTest
from beltatlas import query
import ui
out = {}
for page in PAGES:
    at = AppTest.from_file(ROOT + "/dashboard.py", default_timeout=600)
    at.run()  # the default page (overview) first, as a visitor lands on it; then an empty cache
    ui.refresh_queries()
    with query.fetch_log() as fetched:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    out[page] = [len(fetched), sum(fetched), max(fetched, default=0)]
print(json.dumps(out))
"""

PAGES = [
    "app_pages/overview.py",
    "app_pages/map.py",
    "app_pages/trends.py",
    "app_pages/brands.py",
    "app_pages/stories.py",
    "app_pages/belt.py",
    "app_pages/about.py",
]


def page_bytes(engine: str) -> dict[str, list[int]]:
    code = f"ROOT = {str(ROOT)!r}\nPAGES = {PAGES!r}\n" + _PAGES
    env = {**os.environ, "BELTATLAS_ENGINE": engine}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"pages on {engine} failed:\n{done.stderr[-3000:]}")
    return json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--engines", nargs="+", default=["duckdb", "spark"], choices=["duckdb", "spark"])
    parser.add_argument("--data", type=Path, help="reuse / keep generated samples here (outside the repo)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--pages", action="store_true", help="also measure the bytes fetched per page view")
    args = parser.parse_args()
    if args.data is not None and args.data.resolve().is_relative_to(ROOT):
        parser.error("--data must be outside the repository")

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}\n")
    if args.rows:
        print(
            "| brand_sales rows | engine | start (s) | concentration (s) | CPU (s) | brand shares (s) "
            "| peak memory (MiB) | bytes fetched: concentration / brand shares |"
        )
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory(prefix="beltatlas-bench-engines-") as tmp:
        folder = args.data or Path(tmp)
        for rows in args.rows:
            path = sample_file(rows, folder)
            for engine in args.engines:
                r = run_engine(engine, path, args.repeat)
                print(
                    f"| {rows:,} | {engine} | {r['start']:.1f} | {r['seconds']:.2f} | {r['cpu']:.1f} "
                    f"| {r['shares']:.2f} | {r['peak_mib']:,.0f} "
                    f"| {r['bytes']:,} ({r['categories']} categories) / {r['shares_bytes']:,} ({r['brands']:,} brands) |",
                    flush=True,
                )
    if args.pages:
        for engine in args.engines:
            print(f"\nBytes fetched per page view, bundled data, BELTATLAS_ENGINE={engine}, empty cache:\n")
            print("| page | queries | bytes fetched | largest result (bytes) |")
            print("| --- | ---: | ---: | ---: |")
            for page, (n, total, largest) in page_bytes(engine).items():
                print(f"| {page} | {n} | {total:,} | {largest:,} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
