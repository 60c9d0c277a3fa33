"""Migrations: the head matches the models, upgrades copy the database first, and the
synced tables match the schema description used by sync and export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from caravan_app.domain.schema import ENTITIES, META_FIELDS
from caravan_app.storage import models as m
from caravan_app.storage.migrate import current_revision, head_revision, upgrade


def test_models_and_migration_head_agree(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    upgrade(db)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)
    engine.dispose()
    assert diff == [], f"models differ from the migrations: {diff}"
    assert current_revision(db) == head_revision()
    from caravan_app.storage.migrate import quick_current, quick_head

    assert quick_head() == head_revision()  # the start-up fast path reads the same head
    assert quick_current(db) == head_revision()


def test_models_follow_the_schema_description() -> None:
    for name, entity in ENTITIES.items():
        model = m.MODELS[name]
        assert model.__tablename__ == entity.table
        cols = set(model.__table__.columns.keys()) - set(META_FIELDS) - {"clocks"}
        assert cols == set(entity.fields), name
        assert ("clocks" in model.__table__.columns) == (entity.kind == "edit")
        assert (entity.table in m.APPEND_ONLY_TABLES) == (entity.kind == "append")


def test_upgrade_from_an_older_revision_copies_the_database_first(tmp_path: Path) -> None:
    from alembic import command

    from caravan_app.storage.migrate import alembic_config

    db = tmp_path / "old.db"
    command.upgrade(alembic_config(db), "0001")  # an install from before 0002
    conn = sqlite3.connect(db)
    conn.execute("insert into meta(key, value) values ('marker', 'kept')")
    conn.commit()
    conn.close()
    copy = upgrade(db, backup_dir=tmp_path / "b")
    assert copy is not None and copy.exists()
    assert current_revision(copy) == "0001"  # the copy is the database as it was
    assert current_revision(db) == head_revision()
    for path in (db, copy):
        assert sqlite3.connect(path).execute("select value from meta where key='marker'").fetchone() == ("kept",)
    indexes = {r[0] for r in sqlite3.connect(db).execute("select name from sqlite_master where type='index'")}
    assert "ix_movements_ref_id" in indexes


def test_fresh_database_is_in_wal_mode_with_foreign_keys(app) -> None:  # type: ignore[no-untyped-def]
    with app.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_a_failing_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    """DDL and the version stamp commit together (Python's sqlite3 would commit DDL alone)."""
    import shutil

    from alembic import command

    from caravan_app.paths import migrations_dir
    from caravan_app.storage.migrate import alembic_config

    scripts = tmp_path / "db"
    shutil.copytree(migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    mig = scripts / "versions" / "0002_movement_ref_index.py"
    mig.write_text(
        mig.read_text(encoding="utf-8").replace(
            "unique=False)\n", 'unique=False)\n    raise RuntimeError("power cut")  # after the index exists\n', 1
        ),
        encoding="utf-8",
    )
    db = tmp_path / "x.db"
    command.upgrade(alembic_config(db), "0001")
    cfg = alembic_config(db)
    cfg.set_main_option("script_location", str(scripts))
    try:
        command.upgrade(cfg, "head")
    except RuntimeError:
        pass
    conn = sqlite3.connect(db)
    leftover = conn.execute("select name from sqlite_master where name = 'ix_movements_ref_id'").fetchall()
    conn.close()
    assert current_revision(db) == "0001" and leftover == []
    upgrade(db)  # the next start runs it again, cleanly
    assert current_revision(db) == head_revision()
