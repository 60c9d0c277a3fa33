"""Alembic migrations, run at start. The database is copied (online backup) before any
migration touches it, so a failed or interrupted upgrade can be undone from that copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..paths import migrations_dir


def alembic_config(db_path: Path) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    cfg.attributes["configure_logger"] = False
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config(Path("x.db"))).get_current_head()


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    from sqlalchemy import create_engine

    eng = create_engine(f"sqlite:///{db_path}")
    try:
        with eng.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        eng.dispose()


def upgrade(db_path: Path, backup_dir: Path | None = None) -> Path | None:
    """Bring the database to head. Returns the pre-migration copy, if one was made."""
    if str(db_path) == ":memory:":
        raise ValueError("use a file database")
    current = current_revision(db_path)
    head = head_revision()
    if current == head:
        return None
    copy: Path | None = None
    if current is not None and db_path.exists():
        from .backup import backup_to

        target_dir = backup_dir or db_path.parent / "backups"
        target_dir.mkdir(parents=True, exist_ok=True)
        copy = backup_to(db_path, target_dir / f"pre-migrate-{current}-to-{head}.db")
    command.upgrade(alembic_config(db_path), "head")
    # Migrations write with the default journal; switch to WAL once for good.
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    return copy
