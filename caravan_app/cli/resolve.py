"""Turning what a person types (a name, an id or an id prefix) into a record id."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from ..services.app import App
from .common import CliError


def _get(item: Any, field: str) -> Any:
    """A field of a record (a dataclass) or of a row still read as a mapping."""
    return item.get(field) if isinstance(item, Mapping) else getattr(item, field, None)


def pick(items: Iterable[Any], key: str, what_zh: str, what_en: str, *fields: str) -> str:
    """The id of the one item ``key`` names: an exact id or field value, else a unique id prefix."""
    items = list(items)
    exact = [i for i in items if key == _get(i, "id") or any(key == (_get(i, f) or "") for f in fields)]
    if len(exact) == 1:
        return str(_get(exact[0], "id"))
    prefix = [i for i in items if str(_get(i, "id")).startswith(key)] if len(key) >= 4 else []
    if len(prefix) == 1:
        return str(_get(prefix[0], "id"))
    if len(exact) > 1 or len(prefix) > 1:
        found = exact if len(exact) > 1 else prefix
        listed = "\n".join(f"  {_describe(i, fields)}" for i in found[:20])
        more = f"\n  … 另有 {len(found) - 20} 条 / {len(found) - 20} more" if len(found) > 20 else ""
        raise CliError(
            f"“{key}”对应多条{what_zh}，请给出编号 / '{key}' matches several {what_en}: give the id\n{listed}{more}"
        )
    raise CliError(f"找不到{what_zh}“{key}” / no {what_en} '{key}'")


def _describe(item: Any, fields: tuple[str, ...]) -> str:
    """One candidate of an ambiguous name: its id, then what tells it apart."""
    extra = [str(_get(item, f)) for f in (*fields, "county", "town", "kind", "plate", "team") if _get(item, f)]
    seen: list[str] = []
    for e in extra:
        if e not in seen:
            seen.append(e)
    return " ".join([str(_get(item, "id")), *seen])


def caravan(app: App, args: argparse.Namespace) -> str:
    key = getattr(args, "caravan", None)
    if not key:
        cid = app.catalog.current_caravan_id()
        if not cid:
            raise CliError(
                "本机尚未设置所属大篷车：caravan device setup --caravan 名称 --name 设备名 / this laptop has no van: run 'caravan device setup'"
            )
        return cid
    return pick(app.catalog.caravans(), key, "大篷车", "caravan", "name", "plate")


def title(app: App, key: str) -> str:
    t = app.catalog.title_by_name(key)
    if t:
        return t.id
    return pick(app.catalog.titles(), key, "图书/物资", "title", "name")


def site(app: App, key: str) -> str:
    return pick([asdict(s) for s in app.sites.list()], key, "学校/站点", "site", "name")


def visit(app: App, key: str) -> str:
    return pick([v.to_json() for v in app.visits.list()], key, "活动", "visit")


def person(app: App, key: str) -> str:
    return pick(app.catalog.people(), key, "人员", "person", "name", "volunteer_no", "badge_code")
