"""`caravan badge scan` on a planned visit of today records the scan and the arrival it implies —
and says so (the arrival time prints on the principal's report), in text and in --json."""

from __future__ import annotations

import json

import pytest

from caravan_app.cli.main import main
from caravan_app.services.app import App


def run(app: App, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    rc = main(["--data-dir", str(app.data_dir), *argv])
    return rc, capsys.readouterr().out


def test_a_scan_that_starts_a_planned_visit_says_so(
    app: App, field: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    app.signin.rescan_seconds = 0
    payload = app.signin.badge_payload(field["person"])
    rc, out = run(app, capsys, "badge", "scan", payload, "--visit", field["visit"], "--json")
    data = json.loads(out)
    assert rc == 0 and data["action"] == "on"
    assert data["arrived_at"] == app.visits.get(field["visit"]).arrived_at
    rc, out = run(app, capsys, "badge", "scan", payload, "--visit", field["visit"])
    assert rc == 0 and "到达" not in out  # the visit was running already: nothing more to say
