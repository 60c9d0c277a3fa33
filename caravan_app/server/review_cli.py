"""``caravan-server review``: the office's review of completed visits from the command line
(the same functions as the console's 审核 page, ``server/reviews.py``)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from . import reviews
from .db import HubDB

_STATUSES = ("pending", "approved", "returned", "all")


def add_parsers(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser, bool], None]) -> None:
    rv = sub.add_parser("review", help="审核 the office's review of completed visits")
    common(rv, False)
    rsub = rv.add_subparsers(dest="review_command", required=True)
    ls = rsub.add_parser("list", help="completed visits and their review state (default: awaiting review)")
    ls.add_argument("--status", choices=_STATUSES, default="pending")
    ls.add_argument("--date", help="YYYY-MM-DD")
    ls.add_argument("--caravan", help="a van's name or id")
    ls.add_argument("--county")
    ls.add_argument("--json", action="store_true")
    for name, text in (
        ("approve", "通过 approve"),
        ("return", "退回 return with a reason"),
        ("withdraw", "撤销通过 withdraw an approval with a reason"),
    ):
        q = rsub.add_parser(name, help=text)
        q.add_argument("visit", nargs="?", help="the visit's id")
        q.add_argument("--by", required=True, help="审核人 who decides (shown on the laptops)")
        if name == "approve":
            q.add_argument("--date", help="approve every visit of this day awaiting review")
            q.add_argument("--caravan", help="approve every visit of this van awaiting review (with --date: that day)")
        else:
            q.add_argument("--reason", required=True, help="原因 why (shown on the laptops)")
        q.add_argument("--json", action="store_true")
    cs = rsub.add_parser("counts", help="what official reports count: approved visits only, or every completed one")
    cs.add_argument("value", nargs="?", choices=("approved", "completed"))
    cs.add_argument("--by", default="命令行", help="who changes it")
    cs.add_argument("--json", action="store_true")


def run(hdb: HubDB, args: argparse.Namespace) -> int:
    """Raises ``HubError`` (the caller prints it)."""
    c = args.review_command
    if c == "list":
        rows = reviews.queue(hdb, args.status, date=args.date, caravan=args.caravan, county=args.county)
        if args.json:
            print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        else:
            for r in rows:
                print(f"{r.visit_id}  {r.date}  {r.caravan:<8} {r.site:<16} {r.county or '':<8} {r.state.label}")
            if not rows:
                print("没有符合条件的活动 / no visits")
        return 0
    if c == "counts":
        value = reviews.set_reports_count(hdb, args.value, args.by) if args.value else reviews.reports_count(hdb)
        print(json.dumps({"reports_count": value}) if args.json else f"报表统计 / reports count: {value}")
        return 0
    if c == "approve" and not args.visit:
        done = reviews.bulk_approve(hdb, args.by, date=args.date, caravan=args.caravan)
        if args.json:
            print(json.dumps({"approved": done}, ensure_ascii=False))
        else:
            print(f"已通过 {len(done)} 个活动 / approved {len(done)} visits")
        return 0
    if not args.visit:
        raise reviews.HubError(2, "no_visit", "请给出活动编号", "give the visit's id")
    if c == "approve":
        d = reviews.approve(hdb, args.visit, args.by)
    elif c == "return":
        d = reviews.return_visit(hdb, args.visit, args.reason, args.by)
    else:
        d = reviews.withdraw(hdb, args.visit, args.reason, args.by)
    if args.json:
        print(
            json.dumps(
                {"visit_id": d.visit_id, "review": d.state.status.value, "label": d.state.label}, ensure_ascii=False
            )
        )
    else:
        print(f"{d.visit_id}: {d.state.label}")
    return 0
