"""Benchmark an upload: peak server memory to validate and load one CSV of a given size, against the
file's size. Prints a Markdown table.

    .venv/bin/python -m benchmarks.bench_upload [--mb 10 50]

Each case runs in a fresh subprocess (peak memory = its max RSS, interpreter and libraries included;
the baseline row is the same process importing everything and loading nothing). Not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASE = """
import json, resource, sys, time
from pathlib import Path
from beltatlas.dataset import load_dataset, load_upload
base, _ = load_dataset(Path(ROOT) / "data")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
upload = load_upload(Path(FOLDER), base) if FOLDER else None
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rows = sum(t.loaded for t in upload.tables) if upload else 0
print(json.dumps({"before": before / 1024, "peak": peak / 1024, "seconds": seconds, "rows": rows}))
"""


def make_csv(folder: Path, mb: float) -> int:
    """A brand_sales.csv of about `mb` megabytes, in the bundled sample's shape."""
    import pandas as pd

    sample = pd.read_parquet(ROOT / "data" / "brand_sales.parquet")
    one = len(sample.to_csv(index=False).encode("utf-8")) / len(sample)
    rows = int(mb * 1024 * 1024 / one)
    reps = rows // len(sample) + 1
    frame = pd.concat([sample.assign(brand=sample["brand"] + f"·{i}") for i in range(reps)], ignore_index=True)
    frame.iloc[:rows].to_csv(folder / "brand_sales.csv", index=False)
    return rows


def run(folder: Path | None) -> dict:
    code = CASE.replace("ROOT", repr(str(ROOT))).replace("FOLDER", repr(str(folder) if folder else ""))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, nargs="+", default=[10, 50])
    args = parser.parse_args()
    base = run(None)
    print("| file | rows | seconds | peak RSS (MiB) | over baseline (MiB) | over baseline / file size |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| (nothing loaded: baseline) | — | — | {base['peak']:,.0f} | — | — |")
    for mb in args.mb:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_csv(folder, mb)
            size = (folder / "brand_sales.csv").stat().st_size / 1024 / 1024
            result = run(folder)
        extra = result["peak"] - base["peak"]
        print(
            f"| brand_sales.csv {size:,.1f} MB | {result['rows']:,} | {result['seconds']:.2f} |"
            f" {result['peak']:,.0f} | {extra:,.0f} | {extra / size:.1f}× |"
        )


if __name__ == "__main__":
    main()
