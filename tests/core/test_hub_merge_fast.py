"""The hub's merge of a pushed batch (server/apply.py), fast: in process on a real SQLite hub
database, no hub subprocess. Part of the mutation-testing selection (docs/mutation.md)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from caravan_app.domain import corrections
from caravan_app.domain.catalogue import merge_id
from caravan_app.domain.ids import derived_id
from caravan_app.server import models as hm
from caravan_app.server.apply import Rejected, apply_one, digest, dumps, load_rows, result
from caravan_app.server.db import HubDB
from caravan_app.sync.protocol import MAX_AHEAD_MS, Mutation

NOW = 1_800_000_000_000
A, B = str(uuid.UUID(int=0xA)), str(uuid.UUID(int=0xB))


def ts(ms: int, c: int = 0) -> str:
    return f"{ms:013d}.{c:05d}"


def rid(n: int) -> str:
    return str(uuid.UUID(int=1000 + n))


def mu(
    entity: str, record_id: str, data: dict[str, Any], hlc: str, op: str = "insert", base: Any = None, seq: int = 1
) -> Mutation:
    return Mutation.model_construct(seq=seq, id=record_id, entity=entity, op=op, hlc=hlc, data=data, base=base)


@pytest.fixture(scope="module")
def hub_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('hub') / 'hub.db'}"
    # The hub's tables from its models (its Alembic history on main has two heads right now;
    # the migrations are tested by tests/sync, the merge rules here).
    hdb = HubDB(url)
    hm.Base.metadata.create_all(hdb.engine)
    hdb.close()
    return url


@pytest.fixture
def hub(hub_url: str):  # type: ignore[no-untyped-def]
    hdb = HubDB(hub_url)
    with hdb.write() as s, s.begin():
        for t in (hm.HubConflict, hm.Record):
            s.query(t).delete()
    yield hdb
    hdb.close()


def push(hdb: HubDB, device: str, *muts: Mutation, now: int = NOW) -> tuple[list[str], set[tuple[str, str]]]:
    """What the hub does with one batch, minus authentication and the log."""
    out = []
    with hdb.write() as s, s.begin():
        st = load_rows(s, list(muts))
        for m in muts:
            try:
                apply_one(s, st, m, device, now)
                out.append("ok")
            except Rejected as r:
                out.append(r.code)
    return out, st.dirty


def reject(hdb: HubDB, device: str, m: Mutation, now: int = NOW) -> tuple[str, str, str]:
    with hdb.write() as s, s.begin():
        st = load_rows(s, [m])
        with pytest.raises(Rejected) as e:
            apply_one(s, st, m, device, now)
    assert str(e.value) == e.value.en
    return e.value.code, e.value.zh, e.value.en


def row(hdb: HubDB, entity: str, record_id: str) -> hm.Record:
    with hdb.read() as s:
        return s.scalars(select(hm.Record).where(hm.Record.entity == entity, hm.Record.id == record_id)).one()


def conflicts(hdb: HubDB) -> list[tuple[str, str, Any, Any, str, str]]:
    with hdb.read() as s:
        return [
            (
                c.record_id,
                c.field,
                json.loads(c.kept_value or "null"),
                json.loads(c.lost_value or "null"),
                c.lost_hlc,
                c.lost_device,
            )
            for c in s.scalars(select(hm.HubConflict).order_by(hm.HubConflict.id))
        ]


TALLY = {"visit_id": rid(90), "group": "student", "delta": 5, "at": "2026-05-01T10:00:00"}
SITE = {"name": "一中", "county": "鱼台县"}


# --- validation -----------------------------------------------------------------------------


def test_each_malformed_mutation_is_rejected_with_its_reason(hub: HubDB) -> None:
    t = ts(NOW)
    assert reject(hub, A, mu("spaceship", rid(1), {}, t)) == (
        "unknown_entity",
        "未知的数据类型 spaceship",
        "unknown entity 'spaceship'",
    )
    assert reject(hub, A, mu("site", rid(1), SITE, t, op="delete")) == ("bad_op", "无效的操作", "unknown op 'delete'")
    assert reject(hub, A, mu("tally", rid(1), TALLY, t, op="update")) == (
        "append_only",
        "只增记录不能修改",
        "tally records cannot be updated",
    )
    assert reject(hub, A, mu("site", rid(1), SITE, "1800000000000.1")) == (
        "bad_hlc",
        "时间戳格式错误",
        "malformed HLC timestamp",
    )
    assert reject(hub, A, mu("site", rid(1), SITE, ts(NOW + MAX_AHEAD_MS + 1))) == (
        "clock_ahead",
        "这台电脑的时钟比服务器快了 10 分钟以上，请校准时间后再同步",
        "this laptop's clock is more than 10 minutes ahead of the hub; fix the clock and sync again",
    )
    assert push(hub, A, mu("site", rid(2), SITE, ts(NOW + MAX_AHEAD_MS)))[0] == ["ok"]  # exactly at the limit
    assert reject(hub, A, mu("site", rid(1), SITE | {"deleted": 1}, t)) == (
        "bad_value",
        "删除标记无效",
        "deleted must be true or false",
    )
    assert reject(hub, A, mu("tally", rid(1), TALLY | {"deleted": True}, t)) == (
        "append_only",
        "只增记录不能删除",
        "tally records cannot be deleted",
    )
    assert push(hub, A, mu("tally", rid(3), TALLY | {"deleted": False}, t))[0] == ["ok"]
    assert reject(hub, A, mu("site", rid(1), SITE | {"colour": "red"}, t)) == (
        "unknown_field",
        "未知字段 colour",
        "unknown field 'colour' for site",
    )
    assert reject(hub, A, mu("site", rid(1), SITE | {"students": "many"}, t)) == (
        "bad_value",
        "字段 students 类型错误",
        "field students must be int",
    )
    assert reject(hub, A, mu("site", rid(1), SITE | {"notes": "x" * 20_001}, t)) == (
        "too_long",
        "字段 notes 太长",
        "field notes is too long",
    )
    assert push(hub, A, mu("site", rid(4), SITE | {"notes": "x" * 20_000}, t))[0] == ["ok"]
    for bad in (["x", A], [t], [t, A, A], "t", [t, 7], [7, A]):
        assert reject(hub, A, mu("site", rid(1), SITE, t, base={"name": bad})) == (
            "bad_base",
            "字段 name 的版本标记无效",
            "malformed base clock for field name",
        ), bad
    assert reject(hub, A, mu("site", rid(1), {"name": "一中"}, t)) == (
        "missing_field",
        "缺少必填字段 county",
        "required field county is missing",
    )
    assert reject(hub, A, mu("device", B, {"name": "x"}, t)) == (
        "not_yourself",
        "设备只能登记自己",
        "a device can only register itself",
    )
    assert push(hub, A, mu("device", A, {"name": "x"}, t))[0] == ["ok"]
    # an update needs no required fields, only the ones it changes
    assert push(hub, A, mu("site", rid(4), {"town": "城关"}, ts(NOW, 1), op="update"))[0] == ["ok"]


# --- append-only facts ----------------------------------------------------------------------


def test_append_only_insert_keeps_its_maker_and_a_resend_changes_nothing(hub: HubDB) -> None:
    res, dirty = push(hub, A, mu("tally", rid(1), TALLY, ts(NOW)))
    assert res == ["ok"] and dirty == {("tally", rid(1))}
    r = row(hub, "tally", rid(1))
    assert json.loads(r.data) == TALLY | {"deleted": False}
    assert (r.device_id, r.hlc, r.clocks, r.sole_writer) == (A, ts(NOW), None, A)
    res, dirty = push(hub, A, mu("tally", rid(1), TALLY, ts(NOW)))
    assert res == ["ok"] and dirty == set()
    assert row(hub, "tally", rid(1)).sole_writer == A


def test_a_different_record_under_an_existing_id_is_refused_not_dropped(hub: HubDB) -> None:
    push(hub, A, mu("tally", rid(1), TALLY, ts(NOW)))
    assert reject(hub, B, mu("tally", rid(1), TALLY | {"delta": 6}, ts(NOW, 1))) == (
        "id_clash",
        "记录编号与已有记录冲突",
        "a different record already has this id",
    )
    assert json.loads(row(hub, "tally", rid(1)).data)["delta"] == 5


def test_the_same_derived_fact_from_another_laptop_goes_to_everyone(hub: HubDB) -> None:
    # One automatic merge of two duplicate titles, made by both laptops after a sync: one fact.
    fact = {"entity": "title", "from_id": rid(41), "into_id": rid(40), "reason": "same_key", "undoes": None}
    fid = merge_id("title", rid(41), rid(40))
    push(hub, A, mu("merge", fid, fact, ts(NOW)))
    res, dirty = push(hub, B, mu("merge", fid, fact, ts(NOW, 3)))
    assert res == ["ok"] and dirty == {("merge", fid)}
    r = row(hub, "merge", fid)
    # A's copy (the lower clock) is kept, and B pulls it: sole_writer cleared
    assert (r.sole_writer, r.device_id, r.hlc) == (None, A, ts(NOW))
    # a third arrival: nothing more to send
    assert push(hub, B, mu("merge", fid, fact, ts(NOW, 3)))[1] == set()


def test_an_ordinary_fact_sent_again_by_another_laptop_changes_nothing(hub: HubDB) -> None:
    # A tally has a fresh id, not a derived one: only its maker can have written it, so an equal
    # copy from another path is the same record again (no new sequence number, maker kept).
    push(hub, A, mu("tally", rid(1), TALLY, ts(NOW)))
    assert push(hub, B, mu("tally", rid(1), TALLY, ts(NOW, 3))) == (["ok"], set())
    r = row(hub, "tally", rid(1))
    assert (r.sole_writer, r.device_id, r.hlc) == (A, A, ts(NOW))


def test_a_void_made_on_two_laptops_is_one_fact(hub: HubDB) -> None:
    vid = derived_id("signin-void", rid(7))
    void = {"signin_id": rid(7), "visit_id": rid(90), "kind": "void", "reason": "重复", "at": "2026-05-01T10:05:00"}
    push(hub, A, mu("signin_correction", vid, void, ts(NOW, 4)))
    # B voided the same sign-in earlier (lower clock), for another reason: accepted, B's copy kept
    res, dirty = push(
        hub, B, mu("signin_correction", vid, void | {"reason": "写错", "at": "2026-05-01T10:00:00"}, ts(NOW, 1))
    )
    assert res == ["ok"] and dirty == {("signin_correction", vid)}
    r = row(hub, "signin_correction", vid)
    assert (json.loads(r.data)["reason"], r.hlc, r.device_id, r.sole_writer) == ("写错", ts(NOW, 1), B, None)
    # A's copy arriving again changes nothing
    assert push(hub, A, mu("signin_correction", vid, void, ts(NOW, 4))) == (["ok"], set())
    assert json.loads(row(hub, "signin_correction", vid).data)["reason"] == "写错"
    # another kind under the void's id is a different record
    assert reject(hub, B, mu("signin_correction", vid, void | {"kind": "restore"}, ts(NOW, 2)))[0] == "id_clash"
    # a void under an id that is not the derived one is an ordinary record: a second,
    # different copy is a clash, not the same fact
    push(hub, A, mu("signin_correction", rid(8), void, ts(NOW)))
    assert reject(hub, B, mu("signin_correction", rid(8), void | {"reason": "写错"}, ts(NOW, 1)))[0] == "id_clash"
    assert json.loads(row(hub, "signin_correction", rid(8)).data)["reason"] == "重复"


def _undo(override: bool) -> tuple[str, dict[str, Any]]:
    target = rid(20)
    data = {
        "caravan_id": rid(30),
        "title_id": rid(31),
        "kind": "undo",
        "qty": 4,
        "ref_id": target,
        "override": override,
        "at": "2026-05-01T10:00:00",
    }
    return corrections.derived_id("movement.undo", target), data


def test_one_undo_made_on_two_laptops_keeps_the_lower_clock_copy(hub: HubDB) -> None:
    uid, data = _undo(False)
    push(hub, B, mu("movement", uid, data | {"at": "B"}, ts(NOW, 5)))
    res, dirty = push(hub, A, mu("movement", uid, data | {"at": "A"}, ts(NOW, 2)))
    assert res == ["ok"] and dirty == {("movement", uid)}
    r = row(hub, "movement", uid)
    assert (json.loads(r.data)["at"], r.hlc, r.device_id, r.sole_writer) == ("A", ts(NOW, 2), A, None)
    # the later copy arriving again changes nothing: the kept copy already went out to everyone
    res, dirty = push(hub, B, mu("movement", uid, data | {"at": "B"}, ts(NOW, 5)))
    r = row(hub, "movement", uid)
    assert (json.loads(r.data)["at"], r.device_id, r.sole_writer) == ("A", A, None) and (res, dirty) == (["ok"], set())


def test_an_undo_with_a_recorded_override_wins_and_the_same_copy_again_is_ignored(hub: HubDB) -> None:
    uid, plain = _undo(False)
    _, forced = _undo(True)
    push(hub, A, mu("movement", uid, plain, ts(NOW, 1)))
    assert push(hub, A, mu("movement", uid, plain, ts(NOW, 1))) == (["ok"], set())
    assert row(hub, "movement", uid).sole_writer == A
    push(hub, B, mu("movement", uid, forced, ts(NOW, 9)))
    r = row(hub, "movement", uid)
    assert (json.loads(r.data)["override"], r.device_id, r.hlc, r.sole_writer) == (True, B, ts(NOW, 9), None)


# --- edited records -------------------------------------------------------------------------


def test_an_edited_record_starts_with_a_clock_per_field(hub: HubDB) -> None:
    res, dirty = push(hub, A, mu("site", rid(1), SITE, ts(NOW)))
    assert res == ["ok"] and dirty == {("site", rid(1))}
    r = row(hub, "site", rid(1))
    data = json.loads(r.data)
    assert data["name"] == "一中" and data["town"] is None and data["deleted"] is False
    assert json.loads(r.clocks or "null") == {k: [ts(NOW), A] for k in data}
    assert (r.device_id, r.hlc, r.sole_writer) == (A, ts(NOW), A)
    push(hub, A, mu("site", rid(2), SITE | {"deleted": True}, ts(NOW)))
    assert json.loads(row(hub, "site", rid(2)).data)["deleted"] is True


def test_an_update_of_an_unknown_record_is_refused(hub: HubDB) -> None:
    assert reject(hub, A, mu("site", rid(5), {"town": "城关"}, ts(NOW), op="update")) == (
        "unknown_record",
        "要修改的记录在服务器上不存在",
        "the record to update is not on the hub",
    )


def test_another_laptops_edit_is_merged_and_sent_back_to_everyone(hub: HubDB) -> None:
    push(hub, A, mu("site", rid(1), SITE, ts(NOW)))
    res, dirty = push(
        hub, B, mu("site", rid(1), {"town": "城关"}, ts(NOW, 4), op="update", base={"town": [ts(NOW), A]})
    )
    assert res == ["ok"] and dirty == {("site", rid(1))}
    r = row(hub, "site", rid(1))
    clocks = json.loads(r.clocks or "null")
    assert json.loads(r.data)["town"] == "城关" and clocks["town"] == [ts(NOW, 4), B] and clocks["name"] == [ts(NOW), A]
    assert r.hlc == ts(NOW, 4) and r.sole_writer is None  # A must pull B's town
    assert conflicts(hub) == []  # B had seen the value it replaced
    # A edits again with a stale clock: the row's hlc stays the newest
    push(hub, A, mu("site", rid(1), {"notes": "x"}, ts(NOW, 2), op="update"))
    assert row(hub, "site", rid(1)).hlc == ts(NOW, 4)


def test_the_same_laptops_own_edits_keep_it_the_sole_writer(hub: HubDB) -> None:
    push(hub, A, mu("site", rid(1), SITE, ts(NOW)))
    push(hub, A, mu("site", rid(1), {"town": "城关"}, ts(NOW, 1), op="update", base={}))
    assert row(hub, "site", rid(1)).sole_writer == A
    assert conflicts(hub) == []  # its own earlier value was seen


def test_a_concurrent_overwrite_is_kept_for_review(hub: HubDB) -> None:
    push(hub, A, mu("site", rid(1), SITE, ts(NOW)))
    push(hub, A, mu("site", rid(1), {"town": "城关"}, ts(NOW, 1), op="update", base={}))
    push(hub, B, mu("site", rid(1), {"town": "王庙"}, ts(NOW, 2), op="update", base={"town": [ts(NOW), A]}))
    assert json.loads(row(hub, "site", rid(1)).data)["town"] == "王庙"
    assert conflicts(hub) == [(rid(1), "town", "王庙", "城关", ts(NOW, 1), A)]
    # an older concurrent edit loses and is kept too
    push(hub, A, mu("site", rid(1), {"town": "鱼城"}, ts(NOW, 1)[:-1] + "0", op="update"))
    assert conflicts(hub)[-1] == (rid(1), "town", "王庙", "鱼城", ts(NOW, 0), A)


def test_batch_helpers() -> None:
    m = mu("site", rid(1), {"name": "一"}, ts(NOW), seq=7)
    body = dumps({"id": rid(1), "entity": "site", "op": "insert", "hlc": ts(NOW), "data": {"name": "一"}})
    import hashlib

    assert digest(m) == hashlib.sha256(body.encode("utf-8")).hexdigest()
    assert dumps({"b": 1, "a": "中"}) == '{"a":"中","b":1}'
    r = result(m, "rejected", "x", "中", "en")
    assert (r.seq, r.status, r.code, r.zh, r.en) == (7, "rejected", "x", "中", "en")


def test_load_rows_fetches_every_touched_record_across_chunks(hub: HubDB) -> None:
    muts = [mu("tally", rid(i), TALLY, ts(NOW), seq=i + 1) for i in range(850)]
    push(hub, A, *muts)
    with hub.read() as s:
        st = load_rows(s, muts + [mu("site", rid(1), SITE, ts(NOW))])
    assert len(st.rows) == 850 and st.dirty == set()


def test_the_deleted_mark_does_not_hide_the_fields_after_it(hub: HubDB) -> None:
    data = {"deleted": False, "name": "一中", "county": "鱼台县", "colour": "red"}
    assert reject(hub, A, mu("site", rid(1), data, ts(NOW)))[0] == "unknown_field"


def test_one_undo_with_the_same_stamp_from_two_laptops_goes_to_both(hub: HubDB) -> None:
    uid, data = _undo(False)
    push(hub, A, mu("movement", uid, data, ts(NOW, 3)))
    res, dirty = push(hub, B, mu("movement", uid, data, ts(NOW, 3)))
    r = row(hub, "movement", uid)
    assert res == ["ok"] and dirty == {("movement", uid)} and (r.device_id, r.sole_writer) == (A, None)
