"""Site registry commands: ``caravan site show ID``, ``caravan site list
--not-visited-since D``, ``caravan site towns``; and the duplicate warning of ``site add``.

The ``site`` group itself is defined in field_cmds (add, list; edit comes from another module):
this module adds its subcommands to that group after it exists and extends ``list`` with
``--not-visited-since``, so the modules stay independent.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from ..domain import figures
from . import resolve
from .common import emit, with_app


def _site_group(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    parser = sub.choices.get("site")
    if parser is None:
        parser = sub.add_parser("site", help="学校/站点 / sites")
        parser.add_subparsers(dest="sub", required=True)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="sub", required=True)


def register(sub: argparse._SubParsersAction) -> None:
    s = _site_group(sub)
    q = s.add_parser("show", help="站点档案：最近一次活动、本年活动/人次/图书 / a site's record")
    q.add_argument("site", help="学校/站点名称或编号 / site name or id")
    q.add_argument("--year", type=int)
    q.set_defaults(func=with_app(cmd_site_show))

    q = s.add_parser("towns", help="各乡镇覆盖情况与本年未到访的学校 / coverage per town")
    q.add_argument("--county")
    q.add_argument("--year", type=int)
    q.set_defaults(func=with_app(cmd_site_towns))

    lst = s.choices.get("list")
    if lst is None:
        lst = s.add_parser("list")
        lst.add_argument("--search")
        lst.add_argument("--county")
    plain = lst.get_default("func")
    lst.add_argument(
        "--not-visited-since", metavar="YYYY-MM-DD", help="自该日起未到访的站点 / sites not visited since the date"
    )
    lst.set_defaults(func=_list_with_registry(plain))

    add = s.choices.get("add")
    if add is not None and add.get_default("func") is not None:
        add.set_defaults(func=_warn_duplicates(add.get_default("func")))


def _list_with_registry(plain: Any) -> Any:
    registry = with_app(cmd_site_not_visited)

    def run(args: argparse.Namespace) -> int:
        if getattr(args, "not_visited_since", None):
            return registry(args)
        return int(plain(args) or 0) if plain else 0

    return run


def _warn_duplicates(add: Any) -> Any:
    """Before a manual add: say which sites already have this name in this county."""
    check = with_app(lambda app, args: _print_duplicates(app, args))

    def run(args: argparse.Namespace) -> int:
        check(args)
        return int(add(args) or 0)

    return run


def _print_duplicates(app: Any, args: argparse.Namespace) -> None:
    same = app.sites.duplicates_of(args.name, args.county)
    if same:
        ids = ", ".join(s.id for s in same)
        print(
            f"警告：{same[0].county}已有同名站点“{same[0].name}”（{ids}），仍将新增一条 / "
            f"warning: {same[0].county} already has a site named {same[0].name!r} ({ids}); adding another",
            file=sys.stderr,
        )


def cmd_site_show(app: Any, args: argparse.Namespace) -> int:
    sid = resolve.site(app, args.site)
    site = app.sites.get(sid)
    entry = app.sites.registry_entry(sid, args.year)
    data = {**(asdict(site) if site else {}), **(asdict(entry) if entry else {})}
    lines = [
        f"{data['name']}  [{data['id']}]",
        f"所属县市区 county: {data['county']}  乡镇 town: {data.get('town') or '—'}",
        f"联系人 contact: {data.get('contact') or '—'}  电话 phone: {data.get('phone') or '—'}",
        f"在校学生数 students: {data.get('students') if data.get('students') is not None else '—'}",
        f"最近一次活动 last visit: {data.get('last_visit') or '从未 never'}",
        f"本年活动 visits this year: {data.get('visits_year', 0)}  人次 attendees: {data.get('attendees_year', 0)}  "
        f"发放 handed out: {figures.units_text(data.get('handed_out_year') or {})}  "
        f"(累计活动 all visits: {data.get('visits_total', 0)})",
    ]
    if data.get("notes"):
        lines.append(f"备注 notes: {data['notes']}")
    rated = app.order_log.summary(site_id=sid)  # 评单: how the school rated its visits
    data["ratings"] = rated.as_json()
    if rated.rated:
        lines.append(f"评价 ratings: {rated.rated} 次，平均 average {rated.average}")
        for day, _site, score, comment in rated.low:
            lines.append(f"  低分 low {day}: {score}/5 {comment or ''}（需回访 follow up）")
    emit(args, data, "\n".join(lines))
    return 0


def cmd_site_not_visited(app: Any, args: argparse.Namespace) -> int:
    rows = app.sites.not_visited_since(args.not_visited_since)
    if getattr(args, "county", None):
        from ..domain import rules

        county = rules.county(args.county)
        rows = [r for r in rows if r.county == county]
    if getattr(args, "search", None):
        rows = [r for r in rows if args.search in r.name]
    lines = [f"{r.county}\t{r.town or '—'}\t{r.name}\t最近 last: {r.last_visit or '从未 never'}\t{r.id}" for r in rows]
    lines.append(
        f"自 {args.not_visited_since} 起未到访 {len(rows)} 个站点 / {len(rows)} sites not visited since "
        f"{args.not_visited_since}"
    )
    emit(args, [asdict(r) for r in rows], "\n".join(lines))
    return 0


def cmd_site_towns(app: Any, args: argparse.Namespace) -> int:
    towns = app.sites.town_coverage(args.year)
    if args.county:
        from ..domain import rules

        county = rules.county(args.county)
        towns = [t for t in towns if t.county == county]
    lines = []
    for t in towns:
        lines.append(
            f"{t.county} {t.town or '（未填乡镇）'}: 到访 {t.visited}/{t.sites} "
            f"({t.coverage:.0%}) visited"
            + (f"；未到访 not visited: {'、'.join(t.not_visited)}" if t.not_visited else "")
        )
    unvisited = [t for t in towns if t.visited == 0]
    lines.append(
        f"本年未到访的乡镇 {len(unvisited)} 个 / towns not visited this year: "
        + ("、".join(f"{t.county}{t.town or '—'}" for t in unvisited) or "无 none")
    )
    emit(args, [asdict(t) for t in towns], "\n".join(lines))
    return 0
