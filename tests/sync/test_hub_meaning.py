"""The hub checks what values mean, not only their shape (domain/fieldspec.py): each value no
laptop makes is refused per mutation with its reason, kept in the hub's quarantine (``bad
list``), never stored and never pulled — and never a 500. A real hub process over HTTP; runs
on SQLite and (scripts/pg_suite.sh) PostgreSQL."""

from __future__ import annotations

import json

import httpx
import pytest

from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA
from tests.helpers.cli import run_server_cli

from .hostile import REF, VALID, U, enroll, mutation, push, seed

pytestmark = pytest.mark.server

DEV = U(6001)
TB = U(6100)

# name -> (entity, changed fields, the code of the refusal)
HOSTILE: dict[str, tuple[str, dict, str]] = {
    "visit-status": ("visit", {"status": "maybe"}, "bad_value"),
    "visit-date": ("visit", {"date": "2026-02-30"}, "bad_value"),
    "visit-date-9999": ("visit", {"date": "9999-12-31"}, "bad_value"),
    "visit-arrival": ("visit", {"arrived_at": "half past ten"}, "bad_value"),
    "visit-arrival-tz": ("visit", {"arrived_at": "2026-05-01T10:00:00+08:00"}, "bad_value"),
    "visit-kind": ("visit", {"activity_kind": "party"}, "bad_value"),
    "visit-unknown-site": ("visit", {"site_id": U(6999)}, "unknown_reference"),
    "visit-site-not-an-id": ("visit", {"site_id": "school"}, "unknown_reference"),
    "tally-group": ("tally", {"group": "aliens"}, "bad_value"),
    "tally-at": ("tally", {"at": "x"}, "bad_value"),
    "tally-unknown-visit": ("tally", {"visit_id": U(6999)}, "unknown_reference"),
    "takeback-negative": ("tally_takeback", {"qty": -5}, "out_of_range"),
    "takeback-huge": ("tally_takeback", {"qty": 2**63 - 1}, "out_of_range"),
    "takeback-seen-huge": ("tally_takeback", {"seen": 2**62}, "out_of_range"),
    "takeback-unknown-tally": ("tally_takeback", {"tally_id": U(6999)}, "unknown_reference"),
    "movement-kind": ("movement", {"kind": "teleport"}, "bad_value"),
    "movement-unknown-title": ("movement", {"title_id": U(6999)}, "unknown_reference"),
    "movement-unknown-van": ("movement", {"caravan_id": U(6999)}, "unknown_reference"),
    "movement-ref-nothing": ("movement", {"ref_id": U(6999)}, "unknown_reference"),
    "signin-group": ("signin", {"group": "boss"}, "bad_value"),
    "signin-method": ("signin", {"method": "telepathy"}, "bad_value"),
    "signin-unknown-person": ("signin", {"person_id": U(6999)}, "unknown_reference"),
    "duty-kind": ("duty_event", {"kind": "lunch"}, "bad_value"),
    "duty-unknown-person": ("duty_event", {"person_id": U(6999)}, "unknown_reference"),
    "dayclose-not-json": ("day_close", {"lines": "not json"}, "bad_value"),
    "dayclose-not-list": ("day_close", {"lines": '{"a": 1}'}, "bad_value"),
    "dayclose-bad-line": ("day_close", {"lines": '[{"title_id": 1}]'}, "bad_value"),
    "dayclose-wrong-difference": (
        "day_close",
        {"lines": f'[{{"title_id":"{REF["title"]}","expected":5,"counted":3,"difference":9}}]'},
        "bad_value",
    ),
    "dayclose-unknown-title": (
        "day_close",
        {"lines": f'[{{"title_id":"{U(6999)}","expected":5,"counted":3,"difference":-2}}]'},
        "unknown_reference",
    ),
    "dayclose-unknown-van": ("day_close", {"caravan_id": U(6999)}, "unknown_reference"),
    "odometer-soon": ("odometer", {"date": "soon"}, "bad_value"),
    "odometer-backwards": ("odometer", {"back_km": 900}, "bad_value"),
    "odometer-unknown-van": ("odometer", {"caravan_id": U(6999)}, "unknown_reference"),
    "privacy-mixed-list": ("privacy_action", {"signin_ids": f'["{REF["signin"]}", 1]'}, "bad_value"),
    "privacy-not-json": ("privacy_action", {"signin_ids": "[oops"}, "bad_value"),
    "privacy-object": ("privacy_action", {"signin_ids": '{"id": 1}'}, "bad_value"),
    "privacy-nested": ("privacy_action", {"signin_ids": f'[["{REF["signin"]}"]]'}, "bad_value"),
    "privacy-empty": ("privacy_action", {"signin_ids": "[]"}, "bad_value"),
    "privacy-none": ("privacy_action", {"signin_ids": None}, "bad_value"),
    "privacy-kind": ("privacy_action", {"kind": "leak"}, "bad_value"),
    "privacy-fields": ("privacy_action", {"fields": "name,salary"}, "bad_value"),
    "privacy-unknown-signin": ("privacy_action", {"signin_ids": f'["{U(6999)}"]'}, "unknown_reference"),
    "purge-without-visit": ("privacy_action", {"kind": "purge", "signin_ids": None}, "bad_value"),
    "correction-kind": ("signin_correction", {"kind": "delete"}, "bad_value"),
    "correction-unknown-signin": ("signin_correction", {"signin_id": U(6999)}, "unknown_reference"),
    "reopen-unknown-visit": ("visit_reopen", {"visit_id": U(6999)}, "unknown_reference"),
    "merge-entity": ("merge", {"entity": "visit"}, "bad_value"),
    "merge-unknown-target": ("merge", {"into_id": U(6999)}, "unknown_reference"),
    "person-role": ("person", {"role": "king"}, "bad_value"),
    "title-kind": ("title", {"kind": "gold"}, "bad_value"),
    "caravan-county": ("caravan", {"home_county": "北京"}, "bad_value"),
    "signin-control-characters": ("signin", {"name": "李\x12四\x1d"}, "bad_value"),
}


