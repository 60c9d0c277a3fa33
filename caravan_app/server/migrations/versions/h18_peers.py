"""Peer sync: each laptop's public key (certified by the hub at enrollment) and the hub's own
signing key.

Revision ID: h18_peers
Revises: h14_authz
"""

import sqlalchemy as sa
from alembic import op

revision = "h18_peers"
down_revision = "h17_orders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_devices") as b:
        b.add_column(sa.Column("public_key", sa.String(64), nullable=True))
    op.create_table(
        "hub_keys",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("private_key", sa.String(64), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(24), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("hub_keys")
    with op.batch_alter_table("hub_devices") as b:
        b.drop_column("public_key")
