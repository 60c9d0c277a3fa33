"""The application's services, built once from a data directory and passed to the faces.

GUI, CLI, the sign-in server and the sync client receive this object (or single services
from it) by constructor; nothing reaches for a global.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..paths import backups_dir, data_dir, database_path
from ..storage.database import Database
from .attendance import AttendanceService
from .base import Clock
from .catalog import CatalogService
from .certificates import CertificateService
from .conflicts import ConflictService
from .importer import SiteImporter
from .maintenance import MaintenanceService
from .merges import MergeService
from .mileage import MileageService
from .reporting import ReportService
from .settings import SettingsService
from .signin_session import SigninSessionService
from .sites import SiteService
from .stock import StockService
from .sync_service import SyncService
from .visits import VisitService
from .volunteer_hours import VolunteerHoursService


@dataclass
class App:
    data_dir: Path
    db: Database
    catalog: CatalogService
    sites: SiteService
    visits: VisitService
    attendance: AttendanceService
    stock: StockService
    importer: SiteImporter
    maintenance: MaintenanceService

    # Built from the services above (phone sign-in, badge scans, volunteer hours).
    signin: SigninSessionService = field(init=False)
    hours: VolunteerHoursService = field(init=False)
    reports: ReportService = field(init=False)
    conflicts: ConflictService = field(init=False)  # values that lost a merge, for review
    sync: SyncService = field(init=False)  # hub sync (token kept outside the database)
    merges: MergeService = field(init=False)  # catalogue duplicates merged by a synced fact
    clock: Clock = field(init=False)  # the corrected clock services write times with (faces: "today")
    mileage: MileageService = field(init=False)  # r17: odometer readings per van and day
    settings: SettingsService = field(init=False)  # r17: the issuer on certificates (this laptop)
    certificates: CertificateService = field(init=False)  # r17: 志愿服务记录证明, 公示, record export

    def __post_init__(self) -> None:
        self.signin = SigninSessionService(self.visits, self.attendance, self.catalog)
        self.hours = VolunteerHoursService(self.visits, self.catalog)
        self.reports = ReportService(self.db, self.visits)
        self.conflicts = ConflictService(self.db)
        self.clock = self.visits.clock
        self.merges = MergeService(self.db, self.clock)
        self.mileage = MileageService(self.db, self.clock, self.catalog.current_caravan_id)
        self.reports.mileage = self.mileage  # r17: km on the day receipt and the period report
        self.settings = SettingsService(self.db)
        self.certificates = CertificateService(self.hours, self.catalog, self.settings, self.clock)
        self.reports.certificates = self.certificates  # r17: caravan verify checks certificates too
        # After each pull, duplicates made offline on two laptops are merged (deterministically).
        self.sync = SyncService(self.db, self.data_dir, after_pull=self.merges.auto_merge)

    @classmethod
    def open(cls, data: str | Path | None = None, read_only: bool = False) -> App:
        """Open (creating and migrating as needed) the database in the data directory.

        ``read_only``: the folder cannot be written; everything can be read, every write is
        refused with a clear message (services/startup.py decides)."""
        d = data_dir(data)
        db = Database(database_path(d), backup_dir=backups_dir(d), read_only=read_only)
        return cls.from_db(d, db)

    @classmethod
    def from_db(cls, d: Path, db: Database) -> App:
        clock = Clock(db)  # one corrected clock for every time a service writes
        sites = SiteService(db, clock)
        return cls(
            data_dir=d,
            db=db,
            catalog=CatalogService(db, clock),
            sites=sites,
            visits=VisitService(db, clock),
            attendance=AttendanceService(db, clock),
            stock=StockService(db, clock),
            importer=SiteImporter(sites),
            maintenance=MaintenanceService(db, d),
        )

    def close(self) -> None:
        self.db.close()
