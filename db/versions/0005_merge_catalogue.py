"""Catalogue merges (the synced append-only ``merges`` facts, the local ``merged_ids`` map) and
the causal mark of an edit (``outbox.base``: the clocks of the values it replaced).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(sa.Column("base", sa.Text(), nullable=True))
    op.create_table(
        "merges",
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("from_id", sa.String(length=36), nullable=False),
        sa.Column("into_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("undoes", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("merges") as batch_op:
        batch_op.create_index(batch_op.f("ix_merges_from_id"), ["from_id"], unique=False)
    op.create_table(
        "merged_ids",
        sa.Column("from_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("into_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("from_id"),
    )
    with op.batch_alter_table("merged_ids") as batch_op:
        batch_op.create_index(batch_op.f("ix_merged_ids_into_id"), ["into_id"], unique=False)
    # Append-only, like the other facts; only device_id may change (a laptop that made the same
    # derived fact as another adopts the hub's copy, so exports stay byte-identical).
    op.execute(
        "CREATE TRIGGER merges_no_update BEFORE UPDATE OF entity, from_id, into_id, reason, undoes, id, hlc, "
        "deleted ON merges BEGIN SELECT RAISE(ABORT, 'merges is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER merges_no_delete BEFORE DELETE ON merges "
        "BEGIN SELECT RAISE(ABORT, 'merges is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS merges_no_update")
    op.execute("DROP TRIGGER IF EXISTS merges_no_delete")
    op.drop_table("merged_ids")
    op.drop_table("merges")
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_column("base")
