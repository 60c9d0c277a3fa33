"""Authorization by van and role, and what each laptop pulls: real laptops over a real hub.

A van's laptop changes only its van's records (a refusal is one mutation's rejection with a
reason; the rest of the sync goes on) and receives other vans' visits and figures but never
their visitors' phone numbers, nor their names unless the office shares them; the office's
laptop receives everything. Checked on the bytes of the laptops' database files."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable

import httpx
import pytest

from caravan_app.paths import database_path
from caravan_app.server.hub import set_setting
from caravan_app.services.app import App
from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

pytestmark = pytest.mark.server

PHONE = "13912345678"
NAME = "张慧敏老师"
RECIPIENT = "李同学家长"


def _db_bytes(app: App) -> bytes:
    """The laptop's database file and its write-ahead log, as they are on disk."""
    path = database_path(app.data_dir)
    out = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return out + (wal.read_bytes() if wal.exists() else b"")


def _van_one(laptops: Callable[..., App]) -> tuple[App, dict[str, str]]:
    a = laptops("a", caravan="1号车", role="van")
    van = a.catalog.add_caravan("1号车", "鲁H11111")
    a.catalog.set_this_device("一号车笔记本", van)
    site = a.sites.add(name="鱼台县第一中学", county="鱼台县")
    title = a.catalog.add_title("身边的科学")
    a.stock.load(van, title, 50)
    visit = a.visits.add(site, van, a.clock.today(), theme="科技进校园")
    a.visits.arrive(visit)
    a.attendance.tally(visit, "teacher", 3)
    a.attendance.signin(visit, NAME, "teacher", "鱼台一中", PHONE)
    a.stock.distribute(van, title, 2, visit, recipient=RECIPIENT)
    assert a.sync.sync_now().rejected == 0
    return a, {"van": van, "site": site, "title": title, "visit": visit}


def _van_two(laptops: Callable[..., App]) -> App:
    b = laptops("b", caravan="2号车", role="van")
    van = b.catalog.add_caravan("2号车")
    b.catalog.set_this_device("二号车笔记本", van)
    b.sync.sync_now()
    return b


def test_a_van_laptop_pulls_other_vans_figures_but_never_their_visitors_phone_numbers(hub, laptops) -> None:  # noqa: ANN001
    a, ids = _van_one(laptops)
    b = _van_two(laptops)
    office = laptops("office", caravan="", role="office")
    office.sync.sync_now()
    # The other van's visit and figures are there …
    summary = b.visits.summary(ids["visit"])
    assert summary.tallies.get("teacher") == 3 and summary.signins == 1
    # … its visitor's phone number and name are not, anywhere in the file.
    raw = _db_bytes(b)
    assert PHONE.encode() not in raw and NAME.encode() not in raw and RECIPIENT.encode() not in raw
    assert b.stock.balance(ids["van"], ids["title"]) == 48  # the hand-out still counts
    assert PHONE.encode() in _db_bytes(a)  # the van's own laptop keeps its sign-in as taken
    office_raw = _db_bytes(office)
    assert PHONE.encode() in office_raw and NAME.encode() in office_raw and RECIPIENT.encode() in office_raw


def test_the_office_decides_whether_names_travel_to_other_vans(hub, laptops) -> None:  # noqa: ANN001
    _van_one(laptops)
    set_setting(hub.hdb, "share_names", "1")
    b = _van_two(laptops)  # a bootstrap of the whole hub
    raw = _db_bytes(b)
    assert NAME.encode() in raw and PHONE.encode() not in raw  # names shared, phone numbers never


def _rejected(app: App) -> dict[str, str]:
    return {r["entity"]: r["reason"] for r in app.sync.status().rejects}


def test_a_van_laptop_changes_only_its_vans_records(hub, laptops) -> None:  # noqa: ANN001
    a, ids = _van_one(laptops)
    b = _van_two(laptops)
    b_van = b.catalog.current_caravan_id()
    # b, a 2号车 laptop, tries to change 1号车's visit, count at it and book its stock …
    b.visits.update(ids["visit"], theme="被改掉的主题")
    b.attendance.tally(ids["visit"], "teacher", 100)
    b.stock.load(ids["van"], ids["title"], 999)
    # … and does its own work, which goes through.
    own = b.visits.add(ids["site"], b_van, b.clock.today(), theme="二号车的活动")
    b.sites.add(name="金乡县实验小学", county="金乡县")  # sites are shared: any van adds them
    res = b.sync.sync_now()
    assert res.rejected == 3 and res.pending == 0
    why = _rejected(b)
    assert set(why) == {"visit", "tally", "movement"}
    assert all("2号车" in w and "不能修改其他车辆" in w for w in why.values()), why
    hub_export = json.loads(hub.export())["entities"]
    visit = next(v for v in hub_export["visit"] if v["id"] == ids["visit"])
    assert visit["theme"] == "科技进校园"
    assert sum(t["delta"] for t in hub_export["tally"]) == 3
    assert sum(m["qty"] for m in hub_export["movement"]) == 48
    assert any(v["id"] == own for v in hub_export["visit"])
    assert {s["name"] for s in hub_export["site"]} == {"鱼台县第一中学", "金乡县实验小学"}
    a.sync.sync_now()
    assert a.visits.summary(ids["visit"]).tallies.get("teacher") == 3  # nothing of it reached 1号车


