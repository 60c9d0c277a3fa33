"""Requests for a visit (点单) and the office's calendar of closed days (server/orders.py).

Revision ID: h17_orders
Revises: h15_console (h14_authz in the brief; chained after the console merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "h17_orders"
down_revision = "h15_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_orders",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(20), nullable=False, unique=True),
        sa.Column("created_at", sa.String(24), nullable=False),
        sa.Column("updated_at", sa.String(24), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("site_id", sa.String(64), nullable=True),
        sa.Column("site_name", sa.String(200), nullable=False),
        sa.Column("county", sa.String(20), nullable=False),
        sa.Column("town", sa.String(60), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("contact", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("earliest", sa.String(10), nullable=False),
        sa.Column("latest", sa.String(10), nullable=False),
        sa.Column("groups", sa.String(200), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("topics", sa.String(400), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.Column("half_day", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("caravan_id", sa.String(64), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_hub_orders_state", "hub_orders", ["state"])
    op.create_table(
        "hub_closed_days",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("caravan_id", sa.String(64), nullable=True),
        sa.Column("note", sa.String(200), nullable=True),
    )
    op.create_index("ix_hub_closed_days_day", "hub_closed_days", ["day"])


def downgrade() -> None:
    op.drop_table("hub_closed_days")
    op.drop_table("hub_orders")
