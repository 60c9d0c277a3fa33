"""Issue #13, hostile input at the hub's door: every crafted request is a 4xx or a per-mutation
rejection, never a 500 and never stored. Runs on SQLite and (scripts/pg_suite.sh) PostgreSQL."""

from __future__ import annotations

import json

import httpx
import pytest

from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

from .hostile import REF, seed

pytestmark = pytest.mark.server


def U(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


DEV = U(7001)
VISIT = U(7100)
GOOD_TALLY = {"visit_id": VISIT, "group": "primary", "delta": 3, "at": "2026-05-01T10:00:00"}
VISIT_DATA = {"site_id": REF["site"], "caravan_id": REF["caravan"], "date": "2026-05-01", "status": "planned"}


@pytest.fixture
def token(hub) -> str:  # noqa: ANN001
    r = httpx.post(
        hub.url + "/enroll",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": DEV},
    )
    assert r.status_code == 200, r.text
    return r.json()["token"]


def _mu(seq: int, rid: str, entity: str = "tally", data: dict | None = None, **kw: object) -> dict:
    return {
        "seq": seq,
        "id": rid,
        "entity": entity,
        "op": "insert",
        "hlc": "1700000000000.00000",
        "data": GOOD_TALLY if data is None else data,
        **kw,
    }


def _post(hub, path: str, token: str | None, body: object, raw: bool = False) -> httpx.Response:  # noqa: ANN001
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    content = body if raw else json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return httpx.post(hub.url + path, content=content, headers=headers)  # type: ignore[arg-type]


def _push_body(muts: list, device_id: str = DEV, **kw: object) -> dict:
    return {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device_id, "mutations": muts, **kw}


def _stored(hub) -> bytes:  # noqa: ANN001
    return hub.export()


HOSTILE_PUSHES = {
    "delta-2**63": [_mu(1, U(1), data={**GOOD_TALLY, "delta": 2**63})],
    "delta--2**63-1": [_mu(1, U(1), data={**GOOD_TALLY, "delta": -(2**63) - 1})],
    "students-10**30": [_mu(1, U(1), "site", {"name": "s", "county": "c", "students": 10**30})],
    "seq-2**63": [_mu(2**63, U(1))],
    "seq-string": [_mu("2", U(1))],  # type: ignore[arg-type]
    "seq-float": [_mu(2.0, U(1))],  # type: ignore[arg-type]
    "seq-bool": [_mu(True, U(1))],  # type: ignore[arg-type]
    "id-not-uuid": [_mu(1, "t1")],
    "id-nul": [_mu(1, U(1)[:-1] + "\x00")],
    "entity-nul": [_mu(1, U(1), "tally\x00")],
    "entity-surrogate": [_mu(1, U(1), "tally\udcff")],
    "name-nul": [_mu(1, U(1), "site", {"name": "a\x00b", "county": "c"})],
    "name-surrogate": [_mu(1, U(1), "site", {"name": "a\ud800", "county": "c"})],
    "key-surrogate": [_mu(1, U(1), "site", {"name\udcff": "a", "county": "c"})],
    "value-float": [_mu(1, U(1), data={**GOOD_TALLY, "delta": 1.5})],
    "value-object": [_mu(1, U(1), data={**GOOD_TALLY, "group": {"$ne": 1}})],
    "op-unknown": [_mu(1, U(1), op="drop")],
    "hlc-bad": [_mu(1, U(1), hlc="yesterday")],
}


@pytest.mark.parametrize("muts", HOSTILE_PUSHES.values(), ids=HOSTILE_PUSHES.keys())
def test_hostile_push_is_422_and_not_stored(hub, token: str, muts: list) -> None:  # noqa: ANN001
    before = _stored(hub)
    r = _post(hub, "/sync/push", token, _push_body(muts))
    assert r.status_code == 422, r.text
    assert r.json()["error"]["zh"] and r.json()["error"]["en"]
    assert _stored(hub) == before


@pytest.mark.parametrize(
    "body",
    [
        {"device_id": DEV, "cursor": 2**63},
        {"device_id": DEV, "cursor": -1},
        {"device_id": DEV, "cursor": "0"},
        {"device_id": DEV, "cursor": 0, "limit": "10"},
        {"device_id": DEV, "cursor": 0, "own": "true"},
        {"device_id": DEV + "\x00", "cursor": 0},
        {"device_id": "\udcff", "cursor": 0},
    ],
    ids=["cursor-2**63", "cursor-negative", "cursor-string", "limit-string", "own-string", "device-nul", "device-sur"],
)
def test_hostile_pull_is_422(hub, token: str, body: dict) -> None:  # noqa: ANN001
    r = _post(hub, "/sync/pull", token, {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, **body})
    assert r.status_code == 422, r.text


def test_push_with_pull_cursor_out_of_range_is_422(hub, token: str) -> None:  # noqa: ANN001
    r = _post(hub, "/sync/push", token, _push_body([], pull={"cursor": 2**63}))
    assert r.status_code == 422, r.text


@pytest.mark.parametrize(
    "extra",
    [
        {"device_id": "\x00"},
        {"device_id": U(1)[:-1] + "\x00"},
        {"name": "lap\x00top"},
        {"name": "lap\udcfftop"},
        {"code": "ABCD-\x00"},
        {"code": 123456789},
    ],
    ids=["device-nul", "device-nul-uuid", "name-nul", "name-surrogate", "code-nul", "code-int"],
)
def test_hostile_enroll_is_422(hub, extra: dict) -> None:  # noqa: ANN001
    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": U(5), **extra}
    r = _post(hub, "/enroll", None, body)
    assert r.status_code == 422, r.text


@pytest.mark.parametrize(
    "raw",
    [
        b'{"protocol": 1, "schema": 1, "device_id": "x", "cursor": ' + b"9" * 5000 + b"}",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"protocol": 1e999, "schema": 1}',
        b'{"protocol": true, "schema": true, "device_id": "' + DEV.encode() + b'", "cursor": 0}',
    ],
    ids=["5000-digits", "deep-nesting", "infinity-version", "bool-version"],
)
def test_odd_json_is_4xx(hub, token: str, raw: bytes) -> None:  # noqa: ANN001
    r = _post(hub, "/sync/pull", token, raw, raw=True)
    assert 400 <= r.status_code < 500, r.text


