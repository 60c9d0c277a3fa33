"""Index conflicts by record: every pull page looks up the values its records lost (``lost``).

Revision ID: h0002c
Revises: hub0001
"""

from alembic import op

revision = "h0002c"
down_revision = "hub0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_conflicts_record", "conflicts", ["record_id"])


def downgrade() -> None:
    op.drop_index("ix_conflicts_record", table_name="conflicts")
