"""Attendance corrections: visit reopens, sign-in voids/confirmations, tally take-backs.

Append-only like the other fact tables. The two derived-id tables let a laptop replace its own
copy of a correction with the hub's (the same fact made on two laptops) while meta
"adopt_hub_fact" is "1" inside that one transaction; any other UPDATE/DELETE is refused.

Revision ID: 0004
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0007"
branch_labels = None
depends_on = None

_META = ("id", "device_id", "hlc", "deleted")


def _meta_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    ]


def upgrade() -> None:
    op.create_table(
        "visit_reopens",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=True),
        sa.Column("at", sa.String(length=19), nullable=False),
        *_meta_columns(),
    )
    with op.batch_alter_table("visit_reopens") as b:
        b.create_index("ix_visit_reopens_visit_id", ["visit_id"], unique=False)
    op.create_table(
        "signin_corrections",
        sa.Column("signin_id", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=True),
        sa.Column("at", sa.String(length=19), nullable=False),
        *_meta_columns(),
    )
    with op.batch_alter_table("signin_corrections") as b:
        b.create_index("ix_signin_corrections_signin_id", ["signin_id"], unique=False)
        b.create_index("ix_signin_corrections_visit_id", ["visit_id"], unique=False)
    op.create_table(
        "tally_takebacks",
        sa.Column("tally_id", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("group", sa.String(length=20), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        *_meta_columns(),
    )
    with op.batch_alter_table("tally_takebacks") as b:
        b.create_index("ix_tally_takebacks_tally_id", ["tally_id"], unique=False)
        b.create_index("ix_tally_takebacks_visit_id", ["visit_id"], unique=False)
    op.execute(
        "CREATE TRIGGER visit_reopens_no_update BEFORE UPDATE ON visit_reopens "
        "BEGIN SELECT RAISE(ABORT, 'visit_reopens is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER visit_reopens_no_delete BEFORE DELETE ON visit_reopens "
        "BEGIN SELECT RAISE(ABORT, 'visit_reopens is append-only'); END"
    )
    for table in ("signin_corrections", "tally_takebacks"):
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                "WHEN (SELECT value FROM meta WHERE key = 'adopt_hub_fact') IS NOT '1' "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in ("visit_reopens", "signin_corrections", "tally_takebacks"):
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
        op.drop_table(table)
