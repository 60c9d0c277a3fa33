"""Plain data the report renderers draw: filled in by services/reporting.py, no SQL, no Qt.

Labels are already Chinese here; renderers only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import figures
from ..domain.figures import BOOK_UNITS

__all__ = ["BOOK_UNITS"]  # a title in these units is a book (科普图书); others are materials (资料)


@dataclass(frozen=True)
class VisitInfo:
    """What a printable (sign-in sheet, poster, table card) says about a visit."""

    site: str
    date: str
    theme: str | None
    url: str  # the phone sign-in address the QR encodes
    notice: str = ""  # the office's personal-information notice (printed on the sheet)


@dataclass
class CrewLine:
    name: str
    role: str
    team: str
    volunteer_no: str
    on_at: str | None
    off_at: str | None
    minutes: int  # whole minutes on duty at this visit: the stored truth
    role_code: str = ""  # "volunteer" or "crew" (staff): volunteer service counts volunteers only

    @property
    def hours(self) -> float:
        """This person's hours at this visit by the one rule (figures.hours)."""
        return figures.hours(self.minutes)


@dataclass
class BookLine:
    title: str
    recipient: str
    qty: int
    unit: str = "册"


@dataclass
class SigninLine:
    name: str
    group: str
    organisation: str
    method: str
    at: str


@dataclass(frozen=True)
class PhotoLine:
    """A chosen photo as a paper prints it: its display copy (a JPEG with no EXIF), caption and
    where it was taken (the period report's 活动剪影 names the visit)."""

    path: str
    caption: str
    width: int
    height: int
    visit: str = ""  # "2026-05-01 鱼台县第一中学"


@dataclass
class VisitReport:
    visit_id: str
    date: str
    status: str
    site_name: str
    county: str
    site_kind: str
    address: str
    contact: str
    caravan: str
    theme: str
    activities: str
    arrived_at: str | None
    left_at: str | None
    notes: str
    crew: list[CrewLine]
    attendance: list[tuple[str, int]]  # (group label, count) in the fixed group order
    signins: list[SigninLine]
    books: list[BookLine]
    payload: str
    generated_at: str
    reopened: list[str] = field(default_factory=list)  # "已于…重新打开：原因…" lines
    report_no: str = ""  # short human report number, e.g. "20260812-K7QMX"
    code: str = ""  # the verification code as printed for typing (without the visit id)
    completed: bool = True  # False: the paper carries a 草稿/未完成 watermark
    cancelled: bool = False  # True: marked 已取消, no signature block (nothing to sign for)
    reopen_note: str | None = None  # "reopened on … reason …" (set by the visit lifecycle), printed if present
    # Who checks the paper and how to reach them: the issuer of this laptop's settings
    # (``caravan settings issuer``), e.g. "济宁市科协科普部（0537-2345678）"; empty: not set here.
    checked_by: str = ""
    # The school's rating page on the hub (评单, ``domain.rating``): set for a completed visit
    # that answered a request, on a laptop that syncs with a hub; empty otherwise.
    rate_url: str = ""
    photos: list[PhotoLine] = field(default_factory=list)  # 2–4 chosen photos: a page after the signatures

    @property
    def attendance_total(self) -> int:
        return sum(n for _g, n in self.attendance)

    @property
    def books_by_unit(self) -> dict[str, int]:
        """Copies per unit (册, 份 …): never one number across units."""
        return figures.by_unit((b.unit, b.qty) for b in self.books)

    @property
    def crew_minutes(self) -> int:
        return sum(c.minutes for c in self.crew)

    @property
    def crew_hours(self) -> float:
        """The hours column's total: the sum of each line's hours."""
        return figures.hours_sum(c.minutes for c in self.crew)

    def crew_of(self, volunteers: bool) -> list[CrewLine]:
        """The volunteers (True) or everyone else on duty, i.e. staff (False)."""
        return [c for c in self.crew if figures.is_volunteer(c.role_code) == volunteers]


@dataclass
class DayVisitLine:
    site_name: str
    county: str
    status: str
    arrived_at: str | None
    left_at: str | None
    attendance: int
    signins: int
    books: dict[str, int] = field(default_factory=dict)  # copies per unit


