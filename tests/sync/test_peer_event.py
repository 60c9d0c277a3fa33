"""Laptops at one event, connected by peer sync (no hub): a phone signed in at one laptop is
已签到 at the other, a badge's on/off duty is one shift across laptops, the stock floor counts
hand-outs from every laptop of the van; apart, the same phone at both is listed as a possible
double for review, and counted once, never merged silently; so is the same badge going on (or
off) duty at both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from caravan_app.domain.errors import StockWarning
from caravan_app.services.app import App
from caravan_app.services.peers import DutyDouble, LocalLink
from caravan_app.storage.peer_store import PossibleDouble
from tests.helpers.cli import run_cli

from .conftest import skew

pytestmark = pytest.mark.server


def _event(laptops: Callable[..., App]) -> tuple[App, App, dict[str, str]]:
    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    t = a.catalog.add_title("身边的科学")
    a.stock.load(c, t, 10)
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    p = a.catalog.add_person(name="王志愿", role="volunteer")
    b.peers.exchange(LocalLink(a.peers))
    return a, b, {"caravan": c, "title": t, "visit": v, "person": p}


def test_connected_laptops_share_sign_ins_duty_and_the_stock_floor(laptops: Callable[..., App]) -> None:
    a, b, f = _event(laptops)
    v = f["visit"]
    first = a.attendance.signin(v, "李娜", "parent", phone="13800138000", method="phone")
    assert not first.duplicate
    b.peers.exchange(LocalLink(a.peers))
    again = b.attendance.signin(v, "李娜", "parent", phone="13800138000", method="phone")
    assert again.duplicate  # 已签到: the phone signed in at the other laptop
    assert b.attendance.signin_count(v) == 1
    a.visits.duty(v, f["person"], "on")  # on duty at laptop A …
    b.peers.exchange(LocalLink(a.peers))
    assert b.visits.on_duty(v) == [f["person"]]
    b.visits.duty(v, f["person"], "off")  # … off duty at laptop B: one shift
    a.peers.exchange(LocalLink(b.peers))
    assert a.visits.on_duty(v) == [] and b.visits.on_duty(v) == []
    assert len(a.visits.duty_events(v)) == 2
    a.stock.distribute(f["caravan"], f["title"], 7, v, "学生")
    b.peers.exchange(LocalLink(a.peers))
    with pytest.raises(StockWarning):  # B sees A's hand-out: 3 left, not 10
        b.stock.distribute(f["caravan"], f["title"], 5, v, "学生")
    assert b.stock.balance(f["caravan"], f["title"]) == 3


def test_apart_the_same_phone_at_two_laptops_is_a_possible_double(laptops: Callable[..., App]) -> None:
    a, b, f = _event(laptops)
    v = f["visit"]
    a.attendance.signin(v, "李娜", "parent", phone="13800138000", method="phone")
    b.attendance.signin(v, "李娜", "parent", phone="13800138000", method="phone")  # the link was down
    assert a.peers.possible_doubles(v) == []
    b.peers.exchange(LocalLink(a.peers))
    for x in (a, b):
        doubles = x.peers.possible_doubles(v)
        assert len(doubles) == 1 and isinstance(doubles[0], PossibleDouble) and len(doubles[0].signin_ids) == 2
        assert x.attendance.signin_count(v) == 1  # counted once, both kept for review


def test_apart_the_same_badge_on_duty_at_two_laptops_is_a_possible_double(laptops: Callable[..., App]) -> None:
    a, b, f = _event(laptops)
    v, p = f["visit"], f["person"]
    a.visits.duty(v, p, "on")
    a.visits.duty(v, p, "on")  # a badge scanned twice at one laptop: not a double
    assert b.visits.duty(v, p) == "on"  # the link was down: B's scan toggles from what B knows
    b.peers.exchange(LocalLink(a.peers))
    a.peers.exchange(LocalLink(b.peers))
    for x in (a, b):
        (d,) = x.peers.possible_doubles(v)
        assert isinstance(d, DutyDouble)
        assert (d.what, d.name, d.kind, len(d.event_ids)) == ("duty", "王志愿", "on", 3)
        assert d.devices == tuple(sorted((a.db.device_id, b.db.device_id)))
        assert x.visits.on_duty(v) == [p]  # one shift, from the first "on"; all events kept
        assert len(x.visits.duty_events(v)) == 3
    a.visits.duty(v, p, "off")  # apart again: off duty at both
    b.visits.duty(v, p, "off")
    b.peers.exchange(LocalLink(a.peers))
    kinds = [(d.kind, len(d.devices)) for d in b.peers.status().doubles if isinstance(d, DutyDouble)]
    assert kinds == [("on", 2), ("off", 2)]
    shown = run_cli("--data-dir", str(b.data_dir), "peer", "status")
    assert shown.returncode == 0 and "可能重复 possible doubles: 2" in shown.stdout
    assert "王志愿 上岗 on duty 在 2 台电脑" in shown.stdout and "王志愿 下岗 off duty" in shown.stdout
    a.peers.exchange(LocalLink(b.peers))
    assert a.visits.on_duty(v) == b.visits.on_duty(v) == []
    assert a.visits.crew_minutes(v) == b.visits.crew_minutes(v)  # one shift, the same on both


def test_connected_laptops_make_no_duty_double(laptops: Callable[..., App]) -> None:
    a, b, f = _event(laptops)
    v, p = f["visit"], f["person"]
    a.visits.duty(v, p)
    b.peers.exchange(LocalLink(a.peers))
    assert b.visits.duty(v, p) == "off"  # B knows A's "on": the badge ends the shift
    a.peers.exchange(LocalLink(b.peers))
    assert a.peers.possible_doubles(v) == [] and b.peers.possible_doubles(v) == []


def test_a_repeat_made_knowing_the_other_laptops_event_is_no_double(laptops: Callable[..., App]) -> None:
    a, b, f = _event(laptops)
    v, p = f["visit"], f["person"]
    c = laptops("c")
    skew(b, -300)  # B's clock is five minutes slow: its repeat sorts before A's event
    a.visits.duty(v, p, "on")
    b.peers.exchange(LocalLink(a.peers))
    assert b.visits.on_duty(v) == [p]
    b.visits.duty(v, p, "on")  # connected: 上岗 pressed again for a person B shows on duty
    a.peers.exchange(LocalLink(b.peers))
    c.peers.exchange(LocalLink(b.peers))  # relayed: C learns both, and what B knew
    for x in (a, b, c):
        assert x.peers.possible_doubles(v) == [], x.db.device_id
        assert x.visits.on_duty(v) == [p]
    a.visits.duty(v, p, "off")  # apart now: off at both laptops
    b.visits.duty(v, p, "off")
    for x, y in ((a, b), (c, a), (c, b)):
        x.peers.exchange(LocalLink(y.peers))
    for x in (a, b, c):  # only the pair made apart is listed
        (d,) = x.peers.possible_doubles(v)
        assert isinstance(d, DutyDouble) and d.kind == "off" and len(d.event_ids) == 2
