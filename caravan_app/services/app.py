"""The application's services, built once from a data directory and passed to the faces.

GUI, CLI, the sign-in server and the sync client receive this object (or single services
from it) by constructor; nothing reaches for a global.

Each service is built (and its module imported) the first time it is used, so a command that
lists visits does not import the report, sync or import code. A service passed to the
constructor is used as given (tests and faces may inject their own).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from ..paths import backups_dir, data_dir, database_path

if TYPE_CHECKING:
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
    from .orders import OrderLogService, OrderService
    from .peers import PeerService
    from .photos import PhotoService
    from .privacy import PrivacyService
    from .reporting import ReportService
    from .review_state import ReviewStateService
    from .settings import SettingsService
    from .signin_session import SigninSessionService
    from .sites import SiteService
    from .stock import StockService
    from .sync_service import SyncService
    from .visits import VisitService
    from .volunteer_hours import VolunteerHoursService

S = TypeVar("S")
_BUILD_LOCK = threading.RLock()  # the GUI's task runner and its main thread may both ask first


class cached_property(Generic[S]):  # noqa: N801 - used like functools.cached_property
    """``functools.cached_property`` that builds once even when two threads ask at once
    (Python 3.12 dropped the standard one's lock). The value lives in the instance's dict,
    so a service given to the constructor simply takes its place."""

    def __init__(self, build: Callable[[Any], S]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> cached_property[S]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> S: ...
    def __get__(self, obj: object | None, owner: type) -> S | cached_property[S]:
        if obj is None:
            return self
        with _BUILD_LOCK:
            d = obj.__dict__
            if self.name not in d:
                d[self.name] = self.build(obj)
            built: S = d[self.name]
            return built


# name -> service given to the constructor; the rest are built on first use below.
_INJECTABLE = (
    "catalog",
    "sites",
    "visits",
    "attendance",
    "stock",
    "importer",
    "maintenance",
    "signin",
    "hours",
    "reports",
    "conflicts",
    "sync",
    "merges",
    "clock",
    "privacy",
    "mileage",
    "settings",
    "certificates",
    "photos",
)


class App:
    def __init__(self, data_dir: Path, db: Database, **services: object) -> None:
        self.data_dir = data_dir
        self.db = db
        for name, service in services.items():
            if name not in _INJECTABLE:
                raise TypeError(f"App() got an unexpected service {name!r}")
            if service is not None:
                self.__dict__[name] = service  # shadows the lazy builder below

    # --- the services, each built on first use -----------------------------------------

    @cached_property
    def clock(self) -> Clock:
        """The one corrected clock every service writes times with (faces ask it for "today")."""
        from .base import Clock

        return Clock(self.db)

    @cached_property
    def catalog(self) -> CatalogService:
        from .catalog import CatalogService

        return CatalogService(self.db, self.clock)

    @cached_property
    def sites(self) -> SiteService:
        from .sites import SiteService

        return SiteService(self.db, self.clock)

    @cached_property
    def visits(self) -> VisitService:
        from .visits import VisitService

        return VisitService(self.db, self.clock)

    @cached_property
    def orders(self) -> OrderService:
        from .orders import OrderService

        return OrderService(self.db, self.clock)

    @cached_property
    def order_log(self) -> OrderLogService:
        from .orders import OrderLogService

        return OrderLogService(self.orders, self.visits, self.catalog)

    @cached_property
    def attendance(self) -> AttendanceService:
        from .attendance import AttendanceService

        return AttendanceService(self.db, self.clock)

    @cached_property
    def stock(self) -> StockService:
        from .stock import StockService

        return StockService(self.db, self.clock)

    @cached_property
    def importer(self) -> SiteImporter:
        from .importer import SiteImporter

        return SiteImporter(self.sites)

    @cached_property
    def maintenance(self) -> MaintenanceService:
        from .maintenance import MaintenanceService

        return MaintenanceService(self.db, self.data_dir)

    # Built from the services above (phone sign-in, badge scans, volunteer hours).
    @cached_property
    def signin(self) -> SigninSessionService:
        from .signin_session import SigninSessionService

        return SigninSessionService(self.visits, self.attendance, self.catalog)

    @cached_property
    def hours(self) -> VolunteerHoursService:
        from .volunteer_hours import VolunteerHoursService

        return VolunteerHoursService(self.visits, self.catalog)

    @cached_property
    def reports(self) -> ReportService:
        from .reporting import ReportService

        reports = ReportService(self.db, self.visits, self.settings)
        reports.mileage = self.mileage  # km on the day receipt and the period report
        reports.certificates = self.certificates  # caravan verify checks certificates too
        reports.photos = self.photos  # chosen photos on the visit report and the 活动剪影
        return reports

    @cached_property
    def review(self) -> ReviewStateService:  # the office's review of visits, pulled from the hub
        from .review_state import ReviewStateService

        return ReviewStateService(self.db, self.clock)

    @cached_property
    def conflicts(self) -> ConflictService:  # values that lost a merge, for review
        from .conflicts import ConflictService

        return ConflictService(self.db)

    @cached_property
    def sync(self) -> SyncService:  # hub sync (token kept outside the database)
        from .sync_service import SyncService

        # After each pull, duplicates made offline on two laptops are merged (deterministically).
        def after_pull() -> int:
            purged = self.photos.auto_purge()  # photos past the retention: removal facts, pushed now
            self.photos.drop_unused_files()  # photos removed elsewhere (a removal, a purge) leave this disk
            return purged + self.merges.auto_merge()

        return SyncService(self.db, self.data_dir, after_pull=after_pull)

    @cached_property
    def peers(self) -> PeerService:  # laptops at one event without the hub (peer sync)
        from .peers import PeerService

        return PeerService(self.db, self.catalog.this_device, self.data_dir)

    @cached_property
    def mileage(self) -> MileageService:  # odometer readings per van and day
        from .mileage import MileageService

        return MileageService(self.db, self.clock, self.catalog.current_caravan_id)

    @cached_property
    def settings(self) -> SettingsService:  # the issuer on certificates (this laptop)
        from .settings import SettingsService

        return SettingsService(self.db)

    @cached_property
    def certificates(self) -> CertificateService:  # 志愿服务记录证明, 公示, record export
        from .certificates import CertificateService

        return CertificateService(self.hours, self.catalog, self.settings, self.clock)

    @cached_property
    def privacy(self) -> PrivacyService:  # notice, retention purge, a person's requests
        from .privacy import PrivacyService

        return PrivacyService(self.db, self.clock)

    @cached_property
    def photos(self) -> PhotoService:  # photos as evidence: files by SHA-256 beside the database
        from .photos import PhotoService

        return PhotoService(self.db, self.data_dir, self.clock)

    @cached_property
    def merges(self) -> MergeService:  # catalogue duplicates merged by a synced fact
        from .merges import MergeService

        return MergeService(self.db, self.clock)

    # --- opening and closing ----------------------------------------------------------------

    @classmethod
    def open(cls, data: str | Path | None = None, read_only: bool = False) -> App:
        """Open (creating and migrating as needed) the database in the data directory.

        ``read_only``: the folder cannot be written; everything can be read, every write is
        refused with a clear message (services/startup.py decides)."""
        from ..storage.database import Database

        d = data_dir(data)
        db = Database(database_path(d), backup_dir=backups_dir(d), read_only=read_only)
        return cls.from_db(d, db)

    @classmethod
    def from_db(cls, d: Path, db: Database) -> App:
        return cls(data_dir=d, db=db)

    def close(self) -> None:
        self.db.close()

    def __repr__(self) -> str:
        return f"App({self.data_dir})"
