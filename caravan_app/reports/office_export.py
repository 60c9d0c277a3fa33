"""The office-friendly export: XLSX or CSV an office opens in WPS/Excel and reads as
it is — names beside ids, Chinese labels for codes, real dates (Excel date cells), the day
close as one row per title, every sheet with a print setup. The canonical JSON export is a
different thing (docs/export-format.md) and stays as it is.

``office_sheets(records)`` takes the live records per entity as plain dicts (what
``services/export.py`` reads) and makes the sheets; no SQL here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..domain import figures
from ..domain.vocab import (
    GROUP_LABELS,
    MOVEMENT_LABELS,
    PERSON_ROLE_LABELS,
    SIGNIN_GROUP_LABELS,
    SITE_KIND_LABELS,
    TITLE_KIND_LABELS,
    VISIT_STATUS_LABELS,
    SigninMethod,
    label,
)
from .tables import Sheet

Records = Mapping[str, Sequence[Mapping[str, Any]]]

SIGNIN_METHOD_LABELS = {
    SigninMethod.PHONE: ("手机扫码", "Phone"),
    SigninMethod.BADGE: ("胸卡", "Badge"),
    SigninMethod.MANUAL: ("手工登记", "Manual"),
}
DUTY_LABELS = {"on": ("上岗", "On duty"), "off": ("离岗", "Off duty")}


def _date(v: Any) -> dt.date | None:
    if not v:
        return None
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _time(v: Any) -> dt.datetime | None:
    if not v:
        return None
    try:
        return dt.datetime.fromisoformat(str(v)).replace(tzinfo=None, microsecond=0)
    except ValueError:
        return None


def _service_minutes(services: Any) -> list[int]:
    """The minutes of each service a register row certified (its JSON list)."""
    try:
        lines = json.loads(services or "[]")
    except ValueError:
        return []
    if not isinstance(lines, list):
        return []
    return [int(x[4]) if isinstance(x, list) and len(x) > 4 else 0 for x in lines]


def _cert_kind(role: Any) -> str:
    return "工作时长证明" if role and not figures.is_volunteer(str(role)) else "志愿服务记录证明"


def _yes(v: Any) -> str:
    return "是" if v else "否"


def office_sheets(records: Records) -> list[Sheet]:
    by_id: dict[str, dict[str, Mapping[str, Any]]] = {e: {r["id"]: r for r in rows} for e, rows in records.items()}

    def name(entity: str, rid: Any) -> str:
        r = by_id.get(entity, {}).get(rid or "")
        return str(r.get("name") or "") if r else ""

    def rows(entity: str) -> Sequence[Mapping[str, Any]]:
        return records.get(entity, ())

    visits = by_id.get("visit", {})

    def unit(tid: Any) -> str:
        t = by_id.get("title", {}).get(tid or "")
        return figures.unit_of(t.get("unit") if t else None)

    def visit_site(vid: Any) -> str:
        v = visits.get(vid or "")
        return name("site", v.get("site_id")) if v else ""

    def visit_date(vid: Any) -> dt.date | None:
        v = visits.get(vid or "")
        return _date(v.get("date")) if v else None

    sheets = [
        Sheet(
            "大篷车",
            ["名称", "车牌", "所属县市区", "备注", "编号"],
            [[r["name"], r.get("plate"), r.get("home_county"), r.get("notes"), r["id"]] for r in rows("caravan")],
        ),
        Sheet(
            "设备",
            ["名称", "所属大篷车", "编号", "大篷车编号"],
            [[r["name"], name("caravan", r.get("caravan_id")), r["id"], r.get("caravan_id")] for r in rows("device")],
        ),
        Sheet(
            "人员",
            ["姓名", "身份", "志愿者编号", "服务队", "电话", "学校班级/单位", "所属大篷车", "胸卡码", "编号"],
            [
                [
                    r["name"],
                    label(PERSON_ROLE_LABELS, r.get("role") or ""),
                    r.get("volunteer_no"),
                    r.get("team"),
                    r.get("phone"),
                    r.get("organisation"),
                    name("caravan", r.get("caravan_id")),
                    r.get("badge_code"),
                    r["id"],
                ]
                for r in rows("person")
            ],
        ),
        Sheet(
            "学校站点",
            [
                "名称",
                "类型",
                "所属县市区",
                "乡镇(街道)",
                "详细地址",
                "联系人",
                "联系电话",
                "在校学生数",
                "备注",
                "编号",
            ],
            [
                [
                    r["name"],
                    label(SITE_KIND_LABELS, r.get("kind") or ""),
                    r.get("county"),
                    r.get("town"),
                    r.get("address"),
                    r.get("contact"),
                    r.get("phone"),
                    r.get("students"),
                    r.get("notes"),
                    r["id"],
                ]
                for r in sorted(rows("site"), key=lambda r: (r.get("county") or "", r.get("town") or "", r["name"]))
            ],
        ),
        Sheet(
            "图书物资",
            ["名称", "类型", "单位", "出版社", "编号"],
            [
                [r["name"], label(TITLE_KIND_LABELS, r.get("kind") or ""), r.get("unit"), r.get("publisher"), r["id"]]
                for r in rows("title")
            ],
        ),
        Sheet(
            "活动",
            [
                "日期",
                "学校/站点",
                "所属县市区",
                "大篷车",
                "状态",
                "主题",
                "活动形式",
                "到达时间",
                "离开时间",
                "备注",
                "编号",
            ],
            [
                [
                    _date(r.get("date")),
                    name("site", r.get("site_id")),
                    (by_id.get("site", {}).get(r.get("site_id") or "") or {}).get("county"),
                    name("caravan", r.get("caravan_id")),
                    label(VISIT_STATUS_LABELS, r.get("status") or ""),
                    r.get("theme"),
                    r.get("activities"),
                    _time(r.get("arrived_at")),
                    _time(r.get("left_at")),
                    r.get("notes"),
                    r["id"],
                ]
                for r in sorted(rows("visit"), key=lambda r: (r.get("date") or "", r["id"]))
            ],
        ),
        Sheet(
            "人数统计",
            ["时间", "活动日期", "学校/站点", "人群", "人数", "活动编号"],
            [
                [
                    _time(r.get("at")),
                    visit_date(r.get("visit_id")),
                    visit_site(r.get("visit_id")),
                    label(GROUP_LABELS, r.get("group") or ""),
                    r.get("delta"),
                    r.get("visit_id"),
                ]
                for r in sorted(rows("tally"), key=lambda r: (r.get("at") or "", r["id"]))
            ],
        ),
        Sheet(
            "签到",
            ["时间", "学校/站点", "姓名", "人群", "学校班级/单位", "电话", "签到方式", "活动编号"],
            [
                [
                    _time(r.get("at")),
                    visit_site(r.get("visit_id")),
                    r.get("name"),
                    label(SIGNIN_GROUP_LABELS, r.get("group") or ""),
                    r.get("organisation"),
                    r.get("phone"),
                    label(SIGNIN_METHOD_LABELS, r.get("method") or ""),
                    r.get("visit_id"),
                ]
                for r in sorted(rows("signin"), key=lambda r: (r.get("at") or "", r["id"]))
            ],
        ),
        Sheet(
            "值班记录",
            ["时间", "学校/站点", "人员", "上岗/离岗", "活动编号", "人员编号"],
            [
                [
                    _time(r.get("at")),
                    visit_site(r.get("visit_id")),
                    name("person", r.get("person_id")),
                    label(DUTY_LABELS, r.get("kind") or ""),
                    r.get("visit_id"),
                    r.get("person_id"),
                ]
                for r in sorted(rows("duty_event"), key=lambda r: (r.get("at") or "", r["id"]))
            ],
        ),
        Sheet(
            "库存流水",
            [
                "时间",
                "大篷车",
                "图书/物资",
                "类型",
                "数量",
                "单位",  # a quantity is never read without its unit: 册 and 份 are not added
                "学校/站点",
                "领取人",
                "原因",
                "超额确认",
                "编号",
                "关联记录",
            ],
            [
                [
                    _time(r.get("at")),
                    name("caravan", r.get("caravan_id")),
                    name("title", r.get("title_id")),
                    label(MOVEMENT_LABELS, r.get("kind") or ""),
                    r.get("qty"),
                    unit(r.get("title_id")),
                    visit_site(r.get("visit_id")),
                    r.get("recipient"),
                    r.get("reason"),
                    _yes(r.get("override")),
                    r["id"],
                    r.get("ref_id"),
                ]
                for r in sorted(rows("movement"), key=lambda r: (r.get("at") or "", r["id"]))
            ],
            total=False,  # quantities of different titles and units (册, 份) do not add up
        ),
        Sheet(
            "证明出具登记",
            [
                "出具日期",
                "证明编号",
                "姓名",
                "服务起始日期",
                "服务截止日期",
                "服务次数",
                "时长（分钟）",
                "时长（小时）",
                "补发原证明编号",
                "证件",
                "证明类别",
            ],
            [
                [
                    _date(r.get("issued_on")),
                    r.get("number"),
                    r.get("name"),
                    _date(r.get("start")),
                    _date(r.get("end")),
                    len(_service_minutes(r.get("services"))),
                    r.get("minutes"),
                    figures.hours_sum(_service_minutes(r.get("services"))),  # as the certificate printed it
                    r.get("reprint_of"),
                    " ".join(x for x in (r.get("id_type"), r.get("id_masked")) if x),
                    _cert_kind(r.get("role")),
                ]
                for r in sorted(rows("certificate_issue"), key=lambda r: (r.get("at") or "", r["id"]))
            ],
        ),
        Sheet(
            "日结",
            ["日期", "大篷车", "图书/物资", "账面数量", "清点数量", "差异", "备注", "日结时间", "日结编号", "单位"],
            _day_close_rows(rows("day_close"), name, unit),
            total=False,  # one row per title, each with its unit
        ),
    ]
    return sheets


def _day_close_rows(closes: Sequence[Mapping[str, Any]], name: Any, unit: Any) -> list[list[Any]]:
    """One row per title of each day close (the stored JSON of lines, spread out)."""
    out: list[list[Any]] = []
    for r in sorted(closes, key=lambda r: (r.get("date") or "", r.get("at") or "", r["id"])):
        try:
            lines = json.loads(r.get("lines") or "[]")
        except ValueError:
            lines = []
        if not isinstance(lines, list) or not lines:
            lines = [{}]
        for ln in lines:
            ln = ln if isinstance(ln, dict) else {}
            out.append(
                [
                    _date(r.get("date")),
                    name("caravan", r.get("caravan_id")),
                    name("title", ln.get("title_id")),
                    ln.get("expected"),
                    ln.get("counted"),
                    ln.get("difference"),
                    r.get("note"),
                    _time(r.get("at")),
                    r["id"],
                    unit(ln.get("title_id")) if ln.get("title_id") else None,
                ]
            )
    return out
