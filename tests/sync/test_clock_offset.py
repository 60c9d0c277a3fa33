"""Times under a known clock offset (issue #10, finding 10): services write ``at`` from the
laptop clock corrected by the offset measured at the last sync; a re-stamp of clock-ahead edits
keeps their real-time order. Real hub process, laptops with injected wrong clocks."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

import pytest
from sqlalchemy import select

from caravan_app.services.export import canonical_export
from caravan_app.storage import models as m

from .conftest import skew

pytestmark = pytest.mark.server

DAY = 86400


def _field(app):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", contact="王霞")
    t = app.catalog.add_title("身边的科学")
    return c, s, t


def _close_to_now(at: str, slack_s: float = 120) -> bool:
    return abs(dt.datetime.fromisoformat(at).timestamp() - time.time()) < slack_s


def test_a_laptop_a_day_slow_writes_todays_times(hub, laptops) -> None:
    a = laptops("a", skew_s=-DAY)  # its clock is a day behind; enrollment measured that
    assert abs(a.sync.status().clock_offset_ms - DAY * 1000) < 60_000
    c, s, t = _field(a)
    today = dt.date.today()
    v = a.visits.add(s, c, today)
    a.visits.arrive(v)
    a.stock.load(c, t, 30)
    a.attendance.tally(v, "primary", 12)
    a.stock.distribute(c, t, 5, v, "三年级")
    a.visits.complete(v)
    with a.db.read() as sess:
        ats = [r.at for r in sess.scalars(select(m.Movement))] + [r.at for r in sess.scalars(select(m.Tally))]
        visit = sess.get(m.Visit, v)
    assert ats and all(_close_to_now(x) for x in ats)
    assert _close_to_now(visit.arrived_at) and _close_to_now(visit.left_at)
    assert a.visits.today(c)[0].id == v  # "today" is the corrected day too
    # The day receipt counts those movements on the right day.
    day = a.reports.day_data(today, c)
    (line,) = day.sections[0].stock
    assert (line.start, line.loaded, line.out, line.end) == (0, 30, 5, 25)


def test_a_restamp_keeps_real_time_order(hub, laptops) -> None:
    """A's clock jumps a day ahead after its last sync; it edits, then B edits later (real
    time). When A syncs, its edit is re-stamped to when it really happened: B's later edit wins."""
    a, b = laptops("a"), laptops("b")
    _c, s, _t = _field(a)
    a.sync.sync_now()
    b.sync.sync_now()
    skew(a, DAY)
    a.sites.update(s, contact="周老师")  # first, in real time
    # kept (#18 open): B's edit must be later in real time than A's; skewing B's clock instead would
    # also change the offset the hub measures for B, which this test does not mean to exercise.
    time.sleep(0.05)
    b.sites.update(s, contact="吴老师")  # later, in real time
    b.sync.sync_now()
    res = a.sync.sync_now()
    assert res.requeued > 0 and res.rejected == 0
    b.sync.sync_now()
    assert a.sites.get(s).contact == b.sites.get(s).contact == "吴老师"
    with a.db.read() as sess:
        clock = json.loads(sess.get(m.Site, s).clocks)["contact"]
    assert clock[1] == b.db.device_id
    # A's edit was concurrent with B's: it is kept for review on A, once, and on the hub.
    assert [(c.field, c.lost) for c in a.conflicts.list()] == [("contact", "周老师")]
    assert b.conflicts.list() == []
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
    # The offset is known now: the next times A writes are right again.
    v = a.visits.add(s, _c, dt.date.today())
    a.visits.arrive(v)
    assert _close_to_now(a.visits.get(v).arrived_at)


@pytest.mark.slow
def test_cli_writes_times_with_the_stored_offset(tmp_path) -> None:  # noqa: ANN001
    """The CLI reads the offset measured at the last sync (kept in the database)."""
    from caravan_app.paths import database_path
    from tests.conftest import fresh_data_dir
    from tests.helpers.cli import caravan as run
    from tests.helpers.cli import caravan_json as js

    data = fresh_data_dir(tmp_path / "d")
    js(data, "van", "add", "1号车")
    run(data, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    js(data, "title", "add", "身边的科学")
    conn = sqlite3.connect(database_path(data))
    with conn:  # as if the last sync measured this laptop's clock to be two hours slow
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('server_offset_ms', ?)", (str(7200 * 1000),))
    conn.close()
    run(data, "stock", "load", "身边的科学", "10")
    conn = sqlite3.connect(database_path(data))
    (at,) = conn.execute("SELECT at FROM movements").fetchone()
    conn.close()
    written = dt.datetime.fromisoformat(at).timestamp()
    assert abs(written - (time.time() + 7200)) < 120
