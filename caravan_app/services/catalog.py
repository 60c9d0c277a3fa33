"""Caravans, people (crew, volunteers, participants) and titles (books and materials).

Reads and the rows edits touch are in ``storage.catalog_repo``; every method hands back records
(``domain.records.catalog``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, TypeVar

from ..domain import rules
from ..domain.catalogue import clean_title
from ..domain.errors import RuleError, ValidationError
from ..domain.ids import new_token
from ..domain.records.catalog import Caravan, CatalogRecord, Device, Edit, Person, Title
from ..domain.vocab import COUNTIES, PersonRole, TitleKind
from ..storage import catalog_repo as repo
from .base import Service

_E = TypeVar("_E", Caravan, Person, Title)
AnyEdit = Edit[Caravan] | Edit[Person] | Edit[Title]


def _person_fields(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in data:  # the one rule for every name of a person (sign-ins too): not "11111"
        out["name"] = rules.person_name("name", data["name"], max_len=100)
    if "role" in data:
        out["role"] = rules.choice("role", data["role"] or PersonRole.VOLUNTEER, PersonRole)
    for f in ("volunteer_no", "team", "organisation", "caravan_id"):
        if f in data:
            out[f] = rules.text(f, data[f])
    if "phone" in data:
        out["phone"] = rules.phone("phone", data["phone"])
    return out


class CatalogService(Service):
    # --- caravans ---------------------------------------------------------------------------
    def add_caravan(self, name: str, plate: str | None = None, home_county: str | None = None) -> str:
        data = {
            "name": rules.text("name", name, required=True, max_len=100),
            "plate": rules.text("plate", plate, max_len=20),
            "home_county": rules.choice("county", home_county, COUNTIES) if home_county else None,
        }
        with self.unit() as u:
            return u.insert("caravan", data)

    def update_caravan(self, caravan_id: str, **changes: Any) -> Edit[Caravan]:
        """Edit a van (name, plate, home county, notes); only changed fields are written."""
        data: dict[str, Any] = {}
        if "name" in changes:
            data["name"] = rules.text("name", changes["name"], required=True, max_len=100)
        if "plate" in changes:
            data["plate"] = rules.text("plate", changes["plate"], max_len=20)
        if "home_county" in changes:
            v = changes["home_county"]
            data["home_county"] = rules.choice("home_county", v, COUNTIES) if v else None
        if "notes" in changes:
            data["notes"] = rules.notes("notes", changes["notes"])
        unknown = set(changes) - {"name", "plate", "home_county", "notes"}
        if unknown:
            f = sorted(unknown)[0]
            raise ValidationError(f, f"大篷车没有字段 {f}", f"a van has no field {f}")
        return self._edit(Caravan, caravan_id, data)

    def caravans(self) -> list[Caravan]:
        with self.read() as s:
            return repo.caravans(s)

    def caravan_by_name(self, name_or_id: str) -> Caravan | None:
        """A van by id, name or plate; a merged duplicate's id finds its survivor."""
        key = self._survivor(name_or_id)
        for c in self.caravans():
            if key in (c.id, c.name, c.plate):
                return c
        return None

    def _survivor(self, rid: str) -> str:
        with self.read() as s:
            return repo.survivor(s, rid)

    def _edit(self, cls: type[_E], record_id: str, data: dict[str, Any]) -> Edit[_E]:
        """Write ``data`` to a live record and hand back what changed with the record after it."""
        with self.unit() as u:
            u.get(cls.ENTITY, record_id, field=f"{cls.ENTITY}_id")
            changed = u.update(cls.ENTITY, record_id, data)
            return Edit(repo.edited(u, cls, record_id), MappingProxyType(changed))

    # --- people -----------------------------------------------------------------------------
    def add_person(self, **data: Any) -> str:
        data.setdefault("role", PersonRole.VOLUNTEER)
        fields = _person_fields(data)
        fields["badge_code"] = data.get("badge_code") or new_token(6)
        with self.unit() as u:
            return u.insert("person", fields)

    def update_person(self, person_id: str, **changes: Any) -> Edit[Person]:
        fields = _person_fields(changes)
        if "badge_code" in changes:
            fields["badge_code"] = rules.text("badge_code", changes["badge_code"], max_len=40)
        with self.unit() as u:
            u.get("person", person_id, field="person_id")
            if fields.get("caravan_id"):
                u.get("caravan", fields["caravan_id"], field="caravan_id")
            changed = u.update("person", person_id, fields)
            return Edit(repo.edited(u, Person, person_id), MappingProxyType(changed))

    def people(self, role: str | None = None, caravan_id: str | None = None) -> list[Person]:
        with self.read() as s:
            return repo.people(s, role, caravan_id)

    def person(self, person_id: str) -> Person | None:
        with self.read() as s:
            return repo.person(s, person_id)

    def person_by_badge(self, badge_code: str) -> Person | None:
        with self.read() as s:
            return repo.person_by_badge(s, badge_code)

    # --- titles -----------------------------------------------------------------------------
    def add_title(self, name: str, kind: str = TitleKind.BOOK, unit: str = "册", publisher: str | None = None) -> str:
        data = {
            "name": clean_title(rules.text("name", name, required=True) or "")
            or rules.text("name", None, required=True),
            "kind": rules.choice("kind", kind, TitleKind),
            "unit": rules.text("unit", unit, max_len=10) or "册",
            "publisher": rules.text("publisher", publisher),
        }
        with self.unit() as u:
            return u.insert("title", data)

    def titles(self) -> list[Title]:
        with self.read() as s:
            return repo.titles(s)

    def title_by_name(self, name_or_id: str) -> Title | None:
        """A title by id or name, compared as ``clean_title`` writes it; a merged id finds its survivor."""
        name = clean_title(rules.clean_text(name_or_id))
        key = self._survivor(name_or_id)
        for t in self.titles():
            if key == t.id or clean_title(t.name) == name:
                return t
        return None

    def update_title(self, title_id: str, **changes: Any) -> Edit[Title]:
        """Edit a title (name, kind, unit, publisher), validated like ``add_title``."""
        data: dict[str, Any] = {}
        if "name" in changes:
            data["name"] = clean_title(rules.text("name", changes["name"], required=True) or "") or rules.text(
                "name", None, required=True
            )
        if "kind" in changes:
            data["kind"] = rules.choice("kind", changes["kind"], TitleKind)
        if "unit" in changes:
            data["unit"] = rules.text("unit", changes["unit"], max_len=10) or "册"
        if "publisher" in changes:
            data["publisher"] = rules.text("publisher", changes["publisher"])
        unknown = set(changes) - {"name", "kind", "unit", "publisher"}
        if unknown:
            f = sorted(unknown)[0]
            raise ValidationError(f, f"图书/物资没有字段 {f}", f"a title has no field {f}")
        return self._edit(Title, title_id, data)

    # --- this laptop ------------------------------------------------------------------------
    def this_device(self) -> Device:
        """This laptop's device record, its van and name (set at first run; None before)."""
        with self.read() as s:
            return repo.device(s, self.db.device_id) or Device(id=self.db.device_id)

    def set_this_device(self, name: str, caravan_id: str) -> None:
        name_v = rules.text("name", name, required=True, max_len=100)
        with self.unit() as u:
            u.get("caravan", caravan_id, field="caravan_id")
            if not repo.has_device(u, self.db.device_id):
                u.insert("device", {"name": name_v, "caravan_id": caravan_id}, record_id=self.db.device_id)
            else:
                u.update("device", self.db.device_id, {"name": name_v, "caravan_id": caravan_id})

    def is_configured(self) -> bool:
        return bool(self.this_device().caravan_id)

    def current_caravan_id(self) -> str | None:
        return self.this_device().caravan_id

    def teams(self) -> list[str]:
        with self.read() as s:
            return repo.teams(s)

    # =========================================================================================
    # Catalogue editing for the 资料 page: edit vans, deactivate / reactivate
    # caravans, people and titles. Kept apart from the methods above (other work edits those).
    # A deactivated record stays (history, reports, sync) but is no longer offered for new work.
    # =========================================================================================
    EDITABLE = ("caravan", "person", "title")

    def update_title_checked(self, title_id: str, **changes: Any) -> Edit[Title]:
        """``update_title`` with the same checks as ``add_title`` (the GUI's edit form)."""
        fields: dict[str, Any] = {}
        if "name" in changes:
            name = clean_title(rules.text("name", changes["name"], required=True) or "")
            fields["name"] = name or rules.text("name", None, required=True)
        if "kind" in changes:
            fields["kind"] = rules.choice("kind", changes["kind"] or TitleKind.BOOK, TitleKind)
        if "unit" in changes:
            fields["unit"] = rules.text("unit", changes["unit"], max_len=10) or "册"
        if "publisher" in changes:
            fields["publisher"] = rules.text("publisher", changes["publisher"])
        return self._edit(Title, title_id, fields)

    def set_active(self, entity: str, record_id: str, active: bool) -> AnyEdit:
        """Deactivate (``active=False``) or reactivate a caravan, person or title."""
        if entity not in self.EDITABLE:
            raise ValidationError("entity", "只能停用车辆、人员或图书资料", f"cannot deactivate a {entity}")
        if not active and entity == "caravan" and record_id == self.current_caravan_id():
            raise RuleError(
                "active", "本机所属的车辆不能停用（先在设置中换车）", "this laptop's van cannot be deactivated"
            )
        data = {"active": bool(active)}
        if entity == "caravan":
            return self._edit(Caravan, record_id, data)
        if entity == "person":
            return self._edit(Person, record_id, data)
        return self._edit(Title, record_id, data)

    def deactivate(self, entity: str, record_id: str) -> AnyEdit:
        return self.set_active(entity, record_id, False)

    def reactivate(self, entity: str, record_id: str) -> AnyEdit:
        return self.set_active(entity, record_id, True)

    @staticmethod
    def is_active(record: CatalogRecord) -> bool:
        return record.in_use

    def active_people(self, role: str | None = None, caravan_id: str | None = None) -> list[Person]:
        return [p for p in self.people(role, caravan_id) if p.in_use]

    def active_titles(self) -> list[Title]:
        return [t for t in self.titles() if t.in_use]

    def active_caravans(self) -> list[Caravan]:
        return [c for c in self.caravans() if c.in_use]
