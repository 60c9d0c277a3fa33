"""Issue #13, the push fast path (server/fastpath.py): new append-only facts skip the merge
machinery, and every answer, stored row and resend check stays what the full path gives.
A real hub process over HTTP; runs on SQLite and (scripts/pg_suite.sh) PostgreSQL."""

from __future__ import annotations

import datetime
import json
import time

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from caravan_app.domain.schema import ENTITIES, text_ok
from caravan_app.server.apply import BatchState, Rejected, apply_one, dumps
from caravan_app.server.fastpath import _COMPILED, data_json, fast_insert, row_json
from caravan_app.server.validate import check_clock, check_not_retracted, check_references, check_values
from caravan_app.services.export import canonical_export
from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA, Mutation
from tests.helpers.props import examples

from .hostile import DAY, REF, VALID, seed

pytestmark = pytest.mark.server


def U(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


DEV, OTHER = U(8001), U(8002)
VISIT = U(8100)
NOW = int(time.time() * 1000) - 60_000
TALLY = {"visit_id": VISIT, "group": "primary", "delta": 3, "at": "2026-05-01T10:00:00"}
SIGNIN = {
    "visit_id": VISIT,
    "name": '学生 "甲"',
    "group": "student",
    "organisation": "实验小学",
    "phone": "13900000000",
    "method": "phone",
    "person_id": None,
    "dedupe_key": "k1",
    "at": "2026-05-01T09:00:00",
}


def _mu(seq: int, rid: str, entity: str, data: dict, hlc_ms: int = NOW) -> dict:
    return {"seq": seq, "id": rid, "entity": entity, "op": "insert", "hlc": f"{hlc_ms + seq}.00000", "data": data}


def _enroll(hub, device_id: str) -> str:  # noqa: ANN001
    r = httpx.post(
        hub.url + "/enroll",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": device_id},
    )
    assert r.status_code == 200, r.text
    return r.json()["token"]


def _push(hub, token: str, device_id: str, muts: list[dict]) -> dict:  # noqa: ANN001
    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device_id, "mutations": muts}
    r = httpx.post(hub.url + "/sync/push", json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return r.json()


BATCH = [
    _mu(1, VISIT, "visit", {"site_id": REF["site"], "caravan_id": REF["caravan"], "date": DAY, "status": "planned"}),
    _mu(2, U(1), "tally", TALLY),  # new: the fast path
    _mu(3, U(1), "tally", TALLY),  # the same fact again in the batch: accepted, stored once
    _mu(4, U(1), "tally", {**TALLY, "delta": 4}),  # the same id, another fact
    _mu(5, U(2), "tally", {**TALLY, "visit_id": U(8999)}),  # names a visit the hub does not have
    _mu(6, U(3), "tally", {**TALLY, "delta": 100_001}),
    _mu(7, U(4), "tally", {**TALLY, "colour": "red"}),
    _mu(8, U(5), "tally", TALLY, hlc_ms=NOW + 3_600_000),  # an hour ahead of the hub's clock
    _mu(9, U(6), "tally", {**TALLY, "deleted": True}),
    _mu(10, U(7), "signin", {**SIGNIN, "name": None}),  # a required field missing
    _mu(11, U(8), "tally", {**TALLY, "deleted": False}),  # every field and deleted false
    _mu(12, U(9), "signin", {k: v for k, v in SIGNIN.items() if k not in ("phone", "person_id")}),
    _mu(13, U(10), "signin", SIGNIN),
]
REJECTED = {
    4: "id_clash",
    5: "unknown_reference",
    6: "out_of_range",
    7: "unknown_field",
    8: "clock_ahead",
    9: "append_only",
    10: "missing_field",
}


def test_a_batch_of_new_facts_gets_the_full_paths_answers_and_rows(hub) -> None:  # noqa: ANN001
    seed(hub)
    token = _enroll(hub, DEV)
    out = _push(hub, token, DEV, BATCH)
    assert {r["seq"]: (r["status"], r.get("code")) for r in out["results"]} == {
        s: ("rejected", c) for s, c in REJECTED.items()
    }
    assert out["last_seq"] == 13

    stored = json.loads(hub.export())["entities"]
    assert sorted(r["id"] for r in stored["tally"] if r["device_id"] == DEV) == [U(1), U(8)]
    assert sorted(r["id"] for r in stored["signin"] if r["device_id"] == DEV) == [U(9), U(10)]

    # Another laptop pulls every field, the missing ones as null, none marked deleted.
    other = _enroll(hub, OTHER)
    page = _push(hub, other, OTHER, [])
    r = httpx.post(
        hub.url + "/sync/pull",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": OTHER, "cursor": 0},
        headers={"Authorization": f"Bearer {other}"},
    )
    recs = {rec["id"]: rec for rec in r.json()["records"]}
    assert page["results"] == []
    assert recs[U(1)]["data"] == {**TALLY, "deleted": False}
    assert recs[U(9)]["data"] == {**SIGNIN, "phone": None, "person_id": None, "deleted": False}
    assert recs[U(10)]["data"]["name"] == '学生 "甲"'
    assert recs[U(10)]["device_id"] == DEV

    # A resend of the whole batch is recognised mutation by mutation (same digests): applied
    # ones are duplicates, rejected ones keep their reason; nothing is stored twice.
    again = _push(hub, token, DEV, BATCH)
    answers = {r["seq"]: (r["status"], r.get("code")) for r in again["results"]}
    assert answers == {s: (("rejected", REJECTED[s]) if s in REJECTED else ("duplicate", None)) for s in range(1, 14)}
    # A resend that differs is flagged, not applied.
    changed = _push(hub, token, DEV, [_mu(13, U(10), "signin", {**SIGNIN, "name": "别人"})])
    assert [(r["seq"], r["status"]) for r in changed["results"]] == [(13, "mismatch")]
    assert json.loads(hub.export())["entities"] == stored


def test_a_push_to_a_hub_without_its_dedupe_secret_makes_it_then_applies_the_batch(hub) -> None:  # noqa: ANN001
    """A hub whose secret is not made yet (one upgraded from before it, or wiped) makes it in
    a transaction of its own, then applies the batch in the next: the same answers, and the
    secret is there for the purges that follow."""
    from sqlalchemy import text

    seed(hub)
    token = _enroll(hub, DEV)
    with hub.hdb.engine.begin() as c:
        c.execute(text("DELETE FROM hub_settings WHERE name = 'dedupe_secret'"))
    out = _push(hub, token, DEV, BATCH)
    assert {r["seq"]: (r["status"], r.get("code")) for r in out["results"]} == {
        s: ("rejected", c) for s, c in REJECTED.items()
    }
    assert out["last_seq"] == 13
    with hub.hdb.engine.connect() as c:
        made = c.execute(text("SELECT value FROM hub_settings WHERE name = 'dedupe_secret'")).scalar()
    assert made and len(made) == 64


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
_value = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), _text, st.just('"deleted":false,'))


