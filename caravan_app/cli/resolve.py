"""Turning what a person types (a name, an id or an id prefix) into a record id."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import Any

from ..services.app import App
from .common import CliError


def pick(items: Iterable[dict[str, Any]], key: str, what_zh: str, what_en: str, *fields: str) -> str:
    items = list(items)
    exact = [i for i in items if key == i["id"] or any(key == (i.get(f) or "") for f in fields)]
    if len(exact) == 1:
        return str(exact[0]["id"])
    prefix = [i for i in items if i["id"].startswith(key)] if len(key) >= 4 else []
    if len(prefix) == 1:
        return str(prefix[0]["id"])
    if len(exact) > 1 or len(prefix) > 1:
        found = exact if len(exact) > 1 else prefix
        listed = "\n".join(f"  {_describe(i, fields)}" for i in found[:20])
        more = f"\n  … 另有 {len(found) - 20} 条 / {len(found) - 20} more" if len(found) > 20 else ""
        raise CliError(
            f"“{key}”对应多条{what_zh}，请给出编号 / '{key}' matches several {what_en}: give the id\n{listed}{more}"
        )
    raise CliError(f"找不到{what_zh}“{key}” / no {what_en} '{key}'")


def _describe(item: dict[str, Any], fields: tuple[str, ...]) -> str:
    """One candidate of an ambiguous name: its id, then what tells it apart."""
    extra = [str(item[f]) for f in (*fields, "county", "town", "kind", "plate", "team") if item.get(f)]
    seen: list[str] = []
    for e in extra:
        if e not in seen:
            seen.append(e)
    return " ".join([str(item["id"]), *seen])


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
        return str(t["id"])
    return pick(app.catalog.titles(), key, "图书/物资", "title", "name")


def site(app: App, key: str) -> str:
    return pick(app.sites.list(), key, "学校/站点", "site", "name")


def visit(app: App, key: str) -> str:
    return pick([v.to_json() for v in app.visits.list()], key, "活动", "visit")


def person(app: App, key: str) -> str:
    return pick(app.catalog.people(), key, "人员", "person", "name", "volunteer_no", "badge_code")