@pytest.fixture
def token(hub) -> str:  # noqa: ANN001
    seed(hub)
    return enroll(hub, DEV)


def _server(hub, *args: str) -> str:  # noqa: ANN001
    out = run_server_cli("--db", hub.db_url, *args)  # in-process: its answers are under test
    assert out.returncode == 0, out.stderr
    return out.stdout


def _pull_all(hub, token: str, device_id: str) -> list[dict]:  # noqa: ANN001
    r = httpx.post(
        hub.url + "/sync/pull",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device_id, "cursor": 0, "limit": 1000},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.text
    return list(r.json()["records"])


def test_every_hostile_value_is_refused_with_its_reason_and_quarantined(hub, token: str) -> None:  # noqa: ANN001
    """One push holding every finding beside a good record: each refused with its code (and a
    reason naming the field), the good one stored, the hub's export and pulls hold none of them,
    and ``caravan-server bad list`` shows each with its reason."""
    before = hub.export()
    names = list(HOSTILE)
    muts = [
        mutation(i + 1, U(6200 + i), HOSTILE[n][0], {**VALID[HOSTILE[n][0]], **HOSTILE[n][1]})
        for i, n in enumerate(names)
    ]
    good = mutation(len(muts) + 1, TB, "tally_takeback", VALID["tally_takeback"])
    r = push(hub, token, DEV, [*muts, good])
    assert r.status_code == 200, r.text
    got = {x["seq"]: x for x in r.json()["results"]}
    for i, n in enumerate(names):
        assert got[i + 1]["status"] == "rejected", n
        assert got[i + 1]["code"] == HOSTILE[n][2], (n, got[i + 1])
        assert got[i + 1]["zh"] and got[i + 1]["en"], n
    assert len(muts) + 1 not in got  # the good take-back was applied
    assert r.json()["last_seq"] == len(muts) + 1  # the queue moved on

    after = json.loads(hub.export())["entities"]
    assert [t["id"] for t in after["tally_takeback"]] == [TB]
    stored_ids = {rec["id"] for recs in after.values() for rec in recs}
    assert not stored_ids & {U(6200 + i) for i in range(len(names))}
    assert {rec["id"] for rec in _pull_all(hub, enroll(hub, U(6002)), U(6002))} == stored_ids
    assert len(hub.export()) > len(before)

    listed = json.loads(_server(hub, "bad", "list", "--json"))
    assert listed["bad"] == []  # nothing bad was stored
    refused = {x["record_id"]: x for x in listed["rejected"]}
    for i, n in enumerate(names):
        assert refused[U(6200 + i)]["code"] == HOSTILE[n][2], n
        assert refused[U(6200 + i)]["device_id"] == DEV
    text = _server(hub, "bad", "list")  # the text form lists them too, with the reason
    assert "已拒收 / refused" in text and U(6200) in text and "must be one of" in text


