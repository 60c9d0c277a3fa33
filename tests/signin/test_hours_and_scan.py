"""Scanner check-in through the service, and volunteer hours for the volunteer platform."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from caravan_app.domain import badge
from caravan_app.domain.errors import RuleError
from caravan_app.services.app import App


def test_crew_badge_toggles_duty_and_participant_badge_signs_in(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    vol = app.signin.badge_payload(field["person"])
    t0 = dt.datetime.now().replace(microsecond=0)
    assert app.signin.scan(v, vol, at=t0).action == "on"
    assert app.visits.on_duty(v) == [field["person"]]
    double = app.signin.scan(v, vol, at=t0 + dt.timedelta(seconds=2))  # the scanner read it twice
    assert double.action == "repeat" and "重复扫描不计" in double.message_zh()
    assert app.visits.on_duty(v) == [field["person"]]
    r = app.signin.scan(v, vol.lower(), at=t0 + dt.timedelta(hours=2))  # Caps Lock on the scanner laptop
    assert r.action == "off" and "结束服务" in r.message_zh()
    assert app.visits.crew_hours(v)[field["person"]] == 2.0
    assert app.visits.on_duty(v) == []
    kid = app.catalog.add_person(name="小明", role="participant", organisation="三年级二班")
    first = app.signin.scan(v, app.signin.badge_payload(kid))
    again = app.signin.scan(v, app.signin.badge_payload(kid))
    assert first.action == "signin" and not first.signin.duplicate  # type: ignore[union-attr]
    assert again.signin.duplicate and "已签到" in again.message_zh()  # type: ignore[union-attr]
    assert app.attendance.signin_count(v) == 1
    assert app.attendance.signins(v)[0].method == "badge"


def test_unknown_and_foreign_badges_are_refused(app: App, field: dict[str, str]) -> None:
    with pytest.raises(badge.BadgeError) as e:
        app.signin.scan(field["visit"], badge.encode("nobody00"))
    assert "本机没有此人" in e.value.zh
    with pytest.raises(badge.BadgeError):
        app.signin.scan(field["visit"], "9787530215593")
    assert app.attendance.signin_count(field["visit"]) == 0


def test_hours_per_person_and_visit_export_as_bom_csv(app: App, field: dict[str, str], tmp_path: Path) -> None:
    v, p = field["visit"], field["person"]
    day = dt.datetime.combine(dt.date.today(), dt.time(8, 30))
    app.visits.arrive(v, at=day)
    app.visits.duty(v, p, "on", at=day)
    app.visits.duty(v, p, "off", at=day + dt.timedelta(hours=2, minutes=30))
    crew = app.catalog.add_person(name="李司机", role="crew", volunteer_no="SD2026002")
    app.visits.duty(v, crew, "on", at=day + dt.timedelta(hours=1))
    app.visits.complete(v, at=day + dt.timedelta(hours=4))  # still on duty: off at leave time
    rows = app.hours.rows()  # volunteers only: the crew's time is work, not volunteer service
    assert [(r.name, r.hours) for r in rows] == [("王志愿", 2.5)]
    assert [(r.name, r.hours) for r in app.hours.rows(volunteers_only=False)] == [("李司机", 3.0), ("王志愿", 2.5)]
    out = tmp_path / "hours.csv"
    assert app.hours.export_csv(out) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0] == ["姓名", "志愿者编号", "日期", "活动", "服务时长(小时)"]
    assert table[1] == ["王志愿", "SD2026001", dt.date.today().isoformat(), "鱼台县第一中学·科技进校园", "2.5"]
    assert len(table) == 2
    # A date range outside the visit exports nothing.
    assert app.hours.export_csv(out, "2001-01-01", "2001-12-31") == 0


def test_badges_scanned_after_the_visit_completed_are_refused(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.visits.arrive(v)
    app.visits.complete(v)
    with pytest.raises(RuleError) as e:
        app.signin.scan(v, app.signin.badge_payload(field["person"]))
    assert "活动已结束" in e.value.zh
    assert app.visits.on_duty(v) == []
