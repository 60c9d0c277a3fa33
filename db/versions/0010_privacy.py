"""Pupils' personal information: privacy actions, the privacy log, and a
narrow exception in the sign-ins' append-only trigger.

``privacy_actions`` is append-only like the other facts. While meta "privacy_apply" is "1"
(inside the one transaction that applies purges, erasures and corrections,
storage/privacy_store.py) an UPDATE of ``signins`` may change only the personal fields (name,
phone, organisation) and the dedupe key (replaced by its hash); one of ``privacy_actions`` only
its ``name`` (a correction's new name, blanked when the person is purged); a purge made on
two laptops is one fact (its id is derived from the visit) and the laptop adopts the hub's copy
under meta "adopt_hub_fact" as migration 0004 allows. Every other UPDATE
and every DELETE is still refused.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_FLAG = "(SELECT value FROM meta WHERE key = 'privacy_apply') IS NOT '1'"
_SIGNIN_FIXED = ("id", "visit_id", "group", "method", "person_id", "at", "device_id", "hlc", "deleted")
_ACTION_FIXED = ("id", "kind", "visit_id", "signin_ids", "fields", "reason", "at", "device_id", "hlc", "deleted")


def _changed(cols: tuple[str, ...]) -> str:
    return " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in cols)


def upgrade() -> None:
    op.create_table(
        "privacy_actions",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("signin_ids", sa.Text(), nullable=True),
        sa.Column("fields", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=400), nullable=True),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("privacy_actions") as b:
        b.create_index("ix_privacy_actions_visit_id", ["visit_id"], unique=False)
    op.create_table(
        "privacy_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.execute(
        "CREATE TRIGGER privacy_actions_no_update BEFORE UPDATE ON privacy_actions "
        "WHEN (SELECT value FROM meta WHERE key = 'adopt_hub_fact') IS NOT '1' "
        f"AND ({_FLAG} OR {_changed(_ACTION_FIXED)}) "
        "BEGIN SELECT RAISE(ABORT, 'privacy_actions is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER privacy_actions_no_delete BEFORE DELETE ON privacy_actions "
        "BEGIN SELECT RAISE(ABORT, 'privacy_actions is append-only'); END"
    )
    op.execute("DROP TRIGGER IF EXISTS signins_no_update")
    op.execute(
        "CREATE TRIGGER signins_no_update BEFORE UPDATE ON signins "
        f"WHEN {_FLAG} OR {_changed(_SIGNIN_FIXED)} "
        "BEGIN SELECT RAISE(ABORT, 'signins is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS signins_no_update")
    op.execute(
        "CREATE TRIGGER signins_no_update BEFORE UPDATE ON signins "
        "BEGIN SELECT RAISE(ABORT, 'signins is append-only'); END"
    )
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS privacy_actions_no_{action}")
    op.drop_table("privacy_log")
    op.drop_table("privacy_actions")
