"""The 点单/派单/接单/评单 log as an XLSX sheet for the local 新时代文明实践 platform."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

HEADERS = (
    "点单编号",
    "学校/地点",
    "县市区",
    "希望日期",
    "联系人",
    "参加对象",
    "预计人数",
    "点单内容",
    "服务日期",
    "派单车辆",
    "活动状态",
    "接单",
    "未接单原因",
    "车组人员",
    "志愿者",
    "志愿服务时长（小时）",
    "工作人员时长（小时）",
    "服务人数",
    "评分",
    "评价",
    "需回访",
)
_STATUS = {"planned": "计划", "in_progress": "进行中", "completed": "已完成", "cancelled": "已取消"}
_ANSWER = {"accepted": "已接单", "declined": "未接单"}


def write_log(path: str | Path, rows: Sequence[Any]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("点单评单")
    ws.append(list(HEADERS))
    for r in rows:
        ws.append(
            [
                r.number,
                r.site,
                r.county,
                r.asked,
                r.contact,
                r.groups,
                r.size,
                r.topics,
                r.date,
                r.caravan,
                _STATUS.get(r.status, r.status),
                _ANSWER.get(r.answer or "", ""),
                r.answer_reason,
                "、".join(r.crew),
                "、".join(r.volunteers),
                r.volunteer_hours,
                r.staff_hours,
                r.people_served,
                r.score,
                r.comment,
                "是" if r.follow_up else "",
            ]
        )
    wb.save(str(path))
