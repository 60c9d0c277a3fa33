"""Two workers on one SQLite hub write their audit lines in turn through a file lock beside the
database: every line of both lands, and neither waits on SQLite's busy back-off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caravan_app.console import audit
from caravan_app.console.auth import ConsoleUser, Role
from caravan_app.console.models import AuditEntry
from caravan_app.server.db import HubDB

N = 40
_OTHER = (
    "import sys\n"
    "from caravan_app.console import audit\n"
    "from caravan_app.console.auth import ConsoleUser, Role\n"
    "from caravan_app.server.db import HubDB\n"
    "hdb = HubDB(sys.argv[1])\n"
    "for i in range(int(sys.argv[2])):\n"
    "    audit.record(hdb, ConsoleUser('b', Role.OFFICE), 'view_signins', f'visit {i}')\n"
)


def test_two_workers_audit_lines_all_land(hub_url: str) -> None:
    if not hub_url.startswith("sqlite:///"):
        pytest.skip("the file lock is for SQLite hubs (PostgreSQL locks rows itself)")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    other = subprocess.Popen([sys.executable, "-c", _OTHER, hub_url, str(N)], env=env)
    hdb = HubDB(hub_url)
    try:
        for i in range(N):
            audit.record(hdb, ConsoleUser("a", Role.OFFICE), "view_signins", f"visit {i}")
        assert other.wait(120) == 0
        with hdb.read() as s:
            by = dict(s.execute(select(AuditEntry.user_name, func.count()).group_by(AuditEntry.user_name)).all())
        assert by == {"a": N, "b": N}
        assert Path(hub_url[len("sqlite:///") :] + ".audit.lock").is_file()  # the turns were taken through it
    finally:
        if other.poll() is None:
            other.kill()
        hdb.close()
