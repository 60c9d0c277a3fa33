"""Photo files the hub holds whole (the bytes are files named by SHA-256 in its photos folder).

Revision ID: h19_photos
Revises: h14_authz
"""

import sqlalchemy as sa
from alembic import op

revision = "h19_photos"
down_revision = "h18_peers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hub_photo_files",
        sa.Column("file_hash", sa.String(64), primary_key=True),
        sa.Column("photo_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.String(24), nullable=False),
    )
    op.create_index("ix_hub_photo_files_photo_id", "hub_photo_files", ["photo_id"])


def downgrade() -> None:
    op.drop_index("ix_hub_photo_files_photo_id", "hub_photo_files")
    op.drop_table("hub_photo_files")
