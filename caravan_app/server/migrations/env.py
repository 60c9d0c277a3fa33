"""Alembic environment of the hub database (separate from the laptop's ``db/``)."""

from alembic import context
from sqlalchemy import create_engine

from caravan_app.server.db import VERSION_TABLE
from caravan_app.server.models import Base

config = context.config
engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
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
