"""``caravan privacy``: the notice, the settings, the retention purge and a person's requests
(find, export, correct, delete). Thin face over services/privacy.py."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domain.records.privacy import PersonalSignin
from ..services.app import App
from .common import emit, with_app


def _onoff(v: str) -> bool:
    if v.lower() in ("on", "1", "yes", "true", "开"):
        return True
    if v.lower() in ("off", "0", "no", "false", "关"):
        return False
    raise argparse.ArgumentTypeError("on 或 off / on or off")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("privacy", help="个人信息保护 / personal information")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("notice", help="签到告知文字 / the notice on the phone page and sign-in sheet")
    q.add_argument("--set", dest="text", help="新的告知文字（空字符串恢复默认）/ new text (empty: the default)")
    q.set_defaults(func=with_app(cmd_notice))
    q = s.add_parser("settings", help="保存期限、监护人同意、手机号是否上传 / retention and collection settings")
    q.add_argument("--days", type=int, help="活动后保留天数 / days kept after the visit")
    q.add_argument("--consent", type=_onoff, help="监护人同意模式 on/off / guardian-consent mode")
    q.add_argument("--phones-to-hub", type=_onoff, help="参加者手机号是否同步到服务器 on/off")
    q.add_argument("--pupils", help="按学生对待的身份，逗号分隔 / pupil groups, e.g. primary,junior")
    q.set_defaults(func=with_app(cmd_settings))
    q = s.add_parser("purge", help="删除过期的参加者个人信息 / purge personal fields now")
    q.add_argument("--days", type=int, help="默认用设置中的天数（90）/ default: the setting (90)")
    q.set_defaults(func=with_app(cmd_purge))
    q = s.add_parser("find", help="查找某人的签到记录 / find a person's sign-ins")
    q.add_argument("who", help="姓名或手机号 / name or phone number")
    q.set_defaults(func=with_app(cmd_find))
    q = s.add_parser("export", help="导出某人的记录 / export a person's records")
    q.add_argument("who")
    q.add_argument("--format", choices=("json", "csv"), default="json")
    q.add_argument("--out", type=Path, help="写入文件 / write to a file")
    q.set_defaults(func=with_app(cmd_export))
    q = s.add_parser("correct", help="更正姓名（同步）/ correct a misspelt name (synced)")
    q.add_argument("who")
    q.add_argument("--name", required=True, help="正确的姓名 / the right name")
    q.add_argument("--id", action="append", dest="ids", help="只改这些签到 / only these sign-ins")
    q.set_defaults(func=with_app(cmd_correct))
    q = s.add_parser("delete", help="删除某人的个人信息（同步，人数不变）/ delete a person's data everywhere")
    q.add_argument("who")
    q.add_argument("--id", action="append", dest="ids", help="只删这些签到 / only these sign-ins")
    q.add_argument("--reason", help="原因（如：家长来电要求）/ reason")
    q.set_defaults(func=with_app(cmd_delete))
    q = s.add_parser("encrypt", help="加密本机数据库和备份（SQLCipher）/ encrypt the database and backups")
    q.set_defaults(func=with_app(cmd_encrypt))
    q = s.add_parser("log", help="个人信息请求记录 / the log of requests")
    q.set_defaults(func=with_app(cmd_log))


def cmd_notice(app: App, args: argparse.Namespace) -> int:
    text = app.privacy.set_notice(args.text) if args.text is not None else app.privacy.notice()
    emit(args, {"notice": text}, text)
    return 0


def cmd_settings(app: App, args: argparse.Namespace) -> int:
    pupils = [g.strip() for g in args.pupils.split(",") if g.strip()] if args.pupils is not None else None
    st = app.privacy.configure(
        retention_days=args.days,
        guardian_consent=args.consent,
        pupil_groups=pupils,
        send_phones_to_hub=args.phones_to_hub,
    )
    lines = [
        f"保存期限 retention: 活动后 {st.retention_days} 天 / days after the visit",
        f"监护人同意模式 guardian consent: {'开 on' if st.guardian_consent else '关 off'}",
        f"按学生对待 pupil groups: {', '.join(st.pupil_groups) or '（无）'}",
        f"参加者手机号同步到服务器 phones to hub: {'是 yes' if st.send_phones_to_hub else '否 no'}",
    ]
    emit(args, st.to_dict(), "\n".join(lines))
    return 0


def cmd_purge(app: App, args: argparse.Namespace) -> int:
    r = app.privacy.purge(args.days)
    emit(
        args,
        r,
        f"已清除 {r['visits']} 场活动（{r['days']} 天以前）的 {r['signins']} 条参加者个人信息，人数不变"
        f" / purged {r['signins']} sign-in(s) of {r['visits']} visit(s); counts unchanged",
    )
    return 0


def _line(r: PersonalSignin) -> str:
    return f"{r.date or '?'}  {r.name}  {r.group}  {r.organisation or ''}  {r.phone or ''}  [{r.id}]"


def cmd_find(app: App, args: argparse.Namespace) -> int:
    rows = app.privacy.find(args.who)
    emit(args, [r.to_json() for r in rows], "\n".join(_line(r) for r in rows) or "没有找到 / nothing found")
    return 0


def cmd_export(app: App, args: argparse.Namespace) -> int:
    text = app.privacy.export(args.who, args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        emit(args, {"written": str(args.out)}, f"已写入 / written: {args.out}")
    else:
        print(text)
    return 0


def cmd_correct(app: App, args: argparse.Namespace) -> int:
    n = app.privacy.correct(args.who, args.name, args.ids)
    emit(args, {"corrected": n}, f"已更正 {n} 条签到（将随同步生效）/ corrected {n} sign-in(s) (syncs)")
    return 0


def cmd_delete(app: App, args: argparse.Namespace) -> int:
    n = app.privacy.delete(args.who, args.ids, args.reason)
    emit(args, {"deleted": n}, f"已删除 {n} 条签到的个人信息，人数不变（将随同步生效）/ blanked {n} sign-in(s) (syncs)")
    return 0


def cmd_log(app: App, args: argparse.Namespace) -> int:
    rows = app.privacy.log_entries()
    emit(args, [r.to_dict() for r in rows], "\n".join(f"{r.at}  {r.action}  {r.detail}" for r in rows) or "（无）")
    return 0


def cmd_encrypt(app: App, args: argparse.Namespace) -> int:
    from ..paths import backups_dir

    r = app.privacy.encrypt(backups_dir(app.data_dir))
    emit(
        args,
        r,
        f"已加密数据库{'' if r['database'] else '（之前已加密）'}和 {r['backups']} 个备份，密钥保存在系统凭据管理器"
        f" / encrypted the database and {r['backups']} backup(s); the key is in the OS keyring",
    )
    return 0
