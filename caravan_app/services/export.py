"""Exports of the local data: canonical JSON (the sync convergence check), XLSX and CSV."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..domain.canonical import canonical_json
from ..domain.errors import DomainError
from ..domain.schema import ENTITIES
from ..reports.tables import Sheet, write_csv, write_xlsx
from ..storage import export_repo
from ..storage.database import Database

# Chinese sheet names and column headers for office exports.
SHEET_NAMES = {
    "caravan": "大篷车",
    "device": "设备",
    "person": "人员",
    "site": "学校站点",
    "title": "图书物资",
    "visit": "活动",
    "duty_event": "值班记录",
    "tally": "人数统计",
    "signin": "签到",
    "movement": "库存流水",
    "day_close": "日结",
    "visit_reopen": "活动重新打开",
    "signin_correction": "签到更正",
    "tally_takeback": "人数撤回",
    "merge": "合并记录",
    "privacy_action": "个人信息删除更正",
    "odometer": "里程表读数",
    "certificate_issue": "志愿服务记录证明出具登记",
    "review": "审核记录",
    "office_setting": "办公室设置",
    "photo": "活动照片",
    "photo_removal": "照片删除记录",
    "request": "点单需求",
    "rating": "评单评价",
}
COLUMN_NAMES = {
    "id": "编号",
    "signin_ids": "签到编号",
    "fields": "字段",
    "from_id": "被合并记录",
    "into_id": "合并到",
    "undoes": "撤销的合并",
    "device_id": "设备",
    "deleted": "已删除",
    "name": "名称/姓名",
    "plate": "车牌",
    "home_county": "所属县市区",
    "notes": "备注",
    "caravan_id": "大篷车",
    "role": "身份",
    "volunteer_no": "志愿者编号",
    "team": "服务队",
    "phone": "电话",
    "organisation": "学校班级/单位",
    "badge_code": "胸卡码",
    "kind": "类型",
    "county": "所属县市区",
    "town": "乡镇(街道)",
    "address": "详细地址",
    "contact": "联系人",
    "students": "在校学生数",
    "unit": "单位",
    "publisher": "出版社",
    "site_id": "学校/站点",
    "date": "日期",
    "status": "状态",
    "theme": "主题",
    "activities": "活动形式",
    "arrived_at": "到达时间",
    "left_at": "离开时间",
    "signin_token": "签到码",
    "visit_id": "活动",
    "person_id": "人员",
    "at": "时间",
    "group": "人群",
    "delta": "人数",
    "method": "签到方式",
    "dedupe_key": "身份键",
    "title_id": "图书/物资",
    "qty": "数量",
    "recipient": "领取人",
    "reason": "原因",
    "override": "超额确认",
    "ref_id": "关联记录",
    "lines": "清点明细",
    "note": "备注",
    "by": "操作人",
    "signin_id": "签到",
    "tally_id": "计数记录",
    "seen": "此前已撤回",
    "activity_kind": "活动类别",
    "out_km": "出车里程表(km)",
    "back_km": "收车里程表(km)",
    "confirmed": "已确认",
    "corrects": "更正记录",
    "decision": "审核结论",
    "round": "审核轮次",
    "value": "取值",
}


def iter_canonical(db: Database) -> list[tuple[str, dict[str, Any]]]:
    """Every synced record (deleted ones too) as (entity, canonical record)."""
    with db.read() as s:
        return export_repo.canonical_rows(s)


def canonical_export(db: Database) -> bytes:
    """Every synced record, sorted, stable names, nothing device-local: equal data, equal bytes."""
    return canonical_json(iter_canonical(db))


def _sheets(db: Database) -> list[Sheet]:
    sheets = []
    with db.read() as s:
        for entity in export_repo.entities():
            cols = ["id", *ENTITIES[entity].fields]
            rows = export_repo.table_rows(s, entity)
            sheets.append(Sheet(SHEET_NAMES[entity], [COLUMN_NAMES.get(c, c) for c in cols], rows))
    return sheets


def live_records(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every live (not deleted) record per entity as a dict of its fields plus ``id``: the raw
    table dump reports/office_export.py turns into the office's sheets (not a service result)."""
    with db.read() as s:
        return export_repo.live_records(s)


def office_export(db: Database, target: str | Path) -> list[Path]:
    """``FILE.xlsx`` or a folder of CSVs an office reads as they are (reports/office_export.py)."""
    from ..reports.office_export import office_sheets

    sheets = office_sheets(live_records(db))
    path = Path(target)
    if path.suffix.lower() == ".xlsx":
        from .base import Clock

        today = Clock(db).today()  # the corrected clock, like every "today" a service reads
        return [write_xlsx(path, sheets, title="科普大篷车数据导出", period=f"导出于 {today.isoformat()}")]
    path.mkdir(parents=True, exist_ok=True)
    return [write_csv(path / f"{sh.name}.csv", sh.headers, sh.rows) for sh in sheets]


def export(db: Database, target: str | Path, *, raw: bool = False) -> list[Path]:
    """``FILE.json`` canonical JSON; ``FILE.xlsx`` or a folder of CSVs for offices (names beside
    ids, Chinese labels, real dates); with ``raw`` the tables as stored, one sheet per table."""
    path = Path(target)
    looks_like_a_file = re.fullmatch(r"\.[A-Za-z][A-Za-z0-9]{0,4}", path.suffix) is not None  # not "导出2026.12"
    if looks_like_a_file and path.suffix.lower() not in (".json", ".xlsx") and not path.is_dir():
        # "out.txt" is a typo for a file, not a request for a folder named "out.txt".
        raise DomainError(
            "target",
            f"不支持的导出格式“{path.suffix}”：请用 .json、.xlsx 或一个文件夹（CSV）",
            f"unsupported export format '{path.suffix}': use .json, .xlsx or a folder (CSV)",
        )
    failed: OSError | None = None
    try:
        return _write_export(db, path, raw)
    except OSError as exc:  # a full disk, a read-only stick: no half-written file is left behind
        failed = exc
    _release_quietly(failed)
    for part in [path.with_name(path.name + ".part"), *(path.glob("*.part") if path.is_dir() else [])]:
        part.unlink(missing_ok=True)
    raise failed


def _write_export(db: Database, path: Path, raw: bool) -> list[Path]:
    if path.suffix.lower() != ".json" and not raw:
        return office_export(db, path)
    if path.suffix.lower() == ".json":
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(canonical_export(db))
        os.replace(tmp, path)
        return [path]
    if path.suffix.lower() == ".xlsx":
        return [write_xlsx(path, _sheets(db))]
    path.mkdir(parents=True, exist_ok=True)
    return [write_csv(path / f"{sh.name}.csv", sh.headers, sh.rows) for sh in _sheets(db)]


def _release_quietly(failed: BaseException | None) -> None:
    """Let go of what a failed write left open (its frames hold the writer's half-made zip, whose
    close fails again on a full disk), logging rather than printing the errors of its finalisers."""
    import gc
    import logging
    import sys

    previous = sys.unraisablehook
    sys.unraisablehook = lambda u: logging.getLogger("caravan.export").info("after a failed write: %s", u.exc_value)
    try:
        e = failed
        while e is not None:
            e.__traceback__ = None
            e = e.__context__
        gc.collect()
    finally:
        sys.unraisablehook = previous
