"""A damaged database at start, a full disk, a kill during migration: clear words, nothing lost."""

from __future__ import annotations

import functools
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.domain.errors import StorageError
from caravan_app.services.app import App
from caravan_app.services.startup import StartupProblem, open_app, recover
from tests.conftest import fresh_data_dir
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


def _corrupt(db: Path) -> None:
    raw = bytearray(db.read_bytes())
    raw[0:16] = b"not a database!!"
    db.write_bytes(bytes(raw))


def test_a_corrupt_database_offers_the_latest_good_backup(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "d")
    app = App.open(data)
    app.catalog.add_caravan("1号车")
    app.maintenance.backup()
    app.catalog.add_caravan("2号车")
    app.close()
    _corrupt(data / "caravan.db")
    problem = open_app(data)
    assert isinstance(problem, StartupProblem)
    assert "损坏" in problem.zh and "damaged" in problem.en
    good = problem.latest_good_backup
    assert good is not None
    restored = recover(problem, good)
    assert [c.name for c in restored.catalog.caravans()] == ["1号车"]
    restored.close()
    kept = list((data / "backups").glob("damaged-*.db")) + list((data / "backups").glob("before-restore-*.db"))
    assert kept, "the damaged file must be kept aside, not deleted"


def test_the_cli_says_what_is_wrong_instead_of_a_traceback(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "d")
    app = App.open(data)
    app.catalog.add_caravan("1号车")
    b = app.maintenance.backup()
    app.close()
    _corrupt(data / "caravan.db")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data)]
    proc = subprocess.run([*cmd, "van", "list"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "损坏" in proc.stderr and f"caravan restore {b}" in proc.stderr
    assert subprocess.run([*cmd, "restore", str(b)], capture_output=True, env=env).returncode == 0
    assert "1号车" in subprocess.run([*cmd, "van", "list"], capture_output=True, text=True, env=env).stdout


def test_a_full_disk_gives_a_clear_error_and_loses_nothing_saved(app: App, field: dict[str, str]) -> None:
    app.attendance.tally(field["visit"], "primary", 10)
    # Cap the database at its current size: the next growth fails exactly as a full disk does.
    with app.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    from sqlalchemy import event

    @event.listens_for(app.db.engine, "connect")
    def _cap(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    app.db.engine.dispose()
    with pytest.raises(StorageError) as e:
        for i in range(2000):
            app.attendance.signin(field["visit"], f"学生{i}" + "长" * 40, "student", "一班" * 40)
    assert e.value.field == "disk" and "磁盘空间已满" in e.value.zh and "disk is full" in e.value.en
    assert app.attendance.totals(field["visit"])["primary"] == 10
    event.remove(app.db.engine, "connect", _cap)
    app.db.engine.dispose()
    assert app.maintenance.check().ok


def _stage_reached(stage: str, db: Path, proc: subprocess.Popen) -> bool:
    """True once the migrating process shows ``stage`` (or has exited)."""
    if proc.poll() is not None:
        return True
    copies = db.parent / "backups"
    if stage == "copying":
        return any(copies.glob("pre-migrate-*.db.part"))
    if stage == "copied":
        return any(copies.glob("pre-migrate-*.db"))
    if stage == "in_transaction":
        return db.with_name(db.name + "-journal").exists()
    return stage == "started"


def test_kill_during_migration_leaves_a_database_that_opens(tmp_path: Path) -> None:
    from alembic import command

    from caravan_app.storage.migrate import alembic_config, current_revision, head_revision

    base = tmp_path / "base.db"
    command.upgrade(alembic_config(base), "0001")
    conn = sqlite3.connect(base)
    conn.execute("insert into meta(key, value) values ('marker', 'kept')")
    conn.commit()
    conn.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    outcomes = set()
    # Kill points keyed to what the migrating process visibly does (no guessed delays): just started,
    # writing the pre-migration copy, copy done (Alembic starting), inside a migration transaction
    # (rollback journal present); the last run is not killed and must reach head.
    stages = ["started", "copying", "copied", "in_transaction", "finished"]
    for i, stage in enumerate(stages):
        d = tmp_path / f"run{i}"
        d.mkdir()
        db = d / "caravan.db"
        db.write_bytes(base.read_bytes())
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from pathlib import Path; from caravan_app.storage.migrate import upgrade; "
                f"print('go', flush=True); upgrade(Path({str(db)!r}))",
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "go"
        reached = functools.partial(_stage_reached, stage, db, proc)
        wait_until(reached, timeout=60, what=f"migration stage {stage}", interval=0.001)
        if stage != "finished" and proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(60)
        if stage == "finished":
            assert proc.returncode == 0 and current_revision(db) == head_revision()
        rev = current_revision(db)
        outcomes.add(rev)
        assert rev in ("0001", head_revision())  # migrations are transactional: all or nothing
        app = App.open(d)  # the next start finishes the job
        assert app.maintenance.check().ok
        assert app.db.get_meta("marker") == "kept"
        app.close()
        for copy in (d / "backups").glob("pre-migrate-*.db"):
            assert sqlite3.connect(copy).execute("pragma integrity_check").fetchone()[0] == "ok"
            assert current_revision(copy) == "0001"
