"""What the papers (report, receipt, statistics, sign-in sheet) read beyond the catalogue's and
the sites' own records: ``storage/stats_queries.py`` hands them to ``services/reporting.py``.

A paper names vans, people and titles by their catalogue records (``records.catalog``) and a
site by its record (``records.sites``) composed with whether it is deleted; nothing here copies
their fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from .sites import Site


@dataclass(frozen=True)
class SiteOnPaper:
    """The site a paper names: the site record, and whether it was deleted since (a paper of a
    past visit still names its school; the phone's sign-in page does not)."""

    site: Site
    deleted: bool = False

    @property
    def name(self) -> str:
        return self.site.name


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
