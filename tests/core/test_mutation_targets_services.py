"""Targeted tests of the stock and attendance services for the survivors issue #18 names (an undo
of an undo allowed, an uncounted title recorded as 0 at day close, the phone number left out of
the sign-in dedupe key). Real app on a real SQLite file (the ``field`` fixture)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from caravan_app.domain.errors import RuleError, ValidationError
from caravan_app.services.app import App


def test_an_undo_cannot_be_undone_and_nothing_is_undone_twice(app: App, field: dict[str, str]) -> None:
    mv = app.stock.distribute(field["caravan"], field["title"], 5, field["visit"])
    res = app.stock.undo(mv)
    with pytest.raises(RuleError) as e:
        app.stock.undo(res.ids[0])
    assert (e.value.field, e.value.zh, e.value.en) == (
        "movement",
        "撤销记录不能再撤销；如需恢复，请重新登记一次（例如重新发放）",
        "an undo cannot be undone; record the movement again instead (e.g. hand out again)",
    )
    with pytest.raises(RuleError) as e:
        app.stock.undo(mv)
    assert (e.value.zh, e.value.en) == ("该记录已撤销", f"movement {mv} is already undone")
    assert app.stock.balance(field["caravan"], field["title"]) == 100


def test_an_uncounted_title_is_named_and_never_recorded_as_zero(app: App, field: dict[str, str]) -> None:
    other = app.catalog.add_title("科学探索")
    app.stock.load(field["caravan"], other, 7)
    today = dt.date.today()
    with pytest.raises(ValidationError) as e:
        app.stock.close_day(field["caravan"], today, {field["title"]: 100, other: ""})
    assert e.value.field == "counted"
    assert e.value.zh == "还有 1 种图书未清点：《科学探索》；请清点后填写，或只结已清点的（--partial）"
    assert e.value.en.startswith("1 title(s) with stock on the van not counted: 《科学探索》")
    assert app.stock.day_closes(field["caravan"]) == []
    rep = app.stock.close_day(field["caravan"], today, {field["title"]: 98}, partial=True)
    assert [ln["title_id"] for ln in rep.lines] == [field["title"]] and rep.uncounted == [other]
    assert rep.lines[0]["difference"] == -2 and rep.adjustments == []


def test_day_close_differences_booked_in_the_same_transaction(app: App, field: dict[str, str]) -> None:
    rep = app.stock.close_day(field["caravan"], dt.date.today(), {field["title"]: 97}, book_differences=True)
    assert len(rep.adjustments) == 1
    assert app.stock.balance(field["caravan"], field["title"]) == 97
    (close,) = app.stock.day_closes(field["caravan"])
    assert json.loads(json.dumps(close.lines)) == [
        {"title_id": field["title"], "expected": 100, "counted": 97, "difference": -3}
    ]


def test_two_people_of_one_name_with_different_phones_are_two_sign_ins(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    a = app.attendance.signin(v, "张三", "villager", phone="13800001111")
    b = app.attendance.signin(v, "张三", "villager", phone="13900002222")
    again = app.attendance.signin(v, "张三", "villager", phone="138 0000 1111")
    assert not a.duplicate and not b.duplicate and again.duplicate and again.id == a.id
    assert app.attendance.signin_count(v) == 2