def test_a_van_laptop_cannot_make_or_rename_another_van(hub, laptops) -> None:  # noqa: ANN001
    _a, ids = _van_one(laptops)
    b = _van_two(laptops)
    b.catalog.add_caravan("3号车")  # a van the office did not enroll it for
    b.catalog.update_caravan(ids["van"], name="1号车（被改）")
    b.catalog.update_caravan(b.catalog.current_caravan_id(), plate="鲁H22222")  # its own van: fine
    b.sync.sync_now()
    assert [r["entity"] for r in b.sync.status().rejects] == ["caravan", "caravan"]
    vans = {c["name"]: c for c in json.loads(hub.export())["entities"]["caravan"]}
    assert set(vans) == {"1号车", "2号车"} and vans["2号车"]["plate"] == "鲁H22222"


def test_the_office_laptop_may_change_every_van(hub, laptops) -> None:  # noqa: ANN001
    a, ids = _van_one(laptops)
    office = laptops("office", caravan="", role="office")
    office.sync.sync_now()
    office.visits.update(ids["visit"], theme="办公室改的主题")
    office.catalog.add_caravan("3号车")
    planned = office.visits.add(ids["site"], ids["van"], office.clock.today(), theme="办公室派的活动")  # 派单
    assert office.sync.sync_now().rejected == 0
    visit = next(v for v in json.loads(hub.export())["entities"]["visit"] if v["id"] == ids["visit"])
    assert visit["theme"] == "办公室改的主题"
    a.sync.sync_now()
    a.visits.arrive(planned)  # the van works the visit the office planned for it
    a.attendance.tally(planned, "primary", 40)
    assert a.sync.sync_now().rejected == 0


def test_a_transfer_to_another_van_is_allowed_both_halves(hub, laptops) -> None:  # noqa: ANN001
    a, ids = _van_one(laptops)
    b = _van_two(laptops)
    a.sync.sync_now()  # a knows 2号车 now
    b_van = b.catalog.current_caravan_id()
    assert b_van is not None
    a.stock.transfer(ids["van"], b_van, ids["title"], 5)
    assert a.sync.sync_now().rejected == 0
    b.sync.sync_now()
    assert b.stock.balance(b_van, ids["title"]) == 5


def test_a_correction_through_its_own_visit_cannot_reach_another_vans_figures(hub, laptops) -> None:  # noqa: ANN001
    """A take-back names its entry: naming another van's tally from one's own visit is refused."""
    _a, ids = _van_one(laptops)
    _van_two(laptops)
    entities = json.loads(hub.export())["entities"]
    tally = entities["tally"][0]
    van_two = next(c["id"] for c in entities["caravan"] if c["name"] == "2号车")
    dev = str(uuid.uuid4())
    enrolled = httpx.post(
        hub.url + "/enroll",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code("2号车", "van"), "device_id": dev},
    ).json()
    hlc = f"{int(time.time() * 1000)}.00000"
    own_visit = str(uuid.uuid4())
    muts = [
        {
            "seq": 1,
            "id": own_visit,
            "entity": "visit",
            "op": "insert",
            "hlc": hlc,
            "data": {"site_id": ids["site"], "caravan_id": van_two, "date": "2026-12-06", "status": "in_progress"},
        },
        {
            "seq": 2,
            "id": str(uuid.uuid4()),
            "entity": "tally_takeback",
            "op": "insert",
            "hlc": hlc,
            "data": {
                "tally_id": tally["id"],
                "visit_id": own_visit,
                "group": "teacher",
                "qty": 3,
                "seen": 0,
                "at": "2026-12-06T10:00:00",
            },
        },
    ]
    r = httpx.post(
        hub.url + "/sync/push",
        headers={"Authorization": f"Bearer {enrolled['token']}"},
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": dev, "mutations": muts},
    )
    assert r.status_code == 200, r.text
    results = {x["seq"]: x for x in r.json()["results"]}
    assert 1 not in results  # its own visit: applied
    assert results[2]["status"] == "rejected" and results[2]["code"] == "not_your_van"
    assert "2号车" in results[2]["zh"]


def test_a_name_correction_of_another_vans_visitor_arrives_without_the_name(hub, laptops) -> None:  # noqa: ANN001
    a, _ids = _van_one(laptops)
    b = _van_two(laptops)
    assert a.privacy.correct(NAME, "张慧珉老师") == 1
    a.sync.sync_now()
    b.sync.sync_now()
    raw = _db_bytes(b)
    assert "张慧珉".encode() not in raw and NAME.encode() not in raw and PHONE.encode() not in raw
    assert b.visits.summary(_ids["visit"]).signins == 1  # still counted once
    assert "张慧珉".encode() in _db_bytes(a)


def test_a_van_laptop_cannot_erase_another_vans_sign_ins(hub, laptops) -> None:  # noqa: ANN001
    a, ids = _van_one(laptops)
    set_setting(hub.hdb, "share_names", "1")  # b sees the name, so it could try to erase it
    b = _van_two(laptops)
    assert b.privacy.delete(NAME, reason="冒充家长来电") == 1
    b.sync.sync_now()
    assert [r["entity"] for r in b.sync.status().rejects] == ["privacy_action"]
    a.sync.sync_now()
    assert PHONE.encode() in _db_bytes(a) and NAME.encode() in _db_bytes(a)  # the van's data stays
    signin = json.loads(hub.export())["entities"]["signin"][0]
    assert signin["name"] == NAME and signin["phone"] == PHONE
    assert ids["visit"] == signin["visit_id"]