def test_out_of_domain_values_are_rejected_one_by_one(hub, token: str) -> None:  # noqa: ANN001
    """Values that fit a bigint but not the domain (domain/schema.py FIELD_RANGES) are
    rejected with a reason; the rest of the batch is applied."""
    seed(hub)
    muts = [
        _mu(1, VISIT, "visit", VISIT_DATA),
        _mu(2, U(2), data={**GOOD_TALLY, "delta": 100_001}),
        _mu(3, U(3), "site", {"name": "s", "county": "c", "students": 100_001}),
        _mu(4, U(4), "site", {"name": "s", "county": "c", "students": -1}),
        _mu(5, U(5)),
        _mu(6, U(6), data={**GOOD_TALLY, "delta": -100_000}),
    ]
    r = _post(hub, "/sync/push", token, _push_body(muts))
    assert r.status_code == 200, r.text
    codes = {x["seq"]: x["code"] for x in r.json()["results"]}
    assert codes == {2: "out_of_range", 3: "out_of_range", 4: "out_of_range"}
    assert "100000" in next(x["en"] for x in r.json()["results"] if x["seq"] == 2)
    tallies = [t for t in json.loads(hub.export())["entities"]["tally"] if t["visit_id"] == VISIT]
    assert sorted(t["delta"] for t in tallies) == [-100_000, 3]


def test_tally_for_a_missing_visit_is_rejected(hub, token: str) -> None:  # noqa: ANN001
    """The orphan rule: a reference must be on the hub or earlier in the same batch."""
    seed(hub)
    orphan = _post(hub, "/sync/push", token, _push_body([_mu(1, U(1))])).json()
    assert [x["code"] for x in orphan["results"]] == ["unknown_reference"]
    same_batch = [_mu(2, VISIT, "visit", VISIT_DATA), _mu(3, U(3))]
    ok = _post(hub, "/sync/push", token, _push_body(same_batch)).json()
    assert ok["results"] == [] and ok["last_seq"] == 3
    later = _post(hub, "/sync/push", token, _push_body([_mu(4, U(4))])).json()
    assert later["results"] == []  # the visit is on the hub now
    assert len([t for t in json.loads(hub.export())["entities"]["tally"] if t["visit_id"] == VISIT]) == 2


def test_other_laptops_keep_syncing_while_one_is_hostile(hub, token: str, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    a.catalog.add_caravan("A车")
    for muts in HOSTILE_PUSHES.values():
        assert _post(hub, "/sync/push", token, _push_body(muts)).status_code == 422
    a.sync.sync_now()
    b.catalog.add_caravan("B车")
    b.sync.sync_now()
    a.sync.sync_now()
    assert {c.name for c in a.catalog.caravans()} == {c.name for c in b.catalog.caravans()} == {"A车", "B车"}
    assert a.sync.status().quarantined == [] and b.sync.status().last_error in (None, "")


def test_the_laptop_refuses_out_of_range_input(tmp_path) -> None:  # noqa: ANN001
    """The laptop checks the same ranges on input (domain/schema.py FIELD_RANGES)."""
    import datetime as dt

    from caravan_app.domain.errors import DomainError
    from caravan_app.services.app import App
    from tests.conftest import fresh_data_dir

    app = App.open(fresh_data_dir(tmp_path / "lap"))
    try:
        c = app.catalog.add_caravan("1号车")
        s = app.sites.add(name="小学", county="金乡县", kind="小学")
        v = app.visits.add(s, c, dt.date.today())
        app.visits.arrive(v)
        with pytest.raises(DomainError) as ei:
            app.attendance.tally(v, "primary", 100_001)
        assert "100000" in ei.value.en
        app.attendance.tally(v, "primary", 100_000)
    finally:
        app.close()
