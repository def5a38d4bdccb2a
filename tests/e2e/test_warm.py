"""`warm.py` against a running server: every page runs once in a browser-less session, and a
server that is not there is reported, not waited on for ever."""

import subprocess
import sys
from pathlib import Path

import warm

ROOT = Path(__file__).resolve().parents[2]


def test_warm_runs_every_page_once_on_a_running_server(app_url):
    # As `make run` starts it: its own process (a worker that drove Playwright has an event loop
    # running in this thread, and warm.py starts one of its own).
    done = subprocess.run(
        [sys.executable, "warm.py", app_url], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert f"every page of {app_url} ran once" in done.stdout


def test_warm_reports_a_server_that_is_not_there(capsys, monkeypatch):
    monkeypatch.setattr(warm, "wait_healthy", lambda url, timeout=300: False)
    assert warm.main(["warm.py", "http://127.0.0.1:9"]) == 1
    assert "no server at http://127.0.0.1:9" in capsys.readouterr().err