@dataclass
class StockLine:
    title: str
    start: int
    loaded: int  # 装车 + 调入
    out: int  # 发放 (net of undo)
    returned: int  # 退回
    other: int  # 卸车, 调出, 调整 (signed)
    end: int  # ledger at the end of the day
    counted: int | None  # from the day close; None when the day was not closed
    difference: int | None
    unit: str = "册"  # 《》 only around books (册), not kits (份)


@dataclass
class DaySection:
    caravan: str
    visits: list[DayVisitLine]
    stock: list[StockLine]
    closed_at: str | None
    close_note: str
    out_km: int | None = None  # odometer at departure and return (None: not recorded)
    back_km: int | None = None

    @property
    def km(self) -> int | None:
        return None if self.out_km is None or self.back_km is None else self.back_km - self.out_km


@dataclass
class DayReport:
    date: str
    sections: list[DaySection]
    generated_at: str


@dataclass
class Row:
    """One line of a period table: a county, van, title or month and its figures."""

    key: str
    visits: int = 0
    people: int = 0
    books: int = 0
    sites: int = 0
    unit: str = ""  # by title: 册 for books, 份/套 … for materials
    parent: str = ""  # by town: the county
    by_unit: dict[str, int] = field(default_factory=dict)  # copies per unit (a title's row: ``books``)


@dataclass
class VolunteerLine:
    name: str
    team: str
    volunteer_no: str
    visits: int
    minutes: int
    visit_minutes: tuple[int, ...] = ()  # the minutes of each visit: hours are their rounded sum
    role: str = figures.VOLUNTEER  # "volunteer" or "crew" (staff)
    person_id: str = ""

    @property
    def hours(self) -> float:
        """The sum of each visit's rounded hours (figures.hours_sum)."""
        return figures.hours_sum(self.visit_minutes) if self.visit_minutes else figures.hours(self.minutes)


@dataclass
class PeriodVisitLine:
    date: str
    caravan: str
    county: str
    site_name: str
    theme: str
    people: int
    signins: int
    books: dict[str, int] = field(default_factory=dict)  # copies per unit
    visit_id: str = ""


@dataclass(frozen=True)
class RequestRatings:
    """How many of the period's visits answered a school's request (点单) and how the schools
    rated them (评单): count, average, the low ratings (date, site, score, comment)."""

    for_requests: int
    rated: int
    average: float | None
    low: tuple[tuple[str, str, int, str | None], ...] = ()


@dataclass
class PeriodReport:
    start: str
    end: str
    label: str  # "2026年", "2026年第一季度", …
    scope: str  # "全部大篷车" or the van's name
    totals: Row
    schools: int  # distinct sites that are schools
    counties: int  # county-level areas covered
    by_county: list[Row]
    by_caravan: list[Row]
    by_title: list[Row]  # visits = visits that handed out this title
    by_month: list[Row]
    visits: list[PeriodVisitLine]
    volunteers: list[VolunteerLine]  # role volunteer only: volunteer service
    school_visits: int  # completed visits at schools (进校园)
    paragraph: str = ""
    generated_at: str = ""
    top_titles: list[str] = field(default_factory=list)
    van_name: str = ""  # one van's plain name ("科普大篷车5号") when the scope is one van
    by_group: list[tuple[str, int]] = field(default_factory=list)  # (group label, head count)
    by_town: list[Row] = field(default_factory=list)  # key = town, parent = county
    towns_not_visited: list[tuple[str, str]] = field(default_factory=list)  # (county, town) this year
    books_by_unit: dict[str, int] = field(default_factory=dict)  # {"册": 3155, "份": 400}
    # mileage and the national science-popularisation statistics
    km_total: int = 0
    km_rows: list[tuple[str, str, int]] = field(default_factory=list)  # (van, "YYYY-MM", km)
    km_by_van: list[tuple[str, int]] = field(default_factory=list)  # (van, km)
    by_kind: list[tuple[str, int, int]] = field(default_factory=list)  # (kind label, visits, people)
    stats: list[StatLine] = field(default_factory=list)  # the indicator sheet, in its order
    staff: list[VolunteerLine] = field(default_factory=list)  # staff (crew) on duty: work, not volunteer service
    # the 科普统计 survey's own breakdowns (reports/stats.py): each visit with every category it
    # held, and each van's year against the programme's norms
    survey_visits: list[SurveyVisit] = field(default_factory=list)
    field_days: dict[str, set[str]] = field(default_factory=dict)  # van -> dates out (visit or odometer)
    # which visits the figures count (the office's synced choice, domain/review.counts_line)
    counts: str = "本表统计：全部已完成活动"
    ratings: RequestRatings | None = None  # requests answered and their ratings (services/orders.py)
    highlights: list[PhotoLine] = field(default_factory=list)  # 活动剪影: one chosen photo per visit

    @property
    def units(self) -> list[str]:
        """The units handed out in the period, in column order (one column each)."""
        return figures.ordered_units(self.books_by_unit)

    @property
    def volunteer_hours(self) -> float:
        return figures.add_hours(v.hours for v in self.volunteers)

    @property
    def staff_hours(self) -> float:
        return figures.add_hours(v.hours for v in self.staff)


