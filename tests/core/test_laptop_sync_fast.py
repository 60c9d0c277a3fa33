"""Fast targeted tests of the laptop's side of sync (storage/sync_store.py) on a real SQLite file:
the outbox batch, what the hub's answer does to it (rejects, re-stamping, re-numbering after a
restore) and pulled pages (derived facts, privacy purges, quarantine). Part of the
mutation-testing selection (docs/mutation.md); stamps are exact because the laptop's wall clock
is fixed (``fixed_wall``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caravan_app.domain import hlc as hlc_mod
from caravan_app.domain import privacy
from caravan_app.domain.catalogue import merge_id
from caravan_app.paths import database_path
from caravan_app.storage import models as m
from caravan_app.storage import records, sync_store
from caravan_app.storage.database import Database
from tests.conftest import fresh_data_dir


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    d = Database(database_path(fresh_data_dir(tmp_path / "data")), migrate=False)
    yield d
    d.close()


def got(s: Session, model: Any, rid: str | int) -> Any:
    """The stored row (the test fails here if it is missing)."""
    row = s.get(model, rid)
    assert row is not None, f"{model.__name__} {rid} is missing"
    return row


def titles(db: Database, n: int) -> list[str]:
    out = []
    for i in range(n):
        with records.unit_of_work(db) as u:
            out.append(u.insert("title", {"name": f"书{i}"}))
    return out


def test_a_batch_is_the_oldest_unpushed_changes_with_their_base(db: Database) -> None:
    assert sync_store.pending_count(db) == 0
    assert sync_store.next_batch(db, 10, 10_000) == ([], False)
    ids = titles(db, 3)
    with records.unit_of_work(db) as u:
        u.update("title", ids[0], {"unit": "册"})
    assert sync_store.pending_count(db) == 4
    batch, more = sync_store.next_batch(db, 10, 100_000)
    assert more is False and [b.record_id for b in batch] == [*ids, ids[0]]
    assert [b.op for b in batch] == ["insert"] * 3 + ["update"]
    first, upd = batch[0], batch[3]
    assert first.base is None and first.data["name"] == "书0"
    assert first.size == len(records.dumps(first.data)) + 120
    assert upd.data == {"unit": "册"} and set(upd.base or {}) == {"unit"}
    wire = upd.wire()
    assert wire == {
        "seq": upd.seq,
        "id": ids[0],
        "entity": "title",
        "op": "update",
        "hlc": upd.hlc,
        "data": {"unit": "册"},
        "base": upd.base,
    }
    assert "base" not in first.wire()
    batch, more = sync_store.next_batch(db, 2, 100_000)
    assert len(batch) == 2 and more is True
    batch, more = sync_store.next_batch(db, 4, 100_000)
    assert len(batch) == 4 and more is False


def test_a_batch_stops_near_its_byte_budget_but_always_sends_one(db: Database) -> None:
    titles(db, 3)
    full, _ = sync_store.next_batch(db, 10, 100_000)
    one = full[0].size
    batch, more = sync_store.next_batch(db, 10, 1)
    assert len(batch) == 1 and more is True
    batch, more = sync_store.next_batch(db, 10, 2 * one)
    assert len(batch) == 2 and more is True
    batch, more = sync_store.next_batch(db, 10, 3 * one)
    assert len(batch) == 3 and more is False


def outbox(db: Database) -> dict[int, bool]:
    with db.read() as s:
        return {o.seq: o.pushed for o in s.scalars(select(m.Outbox).order_by(m.Outbox.seq))}


def rejects(db: Database) -> list[tuple[int, str, str]]:
    with db.read() as s:
        return [(r.seq, r.record_id, r.reason) for r in s.scalars(select(m.SyncReject).order_by(m.SyncReject.seq))]


def test_the_hubs_answer_marks_what_was_applied_and_keeps_rejects_with_reasons(db: Database) -> None:
    ids = titles(db, 4)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    s1, s2, s3, s4 = (b.seq for b in sent)
    results = [
        {"seq": s2, "status": "duplicate"},
        {"seq": s3, "status": "rejected", "code": "bad_value", "zh": "字段错误", "en": "bad field"},
        {"seq": s4, "status": "mismatch", "code": "resend_differs"},
    ]
    counts = sync_store.record_push(db, sent, results, 250, 0, 600_000, allow_requeue=False)
    # a resend the hub saw with other contents: this database went back in time (a copied backup)
    assert counts == {
        "ok": 1,
        "duplicate": 1,
        "rejected": 1,
        "mismatch": 1,
        "requeued": 0,
        "restored": 1,
        "peer_wait": 0,
    }
    assert db.get_meta("sync_restored") == "1"
    assert outbox(db) == {s1: True, s2: True, s3: True, s4: True}
    assert rejects(db) == [(s3, ids[2], "字段错误 / bad field"), (s4, ids[3], "mismatch")]
    assert db.get_meta("server_offset_ms") == "250" and db.clock.offset_ms == 250
    assert sync_store.pending_count(db) == 0
    # an answer about rows already marked changes nothing
    again = sync_store.record_push(db, sent, results, 250, 0, 600_000, allow_requeue=False)
    assert again["duplicate"] == 0 and again["rejected"] == 0 and len(rejects(db)) == 2


def test_a_reason_with_only_one_language_is_kept_as_it_is(db: Database) -> None:
    titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    results = [
        {"seq": sent[0].seq, "status": "rejected", "en": "no such column X"},
        {"seq": sent[1].seq, "status": "rejected", "zh": "只有中文"},
    ]
    sync_store.record_push(db, sent, results, 0, 0, 600_000, allow_requeue=False)
    assert [r[2] for r in rejects(db)] == ["no such column X", "只有中文"]


def test_a_hub_that_has_seen_more_of_this_laptop_marks_it_restored(db: Database) -> None:
    titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    counts = sync_store.record_push(db, sent[:1], [], 0, 0, 600_000, allow_requeue=True, hub_last_seq=sent[-1].seq)
    assert counts["restored"] == 0 and db.get_meta("sync_restored") is None
    counts = sync_store.record_push(db, sent[:1], [], 0, 0, 600_000, allow_requeue=True, hub_last_seq=sent[-1].seq + 5)
    assert counts["restored"] == 1 and db.get_meta("sync_restored") == "1"
    # the unpushed change was queued again above the hub's numbers
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [b.seq > sent[-1].seq + 5 for b in batch] == [True] and batch[0].record_id == sent[1].record_id


def test_shifted_stamps_keep_their_order_and_stay_under_the_limit() -> None:
    limit = "0000000100000.00000"
    assert sync_store._shifted("0000000090000.00003", -5000, [], limit) == "0000000085000.00003"
    assert sync_store._shifted("0000000090000.00003", -5000, ["0000000086000.00001"], limit) == "0000000086000.00002"
    assert sync_store._shifted("0000000090000.00003", -5000, ["0000000085000.00003"], limit) == "0000000085000.00004"
    assert sync_store._shifted("0000000090000.00000", 10_000, [], limit) == "0000000100000.00000"
    assert sync_store._shifted("0000000090000.00000", 10_001, [], limit) is None
    assert sync_store._shifted("0000000000010.00000", -50, [], limit) == "0000000000000.00001"  # above ZERO


def test_changes_refused_for_a_fast_clock_are_restamped_and_queued_again(db: Database) -> None:
    ids = titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    old = sent[0].hlc
    server_ms = hlc_mod.physical_ms(old) - 3_600_000  # the hub is an hour behind this laptop
    results = [{"seq": b.seq, "status": "rejected", "code": "clock_ahead"} for b in sent]
    counts = sync_store.record_push(db, sent, results, -3_600_000, server_ms, 600_000, allow_requeue=True)
    assert counts["requeued"] == 2 and counts["rejected"] == 0 and rejects(db) == []
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [b.record_id for b in batch] == ids and all(b.seq > sent[-1].seq for b in batch)
    assert all(hlc_mod.physical_ms(b.hlc) <= server_ms + 600_000 for b in batch)
    assert batch[0].hlc < batch[1].hlc
    with db.read() as s:
        row = got(s, m.MODELS["title"], ids[0])
        assert row.hlc == batch[0].hlc
        assert all(c == [batch[0].hlc, db.device_id] for c in json.loads(row.clocks).values())
    assert db.get_meta("hlc_last") == db.clock.last
    # without permission to requeue, the same refusal is a reject kept with its reason
    ids2 = titles(db, 1)
    sent2, _ = sync_store.next_batch(db, 10, 100_000)
    sent2 = [b for b in sent2 if b.record_id == ids2[0]]
    res2 = [{"seq": sent2[0].seq, "status": "rejected", "code": "clock_ahead", "en": "ahead"}]
    assert sync_store.record_push(db, sent2, res2, 0, server_ms, 600_000, allow_requeue=False)["rejected"] == 1


def test_a_pulled_page_lands_and_its_cursor_is_kept(db: Database) -> None:
    """The page's records land, unknown entities are skipped, the cursor is kept; a second copy
    of the same merge (a derived fact) is one fact: the copy with the lower (hlc, device) is kept,
    the same one the hub keeps (docs/sync.md "Derived facts")."""
    mid = merge_id("title", "T-2", "T-1")
    page: list[dict[str, Any]] = [
        {"entity": "title", "id": "T-1", "device_id": "hub-dev", "hlc": "1700000000000.00001", "data": {"name": "甲"}},
        {
            "entity": "merge",
            "id": mid,
            "device_id": "hub-dev",
            "hlc": "1700000000000.00002",
            "data": {"entity": "title", "from_id": "T-2", "into_id": "T-1", "reason": "重复"},
        },
        {"entity": "nonsense", "id": "X", "device_id": "d", "hlc": "1700000000000.00003", "data": {}},
    ]
    n = sync_store.apply_page(db, page, 42)
    assert n == 2 and db.get_meta("sync_cursor") == "42"
    with db.read() as s:
        assert got(s, m.MODELS["title"], "T-1").name == "甲"
        mg = got(s, m.Merge, mid)
        assert (mg.device_id, mg.into_id, mg.deleted) == ("hub-dev", "T-1", False)
        assert {(x.from_id, x.into_id) for x in s.scalars(select(m.MergedId))} == {("T-2", "T-1")}
    assert db.clock.last >= "1700000000000.00002"
    # the same merge made on a laptop that sorts after the kept copy: nothing doubles, the kept
    # copy stays (an older code took "the last maker" and every store ended different)
    again = [{**page[1], "device_id": "other-dev"}]
    assert sync_store.apply_page(db, again, 43) == 1
    with db.read() as s:
        assert got(s, m.Merge, mid).device_id == "hub-dev"
        assert len(s.scalars(select(m.Merge)).all()) == 1
    # a copy that sorts first (earlier stamp) is the hub's kept one: adopted, device and reason too
    first = {**page[1], "device_id": "b-dev", "hlc": "1700000000000.00000"}
    first["data"] = {**page[1]["data"], "reason": "same_key"}
    assert sync_store.apply_page(db, [first], 44) == 1
    with db.read() as s:
        mg = got(s, m.Merge, mid)
        assert (mg.device_id, mg.hlc, mg.reason) == ("b-dev", "1700000000000.00000", "same_key")
        assert len(s.scalars(select(m.Merge)).all()) == 1
    assert sync_store.rejects(db) == [] and db.get_meta("sync_cursor") == "44"


def test_the_reject_list_shows_newest_first_with_entity_record_reason_and_time(db: Database) -> None:
    import re

    ids = titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    results = [{"seq": b.seq, "status": "rejected", "zh": "错", "en": "bad"} for b in sent]
    sync_store.record_push(db, sent, results, 0, 0, 600_000, allow_requeue=False)
    got = sync_store.rejects(db)
    assert [(r["seq"], r["entity"], r["record_id"], r["reason"]) for r in got] == [
        (sent[1].seq, "title", ids[1], "错 / bad"),
        (sent[0].seq, "title", ids[0], "错 / bad"),
    ]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", r["at"]) for r in got)


# --- the push side: batches, the hub's answer, re-stamping and re-numbering -------------------------

T0 = 1_700_000_000_000  # a laptop's wall clock (ms), fixed so every stamp below is known exactly
HOUR = 3_600_000


def fixed_wall(db: Database, ms: int = T0) -> None:
    """The laptop's clock stops at ``ms``: each new stamp is ``ms`` with the next counter."""
    db.clock = hlc_mod.HLC(last=db.clock.last, offset_ms=db.clock.offset_ms, wall=lambda: ms / 1000)


