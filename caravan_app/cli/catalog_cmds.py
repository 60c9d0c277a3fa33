"""Edits of everything the GUI can change, and catalogue merges:

``caravan site edit ID --contact 王老师 …``, ``visit edit``, ``person edit``, ``title edit``,
``van edit`` (each a service method; only the options given are changed; ``--field ""``
clears an optional field), and ``caravan merge list | duplicates | apply | undo``.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from ..services.app import App
from . import resolve
from .common import CliError, emit, with_app


def _group(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:
    """The sub-command group ``name`` (made by another module, e.g. field_cmds), or a new one."""
    parser = sub.choices.get(name) or sub.add_parser(name, help=help_text)
    for action in parser._actions:  # noqa: SLF001 - argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="sub", required=True)


# option name -> service keyword, per entity (the order is the --help order)
SITE_FIELDS = {"name": "name", "county": "county", "kind": "kind", "town": "town", "address": "address",
               "contact": "contact", "phone": "phone", "students": "students"}  # fmt: skip
VISIT_FIELDS = {"date": "date", "theme": "theme", "activities": "activities", "notes": "notes",
                "kind": "activity_kind", "left-at": "left_at"}  # fmt: skip  # left-at: HH:MM, a correction  # kind = lecture/exhibition/contest/science_week/training/other
PERSON_FIELDS = {"name": "name", "role": "role", "team": "team", "volunteer-no": "volunteer_no", "phone": "phone",
                 "org": "organisation", "badge": "badge_code"}  # fmt: skip
TITLE_FIELDS = {"name": "name", "kind": "kind", "unit": "unit", "publisher": "publisher"}
VAN_FIELDS = {"name": "name", "plate": "plate", "county": "home_county", "notes": "notes"}


def _options(q: argparse.ArgumentParser, fields: dict[str, str]) -> None:
    for opt, key in fields.items():
        q.add_argument(f"--{opt}", dest=f"set_{key}", default=None, metavar="VALUE")


def _changes(args: argparse.Namespace, fields: dict[str, str], *, more: bool = False) -> dict[str, Any]:
    out = {key: getattr(args, f"set_{key}") for key in fields.values() if getattr(args, f"set_{key}") is not None}
    if not out and not more:
        raise CliError("没有给出要修改的字段 / no field to change was given (see --help)")
    return out


def _done(args: argparse.Namespace, what: str, rid: str, changed: dict[str, Any], record: Any) -> int:
    text = (
        f"已修改{what} / {rid}: " + ", ".join(f"{k} = {v!r}" for k, v in changed.items())
        if changed
        else "没有变化 / nothing changed"
    )
    emit(args, {"id": rid, "changed": changed, "record": record}, text)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = _group(sub, "site", "学校/站点 / sites")
    q = s.add_parser("edit", help="修改学校/站点 / edit a site")
    q.add_argument("site", help="名称或编号 / name or id")
    _options(q, SITE_FIELDS)
    q.set_defaults(func=with_app(cmd_site_edit))

    s = _group(sub, "visit", "活动 / visits")
    q = s.add_parser("edit", help="修改活动（状态只能用 start/complete/cancel/reopen）/ edit a visit (not its status)")
    q.add_argument("visit")
    _options(q, VISIT_FIELDS)
    q.add_argument("--site", help="学校/站点名称或编号 / site name or id")
    q.add_argument("--caravan", help="大篷车 / van")
    q.set_defaults(func=with_app(cmd_visit_edit))

    s = _group(sub, "person", "人员 / people")
    q = s.add_parser("edit", help="修改人员 / edit a person")
    q.add_argument("person")
    _options(q, PERSON_FIELDS)
    q.add_argument("--caravan", help="大篷车 / van")
    q.set_defaults(func=with_app(cmd_person_edit))

    s = _group(sub, "title", "图书/物资 / titles")
    q = s.add_parser("edit", help="修改图书/物资 / edit a title")
    q.add_argument("title")
    _options(q, TITLE_FIELDS)
    q.set_defaults(func=with_app(cmd_title_edit))

    s = _group(sub, "van", "大篷车 / caravans")
    q = s.add_parser("edit", help="修改大篷车 / edit a van")
    q.add_argument("van", help="名称、车牌或编号 / name, plate or id")
    _options(q, VAN_FIELDS)
    q.set_defaults(func=with_app(cmd_van_edit))

    p = sub.add_parser("merge", help="合并重复的图书/学校/大篷车 / merge duplicate titles, sites, vans")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("list", help="已合并的记录 / merges made")
    q.add_argument("--all", action="store_true", help="包括已撤销的 / include undone ones")
    q.set_defaults(func=with_app(cmd_merge_list))
    q = s.add_parser("duplicates", help="同名但未合并的记录 / same natural key, not merged")
    q.set_defaults(func=with_app(cmd_merge_duplicates))
    q = s.add_parser("apply", help="把 FROM 合并到 INTO / merge FROM into INTO")
    q.add_argument("entity", choices=("title", "site", "van"))
    q.add_argument("from_id", metavar="FROM")
    q.add_argument("into_id", metavar="INTO")
    q.set_defaults(func=with_app(cmd_merge_apply))
    q = s.add_parser("undo", help="撤销一次合并 / undo a merge")
    q.add_argument("merge_id")
    q.set_defaults(func=with_app(cmd_merge_undo))


def cmd_site_edit(app: App, args: argparse.Namespace) -> int:
    sid = resolve.site(app, args.site)
    edit = app.sites.update(sid, **_changes(args, SITE_FIELDS))
    site = app.sites.get(sid)
    return _done(args, "学校/站点", sid, dict(edit.changed), asdict(site) if site else None)


def cmd_visit_edit(app: App, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    changes = _changes(args, VISIT_FIELDS, more=bool(args.site or args.caravan))
    if args.site:
        changes["site_id"] = resolve.site(app, args.site)
    if args.caravan:
        changes["caravan_id"] = resolve.caravan(app, args)
    edit = app.visits.update(vid, **changes)
    return _done(args, "活动", vid, dict(edit.changed), edit.visit.to_json())


def cmd_person_edit(app: App, args: argparse.Namespace) -> int:
    pid = resolve.person(app, args.person)
    changes = _changes(args, PERSON_FIELDS, more=bool(args.caravan))
    if args.caravan:
        changes["caravan_id"] = resolve.caravan(app, args)
    edit = app.catalog.update_person(pid, **changes)
    return _done(args, "人员", pid, dict(edit.changed), edit.record.to_dict())


def cmd_title_edit(app: App, args: argparse.Namespace) -> int:
    tid = resolve.title(app, args.title)
    edit = app.catalog.update_title(tid, **_changes(args, TITLE_FIELDS))
    return _done(args, "图书/物资", tid, dict(edit.changed), edit.record.to_dict())


def cmd_van_edit(app: App, args: argparse.Namespace) -> int:
    cid = resolve.pick(app.catalog.caravans(), args.van, "大篷车", "caravan", "name", "plate")
    edit = app.catalog.update_caravan(cid, **_changes(args, VAN_FIELDS))
    return _done(args, "大篷车", cid, dict(edit.changed), edit.record.to_dict())


def cmd_merge_list(app: App, args: argparse.Namespace) -> int:
    rows = app.merges.list(args.all)
    lines = [
        f"{r.id}  {r.entity}: {r.from_name or r.from_id} → {r.into_name or r.into_id}"
        f"  ({r.reason})" + ("  已撤销 / undone" if r.undone else "")
        for r in rows
    ]
    emit(args, [r.to_dict() for r in rows], "\n".join(lines) or "没有合并记录 / no merges")
    return 0


def cmd_merge_duplicates(app: App, args: argparse.Namespace) -> int:
    rows = app.merges.duplicates()
    lines = [f"{r.entity}: " + " = ".join(r.names) + "  " + " ".join(r.ids) for r in rows]
    emit(args, [r.to_dict() for r in rows], "\n".join(lines) or "没有重复记录 / no duplicates")
    return 0


def _pick(app: App, entity: str, key: str) -> str:
    if entity == "title":
        return resolve.title(app, key)
    if entity == "site":
        sites = [asdict(s) for s in app.sites.list()]
        return resolve.pick(sites, key, "学校/站点", "site")  # by id: names are the same
    return resolve.pick(app.catalog.caravans(), key, "大篷车", "caravan", "plate")


def cmd_merge_apply(app: App, args: argparse.Namespace) -> int:
    entity = "caravan" if args.entity == "van" else args.entity
    src, dst = _pick(app, entity, args.from_id), _pick(app, entity, args.into_id)
    made = app.merges.merge(entity, src, dst)
    emit(args, made.to_dict(), f"已合并 / merged {src} → {dst}（可撤销 / undo: caravan merge undo {made.id}）")
    return 0


def cmd_merge_undo(app: App, args: argparse.Namespace) -> int:
    made = app.merges.undo(args.merge_id)
    emit(
        args,
        made.to_dict(),
        f"已撤销合并 / merge undone: {made.from_id} 与 / and {made.into_id} 又分开计数 / count apart",
    )
    return 0
