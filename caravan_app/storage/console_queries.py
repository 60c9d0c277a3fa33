"""The office console's reads over its projection (a laptop-schema database kept by the hub).

Only the console's own file pays for the indexes below: laptops never create them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from .database import Database

# Province-scale lists: by date then id (the default order), by van or site within dates,
# sign-ins of one visit in time order.
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS console_visits_date_id ON visits (date, id)",
    "CREATE INDEX IF NOT EXISTS console_visits_caravan_date ON visits (caravan_id, date)",
    "CREATE INDEX IF NOT EXISTS console_visits_site_date ON visits (site_id, date)",
    "CREATE INDEX IF NOT EXISTS console_sites_county_town ON sites (county, town)",
    "CREATE INDEX IF NOT EXISTS console_signins_visit_at ON signins (visit_id, at)",
)


def ensure_indexes(db: Database) -> None:
    with db.write() as s:
        for ddl in _INDEXES:
            s.execute(text(ddl))
