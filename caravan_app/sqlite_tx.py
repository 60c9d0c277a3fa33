"""Real transactions on SQLite for SQLAlchemy engines (the laptop database, both Alembic envs).

Python's sqlite3 before 3.12 begins transactions only before DML and commits DDL on its own,
so a migration or a unit of work could be half-applied. We switch that off and issue BEGIN
ourselves: ``BEGIN IMMEDIATE`` (take the write lock at once) always, or when the connection
carries the execution option ``immediate=True``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event


def explicit_transactions(engine: Engine, *, always_immediate: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _no_implicit_commits(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Straight to the driver: this runs for every unit of work (see storage.records.raw_cursor).
        immediate = always_immediate or conn.get_execution_options().get("immediate")
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
