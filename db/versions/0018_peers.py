"""Peer sync: what a laptop knew when it made a duty event, so a repeat made knowing the other
laptop's event is not listed as a possible double. ``peer_facts.mark`` is this laptop's newest
outbox number when it learned the fact (its own changes numbered above it were made knowing it);
``peer_facts.knew`` the duty events its author said it held when it made the fact (JSON list).

Revision ID: 0018_peers
Revises: 0017_photos
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_peers"
down_revision = "0017_photos"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("peer_facts") as b:
        b.add_column(sa.Column("mark", sa.Integer(), nullable=True))
        b.add_column(sa.Column("knew", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("peer_facts") as b:
        b.drop_column("knew")
        b.drop_column("mark")
