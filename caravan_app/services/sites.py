"""Schools, villages and community science halls."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import Any

from ..domain import rules
from ..domain.errors import DomainError
from ..domain.records.sites import RegistryEntry, Site, SiteChanges, TownCoverage
from ..domain.vocab import SITE_KIND_LABELS, SiteKind
from ..storage import site_queries, site_repo
from .base import Service


def site_kind(value: object) -> str | None:
    """Accept a code, a Chinese label ("小学", "社区科普馆") or a common variant."""
    s = rules.clean_text(value)
    if not s:
        return None
    for code, (zh, en) in SITE_KIND_LABELS.items():
        if s in (code.value, zh, en) or s.lower() == en.lower():
            return code.value
    synonyms = {
        "小学": SiteKind.PRIMARY,
        "中心小学": SiteKind.PRIMARY,
        "初中": SiteKind.JUNIOR,
        "中学": SiteKind.JUNIOR,
        "高中": SiteKind.SENIOR,
        "完全中学": SiteKind.SENIOR,
        "九年一贯制": SiteKind.SCHOOL,
        "村": SiteKind.VILLAGE,
        "社区": SiteKind.VILLAGE,
        "村/社区": SiteKind.VILLAGE,
        "科普馆": SiteKind.SCIENCE_HALL,
    }
    for key, code in synonyms.items():
        if key in s:
            return code.value
    return SiteKind.OTHER.value


def validate_site(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not partial or "name" in data:
        out["name"] = rules.text("name", data.get("name"), required=True)
    if not partial or "county" in data:
        out["county"] = rules.county(data.get("county"))
    if "kind" in data or not partial:
        out["kind"] = site_kind(data.get("kind"))
    for f in ("town", "address", "contact"):
        if f in data or not partial:
            out[f] = rules.text(f, data.get(f))
    if "phone" in data or not partial:
        out["phone"] = rules.phone("phone", data.get("phone"))
    if "students" in data or not partial:
        out["students"] = rules.optional_count("students", data.get("students"))
    if "notes" in data:  # optional, so callers that never heard of it keep working
        out["notes"] = rules.notes("notes", data.get("notes"))
    return out


def site_key(name: str, county: str) -> str:
    return f"{county}|{rules.clean_text(name).replace(' ', '')}"


class SiteService(Service):
    def add(self, **data: Any) -> str:
        fields = validate_site(data)
        with self.unit() as u:
            return u.insert("site", fields)

    def update(self, site_id: str, **changes: Any) -> SiteChanges:
        fields = validate_site(changes, partial=True)
        with self.unit() as u:
            u.get("site", site_id, field="site_id")
            return SiteChanges(site_id, u.update("site", site_id, fields))

    def delete(self, site_id: str) -> None:
        with self.unit() as u:
            u.get("site", site_id, field="site_id")
            u.delete("site", site_id)

    def get(self, site_id: str) -> Site | None:
        with self.read() as s:
            return site_repo.get(s, site_id)

    def list(
        self, search: str | None = None, county: str | None = None, kind: str | None = None
    ) -> builtins.list[Site]:
        """Live sites by county and name; a merged duplicate school is listed once."""
        text = rules.clean_text(search) if search else None
        with self.read() as s:
            return site_repo.search(s, text or None, county, kind)

    def keys(self) -> set[str]:
        """Name+county keys of existing sites, for spotting duplicates on import."""
        with self.read() as s:
            return {site_key(name, county) for name, county in site_repo.names(s)}

    # --- duplicates on manual add, the site registry ----------------------

    def by_key(self) -> dict[str, Site]:
        """Live sites by their name+county key (the importer matches a county list on it)."""
        return {site_key(r.name, r.county): r for r in self.list()}

    def duplicates_of(self, name: object, county: object) -> builtins.list[Site]:
        """Sites that already have this name in this county (a manual add warns about them)."""
        try:
            key = site_key(rules.text("name", name, required=True) or "", rules.county(county))
        except DomainError:
            return []
        return [s for k, s in self.by_key().items() if k == key]

    def registry(self, year: int | None = None, today: dt.date | None = None) -> builtins.list[RegistryEntry]:
        """Every live site with its last visit, and this year's visits, attendees and books."""
        today = today or self.clock.today()
        with self.read() as s:
            return site_queries.registry(s, year or today.year)

    def registry_entry(self, site_id: str, year: int | None = None) -> RegistryEntry | None:
        for r in self.registry(year):
            if r.id == site_id:
                return r
        return None

    def not_visited_since(self, since: object) -> builtins.list[RegistryEntry]:
        """Sites with no completed (or ongoing) visit on or after ``since`` — never visited included."""
        d = rules.date("date", since)
        return [r for r in self.registry() if not r.last_visit or r.last_visit < d]

    def town_coverage(self, year: int | None = None) -> builtins.list[TownCoverage]:
        """Per county and town (乡镇): sites, sites visited this year, and the ones not visited."""
        towns: dict[tuple[str, str], tuple[int, int, builtins.list[str]]] = {}
        for r in self.registry(year):
            key = (r.county, r.town or "")
            sites, visited, not_visited = towns.get(key, (0, 0, []))
            if r.visits_year:
                visited += 1
            else:
                not_visited.append(r.name)
            towns[key] = (sites + 1, visited, not_visited)
        return [
            TownCoverage(county, town, n, v, tuple(nv), round(v / n, 3) if n else 0.0)
            for (county, town), (n, v, nv) in sorted(towns.items())
        ]

    def longest_unvisited(
        self, kinds: tuple[str, ...], county: str | None = None, limit: int = 20
    ) -> builtins.list[RegistryEntry]:
        """Registry sites of these kinds (schools) whose last completed visit is the oldest —
        never visited first, then by last visit, then by county and name."""
        rows = [r for r in self.registry() if r.kind in kinds and (county is None or r.county == county)]
        rows.sort(key=lambda r: (r.last_visit is not None, r.last_visit or "", r.county or "", r.name))
        return rows[:limit]
