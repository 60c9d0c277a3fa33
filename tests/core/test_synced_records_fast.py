"""Writing and pulling synced records (storage/records.py), fast, on a real SQLite file (part of
the mutation-testing selection: docs/mutation.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from caravan_app.domain import corrections
from caravan_app.domain.errors import NotFound, ValidationError
from caravan_app.paths import database_path
from caravan_app.storage import models as m
from caravan_app.storage import records
from caravan_app.storage.database import Database
from tests.conftest import fresh_data_dir

OTHER = "other-device"


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    d = Database(database_path(fresh_data_dir(tmp_path / "data")), migrate=False)
    yield d
    d.close()


def outbox(db: Database) -> list[tuple[str, str, str, str, dict[str, Any], dict[str, Any] | None, bool]]:
    with db.read() as s:
        return [
            (o.entity, o.record_id, o.op, o.hlc, json.loads(o.data), json.loads(o.base) if o.base else None, o.pushed)
            for o in s.scalars(select(m.Outbox).order_by(m.Outbox.seq))
        ]


def get(db: Database, entity: str, rid: str) -> Any:
    with db.read() as s:
        return s.get(m.MODELS[entity], rid)


def lost(db: Database) -> list[tuple[str, str, Any, Any, str, str]]:
    with db.read() as s:
        return [
            (c.record_id, c.field, json.loads(c.kept_value), json.loads(c.lost_value), c.lost_hlc, c.lost_device)
            for c in s.scalars(select(m.Conflict).order_by(m.Conflict.id))
        ]


def add_title(db: Database, name: str = "身边的科学", **kw: Any) -> str:
    with records.unit_of_work(db) as u:
        return u.insert("title", {"name": name, **kw})


# --- local writes ---------------------------------------------------------------------------


def test_an_insert_writes_the_row_its_clocks_and_its_outbox_row_together(db: Database) -> None:
    rid = add_title(db, kind="book")
    row = get(db, "title", rid)
    assert (row.name, row.kind, row.unit, row.deleted, row.device_id) == (
        "身边的科学",
        "book",
        None,
        False,
        db.device_id,
    )
    clocks = json.loads(row.clocks)
    assert set(clocks) == {"name", "kind", "unit", "publisher", "active", "deleted"}
    assert all(c == [row.hlc, db.device_id] for c in clocks.values())
    (ob,) = outbox(db)
    assert ob[:4] == ("title", rid, "insert", row.hlc)
    assert ob[4] == {
        "name": "身边的科学",
        "kind": "book",
        "unit": None,
        "publisher": None,
        "active": None,
        "deleted": False,
    }
    assert ob[5:] == (None, False)


def test_an_append_only_insert_has_no_clocks_and_keeps_the_given_id(db: Database) -> None:
    with records.unit_of_work(db) as u:
        rid = u.insert("merge", {"entity": "title", "from_id": "b", "into_id": "a", "reason": "重复"}, record_id="M-1")
    assert rid == "M-1"
    row = get(db, "merge", "M-1")
    assert (row.from_id, row.into_id, row.deleted) == ("b", "a", False)
    assert not hasattr(row, "clocks") or row.clocks is None
    assert outbox(db)[0][:3] == ("merge", "M-1", "insert")


def test_bad_values_are_refused_naming_the_field(db: Database) -> None:
    with pytest.raises(ValidationError) as e, records.unit_of_work(db) as u:
        u.insert("title", {"kind": "book"})
    assert (e.value.field, e.value.zh, e.value.en) == ("name", "name 不能为空", "name is required")
    rid = add_title(db)
    cases = [
        ({"deleted": "yes"}, ("deleted", "删除标记无效", "deleted flag must be true or false")),
        ({"colour": "red"}, ("colour", "未知字段 colour", "unknown field colour for title")),
        ({"active": "yes"}, ("active", "字段 active 类型错误", "field active must be bool")),
    ]
    for changes, want in cases:
        with pytest.raises(ValidationError) as e, records.unit_of_work(db) as u:
            u.update("title", rid, changes)
        assert (e.value.field, e.value.zh, e.value.en) == want
    with pytest.raises(ValidationError) as e, records.unit_of_work(db) as u:
        u.update("title", rid, {"deleted": False, "name": "x" * 20_001})
    assert e.value.field == "name"
    assert len(outbox(db)) == 1  # nothing of the refused changes was written


def test_an_update_writes_only_what_changed_with_the_clock_it_replaces(db: Database) -> None:
    rid = add_title(db, kind="book")
    first = get(db, "title", rid).hlc
    with records.unit_of_work(db) as u:
        changed = u.update("title", rid, {"name": "身边的科学", "kind": "kit", "unit": "套"})
    assert changed == {"kind": "kit", "unit": "套"}
    row = get(db, "title", rid)
    assert (row.kind, row.unit) == ("kit", "套") and row.hlc > first
    clocks = json.loads(row.clocks)
    assert clocks["kind"] == clocks["unit"] == [row.hlc, db.device_id] and clocks["name"] == [first, db.device_id]
    ob = outbox(db)[-1]
    assert ob[:5] == ("title", rid, "update", row.hlc, {"kind": "kit", "unit": "套"})
    assert ob[5] == {"kind": [first, db.device_id], "unit": [first, db.device_id]}
    with records.unit_of_work(db) as u:
        assert u.update("title", rid, {"kind": "kit"}) == {}
    assert len(outbox(db)) == 2


def test_an_update_keeps_the_newest_row_stamp(db: Database) -> None:
    rid = add_title(db)
    with db.write() as s:
        s.get(m.MODELS["title"], rid).hlc = "9999999999999.00000"
    with records.unit_of_work(db) as u:
        u.update("title", rid, {"unit": "册"})
    assert get(db, "title", rid).hlc == "9999999999999.00000"


def test_updates_of_facts_or_missing_records_are_refused(db: Database) -> None:
    with pytest.raises(TypeError, match="merge is append-only"), records.unit_of_work(db) as u:
        u.update("merge", "M-1", {"reason": "x"})
    with pytest.raises(NotFound) as e, records.unit_of_work(db) as u:
        u.update("title", "nope", {"unit": "册"})
    assert (e.value.field, e.value.zh, e.value.en) == ("title_id", "找不到该记录", "no such title: nope")


def test_a_deleted_record_is_a_synced_tombstone_and_no_longer_found(db: Database) -> None:
    rid = add_title(db)
    with records.unit_of_work(db) as u:
        u.delete("title", rid)
    assert get(db, "title", rid).deleted is True
    assert outbox(db)[-1][2:5:2] == ("update", {"deleted": True})
    for look in ("get", "status"):
        with pytest.raises(NotFound) as e, records.unit_of_work(db) as u:
            getattr(u, look)("title", rid, *(["name"] if look == "status" else []))
        assert (e.value.field, e.value.zh, e.value.en) == ("title_id", "找不到该记录（title）", f"no such title: {rid}")
    with pytest.raises(NotFound) as e, records.unit_of_work(db) as u:
        u.get("title", None, field="title")
    assert e.value.field == "title" and e.value.en == "no such title: None"
    with pytest.raises(NotFound) as e, records.unit_of_work(db) as u:
        u.status("title", "nope", "name", field="book")
    assert e.value.field == "book"


def test_status_and_get_read_a_live_record(db: Database) -> None:
    rid = add_title(db, unit="册")
    with records.unit_of_work(db) as u:
        assert u.status("title", rid, "unit") == "册"
        assert u.get("title", rid).name == "身边的科学"


def test_a_failed_action_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError), records.unit_of_work(db) as u:
        u.insert("title", {"name": "甲"})
        raise RuntimeError("power cut")
    assert outbox(db) == []
    with db.read() as s:
        assert s.scalars(select(m.MODELS["title"])).all() == []


def test_pending_outbox_in_order_up_to_the_limit(db: Database) -> None:
    ids = [add_title(db, f"书{i}") for i in range(4)]
    with db.write() as s:
        first = s.scalars(select(m.Outbox).order_by(m.Outbox.seq)).first()
        first.pushed = True
    with db.read() as s:
        assert [o.record_id for o in records.pending_outbox(s)] == ids[1:]
        assert [o.record_id for o in records.pending_outbox(s, limit=2)] == ids[1:3]


def test_dumps_and_record_fields(db: Database) -> None:
    assert records.dumps({"b": 1, "a": "中"}) == '{"a":"中","b":1}'
    rid = add_title(db, unit="册")
    assert records.record_fields("title", get(db, "title", rid)) == {
        "name": "身边的科学",
        "kind": None,
        "unit": "册",
        "publisher": None,
        "active": None,
    }


# --- pulled records -------------------------------------------------------------------------

T1, T2, T3 = "1700000000000.00001", "1700000000000.00002", "1700000000000.00003"


def pull(db: Database, entity: str, rec: dict[str, Any]) -> int:
    with db.write() as s:
        return records.apply_remote(s, db, entity, rec)


def test_a_pulled_record_lands_with_its_per_field_clocks(db: Database) -> None:
    rec = {
        "id": "T-1",
        "device_id": OTHER,
        "hlc": T2,
        "data": {"name": "甲", "unit": "册", "deleted": False},
        "clocks": {"name": [T1, OTHER], "unit": [T2, OTHER]},
    }
    assert pull(db, "title", rec) == 0
    row = get(db, "title", "T-1")
    assert (row.name, row.unit, row.device_id, row.hlc, row.deleted) == ("甲", "册", OTHER, T2, False)
    assert json.loads(row.clocks) == {"name": [T1, OTHER], "unit": [T2, OTHER], "deleted": [T2, OTHER]}
    assert db.clock.last >= T2  # later local edits sort after what was seen
    assert outbox(db) == []  # nothing pulled is pushed back
    pull(db, "title", {"id": "T-2", "device_id": OTHER, "hlc": T1, "data": {"name": "乙", "deleted": True}})
    assert get(db, "title", "T-2").deleted is True


def test_pulled_per_field_clocks_decide_the_merge(db: Database) -> None:
    rid = add_title(db)  # local name written now (a 2026+ stamp, newer than T1)
    mine = get(db, "title", rid).hlc
    with db.write() as s:
        s.execute(m.Outbox.__table__.update().values(pushed=True))
    newer = "9999999999999.00000"
    # the hub's copy: its name is older than mine (T1), its unit is new; the record's hlc is newest
    rec = {
        "id": rid,
        "device_id": OTHER,
        "hlc": newer,
        "data": {"name": "旧名", "unit": "册"},
        "clocks": {"name": [T1, OTHER], "unit": [newer, OTHER]},
    }
    assert pull(db, "title", rec) == 0
    row = get(db, "title", rid)
    assert (row.name, row.unit) == ("身边的科学", "册")
    clocks = json.loads(row.clocks)
    assert clocks["name"] == [mine, db.device_id] and clocks["unit"] == [newer, OTHER]
    assert row.hlc == newer
    assert lost(db) == []


def test_a_pulled_record_without_clocks_uses_its_stamp_for_every_field(db: Database) -> None:
    rid = add_title(db)
    with db.write() as s:
        s.execute(m.Outbox.__table__.update().values(pushed=True))
    pull(db, "title", {"id": rid, "device_id": OTHER, "hlc": "9999999999999.00000", "data": {"name": "新名"}})
    row = get(db, "title", rid)
    assert row.name == "新名" and json.loads(row.clocks)["name"] == ["9999999999999.00000", OTHER]


def test_my_unpushed_edit_overwritten_by_a_newer_one_is_kept_for_review(db: Database) -> None:
    rid = add_title(db)
    mine = get(db, "title", rid).hlc
    newer = "9999999999999.00000"
    n = pull(db, "title", {"id": rid, "device_id": OTHER, "hlc": newer, "data": {"name": "新名"}})
    assert n == 1
    assert lost(db) == [(rid, "name", "新名", "身边的科学", mine, db.device_id)]
    assert get(db, "title", rid).name == "新名"


def test_my_pushed_edit_is_lost_only_if_the_hub_says_so(db: Database) -> None:
    a, b = add_title(db, "甲"), add_title(db, "乙")
    mine_b = get(db, "title", b).hlc
    with db.write() as s:
        s.execute(m.Outbox.__table__.update().values(pushed=True))
    newer = "9999999999999.00000"
    # a: the other laptop had seen my value: simply newer, no conflict
    assert pull(db, "title", {"id": a, "device_id": OTHER, "hlc": newer, "data": {"name": "甲2"}}) == 0
    # b: the hub names my value as lost to a concurrent edit
    rec = {
        "id": b,
        "device_id": OTHER,
        "hlc": newer,
        "data": {"name": "乙2"},
        "lost": {"name": [[mine_b, db.device_id]]},
    }
    assert pull(db, "title", rec) == 1
    assert lost(db) == [(b, "name", "乙2", "乙", mine_b, db.device_id)]
    # another laptop's value overwritten: never "my change lost"
    rec = {"id": b, "device_id": "third", "hlc": "9999999999999.00001", "data": {"name": "乙3"}}
    assert pull(db, "title", rec) == 0


def test_an_older_pulled_value_loses_to_mine_silently(db: Database) -> None:
    rid = add_title(db)
    assert pull(db, "title", {"id": rid, "device_id": OTHER, "hlc": T1, "data": {"name": "旧名"}}) == 0
    assert get(db, "title", rid).name == "身边的科学" and lost(db) == []


def test_a_pulled_fact_is_inserted_once(db: Database) -> None:
    rec = {
        "id": "M-9",
        "device_id": OTHER,
        "hlc": T1,
        "data": {"entity": "title", "from_id": "b", "into_id": "a", "reason": "重复"},
    }
    assert pull(db, "merge", rec) == 0
    assert pull(db, "merge", rec) == 0
    row = get(db, "merge", "M-9")
    assert (row.device_id, row.hlc, row.into_id, row.deleted) == (OTHER, T1, "a", False)
    with pytest.raises(ValidationError):
        pull(db, "merge", rec | {"data": {"colour": 1}})


def _undo_rec(device: str, hlc: str, **kw: Any) -> dict[str, Any]:
    data = {
        "caravan_id": "C",
        "title_id": "T",
        "kind": "undo",
        "qty": 2,
        "ref_id": "MV-1",
        "at": "2026-12-02T09:00:00",
        "override": False,
    }
    data.update(kw)
    return {"id": corrections.derived_id("movement.undo", "MV-1"), "device_id": device, "hlc": hlc, "data": data}


def test_the_same_undo_pulled_keeps_the_copy_every_store_keeps(db: Database) -> None:
    at_a, at_b = "2026-12-02T09:00:01", "2026-12-02T09:00:02"
    pull(db, "movement", _undo_rec("B", T2, at=at_b))
    uid = _undo_rec("B", T2)["id"]
    pull(db, "movement", _undo_rec("A", T3, at=at_a))  # higher clock: mine stays
    row = get(db, "movement", uid)
    assert (row.device_id, row.hlc, row.at) == ("B", T2, at_b)
    pull(db, "movement", _undo_rec("A", T1, at=at_a))  # lower clock: adopted
    row = get(db, "movement", uid)
    assert (row.device_id, row.hlc, row.at, row.qty) == ("A", T1, at_a, 2)
    with db.write() as s:
        r = s.get(m.MODELS["movement"], uid)
        assert records.keep_one_correction("movement", r, _undo_rec("Z", T1, qty=3)) is False
        assert records.keep_one_correction("movement", r, _undo_rec("Z", "0000000000000.00000")) is True
        assert r.device_id == "Z"


def test_a_too_long_value_says_so_in_both_languages(db: Database) -> None:
    rid = add_title(db)
    with pytest.raises(ValidationError) as e, records.unit_of_work(db) as u:
        u.update("title", rid, {"name": "x" * 20_001})
    assert (e.value.field, e.value.zh, e.value.en) == ("name", "字段 name 太长", "field name is too long")


def test_a_pulled_record_without_a_deleted_mark_is_live(db: Database) -> None:
    pull(db, "title", {"id": "T-3", "device_id": OTHER, "hlc": T1, "data": {"name": "丙"}})
    assert get(db, "title", "T-3").deleted is False


def test_only_the_unpushed_edit_of_that_field_counts_as_unseen(db: Database) -> None:
    rid = add_title(db)
    mine = get(db, "title", rid).hlc
    with db.write() as s:
        s.execute(m.Outbox.__table__.update().values(pushed=True))
    with records.unit_of_work(db) as u:
        u.update("title", rid, {"unit": "册"})  # a later edit of another field, not pushed yet
    rec = {"id": rid, "device_id": OTHER, "hlc": "9999999999999.00000", "data": {"name": "新名"}}
    assert pull(db, "title", rec) == 0  # my name was pushed (and seen): no conflict
    assert get(db, "title", rid).name == "新名" and json.loads(get(db, "title", rid).clocks)["name"][0] > mine


def test_a_pulled_undo_with_a_recorded_override_replaces_my_plain_copy(db: Database) -> None:
    pull(db, "movement", _undo_rec("A", T1))
    pull(db, "movement", _undo_rec("B", T3, override=True))
    row = get(db, "movement", _undo_rec("A", T1)["id"])
    assert (row.device_id, row.override) == ("B", True)


def test_a_record_breaking_a_rule_across_its_fields_is_refused_naming_its_entity(db: Database) -> None:
    """The rules the hub checks on a whole record (``fieldspec.record_problem``) refuse it here
    first: a merge of a record into itself is never written nor queued."""
    with pytest.raises(ValidationError) as e, records.unit_of_work(db) as u:
        u.insert("merge", {"entity": "site", "from_id": "S-1", "into_id": "S-1", "reason": "重复"})
    assert (e.value.field, e.value.zh, e.value.en) == (
        "merge",
        "字段 into_id 与 from_id 相同",
        "field into_id names the record itself",
    )
    assert outbox(db) == []


def test_the_operation_path_hears_which_kinds_were_written_or_pulled(db: Database) -> None:
    """``announced_commits`` collects the entity of every record written (insert) or pulled:
    what the window refreshes, and what the watcher then knows is this process's own commit."""
    from caravan_app.storage.data_version import announced_commits

    with announced_commits() as written:
        add_title(db)
    assert written.entities == {"title"}
    rec = {"id": "C-1", "device_id": OTHER, "hlc": T1, "data": {"name": "2号车", "deleted": False}}
    with announced_commits() as written:
        pull(db, "caravan", rec)
    assert written.entities == {"caravan"}


def test_adopting_a_pulled_copy_of_a_fact_leaves_facts_append_only(db: Database) -> None:
    """The same derived fact pulled again: a losing copy is still "that fact" (nothing added), and
    after the winning copy is adopted the append-only triggers refuse any other change again."""
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    pull(db, "movement", _undo_rec("B", T2))
    uid = _undo_rec("B", T2)["id"]
    with db.write() as s:
        r = s.get(m.MODELS["movement"], uid)
        assert records.keep_one_correction("movement", r, _undo_rec("Y", T3)) is True  # loses: mine stays
        assert (r.device_id, r.hlc) == ("B", T2)
    pull(db, "movement", _undo_rec("A", T1))  # wins: adopted
    assert get(db, "movement", uid).device_id == "A"
    with db.read() as s:
        assert s.execute(text("SELECT value FROM meta WHERE key = 'adopt_hub_fact'")).first() is None
    with pytest.raises(DatabaseError, match="movements is append-only"), db.write() as s:
        s.execute(text("UPDATE movements SET qty = 9 WHERE id = :id"), {"id": uid})
    assert get(db, "movement", uid).qty == 2
