"""What the office reports upward: odometer readings, the issuer setting,
the 科普统计 sheet, volunteer service certificates, their 公示 list and the volunteer record."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..services.app import App
from . import resolve
from .common import CliError, emit, with_app


def _group(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:
    parser = sub.choices.get(name) or sub.add_parser(name, help=help_text)
    for action in parser._actions:  # noqa: SLF001 - argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="sub", required=True)


def _period_args(q: argparse.ArgumentParser) -> None:
    q.add_argument("--year", type=int, help="整年 / a whole year")
    q.add_argument("--from", dest="start", help="开始日期 / first day")
    q.add_argument("--to", dest="end", help="结束日期 / last day")


def _period(args: argparse.Namespace) -> tuple[str, str]:
    if args.year:
        return f"{args.year:04d}-01-01", f"{args.year:04d}-12-31"
    if args.start and args.end:
        return args.start, args.end
    raise CliError("请给出 --year，或 --from 和 --to / give --year, or --from and --to")


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser("odometer", help="里程表读数（出车/收车）/ odometer readings of a day")
    q.add_argument("date", help="日期 YYYY-MM-DD / date")
    q.add_argument("--out-km", required=True, help="出车时读数（公里）/ at departure (km)")
    q.add_argument("--back-km", required=True, help="收车时读数（公里）/ at return (km)")
    q.add_argument("--caravan", help="大篷车（默认本机所属）/ van (default: this laptop's)")
    q.add_argument("--confirm", action="store_true", help="确认超过 500 公里的一天 / confirm a day above 500 km")
    q.add_argument("--note", help="备注 / note")
    q.set_defaults(func=with_app(cmd_odometer))

    p = sub.add_parser("settings", help="本机设置 / settings of this laptop")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser(
        "issuer", help="证明的出具单位（不给参数则显示）/ the certificates' issuing body (no options: show)"
    )
    q.add_argument("--name", help="单位名称 / name")
    q.add_argument("--head", help="负责人 / head")
    q.add_argument("--clerk", help="经办人 / clerk")
    q.add_argument("--phone", help="联系方式 / phone")
    q.set_defaults(func=with_app(cmd_issuer))

    r = _group(sub, "report", "报告 / printable reports")
    q = r.add_parser("stats", help="科普统计指标表 XLSX / the science-popularisation statistics sheet")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--xlsx", required=True, help="Excel 文件 / workbook")
    q.add_argument("--caravan", help="大篷车（默认全部）/ one van (default: all)")
    q.set_defaults(func=with_app(cmd_stats))

    q = r.add_parser("certificate", help="志愿服务记录证明 PDF / a volunteer service certificate")
    q.add_argument("person", help="姓名、志愿者编号或编号 / name, volunteer no. or id")
    _period_args(q)
    q.add_argument("--id-number", help="证件号码（可选，打印时遮盖，不保存）/ ID number (optional, printed masked)")
    q.add_argument("--id-type", help="证件类型（默认居民身份证）/ ID type (default: resident ID card)")
    q.add_argument("--out", required=True, help="PDF 文件 / output PDF")
    q.add_argument(
        "--staff",
        action="store_true",
        help="为工作人员出具工作时长证明（不是志愿服务证明）/ a work-time certificate for a staff member",
    )
    q.set_defaults(func=with_app(cmd_certificate))

    q = r.add_parser("certificates", help="本期全部志愿者的证明（一个 PDF）/ certificates of every volunteer")
    _period_args(q)
    q.add_argument(
        "--ids",
        help="证件号码表 CSV/XLSX（列：姓名或志愿者编号、证件类型、证件号码）/ ID numbers sheet (name or volunteer no., type, number)",
    )
    q.add_argument("--out", required=True, help="PDF 文件 / output PDF")
    q.set_defaults(func=with_app(cmd_certificates))

    q = r.add_parser("reprint", help="补发证明（内容同原件，另给编号）/ reprint an issued certificate (补发)")
    q.add_argument("number", help="原证明编号 / the original certificate's number")
    q.add_argument("--out", required=True, help="PDF 文件 / output PDF")
    q.set_defaults(func=with_app(cmd_reprint))

    q = r.add_parser("issued", help="证明出具登记 / the register of issued certificates")
    q.add_argument("--person", help="只列此人 / one person only")
    q.set_defaults(func=with_app(cmd_issued))

    q = r.add_parser("publicity", help="证明公示名单 PDF/XLSX / the certificates' public notice list")
    _period_args(q)
    q.add_argument("--out", help="PDF 文件 / output PDF")
    q.add_argument("--xlsx", help="Excel 文件 / workbook")
    q.add_argument("--days", type=int, default=7, help="公示期天数（不少于 7）/ days of the notice (≥ 7)")
    q.add_argument(
        "--notice-from", dest="from_day", help="公示开始日期（默认今天）/ first day of the notice (default today)"
    )
    q.set_defaults(func=with_app(cmd_publicity))

    q = r.add_parser("volunteer-record", help="志愿服务记录 XLSX / the volunteer record (national blocks)")
    _period_args(q)
    q.add_argument("--person", help="只导出此人 / one person only")
    q.add_argument("--xlsx", required=True, help="Excel 文件 / workbook")
    q.set_defaults(func=with_app(cmd_record))


def cmd_odometer(app: App, args: argparse.Namespace) -> int:
    van = resolve.caravan(app, args)
    d = app.mileage.record(args.date, args.out_km, args.back_km, van, confirm=args.confirm, note=args.note)
    emit(
        args,
        d.to_dict(),
        f"已记录 {d.date} 里程：出车 {d.out_km} km，收车 {d.back_km} km，行驶 {d.km} 公里"
        f" / recorded {d.date}: {d.km} km ({d.out_km} → {d.back_km})",
    )
    return 0


def cmd_issuer(app: App, args: argparse.Namespace) -> int:
    if any(x is not None for x in (args.name, args.head, args.clerk, args.phone)):
        iss = app.settings.set_issuer(args.name, args.head, args.clerk, args.phone)
    else:
        iss = app.settings.issuer()
    data = {"name": iss.name, "head": iss.head, "clerk": iss.clerk, "phone": iss.phone, "complete": iss.complete}
    text = (
        f"出具单位 issuer: {iss.name or '—'}\n负责人 head: {iss.head or '—'}\n经办人 clerk: {iss.clerk or '—'}\n"
        f"联系方式 phone: {iss.phone or '—'}"
    )
    emit(args, data, text)
    return 0


def cmd_stats(app: App, args: argparse.Namespace) -> int:
    van = (
        resolve.pick(app.catalog.caravans(), args.caravan, "大篷车", "caravan", "name", "plate")
        if args.caravan
        else None
    )
    data = app.reports.stats_xlsx(args.year, Path(args.xlsx), van)
    head = {x.code: x.value for x in data.stats}
    emit(
        args,
        {"year": args.year, "xlsx": args.xlsx, "indicators": {x.code: x.value for x in data.stats}},
        f"已生成科普统计 / statistics sheet written: {args.xlsx}\n"
        f"  开展活动 {head['H1']} 次，行驶里程 {head['H2']} 公里，服务公众 {head['H3']} 人次",
    )
    return 0


def _warn(app: App) -> str:
    if app.settings.issuer().clerk:
        return ""
    return "\n注意：未设置经办人（证明上经办人一栏留空待填）：caravan settings issuer --clerk 姓名" \
        " / no clerk set: run caravan settings issuer --clerk NAME"  # fmt: skip


def cmd_certificate(app: App, args: argparse.Namespace) -> int:
    a, b = _period(args)
    pid = resolve.person(app, args.person)
    c = app.certificates.pdf(pid, a, b, Path(args.out), args.id_number, args.id_type, staff=args.staff)
    emit(
        args,
        {"person": pid, "number": c.number, "code": c.code, "minutes": c.minutes, "hours": c.hours,
         "services": len(c.services), "title": c.title, "start": c.start, "end": c.end, "out": args.out},
        f"已出具{c.title} {c.number}（{c.name}，{c.start}～{c.end}，{len(c.services)} 次，{c.minutes} 分钟，"
        f"{c.hours:.1f} 小时） / certificate issued: {args.out}" + _warn(app),
    )  # fmt: skip
    return 0


def cmd_reprint(app: App, args: argparse.Namespace) -> int:
    c = app.certificates.reprint(args.number, Path(args.out))
    emit(
        args,
        {
            "number": c.number,
            "reprint_of": c.reprint_of,
            "code": c.code,
            "minutes": c.minutes,
            "hours": c.hours,
            "title": c.title,
            "out": args.out,
        },
        f"已补发{c.title} {c.number}（原证明编号 {c.reprint_of}，{c.name}）/ reprint issued: {args.out}",
    )
    return 0


def cmd_issued(app: App, args: argparse.Namespace) -> int:
    pid = resolve.person(app, args.person) if args.person else None
    rows = app.certificates.issued(pid)
    emit(
        args,
        {"issued": [{"number": r.number, "name": r.name, "start": r.start, "end": r.end, "issued_on": r.issued_on,
                     "minutes": r.minutes, "services": len(r.services), "reprint_of": r.reprint_of} for r in rows]},
        "\n".join(f"{r.number}  {r.issued_on}  {r.name}  {r.start}～{r.end}  {len(r.services)} 次 {r.minutes} 分钟"
                  + (f"  补发（原 {r.reprint_of}）" if r.reprint_of else "") for r in rows)
        or "还没有出具过证明 / no certificate issued yet",
    )  # fmt: skip
    return 0


def cmd_certificates(app: App, args: argparse.Namespace) -> int:
    a, b = _period(args)
    ids = app.certificates.read_ids(Path(args.ids)) if args.ids else None
    certs = app.certificates.all_pdf(a, b, Path(args.out), ids)
    emit(
        args,
        {"out": args.out, "certificates": [{"number": c.number, "name": c.name, "minutes": c.minutes} for c in certs]},
        f"已生成 {len(certs)} 份志愿服务记录证明 / {len(certs)} certificates written: {args.out}" + _warn(app),
    )
    return 0


def cmd_publicity(app: App, args: argparse.Namespace) -> int:
    if not (args.out or args.xlsx):
        raise CliError("请至少给出 --out 或 --xlsx / give --out or --xlsx")
    a, b = _period(args)
    certs = app.certificates.publicity(
        a, b, Path(args.out) if args.out else None, Path(args.xlsx) if args.xlsx else None, args.days, args.from_day
    )
    written = [x for x in (args.out, args.xlsx) if x]
    emit(args, {"count": len(certs), "written": written}, f"公示名单 {len(certs)} 人 / written: " + ", ".join(written))
    return 0


def cmd_record(app: App, args: argparse.Namespace) -> int:
    a, b = _period(args)
    pid = resolve.person(app, args.person) if args.person else None
    n = app.certificates.record_xlsx(a, b, Path(args.xlsx), pid)
    emit(args, {"volunteers": n, "xlsx": args.xlsx}, f"已导出 {n} 名志愿者的服务记录 / record written: {args.xlsx}")
    return 0
