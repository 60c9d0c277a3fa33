"""The visit aggregate's records at the command line: ``--json`` prints the keys it always printed
(scripts read them), now from the records the services return."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from caravan_app.domain.records.visits import Signin, Visit, VisitListing
from caravan_app.domain.schema import ENTITIES
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan_json
from tests.helpers.ship import ship

VISIT_KEYS = ["id", *ENTITIES["visit"].fields]
SIGNIN_KEYS = ["id", *ENTITIES["signin"].fields]


def test_visit_commands_print_a_visits_id_and_fields_in_schema_order(app: App, field: dict[str, str]) -> None:
    data, v = app.data_dir, field["visit"]
    (listed,) = caravan_json(data, "visit", "list")
    assert list(listed) == [*VISIT_KEYS, "site_name", "county", "status_label", "review"]
    assert (listed["id"], listed["site_name"], listed["county"], listed["status"]) == (
        v,
        "鱼台县第一中学",
        "鱼台县",
        "planned",
    )
    started = caravan_json(data, "visit", "start", v)
    assert list(started) == VISIT_KEYS and started["status"] == "in_progress" and started["arrived_at"]
    assert started == app.visits.get(v).to_json()  # type: ignore[union-attr]
    edited = caravan_json(data, "visit", "edit", v, "--theme", "安全教育进校园")
    assert edited["changed"] == {"theme": "安全教育进校园"}
    assert list(edited["record"]) == VISIT_KEYS and edited["record"]["theme"] == "安全教育进校园"
    unchanged = caravan_json(data, "visit", "edit", v, "--theme", "安全教育进校园")
    assert unchanged["changed"] == {} and unchanged["record"] == edited["record"]


def test_a_lifecycle_command_answers_the_visit_as_it_is_after_it(app: App, field: dict[str, str]) -> None:
    """arrive/cancel/reopen answer the new state (what the command did), not the one before."""
    c, s = field["caravan"], field["site"]
    w = app.visits.add(s, c, "2026-06-01")
    cancelled = app.visits.cancel(w)
    assert isinstance(cancelled, Visit) and cancelled.status == "cancelled"
    assert cancelled == app.visits.get(w)
    back = app.visits.reopen(w)
    assert back.status == "planned" and back == app.visits.get(w)
    v = field["visit"]
    token = app.visits.get(v).signin_token  # type: ignore[union-attr]
    arrived = app.visits.arrive(v)
    app.visits.complete(v)
    reopened = app.visits.reopen(v, reason="补录签到", by="王老师")
    assert reopened == app.visits.get(v) and reopened.status == "in_progress"
    assert reopened.signin_token != token == arrived.signin_token  # a reopen gives a new link
    edit = app.visits.update(v, theme="科普日", notes="补录")
    assert edit.visit == app.visits.get(v) and dict(edit.changed) == {"theme": "科普日", "notes": "补录"}


def test_today_lists_the_vans_visits_with_their_site_and_leaves_out_cancelled_ones(
    app: App, field: dict[str, str]
) -> None:
    c, s = field["caravan"], field["site"]
    app.visits.cancel(app.visits.add(s, c, app.clock.today(), theme="取消的"))
    (row,) = app.visits.today(c)
    assert isinstance(row, VisitListing) and row.id == field["visit"]
    assert (row.site_name, row.county, row.theme) == ("鱼台县第一中学", "鱼台县", "科技进校园")


def test_signin_list_and_tally_review_print_their_keys(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.attendance.signin(v, "张三", "villager", organisation="南村")
    app.attendance.signin(v, "张三", "villager", organisation="南村", phone="13800001111")  # same name: marked
    (first, second) = caravan_json(app.data_dir, "signin", "list", v)
    assert list(first) == [*SIGNIN_KEYS, "possible_duplicate"]
    assert (first["name"], first["possible_duplicate"], second["possible_duplicate"]) == ("张三", False, True)
    rows = app.attendance.signins(v)
    assert all(isinstance(r, Signin) for r in rows) and [r.to_json() for r in rows] == [first, second]
    plain = app.attendance.signins_by_ids([first["id"]])[0]
    assert list(plain.to_json(with_mark=False)) == SIGNIN_KEYS
    assert caravan_json(app.data_dir, "tally-review") == []


def test_conflicts_list_and_restore_of_a_visit_field(tmp_path: Path) -> None:
    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    try:
        c = a.catalog.add_caravan("1号车")
        s = a.sites.add(name="泉林中心小学", county="泗水县")
        v = a.visits.add(s, c, "2026-06-01", theme="科普日")
        ship(a, b, "visit", v)
        a.visits.update(v, theme="科技进校园")  # older edit
        b.visits.update(v, theme="安全教育")  # newer, concurrent: wins
        ship(b, a, "visit", v)
    finally:
        a.close()
        b.close()
    (row,) = caravan_json(tmp_path / "a", "conflicts")
    assert list(row) == [
        "id",
        "entity",
        "record_id",
        "record",
        "field",
        "current",
        "kept",
        "lost",
        "lost_device",
        "reviewed",
        "informational",
    ]
    assert (row["entity"], row["record"], row["field"], row["current"], row["lost"], row["informational"]) == (
        "visit",
        "2026-06-01",
        "theme",
        "安全教育",
        "科技进校园",
        False,
    )
    restored = caravan_json(tmp_path / "a", "conflicts", "restore", str(row["id"]))
    assert restored == {"restored": row["id"], "changed": {"theme": "科技进校园"}}
    again = App.open(tmp_path / "a")
    try:
        assert again.visits.get(v).theme == "科技进校园"  # type: ignore[union-attr]
        (seen,) = again.conflicts.list(include_reviewed=True)
        assert seen.reviewed and dataclasses.asdict(seen)["lost"] == "科技进校园"
    finally:
        again.close()
