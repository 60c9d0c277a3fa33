"""``caravan orders log [--from D] [--to D] [--json]`` and ``caravan orders export FILE.xlsx``:
the visits that answer a request (点单/派单/接单/评单), with crew, hours, people and rating."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from .common import emit, with_app


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("orders", help="点单/派单/接单/评单记录 / visits that answer a request")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("log", help="列出 / list")
    q.add_argument("--from", dest="start")
    q.add_argument("--to", dest="end")
    q.set_defaults(func=with_app(cmd_log))
    q = s.add_parser("ratings", help="评分汇总：点单场次、平均分、低分 / ratings of a period")
    q.add_argument("--from", dest="start")
    q.add_argument("--to", dest="end")
    q.set_defaults(func=with_app(cmd_ratings))
    q = s.add_parser("export", help="导出 XLSX（新时代文明实践平台）/ export as XLSX")
    q.add_argument("file")
    q.add_argument("--from", dest="start")
    q.add_argument("--to", dest="end")
    q.set_defaults(func=with_app(cmd_export))


def cmd_log(app: Any, args: argparse.Namespace) -> int:
    rows = app.order_log.rows(args.start, args.end)
    lines = [
        f"{r.number}  {r.date}  {r.caravan}  {r.site}  服务 {r.people_served} 人  志愿 {r.volunteer_hours} h"
        + (f"  评分 {r.score}" if r.score else "")
        + ("  需回访" if r.follow_up else "")
        for r in rows
    ]
    emit(args, [asdict(r) for r in rows], "\n".join(lines) or "没有点单活动 / no visits for requests")
    return 0


def cmd_export(app: Any, args: argparse.Namespace) -> int:
    n = app.order_log.export_xlsx(args.file, args.start, args.end)
    emit(args, {"file": args.file, "rows": n}, f"已导出 {n} 行 / exported {n} rows: {args.file}")
    return 0


def cmd_ratings(app: Any, args: argparse.Namespace) -> int:
    r = app.order_log.summary(args.start, args.end)
    lines = [
        f"活动 {r.visits} 场，其中点单 {r.for_requests} 场；评价 {r.rated} 次，平均 {r.average if r.average is not None else '—'}",
        *(f"低分 low {d} {site}: {score}/5 {c or ''}" for d, site, score, c in r.low),
        f"需回访 follow up: {len(r.follow_up)}",
    ]
    emit(args, r.as_json(), "\n".join(lines))
    return 0
