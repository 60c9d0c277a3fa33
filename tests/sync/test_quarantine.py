"""Issue #13: a record on the hub that a laptop cannot store (2**63, 10**30, …) is quarantined
on every laptop, the rest of the sync goes on, and the operator retracts it as a synced fact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from caravan_app.server import models as hm
from caravan_app.server.apply import dumps
from tests.helpers.cli import run_server_cli
from tests.helpers.hubdb import skip_on_postgresql

pytestmark = pytest.mark.server

BAD_TALLY = "00000000-0000-7000-8000-00000000b001"
BAD_SITE = "00000000-0000-7000-8000-00000000b002"
WRITER = "00000000-0000-7000-8000-00000000d001"


def _write_into_hub(hub, entity: str, rid: str, data: dict) -> None:  # noqa: ANN001
    """What an old, unvalidated hub would have stored: straight into its database."""
    with hub.hdb.write() as s, s.begin():
        counter = s.scalars(select(hm.Counter).where(hm.Counter.name == "seq")).one()
        counter.value += 1
        s.add(
            hm.Record(
                entity=entity,
                id=rid,
                device_id=WRITER,
                hlc="1700000000000.00000",
                data=dumps(data),
                clocks=None,
                seq=counter.value,
                sole_writer=None,
            )
        )


def _server(hub, *args: str) -> str:  # noqa: ANN001
    out = run_server_cli("--db", hub.db_url, *args)  # in-process: its answers are under test
    assert out.returncode == 0, out.stderr
    return out.stdout


BAD_SITE_FIX = {
    "seq": 1,
    "id": BAD_TALLY,
    "entity": "tally",
    "op": "insert",
    "hlc": "1700000000000.00000",
    "data": {"visit_id": BAD_SITE, "group": "g", "delta": 1, "at": "x"},
}


def _push_raw(hub, mu: dict) -> dict:  # noqa: ANN001
    import httpx

    from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

    dev = "00000000-0000-7000-8000-00000000d002"
    tok = httpx.post(
        hub.url + "/enroll", json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": dev}
    ).json()["token"]
    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": dev, "mutations": [mu]}
    r = httpx.post(hub.url + "/sync/push", json=body, headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 200, r.text
    return r.json()


def _caravan(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
    )


def test_unstorable_records_are_quarantined_and_retracted(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    a.catalog.add_caravan("早到的车")
    a.sync.sync_now()
    _write_into_hub(
        hub, "tally", BAD_TALLY, {"visit_id": BAD_SITE, "group": "primary", "delta": 2**63, "at": "2026-05-01T10:00:00"}
    )
    _write_into_hub(hub, "site", BAD_SITE, {"name": "s", "county": "c", "students": 10**30, "deleted": False})
    a.catalog.add_caravan("晚到的车")  # a good record after the bad ones
    a.sync.sync_now()

    res = b.sync.sync_now()  # before the fix: OverflowError, every sync, forever
    st = b.sync.status()
    assert {q["record_id"] for q in st.quarantined} == {BAD_TALLY, BAD_SITE}
    assert any("between" in q["reason"] for q in st.quarantined)
    names = {c.name for c in b.catalog.caravans()}
    assert {"早到的车", "晚到的车"} <= names  # the rest of the page was applied
    assert res.pending == 0
    assert b.sync.sync_now().pulled == 0  # the cursor moved past them: nothing pulled again

    # The operator sees both and retracts one (a synced fact).
    listed = json.loads(_server(hub, "bad", "list", "--json"))
    assert {x["id"] for x in listed["bad"]} == {BAD_TALLY, BAD_SITE}
    out = _server(hub, "bad", "retract", BAD_TALLY, "--reason", "pushed by a broken laptop")
    assert "retracted" in out
    listed = json.loads(_server(hub, "bad", "list", "--json"))
    assert [x["id"] for x in listed["bad"]] == [BAD_SITE]
    assert [x["record_id"] for x in listed["retracted"]] == [BAD_TALLY]

    b.sync.sync_now()
    assert [q["record_id"] for q in b.sync.status().quarantined] == [BAD_SITE]
    assert BAD_TALLY.encode() not in hub.export()  # gone from the hub's export too
    again = _push_raw(hub, BAD_SITE_FIX)  # a push to a retracted id stays refused
    assert [x["code"] for x in again["results"]] == ["retracted"]

    # A laptop enrolled afterwards syncs cleanly and sees only the one not yet retracted.
    c = laptops("c")
    c.sync.sync_now()
    assert [q["record_id"] for q in c.sync.status().quarantined] == [BAD_SITE]
    assert {"早到的车", "晚到的车"} <= {x.name for x in c.catalog.caravans()}


@skip_on_postgresql(
    "the test plants a record with a NUL character straight into the hub's table; PostgreSQL text cannot hold it"
)
def test_sync_status_shows_quarantined_records(hub, laptops) -> None:
    a = laptops("a")
    a.sync.sync_now()
    _write_into_hub(hub, "site", BAD_SITE, {"name": "s\u0000", "county": "c", "students": 3, "deleted": False})
    a.sync.sync_now()
    assert [q["record_id"] for q in a.sync.status().quarantined] == [BAD_SITE]
    r = _caravan(a.data_dir, "sync", "status")
    assert r.returncode == 0, r.stderr
    assert "quarantined" in r.stdout and BAD_SITE in r.stdout and "bad retract" in r.stdout


@pytest.mark.gui
def test_sync_page_lists_quarantined_records(qtbot, hub, laptops) -> None:  # noqa: ANN001
    from caravan_app.ui.pages.sync_page import SyncPage
    from caravan_app.ui.sync_auto import SyncAuto
    from caravan_app.ui.tasks import TaskRunner

    a = laptops("a")
    _write_into_hub(
        hub, "tally", BAD_TALLY, {"visit_id": BAD_SITE, "group": "primary", "delta": 2**63, "at": "2026-05-01T10:00:00"}
    )
    p = SyncPage(a, TaskRunner(), auto=SyncAuto(a.sync.server, a.sync.pending_count, probe_fn=lambda u: False))
    qtbot.addWidget(p)
    p.show()
    assert p.quarantine.isHidden()  # nothing to show yet
    p.start_sync()
    qtbot.waitUntil(lambda: not p.running(), timeout=30_000)
    assert p.quarantine.rowCount() == 1
    assert not p.quarantine.isHidden()
    assert p.quarantine.item(0, 2).text() == BAD_TALLY
    assert "100000" in p.quarantine.item(0, 3).text()  # the reason names the allowed range
