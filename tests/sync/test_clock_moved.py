"""A laptop whose clock went back after its last sync notices before dating records: the
command line refuses with a message (unless --clock-ok), the desktop app warns, and records
keep the day of the last sync, the day of the visit, instead of yesterday. Real hub process;
wrong clocks injected as the other clock tests do (``skew``) and, for the `caravan` process,
by a sitecustomize that shifts ``time.time`` (tests/sync/fakeclock)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from caravan_app.domain.hlc import HLC
from caravan_app.services.base import Clock
from caravan_app.storage import models as m
from tests.conftest import fresh_data_dir

from .conftest import skew

pytestmark = pytest.mark.server

DAY = 86400
ROOT = Path(__file__).resolve().parents[2]


def _field(app):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县")
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 30)
    v = app.visits.add(s, c, dt.date.today())
    app.visits.arrive(v)
    return c, t, v


def test_a_clock_a_day_back_after_sync_keeps_todays_day(hub, laptops) -> None:  # noqa: ANN001
    a = laptops("a")
    c, t, v = _field(a)
    a.sync.sync_now()
    skew(a, -DAY)  # the clock goes a day back after the last sync
    move = a.clock.check()
    assert move is not None and move.kind == "back" and move.by_ms > 23 * 3600 * 1000
    assert a.sync.status().clock_moved_h == pytest.approx(24, abs=0.5)
    a.stock.distribute(c, t, 4, v, "三年级")
    a.stock.close_day(c, a.clock.today(), {t: 26})
    today = dt.date.today()
    with a.db.read() as s:
        outs = [r.at for r in s.scalars(select(m.Movement).where(m.Movement.kind == "distribute"))]
        closes = [r.date for r in s.scalars(select(m.DayClose))]
    assert [dt.datetime.fromisoformat(x).date() for x in outs] == [today]  # the visit's day
    assert closes == [today.isoformat()]
    (line,) = a.reports.day_data(today, c).sections[0].stock
    assert (line.loaded, line.out, line.end) == (30, 4, 26)
    yesterday = a.reports.day_data(today - dt.timedelta(days=1), c)
    assert not yesterday.sections or not yesterday.sections[0].stock or yesterday.sections[0].stock[0].out == 0
    a.sync.sync_now()  # a sync measures the clock again: nothing to warn about any more
    assert a.clock.check() is None and a.sync.status().clock_moved_h is None


def test_a_clock_set_while_the_app_runs_is_noticed() -> None:
    shift = [0.0]

    class _Db:  # the two things Clock reads of a database
        hub_seen_ms = 0
        clock = HLC(wall=lambda: time.time() + shift[0])

    clock = Clock(_Db())  # type: ignore[arg-type]
    assert clock.check() is None
    shift[0] = 3 * 3600.0  # someone sets the clock three hours ahead
    move = clock.check()
    assert move is not None and move.kind == "jump"
    clock.strict = True
    with pytest.raises(Exception, match="--clock-ok"):
        clock.now()


def _caravan(data: Path, *args: str, shift: float = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARAVAN_TOKEN_STORE": "file", "CARAVAN_TEST_CLOCK_SHIFT": str(shift)}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent / "fakeclock"), str(ROOT)])
    return subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def _ok(p: subprocess.CompletedProcess[str]) -> str:
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout


@pytest.mark.slow
def test_cli_refuses_to_date_records_by_a_clock_gone_back(hub, tmp_path: Path) -> None:  # noqa: ANN001
    d = fresh_data_dir(tmp_path / "a")
    _ok(_caravan(d, "enroll", "--server", hub.url, "--code", hub.code()))
    _ok(_caravan(d, "van", "add", "1号车"))
    _ok(_caravan(d, "device", "setup", "--caravan", "1号车", "--name", "笔记本A"))
    _ok(_caravan(d, "title", "add", "身边的科学"))
    _ok(_caravan(d, "stock", "load", "身边的科学", "30"))
    _ok(_caravan(d, "sync"))
    pending = json.loads(_ok(_caravan(d, "--json", "sync", "status")))["pending"]
    refused = _caravan(d, "stock", "unload", "身边的科学", "4", shift=-DAY)
    assert refused.returncode != 0
    words = refused.stdout + refused.stderr
    assert "时钟" in words and "--clock-ok" in words and "Traceback" not in words
    assert "时钟自上次同步后变动" in _ok(_caravan(d, "sync", "status", shift=-DAY))
    assert json.loads(_ok(_caravan(d, "--json", "sync", "status")))["pending"] == pending  # nothing written
    _ok(_caravan(d, "--clock-ok", "stock", "unload", "身边的科学", "1", shift=-DAY))  # a person confirmed
    _ok(_caravan(d, "sync", shift=-DAY))  # a sync measures the clock: the laptop is right again
    _ok(_caravan(d, "stock", "unload", "身边的科学", "2", shift=-DAY))
    from caravan_app.services.app import App

    app = App.open(d)
    try:
        with app.db.read() as s:
            last = s.scalars(select(m.Movement).order_by(m.Movement.id.desc()).limit(1)).one()
        assert last.qty == -2 and last.at[:10] == dt.date.today().isoformat()  # dated by the corrected clock
    finally:
        app.close()


@pytest.mark.gui
def test_the_sync_page_and_the_window_warn_of_a_moved_clock(qtbot, hub, laptops) -> None:  # noqa: ANN001
    from caravan_app.ui import i18n
    from caravan_app.ui.main_window import MainWindow
    from caravan_app.ui.pages.sync_page import SyncPage
    from caravan_app.ui.sync_auto import SyncAuto
    from caravan_app.ui.tasks import TaskRunner

    i18n.install(i18n.CHINESE)
    a = laptops("a")
    _field(a)
    a.sync.sync_now()
    skew(a, -DAY)
    p = SyncPage(a, TaskRunner(), auto=SyncAuto(a.sync.server, a.sync.pending_count, probe_fn=lambda u: False))
    qtbot.addWidget(p)
    p.show()
    p.refresh()
    assert p.clock_warning.isVisible() and "时钟" in p.clock_warning.text() and "24.0" in p.clock_warning.text()
    w = MainWindow(a, TaskRunner())
    qtbot.addWidget(w)
    w.show()
    assert w.clock_label.isVisible() and "时钟" in w.clock_label.text()
