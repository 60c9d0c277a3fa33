"""The register of issued volunteer service certificates (``certificate_issues``, synced,
append-only): each certificate's own number and the figures it certified.

Revision ID: 0012_papers
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_papers"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_issues",
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=False),
        sa.Column("end", sa.String(length=10), nullable=False),
        sa.Column("issued_on", sa.String(length=10), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("services", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=20), nullable=False),
        sa.Column("reprint_of", sa.String(length=40), nullable=True),
        sa.Column("id_type", sa.String(length=40), nullable=True),
        sa.Column("id_masked", sa.String(length=40), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("at", sa.String(length=19), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate_issues") as b:
        b.create_index("ix_certificate_issues_number", ["number"], unique=False)
        b.create_index("ix_certificate_issues_person_id", ["person_id"], unique=False)
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER certificate_issues_no_{action.lower()} BEFORE {action} ON certificate_issues "
            "BEGIN SELECT RAISE(ABORT, 'certificate_issues is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS certificate_issues_no_update")
    op.execute("DROP TRIGGER IF EXISTS certificate_issues_no_delete")
    op.drop_table("certificate_issues")
