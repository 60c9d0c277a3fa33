"""Report fixtures: a field day with known figures, recorded through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from caravan_app.services.app import App
from caravan_app.storage.records import unit_of_work

TALLIES = {"primary": 312, "teacher": 21, "parent": 45}
BOOKS = [("身边的科学", "三年级一班", 60), ("身边的科学", "四年级二班", 55), ("青少年科普读本", "学校图书馆", 40)]


def insert_load(app: App, caravan_id: str, title_id: str, qty: int, at: str) -> None:
    """A load recorded on another day (as a synced record would be): the services stamp 'now'."""
    with unit_of_work(app.db) as u:
        u.insert(
            "movement",
            {
                "caravan_id": caravan_id,
                "title_id": title_id,
                "kind": "load",
                "qty": qty,
                "visit_id": None,
                "recipient": None,
                "reason": None,
                "override": None,
                "ref_id": None,
                "at": at,
            },
        )


def bulk_signins(app: App, visit_id: str, n: int, at: dt.datetime) -> None:
    """Many phone sign-ins in one transaction (each row as AttendanceService writes it)."""
    from caravan_app.domain import rules

    with unit_of_work(app.db) as u:
        for i in range(n):
            name, org = f"学生{i:04d}", f"实验小学{i % 6 + 1}年级{i % 5 + 1}班"
            u.insert(
                "signin",
                {
                    "visit_id": visit_id,
                    "name": name,
                    "group": "student",
                    "organisation": org,
                    "phone": None,
                    "method": "phone",
                    "person_id": None,
                    "dedupe_key": rules.dedupe_key(name, org, None, None),
                    "at": rules.timestamp(at + dt.timedelta(seconds=i)),
                },
            )


@pytest.fixture
def day(app: App) -> dict[str, Any]:
    """Today at a primary school: crew on duty, tallies, 3 sign-ins, books handed out, day closed."""
    today = dt.date.today()
    morning = dt.datetime.combine(today, dt.time(8, 30))
    c = app.catalog.add_caravan("2号车", "鲁H56789", "任城区")
    app.catalog.set_this_device("测试笔记本", c)
    s = app.sites.add(name="任城区实验小学", county="任城区", kind="小学", contact="张老师", phone="0537-2222333")
    t1 = app.catalog.add_title("身边的科学")
    t2 = app.catalog.add_title("青少年科普读本")
    insert_load(app, c, t1, 100, (today - dt.timedelta(days=1)).isoformat() + "T17:00:00")
    app.stock.load(c, t1, 50)
    app.stock.load(c, t2, 80)
    v = app.visits.add(s, c, today, theme="科技进校园", activities="科普展示、科学实验")
    lead = app.catalog.add_person(name="李队长", role="crew", team="青少年科普服务队")
    vol = app.catalog.add_person(name="王志愿", role="volunteer", team="教育科普服务队", volunteer_no="SD2026001")
    app.visits.arrive(v, morning)
    app.visits.duty(v, lead, "on", morning)
    app.visits.duty(v, vol, "on", morning + dt.timedelta(minutes=30))
    app.visits.duty(v, vol, "off", morning + dt.timedelta(hours=2, minutes=30))
    for g, n in TALLIES.items():
        app.attendance.tally(v, g, n)
    for i, name in enumerate(("赵一", "钱二", "孙三")):
        app.attendance.signin(v, name, "teacher", organisation=f"{i + 3}年级", at=morning + dt.timedelta(minutes=i))
    titles = {"身边的科学": t1, "青少年科普读本": t2}
    for title, rec, n in BOOKS:
        app.stock.distribute(c, titles[title], n, v, rec)
    app.stock.return_(c, t1, 5, "多领退回", visit_id=v)
    app.visits.complete(v, morning + dt.timedelta(hours=4))
    app.stock.close_day(c, today, {t1: 38, t2: 40}, note="清点少2册")
    return {"caravan": c, "site": s, "visit": v, "titles": titles, "lead": lead, "vol": vol, "date": today.isoformat()}
