"""Benchmark brand concentration (CR5, CR10, HHI per category): DuckDB vs the plain pandas reference.

    .venv/bin/python -m benchmarks.bench_brands [--rows 1000000 10000000 100000000] [--data DIR]

For each size a sample `brand_sales.parquet` is generated (in a temporary folder, or reused from
`--data DIR/<rows>/`; never inside the repository). Each case runs in a fresh subprocess, so its peak
memory (max RSS, including the interpreter and libraries) is its own; a case's time is the best of
`--repeat` runs; its CPU time (user + system over all threads, of that best run) is printed beside
it, since on a loaded machine wall time mostly measures waiting for a core (with 2 free cores the
wall time would be about CPU / 2 for DuckDB). DuckDB runs with threads=2 and memory_limit=1GB (no
progress bar). Cases:

* in memory, categorical columns — the table is already a pandas frame with category_l2 and brand
  categorical (converted after reading: the sample stores them as strings); only the computation is timed;
* in memory, string columns — the same with plain string columns, as the app's validated loader
  holds the table; only the computation is timed;
* from Parquet — the file is read and computed on: DuckDB scans the file itself, pandas reads it
  with `pd.read_parquet` and then runs the reference.

Prints a Markdown table. Not part of the test suite.
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

_CASES = {
    "duckdb_memory": (
        "frame = pd.read_parquet(PATH).astype({'category_l2': 'category', 'brand': 'category'})",
        "metrics.concentration(frame, settings=SETTINGS)",
    ),
    "pandas_memory": (
        "frame = pd.read_parquet(PATH).astype({'category_l2': 'category', 'brand': 'category'})",
        "metrics.concentration_reference(frame)",
    ),
    "duckdb_strings": (
        "frame = pd.read_parquet(PATH).astype({'category_l2': 'str', 'brand': 'str'})",
        "metrics.concentration(frame, settings=SETTINGS)",
    ),
    "pandas_strings": (
        "frame = pd.read_parquet(PATH).astype({'category_l2': 'str', 'brand': 'str'})",
        "metrics.concentration_reference(frame)",
    ),
    "duckdb_parquet": ("", "metrics.concentration(PATH, settings=SETTINGS)"),
    "pandas_parquet": ("", "metrics.concentration_reference(pd.read_parquet(PATH))"),
}


def run_case(name: str, path: Path, repeat: int) -> tuple[float, float, float]:
    """Best seconds over `repeat` runs of the case, the CPU seconds (user + system, all threads)
    of that run, and the peak RSS of its process in MiB."""
    setup, body = _CASES[name]
    code = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import pandas as pd\n"
        "from beltatlas import metrics\n"
        f"PATH = {str(path)!r}\nSETTINGS = {SETTINGS!r}\n"
        f"{setup}\n"
        "def cpu():\n"
        "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    return r.ru_utime + r.ru_stime\n"
        "best = (float('inf'), float('inf'))\n"
        f"for _ in range({repeat}):\n"
        "    start, start_cpu = time.perf_counter(), cpu()\n"
        f"    out = {body}\n"
        "    best = min(best, (time.perf_counter() - start, cpu() - start_cpu))\n"
        "assert len(out) > 0\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': best[0], 'cpu': best[1], 'peak_mib': peak}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{name} on {path} failed:\n{done.stderr[-2000:]}")
    result = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    return result["seconds"], result["cpu"], result["peak_mib"]


def sample_file(rows: int, folder: Path) -> Path:
    """`folder/<rows>/brand_sales.parquet`, generated (in a subprocess) when missing."""
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--data", type=Path, help="reuse / keep generated samples here (outside the repo)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--pandas-max-rows",
        type=int,
        default=100_000_000,
        help="skip the pandas reference above this many rows (it needs several GB)",
    )
    parser.add_argument(
        "--memory-max-rows",
        type=int,
        default=20_000_000,
        help="above this many rows only the from-Parquet case runs (an in-memory frame would not fit in 2 GB)",
    )
    args = parser.parse_args()
    if args.data is not None and args.data.resolve().is_relative_to(ROOT):
        parser.error("--data must be outside the repository")

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}, DuckDB {SETTINGS}\n")
    print(
        "| rows | input | DuckDB (s) | DuckDB CPU (s) | pandas reference (s) | ratio "
        "| DuckDB peak (MiB) | pandas peak (MiB) |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="beltatlas-bench-brands-") as tmp:
        folder = args.data or Path(tmp)
        for rows in args.rows:
            path = sample_file(rows, folder)
            inputs = [
                ("memory", "in memory, categorical columns"),
                ("strings", "in memory, string columns (as loaded by the app)"),
                ("parquet", "from Parquet"),
            ]
            if rows > args.memory_max_rows:
                inputs = [("parquet", "from Parquet")]
            for kind, label in inputs:
                duck_s, duck_cpu, duck_mib = run_case(f"duckdb_{kind}", path, args.repeat)
                head = f"| {rows:,} | {label} | {duck_s:.2f} | {duck_cpu:.2f}"
                if rows > args.pandas_max_rows:
                    print(f"{head} | — | — | {duck_mib:,.0f} | — |", flush=True)
                    continue
                pd_s, _pd_cpu, pd_mib = run_case(
                    f"pandas_{kind}", path, 1 if rows >= 50_000_000 else args.repeat
                )
                print(
                    f"{head} | {pd_s:.2f} | {pd_s / duck_s:.1f}× | {duck_mib:,.0f} | {pd_mib:,.0f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
