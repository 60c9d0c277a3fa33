"""Alembic environment of the hub database (separate from the laptop's ``db/``).

On SQLite we take over BEGIN so that DDL and the version stamp commit together (Python's
sqlite3 before 3.12 commits DDL on its own); PostgreSQL's DDL is transactional already.
"""

from alembic import context
from sqlalchemy import create_engine

from caravan_app.server.db import VERSION_TABLE
from caravan_app.server.models import Base
from caravan_app.sqlite_tx import explicit_transactions

config = context.config
engine = create_engine(config.get_main_option("sqlalchemy.url") or "")

if engine.dialect.name == "sqlite":
    explicit_transactions(engine, always_immediate=True)

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
