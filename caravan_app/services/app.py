"""The application's services, built once from a data directory and passed to the faces.

GUI, CLI, the sign-in server and the sync client receive this object (or single services
from it) by constructor; nothing reaches for a global.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..paths import backups_dir, data_dir, database_path
from ..storage.database import Database
from .attendance import AttendanceService
from .catalog import CatalogService
from .sites import SiteService
from .stock import StockService
from .visits import VisitService


@dataclass
class App:
    data_dir: Path
    db: Database
    catalog: CatalogService
    sites: SiteService
    visits: VisitService
    attendance: AttendanceService
    stock: StockService

    @classmethod
    def open(cls, data: str | Path | None = None) -> App:
        """Open (creating and migrating as needed) the database in the data directory."""
        d = data_dir(data)
        db = Database(database_path(d), backup_dir=backups_dir(d))
        return cls.from_db(d, db)

    @classmethod
    def from_db(cls, d: Path, db: Database) -> App:
        return cls(
            data_dir=d,
            db=db,
            catalog=CatalogService(db),
            sites=SiteService(db),
            visits=VisitService(db),
            attendance=AttendanceService(db),
            stock=StockService(db),
        )

    def close(self) -> None:
        self.db.close()