@settings(max_examples=examples(300), deadline=None)
@given(
    st.dictionaries(st.sampled_from(["a", "at", "b", "delta", "deleted_by", "e", "zz"]), _value, min_size=1),
    st.sampled_from([None, False]),
)
def test_the_stored_encoding_gives_the_same_bytes_as_encoding_the_data(data: dict, deleted: bool | None) -> None:
    """``data_json`` (used for the digest a resend is checked against) equals ``dumps(data)``
    whichever fields the laptop sent, whatever the values say."""
    fields = ["a", "at", "b", "delta", "deleted_by", "e", "zz"]
    if deleted is False:
        data = {**data, "deleted": False}
    full = {f: data.get(f) for f in fields} | {"deleted": False}
    assert data_json(data, full, dumps(full)) == dumps(data)


_odd_text = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from('"\\\u2028\u2029\x7f\U0001f600/')),
    max_size=12,
)


@settings(max_examples=examples(300), deadline=None)
@given(st.sampled_from(sorted(_COMPILED)), st.data())
def test_the_stored_row_is_byte_for_byte_what_the_generic_encoder_writes(entity: str, draw: st.DataObject) -> None:
    """The fast path's own encoder (``row_json``) writes the very bytes ``dumps`` writes: the
    stored row and the digest a resend is checked against must not depend on the path taken."""
    c = _COMPILED[entity]
    kinds = {"str": _odd_text, "int": st.integers(-(2**63), 2**63 - 1), "bool": st.booleans()}
    full = {f: draw.draw(st.one_of(st.none(), kinds[ENTITIES[entity].fields[f]]), label=f) for f in c.fields} | {
        "deleted": False
    }
    assert row_json(c, full) == dumps(full)


