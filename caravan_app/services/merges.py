"""Catalogue duplicates (the same title, school or van added offline on two laptops).

After every sync the app merges them automatically and deterministically: records sharing a
natural key (domain/catalogue.py) are merged into the lowest id by a synced ``merge`` fact whose
id is derived from (entity, from_id, into_id), so every laptop makes the same fact and the hub
keeps one. Every figure resolves merged ids (storage/merges.py). A person can list merges and
duplicates, merge two records by hand, and undo a merge (another fact naming it); an undone
merge is not made again automatically.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..domain.catalogue import MERGEABLE, duplicate_groups, merge_id, unmerge_id
from ..domain.errors import DomainError, NotFound
from ..storage import merges as mq
from ..storage import models as m
from ..storage.queries import live
from .base import Service

AUTO_REASON = "same_key"  # 同名（自然键相同）
MANUAL_REASON = "manual"

_LABEL = {"title": ("图书物资", "title"), "site": ("学校/站点", "site"), "caravan": ("大篷车", "van")}


def _label(row: Any) -> str:
    name = getattr(row, "name", "") or ""
    if isinstance(row, m.Site):
        return f"{name}（{row.county}）"
    if isinstance(row, m.Caravan) and row.plate:
        return f"{name}（{row.plate}）"
    return name


def _check_entity(entity: str) -> None:
    if entity not in MERGEABLE:
        raise DomainError(
            "entity", f"只能合并图书、学校/站点、大篷车：{entity}", f"only titles, sites and vans merge: {entity}"
        )


@dataclass(frozen=True)
class MergeFact:
    """A merge of two catalogue records (or its undoing), with the records' labels as now."""

    id: str
    entity: str
    from_id: str
    from_name: str | None  # None: the record is not here (yet)
    into_id: str
    into_name: str | None
    reason: str
    undone: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entity": self.entity,
            "from_id": self.from_id,
            "from": self.from_name,
            "into_id": self.into_id,
            "into": self.into_name,
            "reason": self.reason,
            "undone": self.undone,
        }


@dataclass(frozen=True)
class DuplicateGroup:
    """Live records of one kind sharing a natural key, not merged: ``survivor`` would stay."""

    entity: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    survivor: str

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "ids": list(self.ids), "names": list(self.names), "survivor": self.survivor}


@dataclass(frozen=True)
class MergeMade:
    """The fact a merge (or an undo, naming the merge it ``undoes``) wrote."""

    id: str
    entity: str
    from_id: str
    into_id: str
    undoes: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "entity": self.entity, "from_id": self.from_id, "into_id": self.into_id}
        return d if self.undoes is None else {**d, "undoes": self.undoes}