def test_the_same_record_pushed_with_its_references_in_one_push_is_accepted(hub, token: str) -> None:  # noqa: ANN001
    """A reference may arrive in the same push, before the record naming it."""
    v, s = U(6300), U(6301)
    muts = [
        mutation(1, U(6302), "caravan", {**VALID["caravan"], "name": "新车"}),
        mutation(2, s, "site", {**VALID["site"], "name": "新学校"}),
        mutation(3, v, "visit", {**VALID["visit"], "site_id": s, "caravan_id": U(6302)}),
        mutation(4, U(6303), "tally", {**VALID["tally"], "visit_id": v}),
        mutation(5, U(6304), "tally_takeback", {**VALID["tally_takeback"], "tally_id": U(6303), "visit_id": v}),
    ]
    r = push(hub, token, DEV, muts)
    assert r.status_code == 200 and r.json()["results"] == [], r.text


def test_a_record_naming_one_refused_earlier_in_the_push_is_refused_too(hub, token: str) -> None:  # noqa: ANN001
    v = U(6310)
    muts = [
        mutation(1, v, "visit", {**VALID["visit"], "status": "maybe"}),
        mutation(2, U(6311), "tally", {**VALID["tally"], "visit_id": v}),
    ]
    codes = {x["seq"]: x["code"] for x in push(hub, token, DEV, muts).json()["results"]}
    assert codes == {1: "bad_value", 2: "unknown_reference"}


def test_an_edit_to_a_value_no_laptop_makes_is_refused(hub, token: str) -> None:  # noqa: ANN001
    """Edited records too: an update setting a bad status, date or arrival is refused, the
    stored visit keeps its values."""
    muts = [
        {**mutation(1, REF["visit"], "visit", {"status": "maybe"}), "op": "update", "hlc": "1700000001000.00000"},
        {**mutation(2, REF["visit"], "visit", {"date": "soon"}), "op": "update", "hlc": "1700000001000.00001"},
        {**mutation(3, REF["visit"], "visit", {"arrived_at": "x"}), "op": "update", "hlc": "1700000001000.00002"},
        {**mutation(4, REF["visit"], "visit", {"theme": "新主题"}), "op": "update", "hlc": "1700000001000.00003"},
        {**mutation(5, REF["site"], "site", {"county": None}), "op": "update", "hlc": "1700000001000.00004"},
    ]
    r = push(hub, token, DEV, muts).json()
    codes = {x["seq"]: x["code"] for x in r["results"]}
    assert codes == {1: "bad_value", 2: "bad_value", 3: "bad_value", 5: "missing_field"}
    visit = next(x for x in json.loads(hub.export())["entities"]["visit"] if x["id"] == REF["visit"])
    assert (visit["status"], visit["date"], visit["arrived_at"], visit["theme"]) == (
        "in_progress",
        "2026-05-01",
        "2026-05-01T10:00:00",
        "新主题",
    )


def test_a_sequence_number_no_laptop_reaches_is_refused_and_the_device_keeps_pushing(hub, token: str) -> None:  # noqa: ANN001
    """Issue 31 §5: seq 2^63−1 used to become the device's position, and every later change of
    that laptop was skipped as already seen."""
    r = push(hub, token, DEV, [mutation(2**63 - 1, U(6400), "tally", VALID["tally"])]).json()
    assert [(x["status"], x["code"]) for x in r["results"]] == [("rejected", "bad_seq")]
    assert r["last_seq"] == 0
    r = push(hub, token, DEV, [mutation(1, U(6401), "tally", VALID["tally"])]).json()
    assert r["results"] == [] and r["last_seq"] == 1
    ids = {t["id"] for t in json.loads(hub.export())["entities"]["tally"]}
    assert U(6401) in ids and U(6400) not in ids


@pytest.mark.parametrize(
    "signin_ids",
    ['["{sid}", 1]', '["{sid}", null]', '["{sid}", {{}}]', '"{sid}"', "1", '[["{sid}"]]', "[" * 50],
    ids=["int", "null", "object", "string", "number", "nested", "unclosed"],
)
def test_malformed_privacy_facts_never_500_and_never_wedge_a_laptop(hub, token: str, laptops, signin_ids: str) -> None:  # noqa: ANN001
    """Issue 31 §1: a privacy fact whose sign-in list holds a real id and ``1`` was stored by a
    SQLite hub and every laptop's sync then failed with a TypeError, forever (PostgreSQL: 500)."""
    data = {**VALID["privacy_action"], "signin_ids": signin_ids.format(sid=REF["signin"])}
    r = push(hub, token, DEV, [mutation(1, U(6500), "privacy_action", data)])
    assert r.status_code == 200, r.text
    assert [x["code"] for x in r.json()["results"]] == ["bad_value"]
    fresh = laptops("fresh")  # a new laptop bootstraps from the hub
    res = fresh.sync.sync_now()
    assert res.pending == 0 and fresh.sync.status().quarantined == []
    assert json.loads(hub.export())["entities"]["signin"][0]["name"] == "李四"  # nothing was erased
