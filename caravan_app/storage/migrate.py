"""Alembic migrations, run at start. The database is copied (online backup) before any
migration touches it, so a failed or interrupted upgrade can be undone from that copy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import migrations_dir
from .cipher import DATABASE_ERRORS

if TYPE_CHECKING:
    from alembic.config import Config

_REV = re.compile(r"""^(down_revision|revision)\s*=\s*['"]?([\w]+)['"]?""", re.MULTILINE)


def quick_head() -> str | None:
    """The head revision read from the migration files as text, without importing Alembic
    (about 0.4 s at every start). Falls back to None when the files are not plain."""
    revs: dict[str, str | None] = {}
    for f in (migrations_dir() / "versions").glob("*.py"):
        found = dict(_REV.findall(f.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        down = found.get("down_revision")
        revs[found["revision"]] = None if down in (None, "None") else down
    pointed = {d for d in revs.values() if d}
    heads = [r for r in revs if r not in pointed]
    return heads[0] if len(heads) == 1 else None


def quick_current(db_path: Path, immutable: bool = False, uri: str | None = None) -> str | None:
    """The database's revision read with plain sqlite3 (None for a new or unstamped file).
    ``uri``: how to read a database in a folder that cannot be written (database.ReadOnlySource;
    ``immutable`` alone would miss a revision still in the write-ahead log)."""
    if not db_path.exists():
        return None
    try:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        from . import cipher

        conn = cipher.connect(db_path, uri=uri or f"file:{db_path.resolve().as_posix()}?{flags}")
        try:
            row = conn.execute("select version_num from alembic_version").fetchone()
        finally:
            conn.close()
    except DATABASE_ERRORS:
        return None
    return row[0] if row else None


def alembic_config(db_path: Path) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    from . import cipher

    if cipher.is_encrypted(db_path):  # db/env.py opens it through SQLCipher
        cfg.attributes["creator"] = lambda: cipher.connect(db_path)
        cfg.attributes["module"] = cipher.dbapi_for(db_path)
    cfg.attributes["configure_logger"] = False
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(Path("x.db"))).get_current_head()


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    from . import cipher

    if cipher.is_encrypted(db_path):
        eng = create_engine("sqlite://", module=cipher.dbapi_for(db_path), creator=lambda: cipher.connect(db_path))
    else:
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
    head_now = quick_head()
    if head_now is not None and quick_current(db_path) == head_now:
        return None  # the usual start: nothing to migrate, Alembic not even imported
    from alembic import command

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
    from . import cipher

    conn = cipher.connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    return copy
