"""Alembic environment for the laptop database (batch mode: SQLite cannot ALTER much).

Each upgrade runs in ONE real transaction: Python's sqlite3 (before 3.12) commits DDL on its
own, so we take over BEGIN ourselves. A migration killed half-way then leaves the database at
the old revision, untouched, and the next start simply runs it again.
"""

from alembic import context
from sqlalchemy import create_engine

from caravan_app.sqlite_tx import explicit_transactions
from caravan_app.storage.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
_creator = config.attributes.get("creator")  # an encrypted database (storage/cipher.py)
if _creator is not None:
    engine = create_engine("sqlite://", creator=_creator, module=config.attributes.get("module"))
else:
    engine = create_engine(url)


explicit_transactions(engine, always_immediate=True)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