@pytest.mark.slow
def test_a_backlog_stamped_by_a_clock_a_day_ahead_is_requeued_in_order_and_all_arrives(hub, laptops) -> None:  # noqa: ANN001
    """Three batches' worth of sign-ins from a laptop whose clock ran a day ahead: the hub
    refuses the first batch (clock_ahead) and the laptop re-stamps and re-queues everything
    (the batch it read ahead while the first was on its way is dropped). The sign-ins whose
    visit was refused for the clock are refused for the clock too, not kept as naming an
    unknown visit: all 1,200 arrive."""
    from caravan_app.storage.records import unit_of_work
    from tests.sync.conftest import skew

    a, b = laptops("a"), laptops("b")
    skew(a, 24 * 3600)
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="实验小学", county="任城区", kind="小学")
    v = a.visits.add(s, c, datetime.date.today())
    with unit_of_work(a.db) as u:
        for i in range(1200):
            u.insert(
                "signin",
                {
                    "visit_id": v,
                    "name": f"学生{i}",
                    "group": "student",
                    "organisation": "实验小学",
                    "phone": None,
                    "method": "phone",
                    "person_id": None,
                    "dedupe_key": f"k{i}",
                    "at": "2026-05-12T09:30:00",
                },
            )
    res = a.sync.sync_now()
    assert res.requeued > 0 and res.rejected == 0
    assert a.sync.pending_count() == 0 and a.sync.status().rejects == []
    assert len(json.loads(hub.export())["entities"]["signin"]) == 1200
    b.sync.sync_now()
    a.sync.sync_now()
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()


_APPEND = sorted(n for n, e in ENTITIES.items() if e.kind == "append")
_any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([-100_001, -100_000, 0, 7, 100_000, 100_001, 1_000_001]),
    st.text(max_size=5).filter(text_ok),
    st.just(VISIT),
    st.just(U(8999)),
    st.sampled_from(sorted(REF.values())),
    st.sampled_from(["2026-05-01", "2026-05-01T10:00:00", "soon", "9999-12-31", "primary", "load", "[]", "[1]"]),
)


@st.composite
def _append_mutation(draw: st.DrawFn) -> tuple[Mutation, int]:
    """A well-formed new append-only fact, then up to two changes: a field set to any value
    (out of range, wrong type, null, an unknown visit), a field dropped, an unknown field,
    ``deleted``, the clock an hour ahead."""
    entity = draw(st.sampled_from(_APPEND))
    spec = ENTITIES[entity]
    data: dict = dict(VALID[entity])
    if "visit_id" in data and data["visit_id"] is not None:
        data["visit_id"] = VISIT
    ahead = 0
    for _ in range(draw(st.integers(0, 2))):
        change = draw(st.sampled_from(["set", "set", "drop", "unknown", "deleted", "clock"]))
        if change == "set":
            data[draw(st.sampled_from(list(spec.fields)))] = draw(_any_value)
        elif change == "drop" and data:
            data.pop(draw(st.sampled_from(sorted(data))))
        elif change == "unknown":
            data["colour"] = "red"
        elif change == "deleted":
            data["deleted"] = draw(st.sampled_from([True, False, None, 0]))
        elif change == "clock":
            ahead = 3_600_000
    mu = Mutation(seq=1, id=U(1), entity=entity, op="insert", hlc=f"{NOW + ahead}.00000", data=data)
    return mu, NOW + 1000


@settings(max_examples=examples(400), deadline=None)
@given(_append_mutation())
def test_the_fast_path_takes_only_what_the_full_path_accepts_and_stores_the_same_row(case) -> None:  # noqa: ANN001
    """For any new append-only mutation: if the fast path takes it, the full path's checks all
    pass and it would store the very same row; if any check refuses it, the fast path leaves it."""
    mu, now = case
    known = {("visit", VISIT)} | {(e, rid) for e, rid in REF.items()} | {("site", U(9020))}
    fast_state, full_state = BatchState({}, set()), BatchState({}, set())
    taken = fast_insert(fast_state, mu, DEV, now, known)
    try:
        check_not_retracted(mu, full_state)
        check_values(mu)
        check_clock(mu, now)
        check_references(mu, full_state, known)
        apply_one(Session(), full_state, mu, DEV, now)
    except Rejected:
        assert taken is None
        return
    if taken is not None:
        fast_row, full_row = fast_state.rows[(mu.entity, mu.id)], full_state.rows[(mu.entity, mu.id)]
        for col in ("entity", "id", "device_id", "hlc", "data", "clocks", "sole_writer"):
            assert getattr(fast_row, col) == getattr(full_row, col), col
        assert taken == dumps(mu.data)
