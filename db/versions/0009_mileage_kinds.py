"""Mileage and activity kinds: odometer readings per van and day (append-only),
and each visit's category in the national science-popularisation statistics.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "odometer_readings",
        sa.Column("caravan_id", sa.String(length=36), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("out_km", sa.Integer(), nullable=False),
        sa.Column("back_km", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=True),
        sa.Column("note", sa.String(length=400), nullable=True),
        sa.Column("corrects", sa.String(length=36), nullable=True),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("odometer_readings") as b:
        b.create_index("ix_odometer_caravan_date", ["caravan_id", "date"], unique=False)
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER odometer_readings_no_{action.lower()} BEFORE {action} ON odometer_readings "
            "BEGIN SELECT RAISE(ABORT, 'odometer_readings is append-only'); END"
        )
    with op.batch_alter_table("visits") as b:
        b.add_column(sa.Column("activity_kind", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits") as b:
        b.drop_column("activity_kind")
    op.execute("DROP TRIGGER IF EXISTS odometer_readings_no_update")
    op.execute("DROP TRIGGER IF EXISTS odometer_readings_no_delete")
    op.drop_table("odometer_readings")
