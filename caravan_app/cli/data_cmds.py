"""Data commands: demo, import, export, backup, restore, check, info."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .common import CliError, emit, open_app


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="载入演示数据 / load demo data")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--visits", type=int, default=60)
    p.add_argument("--if-empty", action="store_true", help="只在数据库为空时载入 / only into an empty database")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="导入 / import")
    isub = p.add_subparsers(dest="what", required=True)
    q = isub.add_parser("sites", help="导入学校/站点名单 (CSV/XLSX) / import a site list")
    q.add_argument("file")
    q.add_argument("--dry-run", action="store_true", help="只检查不写入 / check only")
    q.add_argument(
        "--update", action="store_true", help="把列出的变化作为修改写入 / apply the shown differences as edits"
    )
    q.add_argument("--rejects", metavar="F.xlsx", help="把拒绝和带警告的行存为退回表 / save rows to send back")
    q.set_defaults(func=cmd_import_sites)

    p = sub.add_parser("export", help="导出 FILE.json | FILE.xlsx | 目录(CSV) / export")
    p.add_argument("target")
    p.add_argument(
        "--raw", action="store_true", help="XLSX/CSV 按数据库原样（编号与代码）/ tables as stored (ids and codes)"
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("backup", help="备份数据库 / back up the database")
    p.add_argument("file", nargs="?")
    p.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite an existing file")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="从备份恢复 / restore from a backup")
    p.add_argument("file")
    p.add_argument(
        "--as-new-device",
        action="store_true",
        help="把另一台电脑的数据库作为新设备使用（新设备编号，需重新登记同步）"
        " / take another laptop's database over as a new device (new id, enroll again)",
    )
    p.add_argument(
        "--leave-unsent",
        action="store_true",
        help="不写回当前数据库中未同步的修改（只另存为文件）/ do not write back the current database's unsent "
        "changes (they are only saved to a file)",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", help="检查数据库与库存账 / check the database and ledger")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("info", help="数据目录与本机信息 / data folder and this laptop")
    p.set_defaults(func=cmd_info)


def cmd_demo(args: argparse.Namespace) -> int:
    from ..services.demo import load_demo

    app = open_app(args)
    try:
        if app.catalog.caravans():
            if args.if_empty:
                emit(args, {"loaded": False}, "已有数据，未载入演示数据 / data present, demo not loaded")
                return 0
            raise CliError("数据库已有数据，演示数据只能载入空数据库 / the database is not empty")
        made = load_demo(app, seed=args.seed, visits=args.visits)
        app.maintenance.backup()
        emit(
            args,
            {"loaded": True, **made},
            "已载入演示数据 / demo data loaded: " + ", ".join(f"{k} {v}" for k, v in made.items()),
        )
        return 0
    finally:
        app.close()


def cmd_import_sites(args: argparse.Namespace) -> int:
    from ..services.import_rejects import write_send_back
    from ..services.importer import FIELD_NAMES_ZH, STATUS_ZH, ImportFailed, ImportReport

    app = open_app(args)
    try:
        try:
            preview = app.importer.read(args.file)
        except ImportFailed as exc:
            raise CliError(f"未导入任何记录：{exc.zh} / nothing imported: {exc.en}") from exc
        if args.dry_run:
            report = ImportReport(preview.results, preview.encoding, dry_run=True)
        else:
            app.maintenance.backup()
            report = app.importer.commit(preview, update=bool(args.update))
        data: dict[str, Any] = report.to_dict()
        lines = [f"编码 encoding: {report.encoding}"]
        for r in report.rows:
            mark = STATUS_ZH[r.status] + ("（带警告）" if r.warned else "")
            lines.append(f"第{r.row}行 row {r.row}: {mark} {r.name} {r.reason}".rstrip())
            for f, (old, new) in r.changes.items():
                lines.append(f"    {FIELD_NAMES_ZH.get(f, f)} {f}: {_shown(old)} → {_shown(new)}")
            lines += [f"    警告 warning: {w}" for w in r.warnings]
        c = report.counts()
        lines.append(
            f"新增 {c['new']}，未变 {c['unchanged']}，有变化 {c['changed']}，带警告 {c['warned']}，拒绝 {c['rejected']} / "
            f"new {c['new']}, unchanged {c['unchanged']}, changed {c['changed']}, with warnings {c['warned']}, "
            f"rejected {c['rejected']}"
        )
        if args.dry_run:
            lines.append(
                f"试运行，未写入：将新增 {c['new']}，将更新 {c['changed']}（需 --update）/ dry run, nothing written: "
                f"would import {c['new']}, would update {c['changed']} (with --update)"
            )
        else:
            lines.append(
                f"已导入 {report.imported}，已更新 {report.updated} / imported {report.imported}, updated {report.updated}"
            )
            if c["changed"] and not args.update:
                lines.append("有变化的行未更新：加 --update 写入 / changed rows not applied: add --update")
        if args.rejects:
            path, n = write_send_back(preview, args.rejects)
            data["rejects_file"], data["rejects_rows"] = str(path), n
            lines.append(f"退回表 {n} 行 / {n} rows to send back: {path}")
        emit(args, data, "\n".join(lines))
        return 0
    finally:
        app.close()


def _shown(v: object) -> str:
    return "（空）" if v in (None, "") else str(v)


def cmd_export(args: argparse.Namespace) -> int:
    from ..services.export import export

    app = open_app(args)
    try:
        paths = export(app.db, args.target, raw=args.raw)
        emit(args, {"files": [str(p) for p in paths]}, "\n".join(f"已导出 / written: {p}" for p in paths))
        return 0
    finally:
        app.close()


def cmd_backup(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        path = app.maintenance.backup(args.file, overwrite=args.force)
        emit(args, {"backup": str(path)}, f"已备份 / backed up: {path}")
        return 0
    finally:
        app.close()


def cmd_restore(args: argparse.Namespace) -> int:
    src = Path(args.file)
    if not src.is_file():
        raise CliError(f"找不到备份文件 / no such backup: {src}")
    from ..services import startup as bk
    from ..services.startup import restore_backup

    unsent = bk.unsent_changes(src) if args.as_new_device else 0
    try:
        out = restore_backup(args.data_dir, src, as_new_device=args.as_new_device, leave_unsent=args.leave_unsent)
    except bk.OtherDevice as exc:
        raise CliError(str(exc)) from exc
    aside = out.aside
    text = f"已恢复 / restored from {src}" + (f"\n原数据库另存为 / previous database kept as {aside}" if aside else "")
    if args.as_new_device:
        text += (
            "\n这是一台新设备：请用新的登记码重新登记同步（caravan enroll），之后会从服务器取回全部数据"
            " / this is a new device now: enroll again with a new code (caravan enroll); it then pulls everything"
        )
        if unsent:
            text += (
                f"\n原电脑有 {unsent} 条未同步的修改没有带过来：请在原电脑上同步它们"
                f" / {unsent} unsent changes of the other laptop were not taken over: sync them from that laptop"
            )
        if out.unsent:
            text += _unsent_text(out)
    else:
        text += _unsent_text(out)
    emit(
        args,
        {
            "restored": str(src),
            "previous_kept_as": str(aside) if aside else None,
            "as_new_device": bool(args.as_new_device),
            "unsent_left_out": unsent or ((out.unsent or 0) if out.left_out else len(out.dropped)),
            "unsent_found": out.unsent,
            "unsent_saved_to": str(out.saved_to) if out.saved_to else None,
            "unsent_written_back": out.written,
            "unsent_already_in_backup": out.present,
            "unsent_waiting": out.waiting,
            "unsent_not_applied": out.dropped,
        },
        text,
    )
    return 0


def _unsent_text(out: Any) -> str:
    """What happened to the replaced database's changes that were never synced."""
    if out.unsent is None:
        return (
            "\n原数据库无法读取，不能统计其中未同步的修改；原文件已另存（见上），可交技术人员抢救"
            " / the previous database could not be read, so its unsent changes cannot be counted; "
            "the file is kept (above) for a technician"
        )
    if not out.unsent:
        return "\n原数据库没有未同步的修改 / the previous database had no unsent changes"
    if out.left_out:
        return (
            f"\n原数据库有 {out.unsent} 条未同步的修改没有写回，已另存为 {out.saved_to}"
            f" / {out.unsent} unsent changes of the previous database were not written back, "
            f"saved to {out.saved_to}"
        )
    text = (
        f"\n原数据库有 {out.unsent} 条未同步的修改，已另存为 {out.saved_to}；"
        f"已写回 {out.written} 条（下次同步时上传），备份中已有 {out.present} 条"
        f" / the previous database had {out.unsent} unsent changes, saved to {out.saved_to}; "
        f"{out.written} written back (pushed at the next sync), {out.present} already in the backup"
    )
    if out.waiting:
        text += (
            f"\n另有 {out.waiting} 条引用了备份之后才有的记录，下次同步取回这些记录后自动写回"
            f" / {out.waiting} refer to records made after the backup; they are written back when the next "
            "sync brings those records"
        )
    if out.dropped:
        text += (
            f"\n{len(out.dropped)} 条无法写回，仍保存在上述文件中 / {len(out.dropped)} could not be written back "
            "and stay in that file: " + "; ".join(out.dropped[:5])
        )
    return text


