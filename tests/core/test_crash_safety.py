"""Killing the app mid-write (SIGKILL) loses no acknowledged write and leaves `caravan check` clean."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.services.app import App
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


def _prepare(data: Path) -> None:
    app = App.open(data)
    c = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("笔记本", c)
    t = app.catalog.add_title("身边的科学")
    s = app.sites.add(name="某小学", county="任城区")
    v = app.visits.add(s, c, "2026-11-01")
    app.visits.arrive(v)
    app.stock.load(c, t, 10)
    app.close()


@pytest.mark.slow
def test_sigkill_during_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _prepare(data)
    rng = random.Random(7)
    acked_signins: set[str] = set()
    acked_movements: set[str] = set()
    acked_tallies = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _round in range(6):
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "core" / "crash_writer.py"), str(data)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        # The kill point is keyed to the writer's own acknowledgements, not to a guessed delay: read a
        # random number of acked lines (the next write, of any of the three kinds, is then under way).
        seen = [proc.stdout.readline() for _ in range(rng.randint(1, 90))]
        assert all(seen), "the writer stopped before it was killed"
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        for line in [*seen, *out.splitlines()]:
            line = line.strip()
            kind, _, value = line.partition(" ")
            if kind == "signin":
                acked_signins.add(value)
            elif kind == "movement":
                acked_movements.add(value)
            elif kind == "tally":
                acked_tallies += 1
    assert acked_signins, "the writer never got going"
    app = App.open(data)
    try:
        assert app.maintenance.check().ok
    finally:
        app.close()
    conn = sqlite3.connect(data / "caravan.db")
    signins = {r[0] for r in conn.execute("select id from signins")}
    movements = {r[0] for r in conn.execute("select id from movements")}
    tallies = conn.execute("select count(*) from tallies").fetchone()[0]
    outbox_ids = {r[0] for r in conn.execute("select record_id from outbox")}
    conn.close()
    assert acked_signins <= signins
    assert acked_movements <= movements
    assert tallies >= acked_tallies
    assert (signins | movements) <= outbox_ids  # every change has its outbox row
    cli = subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "check"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr


def test_sigkill_during_backup_leaves_no_half_written_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _prepare(data)
    app = App.open(data)
    c = app.catalog.caravans()[0].id
    for i in range(300):
        app.sites.add(name=f"学校{i}", county="任城区", address="x" * 150)
    app.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    target = tmp_path / "b.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "backup", str(target)], env=env
    )
    part = target.with_name(target.name + ".part")
    # Kill while the copy is being written (or, on a fast machine, just after it finished).
    wait_until(lambda: part.exists() or proc.poll() is not None, what="the backup to start", interval=0.002)
    proc.kill()
    proc.wait()
    # Either the backup completed, or there is no file under the final name (only a .part).
    if target.exists():
        assert sqlite3.connect(target).execute("pragma integrity_check").fetchone()[0] == "ok"
    app = App.open(data)
    assert app.maintenance.check().ok and app.catalog.caravans()[0].id == c
    app.close()