class MergeService(Service):
    # --- reading ----------------------------------------------------------------------------

    def list(self, include_undone: bool = False) -> list[MergeFact]:
        """Merge facts, newest first."""
        with self.read() as s:
            rows = list(s.scalars(select(m.Merge).order_by(m.Merge.hlc.desc(), m.Merge.id)))
            undone = {r.undoes for r in rows if r.undoes}
            out: list[MergeFact] = []
            for r in rows:
                if r.undoes or (r.id in undone and not include_undone):
                    continue
                src = s.get(m.MODELS[r.entity], r.from_id) if r.entity in MERGEABLE else None
                dst = s.get(m.MODELS[r.entity], r.into_id) if r.entity in MERGEABLE else None
                out.append(
                    MergeFact(
                        id=r.id,
                        entity=r.entity,
                        from_id=r.from_id,
                        from_name=_label(src) if src is not None else None,
                        into_id=r.into_id,
                        into_name=_label(dst) if dst is not None else None,
                        reason=r.reason,
                        undone=r.id in undone,
                    )
                )
            return out

    def duplicates(self) -> builtins.list[DuplicateGroup]:
        """Groups of live records sharing a natural key that are not (yet) merged into one.
        After a sync these are merged automatically, unless a person undid that merge."""
        out: builtins.list[DuplicateGroup] = []
        with self.read() as s:
            away = mq.merged_away(s)
            for entity in MERGEABLE:
                model = m.MODELS[entity]
                rows = [r for r in s.scalars(live(model)) if r.id not in away]
                recs = [
                    {
                        "id": r.id,
                        "name": r.name,
                        "county": getattr(r, "county", None),
                        "plate": getattr(r, "plate", None),
                    }
                    for r in rows
                ]
                by_id = {r.id: r for r in rows}
                for ids in duplicate_groups(entity, recs):
                    out.append(
                        DuplicateGroup(
                            entity=entity,
                            ids=tuple(ids),
                            names=tuple(_label(by_id[i]) for i in ids),
                            survivor=ids[0],
                        )
                    )
        return out

    # --- merging ----------------------------------------------------------------------------

    def auto_merge(self) -> int:
        """Merge every duplicate group into its lowest id (deterministic: each laptop makes
        the same facts). A pair whose merge was undone is left for people. Returns facts made."""
        made = 0
        groups = self.duplicates()
        if not groups:
            return 0
        with self.unit() as u:
            for g in groups:
                into = g.survivor
                for src in g.ids[1:]:
                    fid = merge_id(g.entity, src, into)
                    if u.session.get(m.Merge, fid) is not None:
                        continue  # made before (and undone): a person decided they differ
                    u.insert(
                        "merge",
                        {"entity": g.entity, "from_id": src, "into_id": into, "reason": AUTO_REASON, "undoes": None},
                        record_id=fid,
                    )
                    made += 1
            if made:
                u.session.flush()
                mq.rebuild(u.session)
        return made

    def merge(self, entity: str, from_id: str, into_id: str) -> MergeMade:
        """Merge ``from_id`` into ``into_id`` by hand (any two records of one kind)."""
        _check_entity(entity)
        with self.unit() as u:
            src = u.get(entity, from_id, field="from_id")
            dst = u.get(entity, into_id, field="into_id")
            if mq.survivor(u.session, src.id) == mq.survivor(u.session, dst.id):
                raise DomainError("into_id", "这两条记录已经合并为一条", "these two records are already one")
            if mq.survivor(u.session, src.id) != src.id:
                raise DomainError(
                    "from_id",
                    "这条记录已合并到别的记录，请先撤销那次合并",
                    "this record is merged already; undo that merge first",
                )
            fid = merge_id(entity, src.id, dst.id)
            if u.session.get(m.Merge, fid) is not None:
                raise DomainError(
                    "from_id",
                    "这次合并做过又撤销了，不能再做同一次合并",
                    "this merge was made and undone before; it cannot be made again",
                )
            u.insert(
                "merge",
                {"entity": entity, "from_id": src.id, "into_id": dst.id, "reason": MANUAL_REASON, "undoes": None},
                record_id=fid,
            )
            u.session.flush()
            mq.rebuild(u.session)
            return MergeMade(id=fid, entity=entity, from_id=src.id, into_id=dst.id)

    def undo(self, fact_id: str) -> MergeMade:
        """Undo a merge: another fact naming it (its id derived from the merge's, so the same
        undo on two laptops is one fact). Both records count separately again."""
        with self.unit() as u:
            fact = u.session.get(m.Merge, fact_id)
            if fact is None or fact.undoes:
                raise NotFound("merge_id", "找不到该合并记录", f"no such merge: {fact_id}")
            uid = unmerge_id(fact.id)
            if u.session.get(m.Merge, uid) is not None:
                raise DomainError("merge_id", "这次合并已经撤销过了", "this merge is undone already")
            u.insert(
                "merge",
                {
                    "entity": fact.entity,
                    "from_id": fact.from_id,
                    "into_id": fact.into_id,
                    "reason": "undo",
                    "undoes": fact.id,
                },
                record_id=uid,
            )
            u.session.flush()
            mq.rebuild(u.session)
            return MergeMade(id=uid, entity=fact.entity, from_id=fact.from_id, into_id=fact.into_id, undoes=fact.id)

    def survivor(self, rid: str) -> str:
        with self.read() as s:
            return mq.survivor(s, rid) or rid
