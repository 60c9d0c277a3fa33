"""Issue #14 across two laptops and a real hub process: a purge and a person's deletion are
synced facts, so after sync no laptop and not the hub holds the names (searched in the database
files' bytes, WAL included); every figure and printed verification code stays valid everywhere;
a correction syncs; the hub never receives participants' phone numbers when a laptop says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server

PUPIL, TEACHER, VOLUNTEER, PHONE = "张小明", "李老师", "王志愿", "13912345678"


def _bytes(path: Path) -> bytes:
    out = b""
    for f in (path, path.with_name(path.name + "-wal")):
        if f.exists():
            out += f.read_bytes()
    return out


def _hub_file(hub) -> Path:  # noqa: ANN001
    return Path(hub.db_url.removeprefix("sqlite:///"))


def _field(app):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一小学", county="鱼台县", kind="小学")
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 200)
    app.attendance.signin(v, PUPIL, "student", "三年级二班", "13800001111")
    app.attendance.signin(v, TEACHER, "teacher", "鱼台一小", PHONE)
    app.attendance.signin(v, VOLUNTEER, "volunteer", "青少年科普服务队", None)
    return v


def _sync(hub, *apps) -> None:  # noqa: ANN001
    for app in (*apps, *apps):
        app.sync.sync_now()
    assert {canonical_export(a.db) for a in apps} == {hub.export()}, "laptops and hub differ after sync"


def _names_gone(hub, apps, *names: str) -> None:  # noqa: ANN001
    if not hub.db_url.startswith("sqlite"):
        pytest.skip("the hub's bytes are searched on SQLite only")
    files = {"hub": _hub_file(hub), **{f"laptop {i}": Path(a.db.path) for i, a in enumerate(apps)}}
    for who, path in files.items():
        raw = _bytes(path)
        for n in names:
            assert n.encode() not in raw, f"{n} is still in the database file or WAL of the {who}"


def test_a_purge_removes_names_everywhere_and_keeps_every_code(hub, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    v = _field(a)
    _sync(hub, a, b)
    assert b.privacy.find(PUPIL), "the second laptop has the names before the purge"
    code = a.reports.figures(v).payload()
    counts = a.attendance.signin_count(v), a.attendance.totals(v)
    assert a.privacy.purge(days=0)["signins"] == 2
    _sync(hub, a, b)
    for app in (a, b):
        assert app.reports.verify(code).matches
        assert (app.attendance.signin_count(v), app.attendance.totals(v)) == counts
        assert app.privacy.find(PUPIL) == [] and app.privacy.find(PHONE) == []
        assert [r.name for r in app.privacy.find(VOLUNTEER)] == [VOLUNTEER]
        assert app.maintenance.check().ok, app.maintenance.check().problems
    _names_gone(hub, [a, b], PUPIL, TEACHER, PHONE, "三年级二班", "13800001111")
    # A third laptop enrolled afterwards pulls the blanked copies only.
    c = laptops("c")
    _sync(hub, a, b, c)
    assert c.reports.verify(code).matches and c.privacy.find(PUPIL) == []
    _names_gone(hub, [c], PUPIL, TEACHER, PHONE)


def test_a_sign_in_pushed_after_the_purge_is_blanked_on_arrival(hub, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    v = _field(a)
    _sync(hub, a, b)
    b.attendance.signin(v, "赵村民", "villager", "某某村", "13600003333")  # not yet pushed
    a.privacy.purge(days=0)
    a.sync.sync_now()  # the hub has the purge before b's sign-in arrives
    _sync(hub, b, a)
    assert b.privacy.find("赵村民") == [] and a.privacy.find("赵村民") == []
    _names_gone(hub, [a, b], "赵村民", "13600003333", PUPIL)


def test_a_deleted_person_is_gone_everywhere_and_a_correction_syncs(hub, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    v = _field(a)
    _sync(hub, a, b)
    count = b.attendance.signin_count(v)
    assert b.privacy.correct(PUPIL, "张晓明") == 1
    assert b.privacy.delete(TEACHER, reason="本人来电要求删除") == 1
    _sync(hub, a, b)
    for app in (a, b):
        assert [r.name for r in app.privacy.find("张晓明")] == ["张晓明"]
        assert app.privacy.find(TEACHER) == [] and app.privacy.find(PHONE) == []
        assert app.attendance.signin_count(v) == count
    _names_gone(hub, [a, b], TEACHER, PHONE, PUPIL)
    # Purging later also blanks the name the correction carried.
    a.privacy.purge(days=0)
    _sync(hub, a, b)
    _names_gone(hub, [a, b], "张晓明")


def test_the_hub_never_receives_participants_phone_numbers_when_told(hub, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    a.privacy.configure(send_phones_to_hub=False)
    v = _field(a)
    a.sync.sync_now()
    b.sync.sync_now()
    assert a.privacy.find(PHONE), "the laptop itself keeps the number (for its own requests)"
    assert b.privacy.find(PHONE) == [] and [r.phone for r in b.privacy.find(TEACHER)] == [None]
    raw = _bytes(_hub_file(hub)) if hub.db_url.startswith("sqlite") else hub.export()
    assert PHONE.encode() not in raw and b"13800001111" not in raw
    # The same person twice is still one count on the second laptop (the key names no number).
    assert b.attendance.signin_count(v) == a.attendance.signin_count(v)
    assert json.loads(hub.export())  # the hub's data is whole


def test_an_encrypted_laptop_syncs_and_keeps_no_readable_name(hub, laptops, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    pytest.importorskip("sqlcipher3")
    from caravan_app.storage import cipher

    monkeypatch.setenv("CARAVAN_DB_KEY_STORE", "file")
    monkeypatch.setenv("CARAVAN_DB_KEY_FILE", str(tmp_path / "keys.json"))
    monkeypatch.setattr(cipher, "_keys", {})
    a, b = laptops("a"), laptops("b")
    assert a.privacy.encrypt()["database"] == 1
    v = _field(a)
    _sync(hub, a, b)
    assert [r.name for r in b.privacy.find(TEACHER)] == [TEACHER]
    raw = _bytes(Path(a.db.path))
    assert TEACHER.encode() not in raw and PUPIL.encode() not in raw and PHONE.encode() not in raw
    a.privacy.purge(days=0)
    _sync(hub, a, b)
    assert b.privacy.find(TEACHER) == [] and a.reports.verify(b.reports.figures(v).payload()).matches


def test_a_sign_in_taken_on_the_purging_laptop_is_blanked_there_too(hub, laptops) -> None:  # noqa: ANN001
    """The purge's author takes another sign-in at the purged visit (and one arrives from the
    other laptop): every laptop, the author included, blanks both; every export is the hub's."""
    a, b = laptops("a"), laptops("b")
    v = _field(a)
    _sync(hub, a, b)
    counts = a.attendance.signin_count(v)
    a.privacy.purge(days=0)
    r = a.attendance.signin(v, "孙家长", "parent", "四年级一班", "13700004444")  # after the purge, here
    assert not r.duplicate
    assert a.privacy.find("孙家长") == [] and a.privacy.find("13700004444") == []
    b.attendance.signin(v, "周村民", "villager", "某某村", "13600005555")  # and on the other laptop
    _sync(hub, a, b)
    for app in (a, b):
        assert app.attendance.signin_count(v) == counts + 2
        for who in ("孙家长", "13700004444", "周村民", "13600005555"):
            assert app.privacy.find(who) == [], who
        assert app.maintenance.check().ok
    _names_gone(hub, [a, b], "孙家长", "13700004444", "四年级一班", "周村民", "13600005555")
