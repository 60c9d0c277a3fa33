"""`caravan check` finds damage that no command of the app can make: a dropped append-only guard,
a day close whose lines no longer add up, an outbox row whose record is gone. Each is made here
with plain SQLite on the real file, as a tool or a bad disk would."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from caravan_app.services.app import App


@contextmanager
def _raw(app: App) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(app.db.path)
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def test_a_clean_laptop_passes_and_counts_its_rows(app: App, field: dict[str, str]) -> None:
    rep = app.maintenance.check()
    assert rep.ok, rep.problems
    assert rep.facts["title"] == 1 and rep.facts["movement"] == 1 and rep.facts["visit"] == 1
    assert rep.facts["outbox_pending"] > 0 and rep.facts["attendance_review"] == 0


def test_a_dropped_guard_and_a_day_close_that_does_not_add_up_are_named(app: App, field: dict[str, str]) -> None:
    app.stock.close_day(field["caravan"], dt.date.today(), {field["title"]: 100})
    with _raw(app) as conn:
        conn.execute("DROP TRIGGER day_closes_no_update")
        (dc_id, stored) = conn.execute("SELECT id, lines FROM day_closes").fetchone()
        lines = json.loads(stored)
        lines[0]["difference"] += 1  # counted − expected no longer equals the stored difference
        conn.execute("UPDATE day_closes SET lines = ? WHERE id = ?", (json.dumps(lines), dc_id))
    rep = app.maintenance.check()
    assert not rep.ok
    assert "缺少只追加保护 / append-only guard missing: day_closes update" in rep.problems
    assert f"日结记录损坏 / damaged day close {dc_id}" in rep.problems


def test_an_outbox_row_without_its_record_is_named(app: App, field: dict[str, str]) -> None:
    with _raw(app) as conn:
        conn.execute(
            "INSERT INTO outbox (entity, record_id, op, hlc, data, pushed) VALUES ('title', 'gone', 'insert', "
            "'0000000000000-0000', '{}', 0)"
        )
    rep = app.maintenance.check()
    assert "待同步记录指向不存在的数据 / outbox rows without their record: 1" in rep.problems
    assert app.maintenance.change_mark() > 0
