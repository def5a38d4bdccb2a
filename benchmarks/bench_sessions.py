"""Benchmark many sessions on one server: memory with 1, 10 and 50 sessions open, and a load test of
concurrent sessions making interactions. Prints Markdown tables.

    .venv/bin/python -m benchmarks.bench_sessions [--sessions 50] [--seconds 60] [--think 2] [--ramp 15] [--port 8621]
    .venv/bin/python -m benchmarks.bench_sessions --quick   # make bench: 20 sessions, 20 s

The sessions are browser-less clients that speak Streamlit's own protocol, as its front end does: a
websocket to `/_stcore/stream` (subprotocol `streamlit`), `BackMsg.rerun_script` with a `ClientState`
(query string, page script hash or page name, widget states), and `ForwardMsg`s back until the one
with `script_finished`. The page hashes come from the `navigation` ForwardMsg, the select boxes
(their widget id and options) from the page's `delta`s, the URL from `page_info_changed`, as in a
browser. A client sends only the widget it changes (the server keeps the others' state); it keeps no
message cache, so the server sends every element in full.

1. **Memory**: the streamlit process's RSS (/proc) with 1, 10 and 50 sessions open, each having run
   one page (the pages in turn, every Stories view among them). Goal: ≤ 30 MB per extra session.
2. **Load test**, on a freshly started server, warmed by one untimed session per page: `--sessions`
   clients arrive evenly over `--ramp` s (0: all at once); each opens a page, then for `--seconds`
   from then (and at most `--max-reruns` times) waits a think time (uniform 0.5–1.5 × `--think` s)
   and makes one interaction: half the time a change of a select box on its page (another option: a trends view, a brands category or year, a map metric, …), else a
   switch to another page. Latency is send → `script_finished`. Errors: failed connects, an exception
   element in any ForwardMsg, a script that did not finish successfully, a page not found, a rerun
   with no message for `--timeout` s. Goal: 0 errors, p95 ≤ 1 s.

Not part of the test suite: no timing assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks._harness import free_port, load_average, machine, rss_mib, server, table

#: (url_pathname, query string) of every page a session may open; "" is the overview.
PAGES = [
    ("", ""),
    ("map", ""),
    ("trends", ""),
    ("brands", ""),
    *(("stories", f"view={v}") for v in ("cases", "context", "campaigns", "facts")),
    ("belt", ""),
    ("about", ""),
]
MEMORY_STEPS = (1, 10, 50)
MEMORY_GOAL_MB = 30
P95_GOAL_S = 1.0


class RerunError(Exception):
    """A rerun that did not end well (the message names how)."""


@dataclass
class Client:
    """One session over one websocket, tracking what a browser would: pages, URL, select boxes."""

    ws: websockets.ClientConnection
    timeout: float
    pages: dict[str, str] = field(default_factory=dict)  # url_pathname → page_script_hash
    page: str = ""
    query: str = ""
    selectboxes: dict[str, tuple[str, list[str], str]] = field(default_factory=dict)  # id → (label, options, value)
    actions: Counter = field(default_factory=Counter)

    @classmethod
    async def connect(cls, url: str, timeout: float) -> Client:
        ws = await websockets.connect(
            url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=timeout,
            ping_timeout=None,
        )
        return cls(ws, timeout)

    async def rerun(self, page: str, query: str, widget: tuple[str, str] | None = None) -> float:
        """Run `page` with `query` (and one select box set to an option): seconds to script_finished."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = query
        if page in self.pages:
            state.page_script_hash = self.pages[page]
        else:
            state.page_name = page
        if widget is not None:
            entry = state.widget_states.widgets.add()
            entry.id, entry.string_value = widget
        if page != self.page:
            self.selectboxes = {}
        self.page, self.query = page, query
        start = time.perf_counter()
        await self.ws.send(back.SerializeToString())
        while True:
            try:
                data = await asyncio.wait_for(self.ws.recv(), timeout=self.timeout)
            except TimeoutError:
                raise RerunError("timeout") from None
            msg = ForwardMsg.FromString(data)
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                raise RerunError("page not found")
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == "exception":
                    raise RerunError(f"exception: {element.exception.type}: {element.exception.message[:80]}")
                if element.WhichOneof("type") == "selectbox":
                    box = element.selectbox
                    value = box.raw_value if box.HasField("raw_value") else box.options[box.default]
                    self.selectboxes[box.id] = (box.label, list(box.options), value)
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the script asked for a rerun (st.rerun): wait for that one
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RerunError(f"script finished with status {status}")
                return time.perf_counter() - start

    async def interact(self, rng: random.Random) -> float:
        """One user action: another option in a select box on this page, or another page."""
        boxes = [(i, opts, v) for i, (_label, opts, v) in self.selectboxes.items() if len(opts) > 1]
        if boxes and rng.random() < 0.5:
            widget_id, options, value = rng.choice(boxes)
            choice = rng.choice([o for o in options if o != value])
            self.actions["select box"] += 1
            return await self.rerun(self.page, self.query, (widget_id, choice))
        page, query = rng.choice([p for p in PAGES if p[0] != self.page])
        self.actions["page switch"] += 1
        return await self.rerun(page, query)

    async def close(self) -> None:
        await self.ws.close()


# 1/ Memory ------------------------------------------------------------------------------------------


async def open_sessions(url: str, n: int, start: int, timeout: float) -> list[Client]:
    """`n` sessions, each having run one page (the pages in turn from `start`), a few at a time."""
    gate = asyncio.Semaphore(4)

    async def one(i: int) -> Client:
        async with gate:
            client = await Client.connect(url, timeout)
            await client.rerun(*PAGES[i % len(PAGES)])
            return client

    return list(await asyncio.gather(*(one(start + i) for i in range(n))))