def st(ms: int, counter: int = 0) -> str:
    return hlc_mod.encode(ms, counter)


def clocks_of(db: Database, rid: str) -> tuple[str, dict[str, list[str]]]:
    with db.read() as s:
        row = got(s, m.MODELS["title"], rid)
        return row.hlc, json.loads(row.clocks)


def test_a_batch_after_one_still_on_its_way_holds_only_later_changes(db: Database) -> None:
    ids = titles(db, 4)
    full, _ = sync_store.next_batch(db, 10, 100_000)
    batch, more = sync_store.next_batch(db, 10, 100_000, after_seq=full[1].seq)
    assert [b.record_id for b in batch] == ids[2:] and more is False


def test_participants_phones_stay_on_the_laptop_when_the_hub_may_not_have_them(db: Database) -> None:
    visit = "V-1"
    people: dict[str, dict[str, Any]] = {
        "parent": {"group": "parent", "person_id": None},
        "volunteer": {"group": "volunteer", "person_id": None},
        "crew": {"group": "teacher", "person_id": "P-1"},
    }
    with records.unit_of_work(db) as u:
        sid = {
            k: u.insert(
                "signin",
                {
                    "visit_id": visit,
                    "name": k,
                    "method": "phone",
                    "dedupe_key": f"n:{k}",
                    "at": "2026-12-02T09:00:00",
                    "phone": "13800000000",
                    **v,
                },
            )
            for k, v in people.items()
        }
        pid = u.insert("person", {"name": "张老师", "role": "crew", "phone": "13900000000"})

    def phones() -> dict[str, str | None]:
        batch, _ = sync_store.next_batch(db, 10, 100_000)
        return {b.record_id: b.data.get("phone") for b in batch}

    everything = {sid["parent"]: "13800000000", sid["volunteer"]: "13800000000", sid["crew"]: "13800000000"}
    assert phones() == {**everything, pid: "13900000000"}
    db.set_meta(privacy.META_HUB_PHONES, "0")
    assert phones() == {**everything, sid["parent"]: None, pid: "13900000000"}
    with db.read() as s:  # only the copy sent is stripped, the laptop keeps the number
        assert got(s, m.MODELS["signin"], sid["parent"]).phone == "13800000000"