def cmd_check(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        rep = app.maintenance.check()
    finally:
        app.close()
    text = "检查通过 / all checks passed" if rep.ok else "\n".join(["发现问题 / problems found:", *rep.problems])
    if rep.facts.get("attendance_review"):  # not corruption, but a person should look
        text += (
            f"\n待核对的人数撤回 / tally take-backs to review: {rep.facts['attendance_review']}"
            "（caravan visit show 活动编号）"
        )
    if rep.duplicates:
        text += "\n== 重复记录（按名称/车牌）/ duplicates by natural key =="
        for d in rep.duplicates:
            mark = "已确认不是同一个 / kept apart" if d.kept_apart else "未合并 / not merged"
            text += f"\n{d.entity}: " + " = ".join(d.names) + f"  [{mark}] " + " ".join(d.ids)
    if rep.set_aside:
        text += "\n== 无法读取、已搁置的记录 / records set aside (this laptop cannot read them) =="
        for q in rep.set_aside:
            text += f"\n{q.entity} {q.record_id} (from {q.device_id}): {q.reason}"
        text += "\n（不计入任何统计；请服务器管理员用 caravan-server bad retract 撤回 / left out of every figure)"
    emit(args, rep.to_dict(), text + "\n" + ", ".join(f"{k}: {v}" for k, v in rep.facts.items()))
    return 0 if rep.ok else 1


def cmd_info(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        dev = app.catalog.this_device()
        data = {
            "data_dir": str(app.data_dir),
            "database": str(app.db.path),
            "device_id": app.db.device_id,
            "device_name": dev.name,
            "caravan_id": dev.caravan_id,
        }
        emit(args, data, "\n".join(f"{k}: {v}" for k, v in data.items()))
        return 0
    finally:
        app.close()
