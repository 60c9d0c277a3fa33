"""Catalogue duplicates: natural keys of titles, sites and vans, and the merge fact's ids.

Two laptops offline may each add 《身边的科学》 or the same van. After sync they are two
records; a ``merge`` fact (an append-only synced record) says "from_id is the same as into_id"
and every figure resolves merged ids to the survivor. The fact's id is derived from what it
merges, so the same merge made on two laptops is one fact; the survivor of an automatic merge
is the lowest id (the oldest record: ids are time-ordered), so every device picks the same.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

# Entities whose duplicates are merged, and how their records are named in messages.
MERGEABLE = ("title", "site", "caravan")

_NS = uuid.UUID("9b1d6f43-2a4c-5e0b-8f3e-6c1a2b7d9e01")
_PUNCT = re.compile(r"[\s《》〈〉<>「」『』\"'“”‘’·・.,，。、:：;；()（）\[\]【】_\-—]+")


def clean_title(name: str) -> str:
    """A title's name as stored: one pair of book-title marks enclosing the whole name is
    dropped (《身边的科学》 → 身边的科学), marks inside it are kept (《科学》杂志特刊 stays so:
    its 》 closes 科学, not the name). Stripping every leading 《 and trailing 》 turned it into
    科学》杂志特刊 and printed 《科学》杂志特刊》."""
    s = name.strip()
    if len(s) >= 2 and s[0] == "《" and s[-1] == "》":
        depth = 0
        for i, ch in enumerate(s):
            depth += (ch == "《") - (ch == "》")
            if depth == 0:
                if i == len(s) - 1:
                    return s[1:-1].strip()
                break
    return s


def book_title(name: str) -> str:
    """A title as printed: in 《》, unless the name carries its own marks (《科学》杂志特刊 is
    printed as typed; a name stored with a lost opening mark, 科学》杂志特刊, gets it back)."""
    opened, closed = name.count("《"), name.count("》")
    if not opened and not closed:
        return f"《{name}》"
    if closed > opened and not name.startswith("《"):
        return "《" + name
    return name


def normalise(text: str | None) -> str:
    """Full/half width, case, spaces, book-title marks and punctuation do not make a new name."""
    t = unicodedata.normalize("NFKC", text or "").casefold()
    return _PUNCT.sub("", t)


def natural_keys(entity: str, rec: Mapping[str, Any]) -> list[str]:
    """The keys under which two records of ``entity`` are the same thing (any shared key)."""
    if entity == "title":
        n = normalise(rec.get("name"))
        return [f"name:{n}"] if n else []
    if entity == "site":
        n = normalise(rec.get("name"))
        return [f"name:{n}|county:{normalise(rec.get('county'))}"] if n else []
    if entity == "caravan":
        keys = []
        n = normalise(rec.get("name"))
        if n:
            keys.append(f"name:{n}")
        p = normalise(rec.get("plate"))
        if p:
            keys.append(f"plate:{p}")
        return keys
    return []


def duplicate_groups(entity: str, records: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """Groups (≥ 2 ids, sorted, lowest = survivor) of records sharing a natural key, joined
    transitively (a van named like one and plated like another joins both)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[str, str] = {}
    for r in records:
        rid = str(r["id"])
        parent.setdefault(rid, rid)
        for k in natural_keys(entity, r):
            if k in by_key:
                a, b = find(by_key[k]), find(rid)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                by_key[k] = rid
    groups: dict[str, list[str]] = {}
    for rid in parent:
        groups.setdefault(find(rid), []).append(rid)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def merge_id(entity: str, from_id: str, into_id: str) -> str:
    """The id of the fact "``from_id`` is merged into ``into_id``" (the same on every laptop)."""
    return str(uuid.uuid5(_NS, f"merge|{entity}|{from_id}|{into_id}"))


def unmerge_id(merge_fact_id: str) -> str:
    """The id of the undo of a merge (two laptops undoing it make one fact)."""
    return str(uuid.uuid5(_NS, f"unmerge|{merge_fact_id}"))


def resolve_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """from_id -> final survivor, following chains (a merged into b merged into c). A cycle
    (two people merging opposite ways) resolves to its lowest id."""
    step = dict(pairs)
    out: dict[str, str] = {}
    for start in step:
        seen = [start]
        cur = start
        while cur in step and step[cur] not in seen:
            cur = step[cur]
            seen.append(cur)
        if cur in step:  # a cycle: everything on it goes to its lowest id
            cur = min(seen[seen.index(step[cur]) :])
        if cur != start:
            out[start] = cur
    return out
