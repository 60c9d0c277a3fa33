"""Photos as evidence: ``photos`` (synced, edited), ``photo_removals`` (synced, append-only) and
``photo_transfers`` (local: which files the hub already holds).

Revision ID: 0017_photos
Revises: 0012_papers
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_photos"
down_revision = "0016_peers"
branch_labels = None
depends_on = None


def _meta() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("display_hash", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.String(length=19), nullable=True),
        sa.Column("sent_by", sa.String(length=100), nullable=True),
        sa.Column("caption", sa.String(length=200), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=True),
        sa.Column("chosen", sa.Boolean(), nullable=True),
        sa.Column("gps", sa.String(length=40), nullable=True),
        sa.Column("at", sa.String(length=19), nullable=False),
        *_meta(),
        sa.Column("clocks", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("photos") as b:
        b.create_index("ix_photos_visit_id", ["visit_id"], unique=False)
        b.create_index("ix_photos_file_hash", ["file_hash"], unique=False)
    op.create_table(
        "photo_removals",
        sa.Column("photo_id", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        *_meta(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("photo_removals") as b:
        b.create_index("ix_photo_removals_photo_id", ["photo_id"], unique=False)
        b.create_index("ix_photo_removals_visit_id", ["visit_id"], unique=False)
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER photo_removals_no_{action.lower()} BEFORE {action} ON photo_removals "
            "BEGIN SELECT RAISE(ABORT, 'photo_removals is append-only'); END"
        )
    op.create_table(
        "photo_transfers",
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("photo_id", sa.String(length=36), nullable=False),
        sa.Column("done_at", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("file_hash"),
    )
    with op.batch_alter_table("photo_transfers") as b:
        b.create_index("ix_photo_transfers_photo_id", ["photo_id"], unique=False)


def downgrade() -> None:
    op.drop_table("photo_transfers")
    op.execute("DROP TRIGGER IF EXISTS photo_removals_no_update")
    op.execute("DROP TRIGGER IF EXISTS photo_removals_no_delete")
    op.drop_table("photo_removals")
    op.drop_table("photos")