def test_a_full_batch_of_1000_changes_applied_at_once_is_all_marked_sent(db: Database) -> None:
    with records.unit_of_work(db) as u:
        for i in range(1000):
            u.insert("title", {"name": f"书{i}"})
    sent, more = sync_store.next_batch(db, 1000, 10_000_000)
    assert len(sent) == 1000 and more is False
    counts = sync_store.record_push(db, sent, [], 0, 0, 600_000, allow_requeue=True)
    assert counts["ok"] == 1000 and sync_store.pending_count(db) == 0
    assert sync_store.next_batch(db, 1000, 10_000_000) == ([], False)


def test_a_change_under_a_number_the_hub_used_for_something_else_is_sent_again_not_lost(db: Database) -> None:
    fixed_wall(db)
    ids = titles(db, 3)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    s1, s2, s3 = (b.seq for b in sent)
    clock_before = db.clock.last
    counts = sync_store.record_push(
        db, sent, [{"seq": s2, "status": "mismatch", "code": "resend_differs"}], 0, T0, 600_000, True, hub_last_seq=s3
    )
    assert counts == {
        "ok": 2,
        "duplicate": 0,
        "rejected": 0,
        "mismatch": 0,
        "requeued": 1,
        "restored": 1,
        "peer_wait": 0,
    }
    # … and it pulls its own records back (it may have gone back to an older copy)
    assert rejects(db) == [] and db.get_meta("sync_restored") == "1"
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [(b.seq, b.record_id, b.op, b.hlc, b.data) for b in batch] == [
        (s3 + 1, ids[1], "insert", sent[1].hlc, sent[1].data)
    ]
    # not a clock problem: the stamp is kept and the clock is not reset (it never goes back)
    assert db.clock.last == clock_before and db.get_meta("hlc_last") == clock_before


