"""Only concurrent edits are conflicts (issue #10, finding 6): two laptops, a real hub process,
real SQLite files, syncs in between."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from caravan_app.domain.errors import DomainError
from caravan_app.server.hub import review
from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server


def _setup(a):  # noqa: ANN001, ANN202
    c = a.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    a.catalog.set_this_device("笔记本A", c)
    s = a.sites.add(name="鱼台县第一中学", county="鱼台县", contact="王霞")
    v = a.visits.add(s, c, dt.date.today(), theme="科技进校园")
    return c, s, v


def _sync(*apps) -> None:  # noqa: ANN002
    for app in apps:
        app.sync.sync_now()


def _hub_conflicts(hub) -> list[dict]:  # noqa: ANN001
    return review(hub.hdb, "conflicts")


def _server_cli_conflicts(hub) -> list[dict]:  # noqa: ANN001
    """What an operator sees: `caravan-server conflicts` (a real process)."""
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    cmd = [sys.executable, "-m", "caravan_app.server.cli", "--db", hub.db_url, "conflicts"]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout)


def test_a_visits_own_lifecycle_is_no_conflict(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, _s, v = _setup(a)
    _sync(a, b)
    a.visits.arrive(v)  # planned -> in_progress
    _sync(a, b)
    a.visits.complete(v)  # in_progress -> completed
    _sync(a, b, a)
    assert b.visits.get(v).status == "completed"
    assert a.conflicts.list() == [] and b.conflicts.list() == []
    assert _hub_conflicts(hub) == []


def test_three_sequential_edits_across_two_laptops_are_no_conflict(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, s, _v = _setup(a)
    _sync(a, b)
    a.sites.update(s, contact="王校长")
    _sync(a, b)
    b.sites.update(s, contact="李主任")  # b saw 王校长
    _sync(b, a)
    a.sites.update(s, contact="赵老师", phone="0537-1")  # a saw 李主任
    a.sites.update(s, contact="赵老师2")  # two edits in one push
    _sync(a, b, a)
    assert a.sites.get(s).contact == b.sites.get(s).contact == "赵老师2"
    assert a.conflicts.list() == [] and b.conflicts.list() == []
    assert _hub_conflicts(hub) == [] and _server_cli_conflicts(hub) == []
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()


def test_the_same_field_edited_offline_on_two_laptops_is_exactly_one_conflict(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, s, _v = _setup(a)
    _sync(a, b)
    a.sites.update(s, contact="王校长")  # offline, neither has seen the other's
    b.sites.update(s, contact="李主任")
    _sync(a, b, a, b)
    final = a.sites.get(s).contact
    assert final == b.sites.get(s).contact
    loser_value = "王校长" if final == "李主任" else "李主任"
    loser, winner = (a, b) if loser_value == "王校长" else (b, a)
    hub_rows = _hub_conflicts(hub)
    assert [(r["field"], json.loads(r["lost_value"])) for r in hub_rows] == [("contact", loser_value)]
    assert len(_server_cli_conflicts(hub)) == 1
    (c,) = loser.conflicts.list()  # the laptop whose change lost reviews it
    assert (c.field, c.current, c.lost, c.informational) == ("contact", final, loser_value, False)
    assert winner.conflicts.list() == []
    # Putting the lost value back is an ordinary, newer edit: it syncs and is no new conflict.
    loser.conflicts.restore_lost(c.id)
    _sync(loser, winner, loser)
    assert winner.sites.get(s).contact == loser_value
    assert len(_hub_conflicts(hub)) == 1 and winner.conflicts.list() == []
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()


def test_a_status_that_lost_is_informational_and_cannot_be_put_back(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, _s, v = _setup(a)
    _sync(a, b)
    a.visits.arrive(v)
    b.visits.cancel(v)  # concurrently, offline
    _sync(a, b, a, b)
    rows = a.conflicts.list() + b.conflicts.list()
    status_rows = [r for r in rows if r.field == "status"]
    assert len(status_rows) == 1 and status_rows[0].informational
    before = a.visits.get(v).status
    owner = a if status_rows[0] in a.conflicts.list() else b
    with pytest.raises(DomainError) as e:
        owner.conflicts.restore_lost(status_rows[0].id)
    assert e.value.field == "status"
    assert owner.visits.get(v).status == before
    # The CLI says so too, and lists the row as information only.
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    owner_dir = str(owner.data_dir)
    owner.close()
    cmd = [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", owner_dir]
    out = subprocess.run([*cmd, "conflicts"], capture_output=True, text=True, env=env, check=True).stdout
    assert "for information only" in out
    r = subprocess.run([*cmd, "conflicts", "restore", str(status_rows[0].id)], capture_output=True, text=True, env=env)
    assert r.returncode != 0 and "lifecycle" in (r.stdout + r.stderr)


def _push_raw(hub, app, mutation: dict) -> None:  # noqa: ANN001
    """Push one mutation as ``app`` the way a given client would write it (real HTTP)."""
    import httpx
    from sqlalchemy import select

    from caravan_app.server import models as hm

    with hub.hdb.read() as sess:
        last = sess.scalar(select(hm.HubDevice.last_seq).where(hm.HubDevice.device_id == app.db.device_id)) or 0
    token = app.sync.tokens.get(app.db.device_id)
    body = {"protocol": 1, "schema": 1, "device_id": app.db.device_id, "mutations": [{**mutation, "seq": last + 1}]}
    r = httpx.post(f"{hub.url}/sync/push", json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    assert r.json()["results"] == []


def test_the_wire_is_backward_readable_an_edit_without_base_is_listed_as_before(hub, laptops) -> None:
    from caravan_app.storage import models as m

    a, b = laptops("a"), laptops("b")
    _c, s, _v = _setup(a)
    _sync(a, b)
    with a.db.read() as sess:
        clock = json.loads(sess.get(m.Site, s).clocks)["contact"]
    ms = int(clock[0].split(".")[0])
    # An older app sends no causal mark: the overwritten value is listed (the old rule).
    _push_raw(
        hub, b, {"id": s, "entity": "site", "op": "update", "hlc": f"{ms + 1000:013d}.00000", "data": {"contact": "甲"}}
    )
    assert [json.loads(r["lost_value"]) for r in _hub_conflicts(hub)] == ["王霞"]
    # This app's edit names the clock it replaced: newer, no conflict.
    _push_raw(
        hub,
        b,
        {
            "id": s,
            "entity": "site",
            "op": "update",
            "hlc": f"{ms + 2000:013d}.00000",
            "data": {"contact": "乙"},
            "base": {"contact": [f"{ms + 1000:013d}.00000", b.db.device_id]},
        },
    )
    # A base naming some other value: that writer had not seen the current one.
    _push_raw(
        hub,
        a,
        {
            "id": s,
            "entity": "site",
            "op": "update",
            "hlc": f"{ms + 3000:013d}.00000",
            "data": {"contact": "丙"},
            "base": {"contact": clock},
        },
    )
    assert [json.loads(r["lost_value"]) for r in _hub_conflicts(hub)] == ["乙", "王霞"]
