"""storage/fast_read.py: today's visits read with plain sqlite3 for the first window give the
same figures as the services (take-backs, voided and repeated sign-ins, cancelled visits, other vans)."""

from __future__ import annotations

import datetime as dt
import sys

from caravan_app.paths import database_path
from caravan_app.services.app import App
from caravan_app.storage.fast_read import today


def test_today_matches_the_services(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 40)
    app.attendance.tally(v, "teacher", 3)
    app.attendance.take_back(v, "primary", 5)
    app.attendance.signin(v, "李小明", "student")
    app.attendance.signin(v, "李小明", "student")  # a repeat: one person
    wrong = app.attendance.signin(v, "错名字").id
    app.attendance.void_signin(wrong, "输错了")
    app.attendance.signin(v, "王老师", "teacher")
    cancelled = app.visits.add(field["site"], field["caravan"], dt.date.today(), theme="取消的")
    app.visits.cancel(cancelled)
    other_van = app.catalog.add_caravan("2号车")
    app.visits.add(field["site"], other_van, dt.date.today())  # another van's visit: not this laptop's
    app.visits.add(field["site"], field["caravan"], dt.date.today() + dt.timedelta(days=1))  # tomorrow

    snap = today(database_path(app.data_dir))
    assert snap is not None and snap.device_name == "测试笔记本" and snap.caravan_name == "1号车"
    expected = app.visits.today(app.catalog.current_caravan_id())
    assert [x.id for x in snap.visits] == [e.id for e in expected] == [v]
    (got,) = snap.visits
    assert got.site_name == "鱼台县第一中学" and got.status == "in_progress" and got.arrived_at
    assert got.totals == app.attendance.totals(v) and got.totals["primary"] == 35
    assert got.signins == app.attendance.signin_count(v) == 2
    assert got.total == 38


def test_no_database_or_no_van_is_not_an_error(tmp_path, app: App) -> None:  # noqa: ANN001
    assert today(tmp_path / "missing.db") is None
    snap = today(database_path(app.data_dir))  # a new laptop: no van chosen yet
    assert snap is not None and snap.visits == []
    (tmp_path / "junk.db").write_bytes(b"not a database")
    assert today(tmp_path / "junk.db") is None


def test_reading_today_does_not_import_sqlalchemy(app: App, field: dict[str, str]) -> None:
    import subprocess

    code = (
        "import sys; from caravan_app.storage.fast_read import today; "
        f"s = today({str(database_path(app.data_dir))!r}); "
        "print(len(s.visits), 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False"]