def test_a_hub_that_saw_more_of_a_restored_laptop_gets_new_changes_above_its_numbers(db: Database) -> None:
    ids = titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    hub_last = sent[-1].seq + 8  # the hub saw 8 more changes from this device before the restore
    counts = sync_store.record_push(db, sent, [], 0, 0, 600_000, True, hub_last_seq=hub_last)
    assert counts["restored"] == 1 and counts["requeued"] == 0 and counts["ok"] == 2
    assert sync_store.pending_count(db) == 0  # the number floor is never sent
    new = titles(db, 1)
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [(b.seq > hub_last, b.record_id, b.op) for b in batch] == [(True, new[0], "insert")]
    with db.read() as s:
        floor = got(s, m.Outbox, hub_last)
        assert floor is not None and floor.pushed is True and floor.data == "{}"
        # it names a real record, so `caravan check` finds no outbox row without its record
        assert floor.entity == "title" and floor.record_id in ids
    # the laptop still opens, its clock where it was (the floor's stamp never leads it)
    last = db.clock.last
    db.close()
    again = Database(db.path, migrate=False)
    try:
        assert again.clock.last == last
    finally:
        again.close()


def test_a_restamp_moves_stamps_by_the_change_of_the_measured_offset(db: Database) -> None:
    # an earlier sync measured the laptop 1000 s ahead (offset -1000 s); its changes since were
    # stamped with that correction; now the hub says the laptop is an hour ahead
    counts = sync_store.record_push(db, [], [], -1_000_000, 0, 600_000, allow_requeue=False)
    assert set(counts.values()) == {0} and db.get_meta("sync_restored") is None  # nothing pushed yet: no restore
    fixed_wall(db)
    assert db.clock.offset_ms == -1_000_000
    ids = titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    assert [b.hlc for b in sent] == [st(T0 - 1_000_000, 0), st(T0 - 1_000_000, 1)]
    results = [{"seq": b.seq, "status": "rejected", "code": "clock_ahead"} for b in sent]
    counts = sync_store.record_push(db, sent, results, -HOUR, T0 - HOUR, 600_000, allow_requeue=True)
    assert counts["requeued"] == 2 and counts["rejected"] == 0
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    # moved by -2600 s (the change of the offset), order kept, not set to "now"
    want = [st(T0 - HOUR, 0), st(T0 - HOUR, 1)]
    assert [(b.record_id, b.hlc) for b in batch] == list(zip(ids, want, strict=True))
    assert [b.seq for b in batch] == [sent[-1].seq + 1, sent[-1].seq + 2]
    assert clocks_of(db, ids[1])[0] == want[1]
    # the clock continues from the corrected stamps: the next change is accepted by the hub
    assert db.clock.last == want[1] and db.get_meta("hlc_last") == want[1]
    titles(db, 1)
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert batch[-1].hlc == st(T0 - HOUR, 2)


