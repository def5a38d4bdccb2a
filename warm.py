"""Warm a freshly started Belt Atlas server: one browser-less session runs every page once, so the
first visitor does not wait for the imports, the bundled data and the maps' geometry (a cold server
process took 8–10 s for its first /map on 2 cores).

    .venv/bin/python warm.py http://localhost:8501   # `make run` starts it beside the server

It waits for the server to answer, then speaks Streamlit's own protocol as `benchmarks/bench_sessions.py`
does (a websocket, one rerun per page). A failure is reported and changes nothing: the server runs on.
"""

from __future__ import annotations

import asyncio
import sys
import time
import urllib.request

from benchmarks.bench_sessions import PAGES, Client, RerunError


def wait_healthy(url: str, timeout: float = 300) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return True
        except OSError:
            time.sleep(0.5)
    return False


async def warm(url: str, timeout: float = 120) -> float:
    """Run every page once in one session; the seconds it took."""
    start = time.perf_counter()
    client = await Client.connect(url, timeout)
    try:
        for page, query in PAGES:
            await client.rerun(page, query)
    finally:
        await client.close()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    url = (argv[1] if len(argv) > 1 else "http://localhost:8501").rstrip("/")
    if not wait_healthy(url):
        print(f"warm: no server at {url}", file=sys.stderr)
        return 1
    try:
        seconds = asyncio.run(warm(url))
    except (OSError, RerunError, TimeoutError) as exc:
        print(f"warm: {url} not warmed ({exc})", file=sys.stderr)
        return 1
    print(f"warm: every page of {url} ran once in {seconds:.1f} s; the first visitor's pages are warm")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
