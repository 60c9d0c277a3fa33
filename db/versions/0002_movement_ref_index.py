"""Index movements.ref_id: undo and transfer look up the movement they refer to.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("movements") as batch_op:
        batch_op.create_index("ix_movements_ref_id", ["ref_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("movements") as batch_op:
        batch_op.drop_index("ix_movements_ref_id")