def test_a_requeued_edit_still_names_the_restamped_value_it_replaced(db: Database) -> None:
    """No false conflict at the hub: an edit's ``base`` follows the restamped insert; another
    laptop's clocks (in the record and in a base) are left as they are; an append-only record
    keeps its row and goes out with the new stamp."""
    dev = db.device_id
    fixed_wall(db)
    h = st(T0 - HOUR - 100_000)
    h_name = st(T0 - HOUR + 200_000)  # the name, edited there later, newer than the re-stamped edit
    pulled = {
        "entity": "title",
        "id": "T-HUB",
        "device_id": "hub-dev",
        "hlc": h_name,
        "data": {"name": "乙", "unit": "本"},
        "clocks": {"name": [h_name, "hub-dev"], "unit": [h, "hub-dev"]},
    }
    sync_store.apply_page(db, [pulled], 1)
    (a,) = titles(db, 1)
    with records.unit_of_work(db) as u:
        u.update("title", a, {"unit": "册"})
        u.update("title", "T-HUB", {"unit": "套"})
        sid = u.insert(
            "signin",
            {
                "visit_id": "V",
                "name": "李",
                "group": "teacher",
                "method": "manual",
                "dedupe_key": "n:li",
                "at": "2026-12-02T09:00:00",
            },
        )
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    assert [b.hlc for b in sent] == [st(T0, i) for i in range(4)]
    results = [{"seq": b.seq, "status": "rejected", "code": "clock_ahead"} for b in sent]
    counts = sync_store.record_push(db, sent, results, -HOUR, T0 - HOUR, 600_000, allow_requeue=True)
    assert counts["requeued"] == 4
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    new = [st(T0 - HOUR, i) for i in range(4)]
    assert [b.hlc for b in batch] == new
    assert [(b.record_id, b.op, b.data) for b in batch] == [(b.record_id, b.op, b.data) for b in sent]
    assert batch[0].base is None
    assert batch[1].base == {"unit": [new[0], dev]}
    assert batch[2].base == {"unit": [h, "hub-dev"]}
    assert batch[3].base is None
    hlc_a, clocks_a = clocks_of(db, a)
    assert hlc_a == new[1] and clocks_a.pop("unit") == [new[1], dev]
    assert set(map(tuple, clocks_a.values())) == {(new[0], dev)}
    # the record's stamp stays the newest of its field clocks
    assert clocks_of(db, "T-HUB") == (h_name, {"name": [h_name, "hub-dev"], "unit": [new[2], dev]})
    with db.read() as s:
        assert got(s, m.MODELS["signin"], sid).hlc == st(T0, 3)  # append-only: the row is never rewritten
        assert got(s, m.MODELS["title"], a).unit == "册"


def test_after_a_clock_correction_a_new_edit_still_beats_what_was_pulled_before(db: Database) -> None:
    """The laptop's wall clock ran an hour fast when a title was made, and was set right since
    (no offset change measured, so shifting cannot help). The corrected clock restarts at the
    newest stamp stored under the hub's limit, not at the hub's time: the re-stamped change and
    an edit made after pulling a value still sort after that value."""
    fixed_wall(db, T0 + HOUR)
    titles(db, 1)
    fixed_wall(db, T0)
    h = st(T0 + 100_000, 5)  # another laptop a little ahead of the hub, within its tolerance
    pulled = {
        "entity": "title",
        "id": "T-HUB",
        "device_id": "hub-dev",
        "hlc": h,
        "data": {"name": "乙"},
        "clocks": {"name": [h, "hub-dev"]},
    }
    sync_store.apply_page(db, [pulled], 1)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    results = [{"seq": b.seq, "status": "rejected", "code": "clock_ahead"} for b in sent]
    sync_store.record_push(db, sent, results, 0, T0, 600_000, allow_requeue=True)
    (requeued,) = sync_store.next_batch(db, 10, 100_000)[0]
    assert requeued.hlc == st(T0 + 100_000, 6)
    with records.unit_of_work(db) as u:
        u.update("title", "T-HUB", {"name": "丙"})
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert batch[-1].hlc == st(T0 + 100_000, 7)


# --- the pull side: pages of records from the hub ---------------------------------------------------

FUTURE = 1_900_000_000_000  # stamps above anything this laptop's clock has made


def signin_record(i: int, visit: str = "V-1", **data: object) -> dict[str, Any]:
    return {
        "entity": "signin",
        "id": f"S-{i:04d}",
        "device_id": "laptop-b",
        "hlc": st(FUTURE, i),
        "data": {
            "visit_id": visit,
            "name": f"学生{i}",
            "group": "student",
            "method": "phone",
            "dedupe_key": f"n:学生{i}",
            "at": "2026-12-02T09:00:00",
            **data,
        },
    }