@dataclass(frozen=True)
class SurveyVisit:
    """One completed visit as the 科普统计 survey counts it."""

    date: str
    caravan: str
    kinds: tuple[str, ...]  # every ActivityKind value it held (the recorded one first)
    site_kind: str  # SiteKind value
    people: int
    theme: str = ""


@dataclass(frozen=True)
class StatsHeader:
    """The survey form's header block."""

    unit: str  # 填报单位
    head: str  # 单位负责人
    filler: str  # 填表人
    phone: str  # 联系电话
    reported_on: str  # 报出日期 (ISO)


@dataclass(frozen=True)
class StatLine:
    """One indicator of the 科普统计 sheet: code, name, unit, value, and how it is counted."""

    code: str
    name: str
    unit: str
    value: int | float
    definition: str


# --- volunteer service certificates (志愿服务记录证明) ------------------------


@dataclass
class ServiceLine:
    date: str
    site: str
    content: str
    minutes: int
    visit_id: str = ""  # the visit served at (what the register and the code name)

    @property
    def hours(self) -> float:
        return figures.hours(self.minutes)


@dataclass
class Certificate:
    """The four blocks of the national rules: volunteer, service, issuer, number and date."""

    name: str
    id_masked: str  # 证件号码, masked (optional: "" when not given)
    volunteer_no: str
    team: str
    start: str
    end: str
    services: list[ServiceLine]
    issuer_name: str
    issuer_head: str
    issuer_clerk: str
    issuer_phone: str
    number: str  # 证明编号
    code: str  # the 10-character verification code (typed beside the number)
    payload: str  # the QR
    issued_on: str  # 出具日期 (ISO)
    # A staff member's time is work, not volunteer service: printed only when asked for
    # explicitly, and then under its own name.
    staff: bool = False
    title: str = "志愿服务记录证明"
    id_type: str = ""  # 证件类型 (居民身份证 …) when an ID number is given
    person_id: str = ""
    reprint_of: str = ""  # 补发: the number of the certificate this one replaces

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.services)

    @property
    def hours(self) -> float:
        """The sum of the service lines' hours: what the 合计 and the 公示 print."""
        return figures.hours_sum(s.minutes for s in self.services)


@dataclass(frozen=True)
class IssuedCertificate:
    """A row of the certificate register: what was certified, to whom, when, under which number."""

    number: str
    person_id: str
    name: str
    role: str
    start: str
    end: str
    issued_on: str
    minutes: int
    services: list[ServiceLine]
    digest: str
    reprint_of: str = ""
    id_type: str = ""
    id_masked: str = ""
    issuer: str = ""  # the issuing body as printed (JSON: name, head, clerk, phone)

    @property
    def staff(self) -> bool:
        """Issued to a staff member (a 工作时长证明, not a volunteer service record)."""
        return bool(self.role) and not figures.is_volunteer(self.role)

    @property
    def hours(self) -> float:
        return figures.hours_sum(s.minutes for s in self.services)


@dataclass(frozen=True)
class Publicity:
    """The 公示期 of a certificates' public notice (first and last day, inclusive)."""

    start: str
    end: str
    days: int
