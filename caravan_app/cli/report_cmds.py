"""Report commands: visit report, day receipt, period statistics (PDF/XLSX/CSV), verify."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..reports.fmt import period_bounds
from ..services.app import App
from . import resolve
from .common import CliError, emit, with_app


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="报告 / printable reports")
    s = p.add_subparsers(dest="sub", required=True)

    q = s.add_parser("visit", help="活动记录表 PDF / visit report")
    q.add_argument("visit", help="活动编号（或前缀）/ visit id or prefix")
    q.add_argument("--out", required=True, help="PDF 文件 / output PDF")
    q.set_defaults(func=with_app(cmd_visit))

    q = s.add_parser("day", help="日结单 PDF / day receipt")
    q.add_argument("date", help="日期 YYYY-MM-DD / date")
    q.add_argument("--caravan", help="大篷车（默认全部）/ van (default: every van active that day)")
    q.add_argument("--out", required=True)
    q.set_defaults(func=with_app(cmd_day))

    q = s.add_parser("period", help="工作统计 PDF/XLSX/CSV / period statistics")
    q.add_argument("--from", dest="start", help="开始日期 / first day")
    q.add_argument("--to", dest="end", help="结束日期 / last day")
    q.add_argument("--year", type=int, help="整年 / a whole year")
    q.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="季度（与 --year 一起）/ quarter of --year")
    q.add_argument(
        "--month", type=int, choices=range(1, 13), metavar="1-12", help="月份（与 --year 一起）/ month of --year"
    )
    q.add_argument("--caravan", help="大篷车（默认全部）/ one van (default: all)")
    q.add_argument("--out", help="PDF 文件 / output PDF")
    q.add_argument("--xlsx", help="Excel 文件 / workbook, one sheet per table")
    q.add_argument("--csv", help="CSV 目录 / folder for one UTF-8 CSV per table")
    q.set_defaults(func=with_app(cmd_period))

    q = sub.add_parser(
        "verify", help="核验活动记录表或志愿服务证明 / check a visit report's or a certificate's verification code"
    )
    q.add_argument(
        "payload",
        help="二维码内容 CFLV2:…（或旧版 CFLV1:…；证明为 CFLC1:…），或“报告编号 核验码”（证明：“证明编号 核验码”），不分大小写"
        " / the scanned code, or the report (certificate) number and code (any case)",
    )
    q.set_defaults(func=with_app(cmd_verify))


def _caravan(app: App, key: str | None) -> str | None:
    if not key:
        return None
    return resolve.pick(app.catalog.caravans(), key, "大篷车", "caravan", "name", "plate")


def cmd_visit(app: App, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    out = app.reports.visit_pdf(vid, Path(args.out))
    emit(args, {"visit": vid, "out": str(out)}, f"已生成活动记录表 / visit report written: {out}")
    return 0


def cmd_day(app: App, args: argparse.Namespace) -> int:
    out = app.reports.day_pdf(args.date, Path(args.out), _caravan(app, args.caravan))
    emit(args, {"date": args.date, "out": str(out)}, f"已生成日结单 / day receipt written: {out}")
    return 0


def period_range(args: argparse.Namespace) -> tuple[str, str]:
    """--from/--to, or --year with an optional --quarter or --month."""
    if args.year:
        if args.quarter:
            return period_bounds("quarter", args.year, args.quarter)
        if args.month:
            return period_bounds("month", args.year, args.month)
        return period_bounds("year", args.year)
    if args.start and args.end:
        return args.start, args.end
    raise CliError("请给出 --from 和 --to，或 --year [--quarter|--month] / give --from and --to, or --year")


def cmd_period(app: App, args: argparse.Namespace) -> int:
    if not (args.out or args.xlsx or args.csv):
        raise CliError("请至少给出 --out、--xlsx 或 --csv 之一 / give --out, --xlsx or --csv")
    start, end = period_range(args)
    files = app.reports.period_files(
        start,
        end,
        Path(args.out) if args.out else None,
        _caravan(app, args.caravan),
        xlsx=Path(args.xlsx) if args.xlsx else None,
        csv_dir=Path(args.csv) if args.csv else None,
    )
    data = {"from": start, "to": end, "pdf": files.pdf, "xlsx": files.xlsx, "csv": [str(p) for p in files.csv]}
    written = [str(p) for p in (files.pdf, files.xlsx) if p] + [str(p) for p in files.csv]
    emit(args, data, "已生成 / written:\n  " + "\n  ".join(written))
    return 0


def cmd_verify(app: App, args: argparse.Namespace) -> int:
    """Exit 0: the paper is valid and its figures are the data's; 2: a warning (the figures
    match, but the visit was reopened after printing); 1: not valid. The figures the data holds
    follow, so the office compares them with the paper line by line (``--json``: the same)."""
    r = app.reports.verify(args.payload)
    where = f"{r.site_name} {r.date}".strip()
    mark = {"ok": "✔", "warn": "!"}.get(r.level, "✘")
    what = "certificate of" if r.kind == "certificate" else "visit"
    details = r.details_zh()
    text = f"{mark} {r.zh}{('：' + where) if where else ''}\n{mark} {r.en} ({what} {r.visit_id})"
    if details:
        text += "\n数据中的数字（请与纸面核对）/ the figures in the data:\n" + "\n".join("  " + x for x in details)
    emit(args, r.to_dict(), text)
    return 0 if r.ok else 2 if r.level == "warn" else 1