async def memory(url: str, pid: int, timeout: float) -> list[tuple[int, float]]:
    """RSS (MiB) with 1, 10 and 50 sessions open, 3 s after the last one ran."""
    clients: list[Client] = []
    rows = []
    for n in MEMORY_STEPS:
        clients += await open_sessions(url, n - len(clients), len(clients), timeout)
        await asyncio.sleep(3)
        rows.append((n, rss_mib(pid)))
    for client in clients:
        await client.close()
    return rows


# 2/ Load test -----------------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)


async def user(url: str, i: int, args, tally: Tally) -> None:
    """One session: arrive (spread over `args.ramp` s), open a page, then interact for `args.seconds`."""
    rng = random.Random(i)
    await asyncio.sleep(args.ramp * i / max(args.sessions, 1))
    try:
        client = await Client.connect(url, args.timeout)
    except Exception as exc:
        tally.errors[f"connect: {type(exc).__name__}"] += 1
        return
    try:
        tally.opens.append(await client.rerun(*PAGES[i % len(PAGES)]))
        stop_at = time.monotonic() + args.seconds
        for _ in range(args.max_reruns):
            await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
            if time.monotonic() >= stop_at:
                break
            tally.latencies.append(await client.interact(rng))
    except RerunError as exc:
        tally.errors[str(exc)] += 1
    except websockets.ConnectionClosed:
        tally.errors["connection closed"] += 1
    finally:
        tally.actions.update(client.actions)
        await client.close()


async def load_test(url: str, pid: int, args) -> tuple[Tally, float, float]:
    """Warm the server (one untimed session per page), then run the users; returns the
    tally, the peak RSS (MiB, sampled every 0.5 s) and the wall time."""
    for client in await open_sessions(url, len(PAGES), 0, args.timeout):
        await client.close()
    tally = Tally()
    start = time.monotonic()
    peak = rss_mib(pid)
    users = asyncio.gather(*(user(url, i, args, tally) for i in range(args.sessions)))
    while not users.done():
        peak = max(peak, rss_mib(pid))
        await asyncio.wait([users], timeout=0.5)
    await users
    return tally, peak, time.monotonic() - start


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between interactions (s)")
    parser.add_argument("--ramp", type=float, default=15, help="the sessions arrive evenly over this many seconds (0: all at once)")
    parser.add_argument("--max-reruns", type=int, default=200, help="interactions per session at most")
    parser.add_argument("--timeout", type=float, default=60, help="seconds without a message before a rerun is an error")
    parser.add_argument("--port", type=int, default=None, help="server port (a free one by default)")
    parser.add_argument("--quick", action="store_true", help="20 sessions for 20 s, memory skipped (make bench)")
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.seconds, args.no_memory = min(args.sessions, 20), min(args.seconds, 20), True
    print(machine(browser=False))

    if not args.no_memory:
        with server(["run", "dashboard.py"], args.port or free_port()) as app:
            base = rss_mib(app.pid)
            before = load_average()
            rows = asyncio.run(memory(app.url, app.pid, args.timeout))
            after = load_average()
        one = rows[0][1]
        print(
            f"\nServer memory (RSS of the streamlit process): {base:.0f} MiB started, before any session; "
            f"load average {before} at the start, {after} at the end."
        )
        print()
        print(
            table(
                ["sessions open", "RSS (MiB)", "per extra session (MiB)", "goal (MB)", "met?"],
                [
                    [
                        n, f"{rss:.0f}",
                        "—" if n == 1 else f"{(rss - one) / (n - 1):.1f}",
                        "—" if n == 1 else f"≤ {MEMORY_GOAL_MB}",
                        "—" if n == 1 else ("yes" if (rss - one) / (n - 1) * 1.048576 <= MEMORY_GOAL_MB else "no"),
                    ]
                    for n, rss in rows
                ],
            )
        )

    with server(["run", "dashboard.py"], args.port or free_port()) as app:
        before = os.getloadavg()
        tally, peak, wall = asyncio.run(load_test(app.url, app.pid, args))
        after = os.getloadavg()
    errors = sum(tally.errors.values())
    lat = tally.latencies or [float("nan")]
    p95 = _quantile(lat, 0.95)
    print(
        f"\nLoad test: {args.sessions} sessions on one server on loopback, arriving over {args.ramp:.0f} s, "
        f"each interacting for {args.seconds:.0f} s (wall {wall:.0f} s), think time {args.think:.1f} s on average, at most {args.max_reruns} "
        f"interactions each; load average (1 min) {before[0]:.1f} before, {after[0]:.1f} after "
        f"(5 min: {before[1]:.1f} → {after[1]:.1f}); server peak RSS {peak:.0f} MiB."
    )
    print()
    print(
        table(
            ["sessions", "reruns done", "errors", "p50 (s)", "p95 (s)", "max (s)", "first page p50 / p95 (s)", "goal", "met?"],
            [
                [
                    args.sessions, len(tally.latencies), errors,
                    f"{statistics.median(lat):.2f}", f"{p95:.2f}", f"{max(lat):.2f}",
                    f"{statistics.median(tally.opens or [float('nan')]):.2f} / {_quantile(tally.opens or [float('nan')], 0.95):.2f}",
                    "0 errors, p95 ≤ 1 s", "yes" if errors == 0 and p95 <= P95_GOAL_S else "no",
                ]
            ],
        )
    )
    print("\nInteractions made: " + ", ".join(f"{kind} {n}" for kind, n in sorted(tally.actions.items())) + ".")
    if tally.errors:
        print("\nErrors: " + "; ".join(f"{kind} × {n}" for kind, n in tally.errors.most_common()) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
