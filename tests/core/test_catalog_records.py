"""The catalogue hands out frozen records; the command line prints them with the keys it always had
(``id`` then the entity's fields in schema order), and an edit says what changed and what the record
is now."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from caravan_app.domain.errors import NotFound, RuleError
from caravan_app.domain.records.catalog import Caravan, Device, Person, Title
from caravan_app.domain.schema import ENTITIES
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan as run
from tests.helpers.cli import caravan_json as js


def _keys(entity: str) -> list[str]:
    return ["id", *ENTITIES[entity].fields]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = fresh_data_dir(tmp_path / "data")
    js(d, "van", "add", "1号车", "--plate", "鲁H12345")
    return d


def test_the_command_lines_json_keeps_every_key_in_schema_order(data: Path) -> None:
    setup = js(data, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    assert list(setup) == _keys("device") and setup["name"] == "笔记本A"
    (van,) = js(data, "van", "list")
    assert list(van) == _keys("caravan") and van["plate"] == "鲁H12345" and van["active"] is None
    person = js(data, "person", "add", "李四", "--role", "volunteer", "--team", "任城服务队")
    assert list(person) == _keys("person") and person["team"] == "任城服务队" and person["badge_code"]
    assert [list(p) for p in js(data, "person", "list")] == [_keys("person")]
    js(data, "title", "add", "身边的科学")
    (title,) = js(data, "title", "list")
    assert list(title) == _keys("title") and title["unit"] == "册"

    out = js(data, "person", "edit", person["id"], "--phone", "13800000000")
    assert list(out) == ["id", "changed", "record"]
    assert out["changed"] == {"phone": "13800000000"} and list(out["record"]) == _keys("person")
    assert out["record"]["phone"] == "13800000000" and out["record"]["team"] == "任城服务队"
    out = js(data, "van", "edit", "1号车", "--notes", "后门锁坏了")
    assert out["changed"] == {"notes": "后门锁坏了"} and list(out["record"]) == _keys("caravan")
    out = js(data, "title", "edit", "身边的科学", "--unit", "本")
    assert out["record"] == {**title, "unit": "本"}
    # The same value again writes nothing and says so.
    assert js(data, "title", "edit", "身边的科学", "--unit", "本")["changed"] == {}
    assert "没有变化" in run(data, "title", "edit", "身边的科学", "--unit", "本").stdout


def test_records_are_frozen_and_an_edit_returns_the_record_after_it(app: App) -> None:
    assert app.catalog.this_device() == Device(id=app.db.device_id)  # before the first run
    van = app.catalog.add_caravan("1号车", "鲁H1")
    app.catalog.set_this_device("笔记本", van)
    assert app.catalog.this_device().caravan_id == van and app.catalog.is_configured()
    pid = app.catalog.add_person(name="王五", role="crew", caravan_id=van)
    p = app.catalog.person(pid)
    assert isinstance(p, Person) and p.caravan_id == van and p.in_use
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name = "别人"  # type: ignore[misc]

    edit = app.catalog.update_person(pid, team="任城服务队", name="王五")
    assert dict(edit.changed) == {"team": "任城服务队"}  # the name did not change
    assert edit.record == dataclasses.replace(p, team="任城服务队") == app.catalog.person(pid)
    assert app.catalog.person_by_badge(p.badge_code or "") == edit.record

    tid = app.catalog.add_title("身边的科学")
    gone = app.catalog.deactivate("title", tid)
    assert isinstance(gone.record, Title) and gone.record.active is False and not gone.record.in_use
    assert app.catalog.titles() == [gone.record] and app.catalog.active_titles() == []
    assert app.catalog.reactivate("title", tid).record.in_use

    with pytest.raises(RuleError):  # this laptop's own van stays in use
        app.catalog.deactivate("caravan", van)
    other = app.catalog.add_caravan("2号车")
    assert isinstance(app.catalog.deactivate("caravan", other).record, Caravan)
    assert [c.id for c in app.catalog.active_caravans()] == [van]
    with pytest.raises(NotFound):
        app.catalog.update_caravan("no-such-van", name="x")


def test_an_edit_cannot_be_changed_after_the_fact(app: App) -> None:
    tid = app.catalog.add_title("身边的科学")
    edit = app.catalog.update_title(tid, unit="本")
    with pytest.raises(TypeError):
        edit.changed["unit"] = "套"  # type: ignore[index]
    assert app.catalog.update_title(tid, unit="本").nothing_changed
