"""The office console: its users, sessions, failed logins and audit log; and what each laptop
reports about itself when it syncs (app version, clock offset, pending changes).

Revision ID: h15_console
Revises: h14_authz
"""

import sqlalchemy as sa
from alembic import op

revision = "h15_console"
down_revision = "h14_authz"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("county", sa.String(100), nullable=True),
        sa.Column("caravan", sa.String(100), nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("lang", sa.String(8), nullable=True),
        sa.Column("created_at", sa.String(24), nullable=False),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("seen_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_console_sessions_user_id", "console_sessions", ["user_id"])
    op.create_table(
        "console_login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_console_login_failures_key_at", "console_login_failures", ["key", "at_ms"])
    op.create_table(
        "console_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(24), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
    )
    op.create_index("ix_console_audit_at", "console_audit", ["at"])
    with op.batch_alter_table("hub_devices") as b:
        b.add_column(sa.Column("app_version", sa.String(40), nullable=True))
        b.add_column(sa.Column("clock_offset_ms", sa.BigInteger, nullable=True))
        b.add_column(sa.Column("pending", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_devices") as b:
        for c in ("pending", "clock_offset_ms", "app_version"):
            b.drop_column(c)
    op.drop_table("console_audit")
    op.drop_table("console_login_failures")
    op.drop_table("console_sessions")
    op.drop_table("console_users")
