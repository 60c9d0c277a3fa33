"""``caravan photo``: add, list, export and remove a visit's photos (services/photos.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..domain.errors import ValidationError
from ..services.app import App
from . import resolve
from .common import emit, with_app


def register(sub: argparse._SubParsersAction) -> None:
    register_report(sub)
    p = sub.add_parser("photo", help="活动照片 / a visit's photos")
    s = p.add_subparsers(dest="sub", required=True)
    q = s.add_parser("add", help="添加照片 / add photo files to a visit")
    q.add_argument("visit", help="活动编号（或唯一前缀）/ visit id or a unique prefix")
    q.add_argument("files", nargs="+", type=Path)
    q.add_argument("--caption", help="说明文字 / caption for every file")
    q.add_argument("--by", dest="sent_by", help="拍摄人 / who took them")
    q.set_defaults(func=with_app(cmd_add))
    q = s.add_parser("list", help="列出照片 / list a visit's photos")
    q.add_argument("visit")
    q.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="JSON 输出 / as JSON")
    q.set_defaults(func=with_app(cmd_list))
    q = s.add_parser("export", help="导出照片到文件夹 / copy a visit's photos to a folder")
    q.add_argument("visit")
    q.add_argument("dir", type=Path)
    q.add_argument("--originals", action="store_true", help="导出原图（可能含位置信息）/ the files as sent")
    q.add_argument("--public-only", action="store_true", help="只导出可公开的 / only photos marked public")
    q.set_defaults(func=with_app(cmd_export))
    q = s.add_parser("remove", help="删除照片（记录原因）/ remove a photo, with the reason")
    q.add_argument("photo", help="照片编号（list 中的前 8 位即可）/ photo id or prefix")
    q.add_argument("--reason", required=True)
    q.set_defaults(func=with_app(cmd_remove))
    q = s.add_parser("settings", help="同步时是否传原图、是否下载其他车的照片 / what sync sends and fetches")
    q.add_argument("--originals", choices=("on", "off"), help="上传原图（办公室 Wi-Fi，非 4G）/ send originals")
    q.add_argument("--others", choices=("on", "off"), help="下载其他车辆的照片（办公室电脑）/ fetch other vans'")
    q.add_argument("--retention", help="活动后保留天数，off 为不限 / days kept after the visit, or off")
    q.set_defaults(func=with_app(cmd_settings))
    q = s.add_parser("purge", help="删除超过保存期限的照片（同步）/ remove photos past the retention")
    q.add_argument("--days", type=int, help="默认用设置中的天数 / default: the setting")
    q.set_defaults(func=with_app(cmd_purge))
    q = s.add_parser("set", help="说明、精选、公开 / caption, 精选, public")
    q.add_argument("photo")
    q.add_argument("--caption")
    q.add_argument("--chosen", choices=("on", "off"))
    q.add_argument("--public", choices=("on", "off"))
    q.set_defaults(func=with_app(cmd_set))


def cmd_add(app: App, args: argparse.Namespace) -> int:
    visit = resolve.visit(app, args.visit)
    results = app.photos.add_many(visit, args.files, caption=args.caption, sent_by=args.sent_by)
    lines: list[str] = []
    data: list[dict[str, Any]] = []
    for r in results:
        if r.error is not None:
            lines.append(f"未添加 refused: {r.error.zh} / {r.error.en}")
            data.append({"file": r.name, "error": r.error.to_dict()})
        elif r.photo is not None:
            what = "已添加 added" if r.new else "已有，未重复添加 already there"
            lines.append(f"{what}: {r.name}  [{r.photo.id[:8]}] {r.photo.width}×{r.photo.height}")
            data.append({"file": r.name, "new": r.new, "photo": r.photo.to_dict()})
    emit(args, data, "\n".join(lines))
    refused = [r for r in results if r.error is not None]
    if refused and not getattr(args, "json", False):
        print(f"{len(refused)} 个文件未添加 / {len(refused)} file(s) refused", file=sys.stderr)
    return 1 if refused else 0


def cmd_list(app: App, args: argparse.Namespace) -> int:
    photos = app.photos.of_visit(resolve.visit(app, args.visit))
    lines = [
        f"[{p.id[:8]}] {p.taken_at or p.at}  {p.width}×{p.height}  {p.size // 1024} KB"
        f"{'  精选' if p.chosen else ''}{'  公开' if p.public else ''}  {p.caption}"
        for p in photos
    ]
    emit(args, [p.to_dict() for p in photos], "\n".join(lines) or "（没有照片 / no photos）")
    return 0


def cmd_export(app: App, args: argparse.Namespace) -> int:
    written = app.photos.export(
        resolve.visit(app, args.visit), args.dir, originals=args.originals, public_only=args.public_only
    )
    emit(args, [str(p) for p in written], f"已导出 {len(written)} 张照片到 {args.dir} / exported {len(written)}")
    return 0


def cmd_remove(app: App, args: argparse.Namespace) -> int:
    p = app.photos.remove(app.photos.resolve(args.photo), args.reason)
    emit(args, p.to_dict(), f"已删除照片 [{p.id[:8]}]（原因：{args.reason}）/ removed")
    return 0


def cmd_purge(app: App, args: argparse.Namespace) -> int:
    gone = app.photos.purge(args.days)
    emit(
        args,
        [p.id for p in gone],
        f"已删除 {len(gone)} 张超过保存期限的照片，活动人数和报告校验码不变 / removed {len(gone)}",
    )
    return 0


def cmd_settings(app: App, args: argparse.Namespace) -> int:
    if args.retention is not None:
        r = args.retention.strip().lower()
        if r not in ("off", "") and not r.isdigit():
            raise ValidationError("retention", "保存天数应为整数或 off", "give a number of days or off")
        app.photos.set_retention_days(None if r in ("off", "") else int(r))
    st = app.photos.configure(
        None if args.originals is None else args.originals == "on",
        None if args.others is None else args.others == "on",
    )
    emit(
        args,
        {"originals": st.originals, "pull_others": st.pull_others},
        f"同步原图 originals: {'是 on' if st.originals else '否 off（只传展示图）'}\n"
        f"下载其他车辆的照片 other vans': {'是 on' if st.pull_others else '否 off'}\n"
        f"保存期限 retention: {app.photos.retention_days() or '不限 off'}",
    )
    return 0


def cmd_set(app: App, args: argparse.Namespace) -> int:
    pid = app.photos.resolve(args.photo)
    if args.caption is None and args.chosen is None and args.public is None:
        raise ValidationError("photo", "请给出 --caption、--chosen 或 --public", "give --caption, --chosen or --public")
    p = app.photos.get(pid)
    if args.caption is not None:
        p = app.photos.set_caption(pid, args.caption)
    if args.chosen is not None:
        p = app.photos.set_chosen(pid, args.chosen == "on")
    if args.public is not None:
        p = app.photos.set_public(pid, args.public == "on")
    emit(args, p.to_dict(), f"[{p.id[:8]}] {'精选 ' if p.chosen else ''}{'公开 ' if p.public else ''}{p.caption}")
    return 0


def register_report(sub: argparse._SubParsersAction) -> None:
    """``caravan report highlights``: added to the ``report`` group of report_cmds."""
    parser = sub.choices.get("report") or sub.add_parser("report", help="报告 / printable reports")
    group = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)  # noqa: SLF001
    if group is None:
        group = parser.add_subparsers(dest="sub", required=True)
    q = group.add_parser("highlights", help="活动剪影照片包 / ≤ 5 public chosen photos and a summary per activity")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--out", type=Path, required=True, help="输出文件夹 / folder")
    q.add_argument("--caravan", help="大篷车（默认全部）/ one van (default: all)")
    q.set_defaults(func=with_app(cmd_highlights))


def cmd_highlights(app: App, args: argparse.Namespace) -> int:
    from ..services.photos import write_highlights

    van = resolve.caravan(app, args) if args.caravan else None
    period = app.reports.period_data(f"{args.year}-01-01", f"{args.year}-12-31", van)
    done = write_highlights(app.photos, period.visits, args.out)
    emit(
        args,
        [
            {
                "visit_id": a.visit_id,
                "folder": str(a.folder),
                "summary": a.summary,
                "photos": [str(p) for p in a.photos],
            }
            for a in done
        ],
        f"已写入 {len(done)} 场活动的剪影到 {args.out} / wrote {len(done)} activities"
        + ("" if done else "（没有标为精选且可公开的照片 / no chosen public photos）"),
    )
    return 0
