"""The few fields of catalogue and site records that the papers print (report, receipt,
statistics, sign-in sheet): read by ``storage/stats_queries.py`` for ``services/reporting.py``.

Not whole entities (no ``ENTITY``): a paper names a van, a person, a title or a site, and
nothing else of them is read for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VanName:
    id: str
    name: str
    plate: str | None = None
    home_county: str | None = None


@dataclass(frozen=True)
class PersonName:
    id: str
    name: str
    role: str = ""
    team: str | None = None
    volunteer_no: str | None = None


@dataclass(frozen=True)
class TitleName:
    id: str
    name: str
    unit: str | None = None


@dataclass(frozen=True)
class SiteName:
    id: str
    name: str
    deleted: bool = False


@dataclass(frozen=True)
class DutyMark:
    """One on/off duty event of a visit, in time order."""

    person_id: str
    kind: str
    at: str


@dataclass(frozen=True)
class DayCloseLines:
    """The last day close (日结) of a van on a day: when, the note, and its lines as stored (JSON)."""

    id: str
    at: str
    note: str | None
    lines: str
