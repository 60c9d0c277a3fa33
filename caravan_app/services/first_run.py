"""First run of a laptop: everything the wizard collected, checked first and saved at the end.

``FirstRunPlan`` holds what the person chose (van, laptop name, titles, crew, a checked site
list). ``FirstRunService.apply`` checks the whole plan before writing anything (a refused plan
creates nothing) and is safe to retry: the van, titles and people are found by name before they
are added, so a second attempt after a failure never makes a second van.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import rules
from ..domain.catalogue import clean_title
from ..domain.errors import ValidationError
from ..domain.vocab import PersonRole
from .catalog import CatalogService
from .importer import ImportPreview, SiteImporter
from .sites import SiteService

# Titles most caravans hand out; the wizard offers them to tick.
COMMON_TITLES: tuple[str, ...] = (
    "身边的科学",
    "十万个为什么",
    "青少年科学素质读本",
    "防灾减灾知识手册",
    "健康素养66条",
    "垃圾分类知识读本",
    "农业实用技术手册",
    "科学画报",
)


@dataclass
class FirstRunPlan:
    device_name: str = ""
    caravan_id: str | None = None  # an existing van (e.g. pulled from the hub) …
    new_caravan: str | None = None  # … or the name of a van to add
    new_caravan_plate: str | None = None
    titles: list[str] = field(default_factory=list)
    crew: list[str] = field(default_factory=list)
    sites: ImportPreview | None = None


@dataclass
class FirstRunResult:
    caravan_id: str
    titles_added: int = 0
    people_added: int = 0
    sites_added: int = 0


@dataclass(frozen=True)
class CheckedPlan:
    """A first-run plan after every rule: cleaned names, the van (chosen, or one to add)."""

    name: str
    caravan_id: str | None
    new_caravan: str | None
    titles: tuple[str, ...]
    crew: tuple[str, ...]


class FirstRunService:
    def __init__(self, catalog: CatalogService, sites: SiteService) -> None:
        self.catalog, self.sites = catalog, sites

    def check(self, plan: FirstRunPlan) -> CheckedPlan:
        """Every rule of the plan, before anything is written; returns the cleaned values."""
        name = rules.text("name", plan.device_name, required=True, max_len=100)
        van_id = plan.caravan_id
        new_van = None
        if van_id:
            if self.catalog.caravan_by_name(van_id) is None:
                raise ValidationError("caravan_id", "找不到所选车辆", "the chosen van does not exist")
        else:
            new_van = rules.text("caravan_id", plan.new_caravan, required=True, max_len=100)
            rules.text("plate", plan.new_caravan_plate, max_len=20)
        titles = []
        for t in plan.titles:
            clean = clean_title(rules.text("title_id", t, max_len=200) or "")
            if clean and clean not in titles:
                titles.append(clean)
        crew: list[str] = []
        for p in plan.crew:
            person = rules.person_name("name", p, max_len=100) if rules.clean_text(p) else None
            if person and person not in crew:
                crew.append(person)
        assert name is not None  # required
        return CheckedPlan(name=name, caravan_id=van_id, new_caravan=new_van, titles=tuple(titles), crew=tuple(crew))

    def apply(self, plan: FirstRunPlan) -> FirstRunResult:
        v = self.check(plan)
        van_id = v.caravan_id
        if not van_id:
            assert v.new_caravan is not None  # check: a van chosen or one named
            known = self.catalog.caravan_by_name(v.new_caravan)
            van_id = known.id if known else self.catalog.add_caravan(v.new_caravan, plan.new_caravan_plate)
        self.catalog.set_this_device(v.name, van_id)
        res = FirstRunResult(van_id)
        for t in v.titles:
            if self.catalog.title_by_name(t) is None:
                self.catalog.add_title(t)
                res.titles_added += 1
        have = {(p.name, p.role) for p in self.catalog.people()}
        for p in v.crew:
            if (p, PersonRole.CREW.value) not in have:
                self.catalog.add_person(name=p, role=PersonRole.CREW, caravan_id=van_id)
                res.people_added += 1
        if plan.sites is not None:
            res.sites_added = SiteImporter(self.sites).commit(plan.sites).imported
        return res


def read_title_list(raw: bytes) -> list[str]:
    """Titles from a CSV or text file: the first cell of each line, header and blanks skipped."""
    from .importer import decode_bytes

    text, _enc, _detected = decode_bytes(raw)
    out: list[str] = []
    for line in text.splitlines():
        cell = line.split(",")[0].split("\t")[0].strip().strip('"').strip()
        if not cell or cell.lower() in ("title", "name", "书名", "名称", "图书名称"):
            continue
        out.append(clean_title(cell))
    return out
