"""An index of the registry's sites by county, so the public request form lists one county's
schools without reading every site record (``orders.registry_sites``).

Revision ID: h20_site_county
Revises: h18_peers
"""

from alembic import op

revision = "h20_site_county"
down_revision = "h19_photos"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE INDEX ix_records_site_county ON records (entity, json_extract(data, '$.county'))")
    elif bind.dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_records_site_county ON records (entity, ((data::jsonb) ->> 'county'))")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_records_site_county")