def test_a_page_of_1000_sign_ins_pulled_twice_is_neither_doubled_nor_refused(db: Database) -> None:
    page = [signin_record(i) for i in range(1000)]
    page[300], page[-1] = page[-1], page[300]  # the newest stamp in the middle of the page
    assert sync_store.apply_page(db, page, 7) == 1000
    assert db.clock.last == st(FUTURE, 999)  # later local changes sort after every pulled one
    with db.read() as s:
        rows = s.scalars(select(m.MODELS["signin"])).all()
        assert len(rows) == 1000
        r = got(s, m.MODELS["signin"], "S-0007")
        assert (r.device_id, r.hlc, r.deleted, r.name, r.group, r.visit_id) == (
            "laptop-b",
            st(FUTURE, 7),
            False,
            "学生7",
            "student",
            "V-1",
        )
    # the same page again (a sync cut before its cursor was kept): nothing doubles, no error
    assert sync_store.apply_page(db, page, 8) == 1000
    with db.read() as s:
        assert len(s.scalars(select(m.MODELS["signin"])).all()) == 1000
    assert db.get_meta("sync_cursor") == "8"


def test_a_second_copy_of_a_plain_fact_under_a_known_id_changes_nothing(db: Database) -> None:
    """Only derived facts are ever replaced; any other append-only row stays as first stored."""
    rec = signin_record(1)
    sync_store.apply_page(db, [rec], 1)
    other = {**rec, "device_id": "aaa", "hlc": st(FUTURE - 1), "data": {**rec["data"], "name": "别人"}}
    assert sync_store.apply_page(db, [other], 2) == 1
    with db.read() as s:
        r = got(s, m.MODELS["signin"], "S-0001")
        assert (r.device_id, r.name) == ("laptop-b", "学生1")


def test_new_sign_ins_after_a_repeated_one_in_a_page_all_land(db: Database) -> None:
    sync_store.apply_page(db, [signin_record(1)], 1)
    page = [signin_record(1), signin_record(2), signin_record(3), signin_record(3)]  # a repeat, and one twice
    assert sync_store.apply_page(db, page, 2) == 4
    with db.read() as s:
        assert sorted(r.id for r in s.scalars(select(m.MODELS["signin"]))) == ["S-0001", "S-0002", "S-0003"]
    assert db.get_meta("sync_cursor") == "2"


def test_a_bad_record_in_a_page_is_quarantined_and_the_rest_lands(db: Database) -> None:
    bad = {**signin_record(2), "hlc": "not a stamp"}
    assert sync_store.apply_page(db, [signin_record(1), bad, signin_record(3)], 5) == 2
    with db.read() as s:
        assert sorted(r.id for r in s.scalars(select(m.MODELS["signin"]))) == ["S-0001", "S-0003"]
        (q,) = s.scalars(select(m.SyncQuarantine)).all()
        assert (q.entity, q.record_id) == ("signin", "S-0002") and "timestamp" in q.reason
    assert db.get_meta("sync_cursor") == "5"  # one bad record never stops a sync


def test_a_pulled_edited_record_whose_field_clocks_are_null_still_lands(db: Database) -> None:
    rec = {"entity": "title", "id": "T-9", "device_id": "hub-dev", "hlc": st(FUTURE), "data": {"name": "丁"}}
    assert sync_store.apply_page(db, [{**rec, "clocks": None}], 3) == 1
    _, clocks = clocks_of(db, "T-9")
    assert clocks["name"] == [st(FUTURE), "hub-dev"]
    with db.read() as s:
        assert got(s, m.MODELS["title"], "T-9").name == "丁"


def purge(visit: str) -> dict[str, Any]:
    from caravan_app.domain.ids import derived_id

    return {
        "entity": "privacy_action",
        "id": derived_id("privacy-purge", visit),
        "device_id": "laptop-c",
        "hlc": st(FUTURE + 1),
        "data": {"kind": "purge", "visit_id": visit, "at": "2026-12-02T10:00:00"},
    }


def test_a_sign_in_arriving_after_its_visits_purge_is_blanked_on_arrival(db: Database) -> None:
    assert sync_store.apply_page(db, [purge("V-1")], 1) == 1
    late = [
        signin_record(1, phone="13800000000", organisation="一中"),
        signin_record(2, group="volunteer"),  # a volunteer keeps their name (hours, certificates)
        signin_record(3, visit="V-2"),  # another visit: not purged
    ]
    assert sync_store.apply_page(db, late, 2) == 3
    with db.read() as s:
        got = {r.id: (r.name, r.phone, r.organisation) for r in s.scalars(select(m.MODELS["signin"]))}
    assert got == {
        "S-0001": (privacy.PURGED_NAME, None, None),
        "S-0002": ("学生2", None, None),
        "S-0003": ("学生3", None, None),
    }


