"""`warm.py` against a running server: every page runs once in a browser-less session, and a
server that is not there is reported, not waited on for ever."""

import warm


def test_warm_runs_every_page_once_on_a_running_server(app_url, capsys):
    assert warm.main(["warm.py", app_url]) == 0
    assert f"every page of {app_url} ran once" in capsys.readouterr().out


def test_warm_reports_a_server_that_is_not_there(capsys, monkeypatch):
    monkeypatch.setattr(warm, "wait_healthy", lambda url, timeout=300: False)
    assert warm.main(["warm.py", "http://127.0.0.1:9"]) == 1
    assert "no server at http://127.0.0.1:9" in capsys.readouterr().err
