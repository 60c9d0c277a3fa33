"""The hub's engine and migrations. SQLite (one file in the data directory) or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ..paths import APP_NAME

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "hub_alembic_version"


def default_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` beats ``CARAVAN_SERVER_DATA_DIR`` beats the platform's data folder."""
    from platformdirs import user_data_dir

    chosen = override or os.environ.get("CARAVAN_SERVER_DATA_DIR") or user_data_dir(APP_NAME + "Hub", appauthor=False)
    p = Path(chosen).expanduser()
    p.mkdir(parents=True, exist_ok=True)
    return p


def database_url(db: str | None, data_dir: str | os.PathLike[str] | None) -> str:
    url = db or os.environ.get("CARAVAN_SERVER_DB")
    if url:
        return url
    return f"sqlite:///{default_data_dir(data_dir) / 'hub.db'}"


# Connections kept open per process. A hub process serves from up to 40 threads (the ASGI thread
# pool) and each console page takes a connection for its session; with the old 5 kept (+5 more
# for PostgreSQL) twenty office users waited for one or paid a new connection (and its PRAGMAs or
# PostgreSQL's backend start) on most pages. ``CARAVAN_SERVER_DB_POOL`` sets PostgreSQL's (each
# is a server process: workers x pool must stay under its ``max_connections``, 100 by default).
SQLITE_POOL = 20
PG_POOL = 10


def _pool_size() -> int:
    raw = os.environ.get("CARAVAN_SERVER_DB_POOL", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else PG_POOL


def make_engine(url: str) -> Engine:
    """SQLite gets WAL and ``BEGIN IMMEDIATE`` for writes; PostgreSQL a pool of ``_pool_size``."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=SQLITE_POOL,
            max_overflow=SQLITE_POOL,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _rec: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA secure_delete=ON")  # purged names are overwritten, not freed
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

        return engine
    connect_args: dict[str, Any] = {}
    if os.environ.get("CARAVAN_SERVER_PGBOUNCER") == "1":
        # pgbouncer in transaction pooling: no server-side prepared statements (psycopg).
        connect_args["prepare_threshold"] = None
    size = _pool_size()
    return create_engine(url, pool_pre_ping=True, pool_size=size, max_overflow=size, connect_args=connect_args)


class HubDB:
    """Sessions over one engine: ``write()`` for pushes and admin, ``read()`` for pulls."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(write=True), expire_on_commit=False)

    def read(self) -> Session:
        return self._read()

    def write(self) -> Session:
        return self._write()

    def close(self) -> None:
        self.engine.dispose()


def upgrade(url: str) -> None:
    """Bring the hub's schema to head (run once before starting workers)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")
