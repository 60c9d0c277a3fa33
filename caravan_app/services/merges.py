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

from ..domain.catalogue import MERGEABLE, duplicate_groups, merge_id, unmerge_id
from ..domain.errors import DomainError, NotFound
from ..domain.records.merges import CatalogueEntry
from ..storage import merge_repo
from ..storage import merges as mq
from .base import Service

AUTO_REASON = "same_key"  # 同名（自然键相同）
MANUAL_REASON = "manual"

_LABEL = {"title": ("图书物资", "title"), "site": ("学校/站点", "site"), "caravan": ("大篷车", "van")}


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
            facts = merge_repo.merges_newest_first(s)
            undone = {f.undoes for f in facts if f.undoes}
            out: list[MergeFact] = []
            for f in facts:
                if f.undoes or (f.id in undone and not include_undone):
                    continue
                src = merge_repo.entry(s, f.entity, f.from_id) if f.entity in MERGEABLE else None
                dst = merge_repo.entry(s, f.entity, f.into_id) if f.entity in MERGEABLE else None
                out.append(
                    MergeFact(
                        id=f.id,
                        entity=f.entity,
                        from_id=f.from_id,
                        from_name=src.label if src is not None else None,
                        into_id=f.into_id,
                        into_name=dst.label if dst is not None else None,
                        reason=f.reason,
                        undone=f.id in undone,
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
                entries = [e for e in merge_repo.live_entries(s, entity) if e.id not in away]
                by_id: dict[str, CatalogueEntry] = {e.id: e for e in entries}
                recs = [{"id": e.id, "name": e.name, "county": e.county, "plate": e.plate} for e in entries]
                for ids in duplicate_groups(entity, recs):
                    out.append(
                        DuplicateGroup(
                            entity=entity,
                            ids=tuple(ids),
                            names=tuple(by_id[i].label for i in ids),
                            survivor=ids[0],
                        )
                    )
        return out

    def fact_ids(self) -> set[str]:
        """The ids of every merge fact this laptop holds (made, undone or undoing)."""
        with self.read() as s:
            return merge_repo.fact_ids(s)

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
                    if merge_repo.merge_fact(u.session, fid) is not None:
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
            u.get(entity, from_id, field="from_id")  # both must exist and be live
            u.get(entity, into_id, field="into_id")
            if mq.survivor(u.session, from_id) == mq.survivor(u.session, into_id):
                raise DomainError("into_id", "这两条记录已经合并为一条", "these two records are already one")
            if mq.survivor(u.session, from_id) != from_id:
                raise DomainError(
                    "from_id",
                    "这条记录已合并到别的记录，请先撤销那次合并",
                    "this record is merged already; undo that merge first",
                )
            fid = merge_id(entity, from_id, into_id)
            if merge_repo.merge_fact(u.session, fid) is not None:
                raise DomainError(
                    "from_id",
                    "这次合并做过又撤销了，不能再做同一次合并",
                    "this merge was made and undone before; it cannot be made again",
                )
            u.insert(
                "merge",
                {"entity": entity, "from_id": from_id, "into_id": into_id, "reason": MANUAL_REASON, "undoes": None},
                record_id=fid,
            )
            u.session.flush()
            mq.rebuild(u.session)
            return MergeMade(id=fid, entity=entity, from_id=from_id, into_id=into_id)

    def undo(self, fact_id: str) -> MergeMade:
        """Undo a merge: another fact naming it (its id derived from the merge's, so the same
        undo on two laptops is one fact). Both records count separately again."""
        with self.unit() as u:
            fact = merge_repo.merge_fact(u.session, fact_id)
            if fact is None or fact.undoes:
                raise NotFound("merge_id", "找不到该合并记录", f"no such merge: {fact_id}")
            uid = unmerge_id(fact.id)
            if merge_repo.merge_fact(u.session, uid) is not None:
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
