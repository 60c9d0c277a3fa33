"""Peer sync (laptops at one event without the hub): the index of facts learned from other
laptops by (author, seq), and the laptops seen (trusted or refused, with the reason).

Revision ID: 0016_peers
Revises: 0012_papers
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_peers"
down_revision = "0015_orders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peer_facts",
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("learned_from", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.PrimaryKeyConstraint("author", "seq"),
    )
    op.create_table(
        "peer_known",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("caravan", sa.String(length=100), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("public_key", sa.Text(), nullable=True),
        sa.Column("last_seen", sa.String(length=19), nullable=False),
        sa.Column("last_sync", sa.String(length=19), nullable=True),
        sa.PrimaryKeyConstraint("device_id"),
    )


def downgrade() -> None:
    op.drop_table("peer_known")
    op.drop_table("peer_facts")
