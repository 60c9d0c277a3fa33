"""Identity and authorization: a device's role (van or office) and van binding, the
enrollment code's own issue time and use, the enrolling laptop's proof, hub settings.

Revision ID: h14_authz
Revises: h13a
"""

import sqlalchemy as sa
from alembic import op

revision = "h14_authz"
down_revision = "h13a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hub_devices") as b:
        # Devices enrolled before roles are vans (least privilege): name the office's own laptop
        # with `caravan-server device set ID --office` after the upgrade.
        b.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="van"))
        b.add_column(sa.Column("caravan_id", sa.String(64), nullable=True))
        b.add_column(sa.Column("code_issued_at", sa.String(24), nullable=True))
        b.add_column(sa.Column("code_used_at", sa.String(24), nullable=True))
        b.add_column(sa.Column("proof_hash", sa.String(64), nullable=True))
    # Codes already used keep their retry window from their enrollment.
    op.execute("UPDATE hub_devices SET code_used_at = enrolled_at WHERE token_hash IS NOT NULL")
    op.create_table(
        "hub_settings",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("hub_settings")
    with op.batch_alter_table("hub_devices") as b:
        for c in ("proof_hash", "code_used_at", "code_issued_at", "caravan_id", "role"):
            b.drop_column(c)
