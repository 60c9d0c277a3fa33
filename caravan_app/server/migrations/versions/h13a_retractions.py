"""Retractions: bad records an operator withdrew (``caravan-server bad retract``).

Revision ID: h13a
Revises: h0002c
"""

import sqlalchemy as sa
from alembic import op

revision = "h13a"
down_revision = "h0002c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retractions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", sa.String(length=24), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retractions")
