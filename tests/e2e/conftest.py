"""Browser tests: a real Streamlit server on a free local port, driven by Playwright on Debian's Chromium."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: A run cut short because another was asked for: the page is not idle yet.
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    port = _free_port()
    # The server's output goes to a file: a pipe nobody reads fills up (64 KB) and the server then
    # blocks on its next log line, every session with it — which hung the browser tests' server.
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    log = open(log_path, "wb")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.close()
        pytest.fail("streamlit did not start:\n" + log_path.read_text(errors="replace")[-3000:])
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield PatientBrowser(browser)
        browser.close()


class PatientBrowser:
    """The browser, whose pages wait up to a minute for an element and two for a navigation: with two
    workers each driving a server and Chromium on two cores, a page load can take longer than
    Playwright's 30 s default. What a test waits for stays its own."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    @staticmethod
    def _patient(target):
        target.set_default_timeout(60_000)
        target.set_default_navigation_timeout(120_000)
        return target

    def new_context(self, **kwargs):
        return self._patient(self._browser.new_context(**kwargs))

    def new_page(self, **kwargs):
        return self._patient(self._browser.new_page(**kwargs))


#: Streamlit's front end probes `/<page>/_stcore/health` and `/host-config` on a deep link: 404 by design.
BASE_PATH_PROBE = re.compile(r"/[a-z_]+/_stcore/(health|host-config)$")


@dataclass
class Traffic:
    """What a page did on the network and in its console while a test drove it."""

    foreign: list[str] = field(default_factory=list)  # requests that left the app's origin
    failed: list[str] = field(default_factory=list)  # responses ≥ 400, base-path probes aside
    errors: list[str] = field(default_factory=list)  # uncaught page errors
    console: list[str] = field(default_factory=list)  # console errors, failed loads aside (see `failed`)
    last_frame: float = field(default_factory=time.monotonic)  # when the app's socket last carried a message
    asked: float = 0.0  # when the page last asked the server for a run
    asks: int = 0  # how many runs the page asked for
    finished: float = 0.0  # when a run last ended (not cut short for another one)

    def settle(self, page, quiet: float = 0.8, timeout: float = 120.0) -> None:
        """Until every run the page asked for has ended and its socket has been silent for `quiet`
        seconds. A page can rerun on its own after it is drawn (it measures the screen and sends the
        size), and a run can keep the socket silent for a second while it computes."""
        deadline = time.monotonic() + timeout
        while self.finished <= self.asked or time.monotonic() - self.last_frame < quiet:
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not settle within {timeout:.0f} s")
            page.wait_for_timeout(100)


def watch(page, app_url: str) -> Traffic:
    """Record `page`'s requests, failed responses, page errors and console errors from now on."""
    origin = urlparse(app_url).netloc
    seen = Traffic()
    page.on(
        "request",
        lambda r: seen.foreign.append(r.url) if urlparse(r.url).netloc not in (origin, "") else None,
    )
    page.on(
        "response",
        lambda r: (
            seen.failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and not BASE_PATH_PROBE.search(r.url)
            else None
        ),
    )
    page.on("pageerror", lambda e: seen.errors.append(str(e)))

    def sent(frame) -> None:
        seen.last_frame = time.monotonic()
        message = BackMsg()
        with contextlib.suppress(Exception):
            message.ParseFromString(frame if isinstance(frame, bytes) else frame.encode("latin-1"))
        if message.WhichOneof("type") == "rerun_script":
            seen.asked = seen.last_frame
            seen.asks += 1

    def received(frame) -> None:
        seen.last_frame = time.monotonic()
        message = ForwardMsg()
        with contextlib.suppress(Exception):
            message.ParseFromString(frame if isinstance(frame, bytes) else frame.encode("latin-1"))
        if message.WhichOneof("type") == "script_finished" and message.script_finished != EARLY:
            seen.finished = seen.last_frame

    page.on("websocket", lambda ws: (ws.on("framesent", sent), ws.on("framereceived", received)))
    # A failed load's console line names no URL; it is checked by URL in `failed`.
    page.on(
        "console",
        lambda m: (
            seen.console.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    return seen


def wait_for_app(page, timeout: int = 120_000) -> None:
    """Until the app has drawn its title and finished its run."""
    page.wait_for_selector("[data-testid=stApp]", timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout)