def test_a_purge_pulled_after_the_sign_ins_blanks_them_and_leaves_no_name_in_the_wal(db: Database) -> None:
    name = "王小明"
    assert sync_store.apply_page(db, [signin_record(1, name=name)], 1) == 1
    wal = Path(str(db.path) + "-wal")
    assert name.encode() in wal.read_bytes()  # the precondition: the name was written there
    assert sync_store.apply_page(db, [purge("V-1")], 2) == 1
    with db.read() as s:
        assert got(s, m.MODELS["signin"], "S-0001").name == privacy.PURGED_NAME
    assert name.encode() not in (wal.read_bytes() if wal.exists() else b"")


def test_a_change_refused_for_its_content_is_kept_as_a_reject_even_beside_requeued_ones(db: Database) -> None:
    """With requeueing allowed, only clock refusals and mismatches go out again; a refused
    record after them is kept with its reason (never resent forever), every duplicate counted."""
    fixed_wall(db)
    ids = titles(db, 6)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    q = [b.seq for b in sent]
    results = [
        {"seq": q[0], "status": "rejected", "code": "clock_ahead"},
        {"seq": q[1], "status": "rejected", "code": "bad_value", "en": "bad"},
        {"seq": q[2], "status": "mismatch"},
        {"seq": q[3], "status": "rejected", "code": "bad_value", "en": "bad too"},
        {"seq": q[4], "status": "duplicate"},
        {"seq": q[5], "status": "duplicate"},
    ]
    counts = sync_store.record_push(db, sent, results, 0, T0, 600_000, allow_requeue=True)
    assert (counts["rejected"], counts["duplicate"], counts["requeued"]) == (2, 2, 2)
    assert rejects(db) == [(q[1], ids[1], "bad"), (q[3], ids[3], "bad too")]
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [b.record_id for b in batch] == [ids[0], ids[2]]


def test_an_answer_about_an_overlapping_batch_still_records_the_new_refusal(db: Database) -> None:
    ids = titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    a, b = sent
    sync_store.record_push(db, [a], [{"seq": a.seq, "status": "duplicate"}], 0, 0, 600_000, allow_requeue=False)
    results = [{"seq": a.seq, "status": "duplicate"}, {"seq": b.seq, "status": "rejected", "en": "bad"}]
    counts = sync_store.record_push(db, sent, results, 0, 0, 600_000, allow_requeue=False)
    assert (counts["duplicate"], counts["rejected"]) == (0, 1)
    assert rejects(db) == [(b.seq, ids[1], "bad")] and sync_store.pending_count(db) == 0


def test_a_status_this_laptop_does_not_know_yet_is_counted_not_a_crash(db: Database) -> None:
    titles(db, 2)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    results = [{"seq": b.seq, "status": "deferred"} for b in sent]
    counts = sync_store.record_push(db, sent, results, 0, 0, 600_000, allow_requeue=True)
    assert counts["deferred"] == 2 and counts["ok"] == 0 and rejects(db) == []


def test_a_laptop_restored_before_its_first_change_is_still_marked_restored(db: Database) -> None:
    counts = sync_store.record_push(db, [], [], 0, 0, 600_000, allow_requeue=True, hub_last_seq=1)
    assert counts["restored"] == 1 and db.get_meta("sync_restored") == "1"


def test_the_reject_list_shows_the_newest_500(db: Database) -> None:
    with records.unit_of_work(db) as u:
        for i in range(501):
            u.insert("title", {"name": f"书{i}"})
    sent, _ = sync_store.next_batch(db, 1000, 10_000_000)
    sync_store.record_push(db, sent, [{"seq": b.seq, "status": "rejected"} for b in sent], 0, 0, 600_000, False)
    got = sync_store.rejects(db)
    assert len(got) == 500 and got[0]["seq"] == sent[-1].seq and got[-1]["seq"] == sent[1].seq


def test_a_stamp_at_the_hubs_limit_is_kept_and_the_next_one_still_sorts_after_it(db: Database) -> None:
    fixed_wall(db)
    titles(db, 2)  # stamped T0.0 and T0.1
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    server = T0 - 540_000  # the limit (the hub's tolerance less a minute) is exactly T0.0
    results = [{"seq": b.seq, "status": "rejected", "code": "clock_ahead"} for b in sent]
    sync_store.record_push(db, sent, results, -540_000, server, 600_000, allow_requeue=True)
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [b.hlc for b in batch] == [st(T0, 0), st(T0, 1)]


def test_a_change_within_a_minute_of_the_hubs_limit_is_restamped_too(db: Database) -> None:
    fixed_wall(db)
    titles(db, 1)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    server = T0 - 570_000  # T0 is 30 s inside the hub's 10 minutes: too close to be sent again as is
    results = [{"seq": b.seq, "status": "rejected", "code": "clock_ahead"} for b in sent]
    sync_store.record_push(db, sent, results, -570_000, server, 600_000, allow_requeue=True)
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [b.hlc for b in batch] == [st(server, 0)]


