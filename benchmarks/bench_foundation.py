"""Benchmark the data foundation: sample generation, validation and loading. Prints a Markdown table.

    .venv/bin/python -m benchmarks.bench_foundation [--rows 1000000 10000000]

Each case runs in a fresh subprocess so its peak memory (max RSS) is its own. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CASES = {
    "generate": """
from pathlib import Path
from beltatlas.sample import write_sample
counts = write_sample(Path(OUT), rows=ROWS)
""",
    "validate": """
from pathlib import Path
from beltatlas.validate import validate_path
report = validate_path(Path(OUT) / "brand_sales.parquet")
assert report.ok, report.problems[:3]
""",
    "load_bundled": """
from beltatlas.dataset import load_dataset
dataset, problems = load_dataset(ROOT / "data")
assert not problems
""",
}


def run_case(name: str, rows: int, out: Path) -> tuple[float, float]:
    """Seconds of the case body and peak RSS of its process in MiB."""
    code = (
        "import json, resource, sys, time\nfrom pathlib import Path\n"
        f"OUT = {str(out)!r}\nROWS = {rows}\nROOT = Path({str(ROOT)!r})\n"
        "sys.path.insert(0, str(ROOT))\n"
        "import pandas, pyarrow.parquet  # imports are not part of the timing\n"
        "start = time.perf_counter()\n"
        f"{_CASES[name]}\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': elapsed, 'peak_mib': peak}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"], result["peak_mib"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {resource.getpagesize()} B pages\n")
    print("| case | brand_sales rows | seconds | peak memory (MiB) | file size (MB) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    seconds, peak = run_case("load_bundled", 0, ROOT / "data")
    print(f"| load + validate bundled data/ | — | {seconds:.2f} | {peak:,.0f} | — |")
    for rows in args.rows:
        with tempfile.TemporaryDirectory(prefix="beltatlas-bench-") as tmp:
            out = Path(tmp)
            seconds, peak = run_case("generate", rows, out)
            size = (out / "brand_sales.parquet").stat().st_size / 1e6
            print(f"| generate sample (`--rows`) | {rows:,} | {seconds:.2f} | {peak:,.0f} | {size:.1f} |")
            seconds, peak = run_case("validate", rows, out)
            print(f"| validate brand_sales.parquet | {rows:,} | {seconds:.2f} | {peak:,.0f} | {size:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
