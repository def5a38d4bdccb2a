"""What the browser and load benchmarks share: a Streamlit server on a local port, headless Debian
Chromium, the websocket frames a page exchanges with its server, a page-ready wait, the machine's
description and Markdown tables. Not a benchmark itself (make bench runs only `bench_*.py`)."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


# 1/ Servers ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no server at {url}")


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextmanager
def server(args: list[str], port: int):
    """`python -m streamlit ARGS` on 127.0.0.1:`port`, healthy on entry, stopped on exit."""
    cmd = [
        sys.executable, "-m", "streamlit", *args, "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
    ]
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url)
        yield Server(url, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def rss_mib(pid: int) -> float:
    """Resident set size of process `pid` (MiB), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


# 2/ The browser ------------------------------------------------------------------------------------


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def script_finished(payload: bytes) -> bool:
    """Whether a websocket frame from the server is the ForwardMsg that ends a script run."""
    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:
        return False
    return msg.WhichOneof("type") == "script_finished"


class Frames:
    """Websocket frames a page exchanges with its server: (seconds, 'sent' | 'recv', bytes), and the
    moments a script run ended (a `script_finished` ForwardMsg arrived)."""

    def __init__(self, page):
        self.log: list[tuple[float, str, int]] = []
        self.finished: list[float] = []
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        ws.on("framesent", lambda f: self.log.append((time.perf_counter(), "sent", len(f or b""))))
        ws.on("framereceived", self._received)

    def _received(self, payload) -> None:
        now = time.perf_counter()
        data = payload if isinstance(payload, bytes) else (payload or "").encode()
        self.log.append((now, "recv", len(data)))
        if script_finished(data):
            self.finished.append(now)

    def since(self, t0: float) -> list[tuple[float, str, int]]:
        return [f for f in self.log if f[0] >= t0]


def idle(page) -> bool:
    return page.evaluate("!document.querySelector('[data-testid=stStatusWidget]')")


def wait_ready(page, frames: Frames, ready_js: str, quiet: float = 0.8, timeout: float = 180) -> float:
    """perf_counter() of the moment the page became ready: `ready_js` true, no script running, and
    no websocket frame for `quiet` seconds after (the moment itself excludes that quiet wait)."""
    deadline = time.perf_counter() + timeout
    since = None
    ok = False
    while time.perf_counter() < deadline:
        ok = page.evaluate(ready_js) and idle(page)
        now = time.perf_counter()
        last_frame = frames.log[-1][0] if frames.log else 0.0
        if ok:
            since = since or now
            if since < last_frame:
                since = now
            if now - max(since, last_frame) >= quiet:
                return since
        else:
            since = None
        time.sleep(0.05)
    age = time.perf_counter() - frames.log[-1][0] if frames.log else float("nan")
    raise TimeoutError(f"{page.url} not ready in {timeout:.0f} s (condition {ok}, last frame {age:.1f} s ago)")


def split(frames: Frames, t0: float, done: float) -> tuple[float, float, int]:
    """(server seconds, browser seconds, bytes received) of an interaction from `t0` to `done`: the
    server part ends with the last frame received in that window, the browser part is the rest."""
    recv = [f for f in frames.since(t0) if f[0] <= done and f[1] == "recv"]
    last = recv[-1][0] if recv else t0
    return last - t0, done - last, sum(n for _t, _k, n in recv)


@dataclass
class Load:
    """One page load in a fresh browser context, in seconds from navigation and bytes."""

    ready: float  # `wait_ready` held
    first_sent: float  # the browser sent its first websocket frame (the rerun request)
    first_frame: float  # the first websocket frame from the server arrived
    first_run: float  # the first script run ended (its `script_finished` arrived)
    last_frame: float  # the last websocket frame before ready arrived (the rest is drawing)
    ws_recv: int  # websocket bytes from the server until ready
    ws_sent: int  # websocket bytes to the server until ready
    http: dict[str, int]  # HTTP response bytes by kind (js, css, font, other), on the wire
    requests: int  # HTTP requests until ready (the websocket aside)


def _kind(resource_type: str) -> str:
    return {"script": "js", "stylesheet": "css", "font": "font"}.get(resource_type, "other")


def load_page(browser, url: str, ready_js: str, size=(1280, 800)) -> Load:
    """Open `url` in a new browser context (empty HTTP cache, no cookies), wait until ready."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    frames = Frames(page)
    requests: list = []
    page.on("requestfinished", lambda request: requests.append(request))
    start = time.perf_counter()
    page.goto(url, timeout=240_000)
    ready = wait_ready(page, frames, ready_js)
    recv = [(t, n) for t, kind, n in frames.log if kind == "recv" and t <= ready]
    http: dict[str, int] = {"js": 0, "css": 0, "font": 0, "other": 0}
    for request in requests:
        try:
            sizes = request.sizes()
        except Exception:  # a request still streaming when the page closed
            continue
        http[_kind(request.resource_type)] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    first_run = next((t for t in frames.finished if t <= ready), ready)
    context.close()
    return Load(
        ready=ready - start,
        first_sent=next((t - start for t, kind, _n in frames.log if kind == "sent"), float("nan")),
        first_frame=(recv[0][0] - start) if recv else float("nan"),
        first_run=first_run - start,
        last_frame=(recv[-1][0] - start) if recv else float("nan"),
        ws_recv=sum(n for _t, n in recv),
        ws_sent=sum(n for t, kind, n in frames.log if kind == "sent" and t <= ready),
        http=http,
        requests=len(requests),
    )


# 3/ Reporting --------------------------------------------------------------------------------------


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return "not installed"
    return out.split(" built")[0].strip()


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def machine(browser: bool = True) -> str:
    """One line naming the machine, for the top of every benchmark's output."""
    text = f"Machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()}"
    if browser:
        text += f", {chromium_version()}"
    return text + f"; load average (1 / 5 / 15 min) {load_average()}."


def table(headers: list[str], rows: list[list[object]], right: set[int] | None = None) -> str:
    """A Markdown table; the columns numbered in `right` are right-aligned (all but the first by default)."""
    right = set(range(1, len(headers))) if right is None else right
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("| " + " | ".join("---:" if i in right else "---" for i in range(len(headers))) + " |")
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
