"""The hub's doors: enrollment, tokens, identity, versions, and bodies it must refuse cleanly."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from caravan_app.sync.errors import SyncError
from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA
from tests.helpers.cli import run_server_cli
from tests.helpers.hub import InProcessHub

from .hostile import REF

pytestmark = pytest.mark.server

# The API's answers are asked of the hub in this process (tests/helpers/hub.py); the tests that
# need laptops syncing over a socket or the hub's own command line use the hub process.


@pytest.fixture(scope="module")
def hub_app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hub-app")


@pytest.fixture
def hub_app(hub_app_dir: Path) -> Iterator[InProcessHub]:
    h = InProcessHub(hub_app_dir)
    yield h
    h.close()


def U(n: int) -> str:
    """A record or device id in UUID form (the hub refuses any other)."""
    return f"00000000-0000-7000-8000-{n:012d}"


DEV1, DEV2, DEVX, DEVY, CLI_DEV = U(9001), U(9002), U(9003), U(9004), U(9005)
VISIT = U(8000)


def _enroll(hub, device_id: str = DEV1) -> str:  # noqa: ANN001
    r = hub.http.post(
        "/enroll",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": device_id},
    )
    assert r.status_code == 200, r.text
    return r.json()["token"]


def _push(hub, token: str | None, body: object, **kw):  # noqa: ANN001, ANN202
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return hub.http.post("/sync/push", json=body, headers=headers, **kw)


def _body(device_id: str = DEV1, mutations: list | None = None) -> dict:
    return {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device_id, "mutations": mutations or []}


def test_health_and_openapi(hub_app) -> None:
    assert hub_app.http.get("/healthz").json()["ok"] is True
    spec = hub_app.http.get("/openapi.json").json()
    assert {"/sync/push", "/sync/pull", "/enroll"} <= set(spec["paths"])


def test_enrollment_code_works_once(hub_app) -> None:
    code = hub_app.code()
    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": code, "device_id": DEVX}
    assert hub_app.http.post("/enroll", json=body).status_code == 200
    again = hub_app.http.post("/enroll", json={**body, "device_id": DEVY})
    assert again.status_code == 403
    assert "注册码" in again.json()["error"]["zh"]
    lower = hub_app.http.post("/enroll", json={**body, "code": "nope-nope-nope"})
    assert lower.status_code == 403


def test_revoked_laptop_is_told_plainly(hub, laptops) -> None:
    from caravan_app.server.hub import reenroll_device, revoke_device

    a = laptops("a")
    a.sync.sync_now()
    revoke_device(hub.hdb, a.db.device_id)
    a.catalog.add_caravan("2号车")
    with pytest.raises(SyncError) as ei:
        a.sync.sync_now()
    assert ei.value.status == 401 and ei.value.code == "revoked"
    assert "撤销" in ei.value.zh and "revoked" in ei.value.en
    assert a.sync.pending_count() == 1  # nothing lost; it waits for a new enrollment
    with pytest.raises(SyncError) as taken:  # a fresh code cannot take an enrolled device id
        a.sync.enroll(hub.url, hub.code())
    assert taken.value.code == "device_taken"
    a.sync.enroll(hub.url, reenroll_device(hub.hdb, a.db.device_id).code)  # the office's action
    a.sync.sync_now()
    assert a.sync.pending_count() == 0


def test_foreign_and_missing_tokens_are_refused(hub_app) -> None:
    _enroll(hub_app)
    r = _push(hub_app, "a-token-from-some-other-hub_app", _body())
    assert r.status_code == 401 and r.json()["error"]["code"] == "bad_token"
    r = _push(hub_app, None, _body())
    assert r.status_code == 401


def test_device_cannot_push_as_another(hub_app) -> None:
    tok = _enroll(hub_app, DEV1)
    _enroll(hub_app, DEV2)
    r = _push(hub_app, tok, _body(DEV2))
    assert r.status_code == 403 and r.json()["error"]["code"] == "wrong_device"
    pull = hub_app.http.post(
        "/sync/pull",
        headers={"Authorization": f"Bearer {tok}"},
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": DEV2, "cursor": 0},
    )
    assert pull.status_code == 403
    # Nor register a device record under another id.
    mu = {
        "seq": 1,
        "id": DEV2,
        "entity": "device",
        "op": "insert",
        "hlc": "0000000000001.00000",
        "data": {"name": "冒充", "caravan_id": None},
    }
    r = _push(hub_app, tok, _body(DEV1, [mu]))
    assert r.status_code == 200 and r.json()["results"][0]["code"] == "not_yourself"


def test_outdated_and_newer_apps_get_readable_answers(hub_app) -> None:
    tok = _enroll(hub_app)
    old = _push(hub_app, tok, {**_body(), "protocol": PROTOCOL_VERSION - 1, "mutations": "whatever shape"})
    assert old.status_code == 426 and "更新" in old.json()["error"]["zh"]
    newer = _push(hub_app, tok, {**_body(), "schema": SCHEMA + 1})
    assert newer.status_code == 409 and "update the hub" in newer.json()["error"]["en"]


@pytest.mark.parametrize(
    "content,headers",
    [
        (b"{not json", {}),
        (b"[1,2,3]", {}),
        (json.dumps({"protocol": PROTOCOL_VERSION}).encode(), {}),
        (json.dumps({**_body(), "mutations": [{"seq": "x"}]}).encode(), {}),
        (json.dumps({**_body(), "mutations": 5}).encode(), {}),
        (json.dumps({**_body(), "surprise": 1}).encode(), {}),
        (b"\x1f\x8b\x08garbage", {"Content-Encoding": "gzip"}),
        (gzip.compress(b'{"protocol": 1, "sch', mtime=0)[:-6], {"Content-Encoding": "gzip"}),
        ('{"protocol": 1, "schema": 1, "device_id": "\udcff"}'.encode("utf-8", "surrogatepass"), {}),
    ],
    ids=[
        "not-json",
        "array",
        "no-schema",
        "bad-seq",
        "mutations-not-list",
        "unknown-key",
        "bad-gzip",
        "cut-gzip",
        "surrogate",
    ],
)
def test_malformed_bodies_are_422_never_500(hub_app, content: bytes, headers: dict) -> None:
    tok = _enroll(hub_app)
    r = hub_app.http.post(
        "/sync/push",
        content=content,
        headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/json", **headers},
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["zh"]


def test_oversized_bodies_are_413(hub_app) -> None:
    tok = _enroll(hub_app)
    big = b"x" * 5_000_000
    r = hub_app.http.post("/sync/push", content=big, headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 413
    bomb = gzip.compress(b" " * 40_000_000)  # tiny on the wire, huge unpacked
    r = hub_app.http.post(
        "/sync/push", content=bomb, headers={"Authorization": f"Bearer {tok}", "Content-Encoding": "gzip"}
    )
    assert r.status_code == 413
    many = _body(
        mutations=[
            {"seq": i + 1, "id": U(i), "entity": "tally", "op": "insert", "hlc": "0000000000001.00000", "data": {}}
            for i in range(1200)
        ]
    )
    assert _push(hub_app, tok, many).status_code == 422


def test_bad_mutations_are_rejected_one_by_one(hub_app) -> None:
    from .hostile import seed

    seed(hub_app)
    tok = _enroll(hub_app)
    good = {"visit_id": VISIT, "group": "primary", "delta": 3, "at": "2026-05-01T10:00:00"}
    visit = {"site_id": REF["site"], "caravan_id": REF["caravan"], "date": "2026-05-01", "status": "planned"}
    muts = [
        {"seq": 1, "id": VISIT, "entity": "visit", "op": "insert", "hlc": "1700000000000.00000", "data": visit},
        {"seq": 2, "id": U(1), "entity": "tally", "op": "insert", "hlc": "1700000000000.00000", "data": good},
        {"seq": 3, "id": U(2), "entity": "spaceship", "op": "insert", "hlc": "1700000000000.00001", "data": {}},
        {
            "seq": 4,
            "id": U(3),
            "entity": "tally",
            "op": "insert",
            "hlc": "1700000000000.00002",
            "data": {**good, "delta": "three"},
        },
        {"seq": 5, "id": U(4), "entity": "tally", "op": "insert", "hlc": "9999999999999.00000", "data": good},
        {"seq": 6, "id": U(1), "entity": "tally", "op": "update", "hlc": "1700000000000.00003", "data": good},
        {
            "seq": 7,
            "id": U(6),
            "entity": "tally",
            "op": "insert",
            "hlc": "1700000000000.00004",
            "data": {**good, "colour": "red"},
        },
        {"seq": 8, "id": U(7), "entity": "tally", "op": "insert", "hlc": "1700000000000.00005", "data": good},
    ]
    r = _push(hub_app, tok, _body(mutations=muts))
    assert r.status_code == 200
    codes = {x["seq"]: x["code"] for x in r.json()["results"]}  # applied ones are not listed
    assert codes == {3: "unknown_entity", 4: "bad_value", 5: "clock_ahead", 6: "append_only", 7: "unknown_field"}
    assert r.json()["last_seq"] == 8  # one bad record never wedges the queue
    # A resend answers the same; a resend with other content is flagged.
    again = _push(hub_app, tok, _body(mutations=muts)).json()["results"]
    assert [x["status"] for x in again] == [
        "duplicate",
        "duplicate",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "duplicate",
    ]
    changed = _push(hub_app, tok, _body(mutations=[{**muts[1], "data": {**good, "delta": 300}}])).json()["results"]
    assert changed[0]["status"] == "mismatch"
    from caravan_app.server.hub import review

    flagged = review(hub_app.hdb, "anomalies")
    assert len(flagged) == 1 and flagged[0]["kind"] == "resend_differs" and flagged[0]["seq"] == 2
    tallies = [t for t in json.loads(hub_app.export())["entities"]["tally"] if t["visit_id"] == VISIT]
    assert [t["delta"] for t in tallies] == [3, 3]


def test_server_cli_devices_and_export(hub, tmp_path) -> None:
    def run(*args: str) -> str:
        out = run_server_cli("--db", hub.db_url, *args)  # in-process: its answers are under test
        assert out.returncode == 0, out.stderr
        return out.stdout

    out = run("device", "add", "--caravan", "3号车")
    code = next(w for w in out.split() if w.count("-") == 2 and len(w) == 14)
    r = hub.http.post(
        "/enroll", json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": code, "device_id": CLI_DEV}
    )
    assert r.status_code == 200
    listed = json.loads(run("device", "list", "--json"))
    row = next(d for d in listed if d["device_id"] == CLI_DEV)
    assert row["status"] == "enrolled" and row["caravan"] == "3号车"
    run("device", "revoke", str(row["id"]))
    assert _push(hub, r.json()["token"], _body(CLI_DEV)).status_code == 401
    run("export", str(tmp_path / "hub.json"))
    assert (tmp_path / "hub.json").read_bytes() == hub.export()
    assert json.loads(run("conflicts")) == [] and json.loads(run("anomalies")) == []
