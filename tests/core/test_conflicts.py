"""Two laptops edit the same field: the newer edit wins, the other is kept and can be reviewed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from caravan_app.services.app import App
from caravan_app.storage import models as m
from tests.conftest import fresh_data_dir
from tests.helpers.ship import ship

ROOT = Path(__file__).resolve().parents[2]


def test_a_lost_edit_is_kept_listed_and_can_be_restored(tmp_path: Path) -> None:
    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    site = a.sites.add(name="泉林中心小学", county="泗水县", contact="王霞")
    ship(a, b, "site", site)
    a.sites.update(site, contact="王老师")  # older edit
    b.sites.update(site, contact="李校长")  # newer edit: wins
    ship(b, a, "site", site)
    assert a.sites.get(site).contact == "李校长"
    (c,) = a.conflicts.list()
    assert (c.entity, c.record, c.field, c.current, c.lost) == (
        "site",
        "泉林中心小学",
        "contact",
        "李校长",
        "王老师",
    )
    with a.db.read() as s:
        before = len(list(s.scalars(select(m.Outbox))))
    a.conflicts.restore_lost(c.id)
    assert a.sites.get(site).contact == "王老师"
    with a.db.read() as s:
        rows = list(s.scalars(select(m.Outbox).order_by(m.Outbox.seq)))
    assert len(rows) == before + 1 and json.loads(rows[-1].data) == {"contact": "王老师"}  # it syncs
    assert a.conflicts.list() == [] and a.conflicts.list(include_reviewed=True)[0].reviewed
    a.close()
    b.close()


def test_conflicts_cli_lists_and_dismisses(tmp_path: Path) -> None:
    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    site = a.sites.add(name="某小学", county="任城区")
    ship(a, b, "site", site)
    a.sites.update(site, town="唐口街道")
    b.sites.update(site, town="南张街道")
    ship(b, a, "site", site)
    a.close()
    b.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(tmp_path / "a"), "--json", "conflicts"]
    rows = json.loads(subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout)
    assert [(r["field"], r["lost"]) for r in rows] == [("town", "唐口街道")]
    subprocess.run([*cmd, "dismiss", str(rows[0]["id"])], capture_output=True, env=env, check=True)
    assert json.loads(subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout) == []
