"""The office's review of completed visits (``reviews``, synced, append-only, authored by the
hub) and the office's synced settings (``office_settings``, edited, authored by the hub).

Revision ID: 0013_reviews
Revises: 0012_papers
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_reviews"
down_revision = "0012_papers"
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
        "reviews",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=True),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=19), nullable=False),
        *_meta(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviews") as b:
        b.create_index("ix_reviews_visit_id", ["visit_id"], unique=False)
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER reviews_no_{action.lower()} BEFORE {action} ON reviews "
            "BEGIN SELECT RAISE(ABORT, 'reviews is append-only'); END"
        )
    op.create_table(
        "office_settings",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("clocks", sa.Text(), nullable=False),
        *_meta(),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("office_settings")
    op.execute("DROP TRIGGER IF EXISTS reviews_no_update")
    op.execute("DROP TRIGGER IF EXISTS reviews_no_delete")
    op.drop_table("reviews")
