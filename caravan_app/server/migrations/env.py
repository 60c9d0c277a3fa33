"""Alembic environment of the hub database (separate from the laptop's ``db/``).

On SQLite we take over BEGIN so that DDL and the version stamp commit together (Python's
sqlite3 before 3.12 commits DDL on its own); PostgreSQL's DDL is transactional already.
"""

from alembic import context
from sqlalchemy import create_engine, event

from caravan_app.server.db import VERSION_TABLE
from caravan_app.server.models import Base

config = context.config
engine = create_engine(config.get_main_option("sqlalchemy.url") or "")

if engine.dialect.name == "sqlite":

    @event.listens_for(engine, "connect")
    def _no_implicit_commits(dbapi_conn, _record):  # noqa: ANN001, ANN202
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001, ANN202
        conn.exec_driver_sql("BEGIN IMMEDIATE")


with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