def test_an_edit_whose_replaced_value_was_sent_before_keeps_its_base_when_restamped(db: Database) -> None:
    dev = db.device_id
    fixed_wall(db)
    (a,) = titles(db, 1)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    sync_store.record_push(db, sent, [], 0, T0, 600_000, allow_requeue=True)  # accepted
    fixed_wall(db, T0 + HOUR)  # then the laptop's wall clock jumps an hour ahead
    with records.unit_of_work(db) as u:
        u.update("title", a, {"unit": "册"})
    sent2, _ = sync_store.next_batch(db, 10, 100_000)
    assert sent2[0].base == {"unit": [st(T0, 0), dev]} and sent2[0].hlc == st(T0 + HOUR, 0)
    results = [{"seq": sent2[0].seq, "status": "rejected", "code": "clock_ahead"}]
    sync_store.record_push(db, sent2, results, -HOUR, T0, 600_000, allow_requeue=True)
    (again,) = sync_store.next_batch(db, 10, 100_000)[0]
    # the hub holds the insert under its first stamp: the base still names it, and the edit
    # still sorts after it (moved back an hour, it would otherwise tie with the insert)
    assert again.base == {"unit": [st(T0, 0), dev]} and again.hlc == st(T0, 1)


def test_an_edit_restamped_by_a_hub_whose_clock_went_back_still_sorts_after_what_it_replaced(
    db: Database,
) -> None:
    """The fallback re-stamp (the corrected clock's now, when shifting cannot get under the
    hub's limit) must not fall below the edit's base: the hub would keep the old value while
    this laptop shows the new one. It stays above, is refused again, and is never lost."""
    dev = db.device_id
    fixed_wall(db)
    (a,) = titles(db, 1)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    sync_store.record_push(db, sent, [], 0, T0, 600_000, allow_requeue=True)  # accepted at T0
    fixed_wall(db, T0 + HOUR)
    with records.unit_of_work(db) as u:
        u.update("title", a, {"unit": "册"})
    sent2, _ = sync_store.next_batch(db, 10, 100_000)
    # The hub's clock was set back two hours after it accepted the insert.
    results = [{"seq": sent2[0].seq, "status": "rejected", "code": "clock_ahead"}]
    sync_store.record_push(db, sent2, results, -3 * HOUR, T0 - 2 * HOUR, 600_000, allow_requeue=True)
    (again,) = sync_store.next_batch(db, 10, 100_000)[0]
    assert again.base == {"unit": [st(T0, 0), dev]}
    assert again.hlc > st(T0, 0), "below its base the edit would lose to the value it replaced"
    hlc, clocks = clocks_of(db, a)
    assert clocks["unit"][0] == again.hlc and hlc == again.hlc, "the record carries the stamp that was sent"
    assert sync_store.pending_count(db) == 1


def test_a_restored_laptop_whose_last_change_was_a_sign_in_can_still_purge_it(db: Database) -> None:
    """The number floor row points at the last change's record; blanking that sign-in's outbox
    copies reads it too, so it must be a valid (empty) change."""
    with records.unit_of_work(db) as u:
        sid = u.insert(
            "signin",
            {
                "visit_id": "V-1",
                "name": "王小明",
                "group": "student",
                "method": "manual",
                "dedupe_key": "n:w",
                "at": "2026-12-02T09:00:00",
            },
        )
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    assert sync_store.record_push(db, sent, [], 0, 0, 600_000, True, hub_last_seq=sent[-1].seq + 3)["restored"] == 1
    assert sync_store.apply_page(db, [purge("V-1")], 1) == 1
    with db.read() as s:
        assert got(s, m.MODELS["signin"], sid).name == privacy.PURGED_NAME
    assert sync_store.pending_count(db) == 0


def test_a_restored_laptop_numbers_what_waits_above_the_hub_before_sending(db: Database) -> None:
    ids = titles(db, 3)
    sent, _ = sync_store.next_batch(db, 10, 100_000)
    hub_last = sent[1].seq  # the hub has the first two numbers (for changes this copy never saw)
    assert sync_store.continue_above(db, hub_last, 0, 600_000) == 3
    batch, _ = sync_store.next_batch(db, 10, 100_000)
    assert [(b.seq > hub_last, b.record_id) for b in batch] == [(True, i) for i in ids]
    assert sync_store.continue_above(db, hub_last, 0, 600_000) == 0  # once is enough
    sync_store.record_push(db, batch, [], 0, 0, 600_000, True, hub_last_seq=batch[-1].seq)
    assert sync_store.continue_above(db, batch[-1].seq + 4, 0, 600_000) == 0  # nothing waits: a floor
    titles(db, 1)
    (nxt,), _ = sync_store.next_batch(db, 10, 100_000)
    assert nxt.seq > batch[-1].seq + 4
