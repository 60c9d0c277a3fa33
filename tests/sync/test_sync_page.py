"""The 同步 page against a real hub: numbers a person reads, the button, cancel, auto sync."""

from __future__ import annotations

import datetime as dt

import pytest

from caravan_app.services.export import canonical_export
from caravan_app.sync.connectivity import Backoff
from caravan_app.ui.pages.sync_page import SyncPage
from caravan_app.ui.sync_auto import SyncAuto
from caravan_app.ui.tasks import TaskRunner

pytestmark = [pytest.mark.server, pytest.mark.gui]


def _data(app, n: int = 3) -> None:  # noqa: ANN001
    c = app.catalog.add_caravan("1号车")
    s = app.sites.add(name="金乡县第二实验小学", county="金乡县", kind="小学")
    v = app.visits.add(s, c, dt.date.today())
    app.visits.arrive(v)
    for _ in range(n):
        app.attendance.tally(v, "primary", 1)


@pytest.fixture
def page(qtbot, laptops):  # noqa: ANN001, ANN201
    def make(app, auto: SyncAuto | None = None) -> SyncPage:  # noqa: ANN001
        runner = TaskRunner()
        p = SyncPage(
            app, runner, auto=auto or SyncAuto(app.sync.server, app.sync.pending_count, probe_fn=lambda u: False)
        )
        qtbot.addWidget(p)
        p.show()
        return p

    return make


def _wait_idle(qtbot, p: SyncPage) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not p.running(), timeout=30_000)


def test_page_shows_pending_and_syncs(qtbot, hub, laptops, page) -> None:  # noqa: ANN001
    a = laptops("a")
    _data(a)
    p = page(a)
    assert p.pending_label.text() == str(a.sync.pending_count()) != "0"
    assert p.server_label.text() == hub.url
    qtbot.mouseClick(p.sync_button, qtbot_button())
    assert not p.sync_button.isEnabled()  # never two syncs at once
    assert p.start_sync() is False
    _wait_idle(qtbot, p)
    assert p.pending_label.text() == "0"
    assert p.last_error is None and p.last_result.pushed > 0
    assert p.last_label.text() != p.tr("never")
    assert canonical_export(a.db) == hub.export()


def test_revoked_laptop_is_told_plainly(qtbot, hub, laptops, page) -> None:  # noqa: ANN001
    from caravan_app.server.hub import revoke_device
    from caravan_app.ui import i18n

    a = laptops("a")
    _data(a)
    revoke_device(hub.hdb, a.db.device_id)
    p = page(a)
    i18n.install(i18n.ENGLISH)
    try:
        p.start_sync()
        _wait_idle(qtbot, p)
        assert "revoked" in p.message.text()
        assert p.pending_label.text() != "0"
    finally:
        i18n.install(i18n.CHINESE)


def test_page_speaks_chinese(qtbot, hub, laptops, page) -> None:  # noqa: ANN001
    from caravan_app.ui import i18n

    i18n.install(i18n.CHINESE)
    a = laptops("a", enroll=False)
    p = page(a)
    assert p.sync_button.text() == "立即同步"
    assert p.server_label.text() == "未注册"
    p.start_sync()
    _wait_idle(qtbot, p)
    assert "注册" in p.message.text()  # "not enrolled" in plain Chinese, with what to do


def test_clock_warning_and_rejects_are_shown(qtbot, hub, laptops, page) -> None:  # noqa: ANN001
    import json

    from caravan_app.storage import models as m

    a = laptops("a", skew_s=-1800)
    with a.db.write() as s:
        s.add(
            m.Outbox(
                entity="site",
                record_id="0190bbbb-0000-7000-8000-000000000000",
                op="update",
                hlc=a.db.clock.now(),
                data=json.dumps({"contact": "x"}),
                pushed=False,
            )
        )
    p = page(a)
    assert not p.clock_warning.isHidden()
    p.start_sync()
    _wait_idle(qtbot, p)
    assert p.rejects.rowCount() == 1
    assert p.rejects.item(0, 3).text() in ("要修改的记录在服务器上不存在", "the record to update is not on the hub")


def test_cancel_stops_between_steps_and_loses_nothing(qtbot, hub, laptops, proxy, page) -> None:  # noqa: ANN001
    a = laptops("a")
    _data(a, 1200)  # three push batches
    a.db.set_meta("sync_server", proxy.url)
    proxy.faults.extend(["delay:1.0", "delay:1.0", "delay:1.0"])
    p = page(a)
    p.start_sync()
    qtbot.waitUntil(lambda: proxy.requests >= 1, timeout=30_000)  # the sync is under way (first step held 1 s)
    p.cancel()
    _wait_idle(qtbot, p)
    assert p.last_result.cancelled and a.sync.pending_count() > 0
    p.start_sync()
    _wait_idle(qtbot, p)
    assert a.sync.pending_count() == 0
    assert canonical_export(a.db) == hub.export()


def test_sync_starts_by_itself_when_the_hub_comes_back(qtbot, hub, laptops, page) -> None:  # noqa: ANN001
    a = laptops("a")
    _data(a)
    answers = iter([False, False, True])
    auto = SyncAuto(
        a.sync.server,
        a.sync.pending_count,
        backoff=Backoff(base=0.05, jitter=0),
        probe_fn=lambda u: next(answers, True),
    )
    p = page(a, auto)
    qtbot.waitUntil(lambda: a.sync.pending_count() == 0 and not p.running(), timeout=20_000)
    assert auto.online is True
    assert canonical_export(a.db) == hub.export()


def qtbot_button():  # noqa: ANN201
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_main_window_shows_the_sync_page(qtbot, hub, laptops) -> None:  # noqa: ANN001
    from caravan_app.ui.main_window import MainWindow

    a = laptops("a")
    _data(a)
    w = MainWindow(a)
    qtbot.addWidget(w)
    p = w.show_page("sync")
    assert isinstance(p, SyncPage)
    assert p.pending_label.text() == str(a.sync.pending_count())
    p.start_sync()
    qtbot.waitUntil(lambda: not p.running(), timeout=30_000)
    assert p.pending_label.text() == "0"
    w.runner.wait()


def test_a_stopped_auto_sync_is_not_woken_by_the_network_coming_back(qtbot, tmp_path) -> None:  # noqa: ANN001
    """The reachability watch is process-wide: a closed window's auto sync must not probe its
    (perhaps deleted) database when the network comes back."""
    from PySide6.QtNetwork import QNetworkInformation

    asked: list[str] = []

    def server() -> str:
        asked.append("server")
        return "http://127.0.0.1:9"

    auto = SyncAuto(server, lambda: 1, probe_fn=lambda u: False)
    auto.start(first_delay_s=60)
    auto.stop()
    auto._on_reachability(QNetworkInformation.Reachability.Online)
    auto.probe_now()
    qtbot.wait(700)
    assert asked == []
    assert not auto._timer.isActive()
    auto.start(first_delay_s=0)
    qtbot.waitUntil(lambda: asked == ["server"], timeout=5_000)
