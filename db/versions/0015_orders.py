"""Requests and ratings: a visit names the request it answers and carries the crew's answer;
``requests`` (what the school asked for) and ``ratings`` (one per visit) are synced, edited.

Revision ID: 0015_orders
Revises: 0012_papers
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_orders"
down_revision = "0013_reviews"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:  # type: ignore[type-arg]
    """The columns every edited synced table has."""
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("clocks", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("visits") as b:
        b.add_column(sa.Column("request_id", sa.String(length=36), nullable=True))
        b.add_column(sa.Column("answer", sa.String(length=10), nullable=True))
        b.add_column(sa.Column("answer_reason", sa.String(length=400), nullable=True))
        b.create_index("ix_visits_request_id", ["request_id"], unique=False)
    op.create_table(
        "requests",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("site_id", sa.String(length=36), nullable=True),
        sa.Column("contact", sa.String(length=100), nullable=True),
        sa.Column("groups", sa.String(length=200), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("topics", sa.String(length=400), nullable=True),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.Column("earliest", sa.String(length=10), nullable=False),
        sa.Column("latest", sa.String(length=10), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("requests") as b:
        b.create_index("ix_requests_number", ["number"], unique=False)
    op.create_table(
        "ratings",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=True),
        sa.Column("at", sa.String(length=19), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ratings") as b:
        b.create_index("ix_ratings_visit_id", ["visit_id"], unique=False)


def downgrade() -> None:
    op.drop_table("ratings")
    op.drop_table("requests")
    with op.batch_alter_table("visits") as b:
        b.drop_index("ix_visits_request_id")
        for c in ("answer_reason", "answer", "request_id"):
            b.drop_column(c)
