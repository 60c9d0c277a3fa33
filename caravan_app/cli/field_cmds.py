"""Field-day commands: vans, people, titles, sites, visits, tallies, duty, stock, hand-outs."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from ..domain import figures
from ..domain.catalogue import book_title
from ..domain.errors import StockWarning
from ..domain.vocab import GROUP_LABELS, VISIT_STATUS_LABELS, Group, label
from . import resolve
from .common import CliError, emit, with_app


def _group_arg(value: str) -> str:
    """Accept a group code or its Chinese/English label (小学生, teacher …)."""
    for code, (zh, en) in GROUP_LABELS.items():
        if value in (code.value, zh, en) or value.lower() == en.lower():
            return code.value
    return value


def register(sub: argparse._SubParsersAction) -> None:
    # vans
    p = sub.add_parser("van", help="大篷车 / caravans")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("add")
    q.add_argument("name")
    q.add_argument("--plate")
    q.add_argument("--county")
    q.set_defaults(func=with_app(lambda a, x: emit(x, {"id": a.catalog.add_caravan(x.name, x.plate, x.county)})))
    q = s.add_parser("list")
    q.set_defaults(func=with_app(lambda a, x: _table(x, a.catalog.caravans(), ("id", "name", "plate", "home_county"))))

    # this laptop
    p = sub.add_parser("device", help="本机设置 / this laptop")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("setup", help="设置本机所属大篷车和设备名 / set this laptop's van and name")
    q.add_argument("--caravan", required=True)
    q.add_argument("--name", required=True)
    q.set_defaults(func=with_app(cmd_device_setup))

    # people
    p = sub.add_parser("person", help="人员 / crew, volunteers, participants")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("add")
    q.add_argument("name")
    q.add_argument("--role", default="volunteer", choices=("crew", "volunteer", "participant"))
    q.add_argument("--team")
    q.add_argument("--volunteer-no")
    q.add_argument("--phone")
    q.add_argument("--org")
    q.add_argument("--caravan")
    q.set_defaults(func=with_app(cmd_person_add))
    q = s.add_parser("list")
    q.add_argument("--role")
    q.set_defaults(
        func=with_app(
            lambda a, x: _table(
                x, a.catalog.people(x.role), ("id", "name", "role", "team", "volunteer_no", "badge_code")
            )
        )
    )

    # titles
    p = sub.add_parser("title", help="图书/物资 / books and materials")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("add")
    q.add_argument("name")
    q.add_argument("--kind", default="book", choices=("book", "leaflet", "kit", "other"))
    q.add_argument("--unit", default="册")
    q.add_argument("--publisher")
    q.set_defaults(
        func=with_app(lambda a, x: emit(x, {"id": a.catalog.add_title(x.name, x.kind, x.unit, x.publisher)}))
    )
    q = s.add_parser("list")
    q.set_defaults(func=with_app(lambda a, x: _table(x, a.catalog.titles(), ("id", "name", "kind", "unit"))))

    # sites
    p = sub.add_parser("site", help="学校/站点 / sites")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("add")
    q.add_argument("name")
    q.add_argument("--county", required=True)
    for f in ("kind", "town", "address", "contact", "phone", "students"):
        q.add_argument(f"--{f}")
    q.set_defaults(func=with_app(cmd_site_add))
    q = s.add_parser("list")
    q.add_argument("--search")
    q.add_argument("--county")
    q.set_defaults(
        func=with_app(
            lambda a, x: _table(
                x,
                [asdict(r) for r in a.sites.list(x.search, x.county)],
                ("id", "name", "kind", "county", "town", "students"),
            )
        )
    )

    # visits
    p = sub.add_parser("visit", help="活动 / visits")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("add")
    q.add_argument("site", help="学校/站点名称或编号 / site name or id")
    q.add_argument("--date", required=True)
    q.add_argument("--caravan")
    q.add_argument("--theme")
    q.add_argument("--activities", help="用逗号或顿号分隔 / comma separated")
    q.add_argument("--notes")
    q.add_argument(  # the statistics category (default: guessed from the theme)
        "--kind", help="统计类别 lecture/exhibition/contest/science_week/training/other（默认按主题判断）"
    )
    q.set_defaults(func=with_app(cmd_visit_add))
    q = s.add_parser("list")
    q.add_argument("--from", dest="start")
    q.add_argument("--to", dest="end")
    q.add_argument("--status")
    q.add_argument("--county")
    q.add_argument("--caravan")
    q.set_defaults(func=with_app(cmd_visit_list))
    for name, helptext in (
        ("start", "到达并开始 / arrive and start"),
        ("complete", "完成 / complete"),
        ("cancel", "取消 / cancel"),
        ("reopen", "重新打开 / reopen"),
        ("show", "详情 / details"),
    ):
        q = s.add_parser(name, help=helptext)
        q.add_argument("visit")
        if name == "reopen":  # a completed visit is reopened with a reason (recorded, synced)
            q.add_argument("--reason", help="重新打开的原因（已完成的活动必填）/ why (required for a completed visit)")
            q.add_argument("--by", help="操作人 / who reopens it")
        if name == "complete":  # a reopened visit keeps its departure time unless told otherwise
            q.add_argument("--left-at", help="离开时间 HH:MM（默认：现在；重新打开过的活动保留原离开时间）/ leave time")
            q.add_argument(
                "--new-left-time",
                action="store_true",
                help="重新打开过的活动以现在为离开时间 / a reopened visit: leave time = now",
            )
        q.set_defaults(func=with_app(cmd_visit_action), action=name)
    for name, helptext in (("accept", "接单 / accept a planned visit"), ("decline", "不接单 / decline it")):
        q = s.add_parser(name, help=helptext)
        q.add_argument("visit")
        q.add_argument("--reason", required=name == "decline", help="原因 / why (办公室会重新安排)")
        q.set_defaults(func=with_app(cmd_visit_answer), action=name)

    # tallies and duty
    p = sub.add_parser("tally", help="按人群计数 (+N/−N) / head count by group")
    p.add_argument("visit")
    p.add_argument("group", type=_group_arg, help="primary junior senior teacher parent other 或 小学生 初中生 …")
    p.add_argument("delta", help="+N 或 −N")
    p.set_defaults(func=with_app(cmd_tally))
    # take-backs a merge could not decide (the GUI's review dialog does the same).
    p = sub.add_parser("tally-review", help="待复核的撤回计数 / take-backs a merge could not decide")
    p.add_argument("visit", nargs="?")
    p.add_argument("--checked", metavar="TALLY_ID", help="标记为已核对 / mark this entry checked")
    p.add_argument("--all", action="store_true", help="也列出已核对的 / include checked ones")
    p.set_defaults(func=with_app(cmd_tally_review))
    p = sub.add_parser("duty", help="志愿者上岗/离岗 / crew on or off duty")
    p.add_argument("visit")
    p.add_argument("person")
    p.add_argument("--on", action="store_const", dest="kind", const="on")
    p.add_argument("--off", action="store_const", dest="kind", const="off")
    p.set_defaults(func=with_app(cmd_duty))

    # stock
    p = sub.add_parser("stock", help="库存 / stock on the van")
    p.add_argument("--caravan")
    p.set_defaults(func=with_app(cmd_stock_show))
    s = p.add_subparsers(dest="sub")
    for name in ("load", "return", "unload"):
        q = s.add_parser(name)
        q.add_argument("title")
        q.add_argument("qty")
        q.add_argument("--caravan")
        q.add_argument("--reason")
        q.add_argument("--force", action="store_true", help="确认超出库存 / confirm going below zero")
        q.set_defaults(func=with_app(cmd_stock_move), action=name)
    q = s.add_parser("adjust")
    q.add_argument("title")
    q.add_argument("delta")
    q.add_argument("--reason", required=True)
    q.add_argument("--caravan")
    q.add_argument("--force", action="store_true")
    q.set_defaults(func=with_app(cmd_stock_move), action="adjust")
    q = s.add_parser("transfer")
    q.add_argument("title")
    q.add_argument("qty")
    q.add_argument("--to", required=True, dest="to_caravan")
    q.add_argument("--caravan")
    q.add_argument("--force", action="store_true")
    q.set_defaults(func=with_app(cmd_stock_move), action="transfer")
    q = s.add_parser("close", help="日结：清点 TITLE=N … / day close with counted stock")
    q.add_argument("counts", nargs="*", help="书名=数量 / title=count")
    q.add_argument("--date")
    q.add_argument("--caravan")
    q.add_argument("--note")
    q.add_argument(
        "--book-differences",
        action="store_true",
        help="同时把差异记为调整（同一事务）/ also book the differences as adjustments (one transaction)",
    )
    q.add_argument(
        "--partial",
        action="store_true",
        help="只结已清点的图书（未清点的不记为 0）/ close only the counted titles (the others are not recorded)",
    )
    q.set_defaults(func=with_app(cmd_stock_close))

    p = sub.add_parser("distribute", help="发放图书 / hand out books at a visit")
    p.add_argument("visit")
    p.add_argument("title")
    p.add_argument("qty")
    p.add_argument("--to", dest="recipient", help="领取人：学校、班级或老师 / recipient")
    p.add_argument("--caravan")
    p.add_argument("--force", action="store_true", help="确认超出库存 / confirm going below zero")
    p.set_defaults(func=with_app(cmd_distribute))
    p = sub.add_parser("undo", help="撤销一条库存流水 / undo a movement")
    p.add_argument(
        "movement",
        nargs="?",
        help="流水编号；省略则显示本机最近一条记录并询问 / id; default: show this laptop's last movement and ask",
    )
    p.add_argument("--caravan", help="省略编号时只看这辆车 / without an id: only this van")
    p.add_argument("--force", action="store_true", help="确认撤销后库存为负 / confirm stock going below zero")
    p.add_argument("--reason", help="撤销原因（记录在撤销记录上）/ why (kept on the reversal)")
    p.set_defaults(func=with_app(cmd_undo))


def _table(args: argparse.Namespace, records: Sequence[Any], cols: tuple[str, ...]) -> int:
    rows = [r if isinstance(r, Mapping) else r.to_dict() for r in records]  # records print as their JSON
    text = (
        "\n".join("\t".join("" if r.get(c) is None else str(r.get(c)) for c in cols) for r in rows) or "（无 / none）"
    )
    emit(args, rows, "\t".join(cols) + "\n" + text)
    return 0


def cmd_device_setup(app: Any, args: argparse.Namespace) -> int:
    cid = resolve.pick(app.catalog.caravans(), args.caravan, "大篷车", "caravan", "name", "plate")
    app.catalog.set_this_device(args.name, cid)
    emit(args, app.catalog.this_device().to_dict(), f"本机已设置 / this laptop: {args.name}")
    return 0


def cmd_person_add(app: Any, args: argparse.Namespace) -> int:
    cid = resolve.caravan(app, args) if args.caravan else None
    pid = app.catalog.add_person(
        name=args.name,
        role=args.role,
        team=args.team,
        volunteer_no=args.volunteer_no,
        phone=args.phone,
        organisation=args.org,
        caravan_id=cid,
    )
    emit(args, app.catalog.person(pid).to_dict())
    return 0


def cmd_site_add(app: Any, args: argparse.Namespace) -> int:
    sid = app.sites.add(
        name=args.name,
        county=args.county,
        kind=args.kind,
        town=args.town,
        address=args.address,
        contact=args.contact,
        phone=args.phone,
        students=args.students,
    )
    emit(args, asdict(app.sites.get(sid)))
    return 0


def cmd_visit_add(app: Any, args: argparse.Namespace) -> int:
    vid = app.visits.add(
        resolve.site(app, args.site),
        resolve.caravan(app, args),
        args.date,
        args.theme,
        args.activities,
        args.notes,
        activity_kind=args.kind,
    )
    emit(args, _visit_json(app, vid), f"已添加活动 / visit added: {vid}")
    return 0


def cmd_visit_list(app: Any, args: argparse.Namespace) -> int:
    cid = resolve.caravan(app, args) if args.caravan else None
    rows = [v.to_json() for v in app.visits.list(args.start, args.end, cid, args.status, args.county)]
    states = app.review.states([r["id"] for r in rows])  # the office's review, as last pulled
    for r in rows:
        r["status_label"] = label(VISIT_STATUS_LABELS, r["status"])
        st = states.get(r["id"])
        r["review"] = st.label if st is not None and st.status != "not_submitted" else ""
    return _table(args, rows, ("id", "date", "site_name", "county", "status_label", "review", "theme"))


def cmd_visit_answer(app: Any, args: argparse.Namespace) -> int:
    """接单 / decline a visit the office planned for a request (synced; the hub reads it)."""
    vid = resolve.visit(app, args.visit)
    app.orders.answer(vid, args.action == "accept", args.reason)
    text = "已接单 / accepted" if args.action == "accept" else "已退回办公室重新安排 / declined: back to the office"
    emit(args, _visit_json(app, vid), text)
    return 0


def _visit_json(app: Any, visit_id: str) -> dict[str, Any] | None:
    """A visit as ``--json`` prints it (its id and fields), or None."""
    v = app.visits.get(visit_id)
    return None if v is None else dict(v.to_json())


def _rating_links(app: Any, v: dict[str, Any]) -> dict[str, str]:
    """Where the school rates a completed visit: the laptop's phone page (the sign-in server's
    address on this laptop's network) and, on a laptop that syncs, the hub's page."""
    from ..domain.rating import rating_token
    from ..signin.netaddr import DEFAULT_PORT, lan_addresses
    from ..signin.rate_page import rate_url

    if v.get("status") != "completed" or not v.get("signin_token"):
        return {}
    out = {"laptop": rate_url((lan_addresses() or ["127.0.0.1"])[0], DEFAULT_PORT, v["signin_token"])}
    server = app.db.get_meta("sync_server")
    if server:
        out["hub"] = f"{server}/rate/{rating_token(v['id'], v['signin_token'])}"
    return out


def _request_text(app: Any, vid: str) -> str:
    r = app.orders.request_of(vid)
    if r is None:
        return ""
    who = "、".join(x for x in (r.contact, r.groups, f"{r.size} 人" if r.size else None) if x)
    text = f"\n点单 request {r.number}：{who}" + (f"；主题 {r.topics}" if r.topics else "")
    if r.remarks:
        text += f"；备注 {r.remarks}"
    if r.answer:
        text += "\n" + ("已接单 accepted" if r.answer == "accepted" else f"未接单 declined：{r.answer_reason}")
    rating = app.orders.rating_of(vid)
    if rating is not None:
        text += f"\n评分 rating {rating.score}/5" + (f"：{rating.comment}" if rating.comment else "")
        if rating.low:
            text += "（需回访 follow up）"
    return text


def cmd_visit_action(app: Any, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    if args.action == "start":
        emit(args, app.visits.arrive(vid).to_json(), "已到达，活动开始 / arrived, visit started")
    elif args.action == "complete":
        before = _visit_json(app, vid) or {}
        summary = app.visits.complete(vid, left_at=args.left_at, keep_left=not args.new_left_time)
        text = _summary_text(app, summary.to_dict())
        kept = before.get("left_at")
        if kept and not args.left_at and not args.new_left_time:
            text += (
                f"\n离开时间保留为原来的 {kept[11:16]}（如需更正：caravan visit edit {vid[:8]} --left-at HH:MM）"
                f"\nleave time kept at {kept[11:16]} (to correct it: caravan visit edit … --left-at HH:MM)"
            )
        emit(args, summary.to_dict(), text)
    elif args.action == "cancel":
        emit(args, app.visits.cancel(vid).to_json(), "活动已取消 / visit cancelled")
    elif args.action == "reopen":
        before = _visit_json(app, vid) or {}
        app.visits.reopen(vid, getattr(args, "reason", None), getattr(args, "by", None))
        after = _visit_json(app, vid)
        text = "活动已重新打开 / visit reopened"
        if before.get("status") == "completed":
            text += (
                "\n已记录原因；此前打印的报告核验码将不再通过 / reason recorded; codes printed before no longer verify"
            )
        if after and after.get("signin_token") and after["signin_token"] != before.get("signin_token"):
            text += (
                f"\n签到二维码已更换，旧的不再有效；新的签到码 / new sign-in link (the old QR no longer works): "
                f"{after['signin_token']}（caravan signin serve {vid} 显示新的链接和二维码 / shows the new link and QR）"
            )
        emit(args, after, text)
    else:
        summary = app.visits.summary(vid).to_dict()
        summary["tally_review"] = [
            r.to_json() for r in app.attendance.tally_review(vid)
        ]  # take-backs a merge could not decide
        review = app.review.view(vid)  # the office's review, as last pulled from the hub
        summary["review"] = review.to_dict()
        req = app.orders.request_of(vid)
        summary["request"] = None if req is None else {**req.__dict__}
        summary["rating_links"] = links = _rating_links(app, _visit_json(app, vid) or {})
        text = _summary_text(app, summary) + _request_text(app, vid)
        if links:
            text += f"\n评价链接 rating link：{links['laptop']}（caravan signin serve 运行时手机可打开 / while the sign-in server runs）"
            if links.get("hub"):
                text += f"\n网上评价 rating on the hub：{links['hub']}"
        if review.status != "not_submitted":
            text += f"\n审核 review：{review.label}" + (
                f"（{review.by}，{review.at.replace('T', ' ')}）" if review.by and review.at else ""
            )
        elif review.last_return:
            text += (
                f"\n审核 review：上次退回：{review.last_return}（修改后请再次完成活动 / correct it and complete again）"
            )
        for x in summary["reopens"]:
            text += f"\n重新打开 reopened {x['at'].replace('T', ' ')}：{x['reason']}" + (
                f"（{x['by']}）" if x["by"] else ""
            )
        for r in summary["tally_review"]:
            text += (
                f"\n待核对 to review: {label(GROUP_LABELS, r['group'])} 计数 {r['counted']}，"
                f"被 {len(r['takebacks'])} 次撤回共 {r['taken']}（未互相看到 / made without seeing each other）"
            )
        emit(args, summary, text)
    return 0


def _summary_text(app: Any, s: dict[str, Any]) -> str:
    v = s["visit"]
    titles = {t.id: t.name for t in app.catalog.titles()}
    people = {p.id: p.name for p in app.catalog.people()}
    lines = [
        f"{v['date']} {s['site']['name'] if s['site'] else ''} [{label(VISIT_STATUS_LABELS, v['status'])}]",
        f"到达 arrived {v.get('arrived_at') or '-'}  离开 left {v.get('left_at') or '-'}",
        "人数 attendance: "
        + "，".join(f"{label(GROUP_LABELS, g)} {n}" for g, n in s["tallies"].items())
        + f"（合计 total {s['attendance']}）",
        f"签到 sign-ins: {s['signins']}",
        f"发放 handed out: {figures.units_text(s['books_by_unit'])}"
        + "".join(f"\n  {book_title(titles.get(t, t))} → {r or '-'}: {n}" for t, r, n in s["distributed"]),
        "上岗时长 time on duty: "
        + ("，".join(f"{people.get(p, p)} {figures.minutes_text(n)}" for p, n in s["crew_minutes"].items()) or "-"),
    ]
    return "\n".join(lines)


def cmd_tally_review(app: Any, args: argparse.Namespace) -> int:
    if args.checked:
        app.attendance.mark_tally_checked(args.checked)
        emit(args, {"checked": args.checked}, "已标记为已核对 / marked checked")
        return 0
    vid = resolve.visit(app, args.visit) if args.visit else None
    rows = app.attendance.tally_review(vid, include_checked=args.all)
    text = "\n".join(
        f"{r.tally_id}  {label(GROUP_LABELS, r.group)} 计入 counted {r.counted} 撤回 taken back {r.taken}" for r in rows
    )
    hint = "\n改正：caravan tally 活动 人群 +N / −N；核对无误：--checked 编号 / fix with tally ±N, or --checked ID"
    emit(args, [r.to_json() for r in rows], (text + hint) if rows else "没有待复核的撤回 / nothing to review")
    return 0


def cmd_tally(app: Any, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    before = (_visit_json(app, vid) or {}).get("status")
    total = app.attendance.tally(vid, args.group, args.delta.replace("−", "-"))
    lines = [
        f"{label(GROUP_LABELS, args.group)}：{total}（本场合计 visit total {sum(app.attendance.totals(vid).values())}）"
    ]
    started = before == "planned" and (_visit_json(app, vid) or {}).get("status") == "in_progress"
    if started:  # the first count on a planned visit of today records arrival, visibly
        lines.insert(0, "已记录到达，活动开始 / arrival recorded, visit started")
    if args.delta.replace("−", "-").strip().startswith("-"):
        lines.append("已撤回最近的计数记录（撤回记录指明所撤条目）/ took back the latest entries")
    emit(
        args,
        {"group": args.group, "total": total, "totals": app.attendance.totals(vid), "started": started},
        "\n".join(lines),
    )
    return 0


def cmd_duty(app: Any, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    kind = app.visits.duty(vid, resolve.person(app, args.person), args.kind)
    emit(args, {"kind": kind}, "上岗 / on duty" if kind == "on" else "离岗 / off duty")
    return 0


def cmd_stock_show(app: Any, args: argparse.Namespace) -> int:
    if getattr(args, "sub", None):
        return 0
    cid = resolve.caravan(app, args)
    bal = app.stock.balances(cid)
    rows = [{"title_id": t.id, "title": t.name, "on_hand": bal.get(t.id, 0)} for t in app.catalog.titles()]
    return _table(args, rows, ("title", "on_hand"))


def cmd_stock_move(app: Any, args: argparse.Namespace) -> int:
    cid = resolve.caravan(app, args)
    tid = resolve.title(app, args.title)
    try:
        if args.action == "load":
            mid = app.stock.load(cid, tid, args.qty, args.reason)
        elif args.action == "return":
            mid = app.stock.return_(cid, tid, args.qty, args.reason)
        elif args.action == "unload":
            mid = app.stock.unload(cid, tid, args.qty, args.reason, override=args.force)
        elif args.action == "adjust":
            mid = app.stock.adjust(cid, tid, args.delta.replace("−", "-"), args.reason, override=args.force)
        else:
            to = resolve.pick(app.catalog.caravans(), args.to_caravan, "大篷车", "caravan", "name", "plate")
            mid = app.stock.transfer(cid, to, tid, args.qty, override=args.force)
    except StockWarning as w:
        raise CliError(f"{w.zh}（加 --force 确认）/ {w.en} (add --force)") from w
    emit(
        args, {"movement": mid, "on_hand": app.stock.balance(cid, tid)}, f"库存 on hand: {app.stock.balance(cid, tid)}"
    )
    return 0


def cmd_stock_close(app: Any, args: argparse.Namespace) -> int:

    cid = resolve.caravan(app, args)
    counted: dict[str, object] = {}
    for item in args.counts:
        name, sep, n = item.rpartition("=")
        if not sep:
            raise CliError(f"格式应为 书名=数量 / expected title=count: {item}")
        counted[resolve.title(app, name)] = n
    rep = app.stock.close_day(
        cid,
        args.date or app.clock.today(),  # the corrected clock (a laptop a day off)
        counted,
        args.note,
        book_differences=args.book_differences,
        partial=args.partial,
    )
    titles = {t.id: t.name for t in app.catalog.titles()}
    text = "\n".join(
        f"{book_title(str(titles.get(ln.title_id)))} 账面 {ln.expected} 清点 {ln.counted} 差异 {ln.difference:+d}"
        for ln in rep.lines
    )
    if rep.adjustments:
        text += f"\n已把 {len(rep.adjustments)} 项差异记为调整 / booked {len(rep.adjustments)} difference(s)"
    elif rep.differences:
        text += "\n差异未记账（可加 --book-differences）/ differences not booked (add --book-differences)"
    if rep.uncounted:
        names = "、".join(f"{book_title(titles.get(t, t))}" for t in rep.uncounted)
        text += f"\n未清点、未记录 / not counted, not recorded: {names}"
    emit(
        args,
        {
            "id": rep.id,
            "date": rep.date,
            "lines": rep.lines_json(),
            "adjustments": rep.adjustments,
            "uncounted": rep.uncounted,
        },
        "日结 day close\n" + text,
    )
    return 0


def cmd_distribute(app: Any, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    cid = resolve.caravan(app, args) if args.caravan else app.visits.get(vid).caravan_id
    tid = resolve.title(app, args.title)
    try:
        mid = app.stock.distribute(cid, tid, args.qty, vid, args.recipient, override=args.force)
    except StockWarning as w:
        raise CliError(f"{w.zh}（加 --force 确认）/ {w.en} (add --force)") from w
    emit(
        args,
        {"movement": mid, "on_hand": app.stock.balance(cid, tid)},
        f"已发放 / handed out; 库存 on hand: {app.stock.balance(cid, tid)}",
    )
    return 0


def cmd_undo(app: Any, args: argparse.Namespace) -> int:
    """Undo one movement by id; without an id show this laptop's last one and ask (y/N)."""
    import sys

    mid = args.movement
    if not mid:
        cid = resolve.caravan(app, args) if args.caravan else None
        last = app.stock.last_undoable(cid)
        if not last:
            raise CliError("本机没有可撤销的记录 / nothing to undo on this laptop")
        d = app.stock.describe(last.id)
        cmd = f"caravan undo {last.id}"
        if getattr(args, "json", False) or not sys.stdin.isatty():
            raise CliError(
                f"本机最近一条记录：{d.zh}\n撤销需要写明编号：{cmd}\n"
                f"This laptop's last movement: {d.en}\nTo undo it, name it: {cmd}"
            )
        print(f"将撤销 / will undo: {d.zh}\n{d.en}")
        answer = input("确认撤销？/ Undo this? [y/N] ").strip().lower()
        if answer not in ("y", "yes", "是"):
            print("未撤销 / not undone")
            return 1
        mid = last.id
    try:
        res = app.stock.undo(mid, override=args.force, reason=args.reason)
    except StockWarning as w:
        raise CliError(f"{w.zh}（加 --force 确认）/ {w.en} (add --force)") from w
    emit(args, res.to_dict(), f"{res.zh}\n{res.en}\n撤销编号 / undo id: {', '.join(res.ids)}")
    return 0


__all__ = ["register", "Group"]
