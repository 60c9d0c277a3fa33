"""``caravan enroll`` / ``caravan sync`` / ``caravan sync status`` as a person types them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.conftest import fresh_data_dir
from tests.helpers.cli import CliResult, run_cli

pytestmark = pytest.mark.server


def caravan(data: Path, *args: str) -> CliResult:
    """In-process (tests/helpers/cli.py): what each command says is under test."""
    return run_cli("--data-dir", str(data), *args, env={"CARAVAN_TOKEN_STORE": "file"})


def test_enroll_sync_status_and_revocation(hub, tmp_path: Path) -> None:
    from caravan_app.server.hub import revoke_device

    data = fresh_data_dir(tmp_path / "lap")
    r = caravan(data, "sync")
    assert r.returncode == 1 and "注册" in r.stderr  # not enrolled, said plainly
    r = caravan(data, "enroll", "--server", hub.url, "--code", hub.code("5号车").lower())
    assert r.returncode == 0, r.stderr
    assert "5号车" in r.stdout
    token_file = data / "sync_token.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600  # readable only by the user
    token = next(iter(json.loads(token_file.read_text()).values()))
    assert token.encode() not in (data / "caravan.db").read_bytes()  # never in the database file
    assert caravan(data, "van", "add", "5号车").returncode == 0
    r = caravan(data, "sync", "--json")
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res["pushed"] >= 1 and res["pending"] == 0 and res["server"] == hub.url
    r = caravan(data, "sync", "status", "--json")
    st = json.loads(r.stdout)
    assert st["pending"] == 0 and st["enrolled"] and st["last_success"]
    revoke_device(hub.hdb, _device_id(data))
    r = caravan(data, "sync")
    assert r.returncode == 1
    assert "撤销" in r.stderr and "revoked" in r.stderr


def _device_id(data: Path) -> str:
    import sqlite3

    with sqlite3.connect(data / "caravan.db") as c:
        return c.execute("select value from meta where key='device_id'").fetchone()[0]
