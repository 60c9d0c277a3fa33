"""``caravan-server order …``: requests and the season plan from the command line.

caravan-server order list [--state S] [--json]
caravan-server order add --site NAME --county C --contact NAME --from D --to D [--site-id ID] [--town T]
                         [--phone P] [--groups G] [--size N] [--topics T] [--remarks R] [--half-day] [--json]
caravan-server order show ID [--json]
caravan-server order assign ID --caravan NAME --date D [--force] [--json]
caravan-server order decline ID --reason TEXT [--json]
caravan-server order close FROM TO [--caravan NAME] [--note TEXT] [--json]   (holidays, exams; a van's days off)
caravan-server order closed list [--json] | remove FROM TO [--caravan NAME] [--json]
caravan-server order plan [--apply] [--set NUMBER=VAN@DATE …] [--skip NUMBER …] [--force] [--weekends] [--json]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from . import orders as od
from .db import HubDB


def add_parser(sub: Any, common: Any) -> None:
    p = sub.add_parser("order", help="requests for a visit (点单) and the season plan (派单)")
    common(p, False)
    osub = p.add_subparsers(dest="order_command", required=True)
    ls = osub.add_parser("list", help="every request with its state")
    ls.add_argument("--state", choices=od.STATES)
    ls.add_argument("--json", action="store_true")
    add = osub.add_parser("add", help="a request taken by phone")
    add.add_argument("--site", required=True, help="school or site name")
    add.add_argument("--site-id", help="the registry site's id (else a new site is made when planned)")
    add.add_argument("--county", required=True)
    add.add_argument("--town")
    add.add_argument("--kind", help="小学 / 初中 / 村 …")
    add.add_argument("--contact", required=True)
    add.add_argument("--phone")
    add.add_argument("--from", dest="earliest", required=True, help="earliest date (YYYY-MM-DD)")
    add.add_argument("--to", dest="latest", required=True, help="latest date (YYYY-MM-DD)")
    add.add_argument("--groups", help="audience, e.g. 小学生")
    add.add_argument("--size", type=int, help="how many people")
    add.add_argument("--topics")
    add.add_argument("--remarks")
    add.add_argument("--half-day", action="store_true", help="half a day is enough")
    add.add_argument("--json", action="store_true")
    sh = osub.add_parser("show", help="one request")
    sh.add_argument("id", help="its number or row id")
    sh.add_argument("--json", action="store_true")
    asg = osub.add_parser("assign", help="plan a request: the visit reaches the van's laptop at its next sync")
    asg.add_argument("id")
    asg.add_argument("--caravan", required=True, help="the van's name")
    asg.add_argument("--date", required=True)
    asg.add_argument("--force", action="store_true", help="plan it outside the school's window")
    asg.add_argument("--json", action="store_true")
    dec = osub.add_parser("decline", help="the request cannot be served")
    dec.add_argument("id")
    dec.add_argument("--reason", required=True)
    dec.add_argument("--json", action="store_true")
    cl = osub.add_parser("close", help="close days in the calendar: all schools, or one van (--caravan)")
    cl.add_argument("first")
    cl.add_argument("last")
    cl.add_argument("--caravan")
    cl.add_argument("--note")
    cl.add_argument("--json", action="store_true")
    cd = osub.add_parser("closed", help="the calendar's closed days: list them, or remove some")
    csub = cd.add_subparsers(dest="closed_command", required=True)
    cdl = csub.add_parser("list", help="every closed day")
    cdl.add_argument("--json", action="store_true")
    cdr = csub.add_parser("remove", help="open FROM..TO again (for schools, or for one van with --caravan)")
    cdr.add_argument("first")
    cdr.add_argument("last")
    cdr.add_argument("--caravan")
    cdr.add_argument("--json", action="store_true")
    pl = osub.add_parser("plan", help="propose a plan for every open request (--apply: assign it)")
    pl.add_argument("--apply", action="store_true")
    pl.add_argument(
        "--set", action="append", default=[], metavar="NUMBER=VAN@DATE", help="change a proposed row before applying"
    )
    pl.add_argument("--skip", action="append", default=[], metavar="NUMBER", help="leave a proposed row out")
    pl.add_argument("--force", action="store_true", help="a changed row may lie outside the school's window")
    pl.add_argument("--weekends", action="store_true", help="vans may visit on Saturdays and Sundays")
    pl.add_argument("--json", action="store_true")


def _line(o: od.Order) -> str:
    when = f"{o.caravan} {o.date}" if o.date else f"{o.earliest}~{o.latest}"
    why = f"  ({o.reason})" if o.reason else ""
    rated = f"  评分 {o.score}/5" if o.score else ""
    flag = "  需回访" if o.follow_up else ""
    return f"{o.number}  {o.state_zh:<5} {o.county} {o.site_name}  {when}{why}{rated}{flag}"


def _change(text: str) -> od.PlanChange:
    """``NUMBER=VAN@DATE`` (either side of ``@`` may be left empty to keep the proposal's)."""
    number, eq, rest = text.partition("=")
    van, at, day = rest.partition("@")
    if not eq or not at or not number:
        raise od.PlanError(
            "set", f"--set {text} 应写成 编号=车辆@日期，例如 2026-0001-K7QM=2号车@2026-03-05", "use NUMBER=VAN@DATE"
        )
    return od.PlanChange(number.strip(), van.strip(), day.strip())


def _dump(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def run(hdb: HubDB, args: argparse.Namespace) -> int:
    cmd = args.order_command
    as_json = getattr(args, "json", False)
    if cmd == "list":
        rows = od.list_orders(hdb, args.state)
        if as_json:
            _dump([o.as_json() for o in rows])
        else:
            for o in rows:
                print(_line(o))
            if not rows:
                print("没有点单 / no requests")
        return 0
    if cmd == "add":
        o = od.add_order(
            hdb,
            od.OrderInput(
                site_name=args.site,
                county=args.county,
                contact=args.contact,
                earliest=args.earliest,
                latest=args.latest,
                site_id=args.site_id,
                town=args.town,
                kind=args.kind,
                phone=args.phone,
                groups=args.groups,
                size=args.size,
                topics=args.topics,
                remarks=args.remarks,
                half_day=args.half_day,
            ),
        )
    elif cmd == "show":
        o = od.get_order(hdb, args.id)
    elif cmd == "assign":
        o = od.assign(hdb, args.id, args.caravan, args.date, by="caravan-server", force=args.force)
    elif cmd == "decline":
        o = od.decline(hdb, args.id, args.reason, by="caravan-server")
    elif cmd == "close":
        n = od.close_days(hdb, args.first, args.last, args.caravan, args.note)
        if as_json:
            _dump({"closed": n})
        else:
            print(f"已关闭 {n} 天 / closed {n} days")
        return 0
    elif cmd == "closed":
        if args.closed_command == "remove":
            n = od.reopen_days(hdb, args.first, args.last, args.caravan)
            if as_json:
                _dump({"removed": n})
            else:
                print(f"已取消 {n} 个关闭日 / removed {n} closed days")
            return 0
        days = od.closed_days(hdb)
        if as_json:
            _dump([asdict(d) for d in days])
        else:
            for d in days:
                print(f"{d.day}  {d.caravan or '全部学校 / all schools'}  {d.note or ''}".rstrip())
            if not days:
                print("没有关闭日 / no closed days")
        return 0
    else:
        p = od.propose(hdb, weekends=args.weekends)
        changes = [_change(text) for text in args.set] + [od.PlanChange(n, skip=True) for n in args.skip]
        if changes:
            p = od.changed_proposal(hdb, p, changes, force=args.force, weekends=args.weekends)
        applied = od.apply_proposal(hdb, p, by="caravan-server") if args.apply else []
        if as_json:
            _dump({**p.as_json(), "applied": [o.number for o in applied]})
            return 0
        for v in p.visits:
            half = {"am": " 上午", "pm": " 下午"}.get(v.half, "")
            print(f"{v.number}  {v.date}{half}  {v.caravan:<8} {v.county} {v.site_name}  [{v.change}]")
        for num in p.unplanned:
            print(f"{num}  无法安排 / cannot be planned inside its window")
        for load in p.vans:
            print(
                f"{load.van_id}: +{load.days_planned} 天 / days, +{load.km_planned} km → {load.days_total} 天, "
                f"{load.km_total} km{'' if load.meets_norm else '（未达 120 天 / 10000 km）'}"
            )
        print(f"共 {len(p.visits)} 场，约 {p.km} km" + (f"；已派单 {len(applied)} / applied" if args.apply else ""))
        return 0
    if as_json:
        _dump(o.as_json())
    else:
        print(_line(o))
    return 0
