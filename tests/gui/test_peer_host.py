"""The desktop app runs peer sync while a visit is open (owned by the shell, not a page): another
laptop of the same hub exchanges with it, its facts reach every page as a change, and 同步 and
今日 say who is near."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.shell import build_window
from tests.conftest import fresh_data_dir
from tests.helpers.announcements import hear
from tests.sync.hubproc import HubProcess

pytestmark = [pytest.mark.gui, pytest.mark.server]
os.environ["CARAVAN_TOKEN_STORE"] = "file"


@dataclass
class Serving:
    window: Any
    other: App  # another laptop of the same hub
    peers: Any  # the window's PeerSync, serving
    url: str


@pytest.fixture
def serving(app: App, field: dict[str, str], qtbot, qapp, tmp_path: Path, monkeypatch) -> Iterator[Serving]:  # noqa: ANN001
    """This laptop's window serving peer sync (a visit in progress today) and another laptop of
    its hub, enrolled, not yet exchanged with it."""
    monkeypatch.setenv("CARAVAN_PEER_AUTO", "1")  # the suite turns it off (tests/conftest.py)
    (tmp_path / "hub").mkdir()
    hub = HubProcess(tmp_path / "hub")
    other = App.open(fresh_data_dir(tmp_path / "other"))
    try:
        app.sync.enroll(hub.url, hub.code())
        other.sync.enroll(hub.url, hub.code())
        app.visits.arrive(field["visit"])
        w = build_window(app, qapp, i18n.CHINESE)
        qtbot.addWidget(w)
        peers = w.shell.peers
        assert peers is not None
        qtbot.waitUntil(lambda: peers.host is not None, timeout=10_000)
        yield Serving(w, other, peers, peers.host.server.url)
        w.close()
    finally:
        other.close()
        hub.stop()


def test_the_window_serves_peers_while_a_visit_is_open(
    app: App, field: dict[str, str], serving: Serving, qtbot
) -> None:  # noqa: ANN001
    w, other, peers = serving.window, serving.other, serving.peers
    other.catalog.add_caravan("2号车")
    other.catalog.set_this_device("二号笔记本", other.catalog.caravans()[0].id)
    with qtbot.waitSignal(w.shell.ops.changed, timeout=30_000):
        other.peers.sync_with(serving.url)  # the other laptop's van reaches this window
    assert any(c.name == "2号车" for c in app.catalog.caravans())
    qtbot.waitUntil(lambda: "二号笔记本" in peers.near_text(), timeout=10_000)
    assert "正在与本机互传数据的电脑" in peers.near_text()
    today = w.show_page("today")
    assert "二号笔记本" in today.peers_label.text() and today.peers_label.isVisibleTo(today)
    app.visits.complete(field["visit"])
    w.shell.ops.announce({"visits"})
    qtbot.waitUntil(lambda: peers.host is None, timeout=10_000)  # no visit open: not serving


def test_a_peers_count_reaches_the_window_once_as_a_count(
    app: App, field: dict[str, str], serving: Serving, qtbot, qapp
) -> None:  # noqa: ANN001
    """Facts a peer pushes are announced once, as the kinds they changed: the pages showing counts
    reload, the others keep what they show (the database watcher does not announce them again as
    another program's write)."""
    from caravan_app.ui.operations import TALLIES

    w, other, peers, v = serving.window, serving.other, serving.peers, field["visit"]
    other.peers.sync_with(serving.url)  # the other laptop learns the visit
    assert other.attendance.totals(v)["teacher"] == 0
    qtbot.waitUntil(lambda: "正在与本机互传数据的电脑" in peers.near_text(), timeout=10_000)
    qapp.processEvents()  # what the first exchange wrote is told by now
    heard = hear(w)
    other.attendance.tally(v, "teacher", 4)  # a count on the other laptop …
    with qtbot.waitSignal(w.shell.ops.changed, timeout=30_000):
        other.peers.sync_with(serving.url)
    assert app.attendance.totals(v)["teacher"] == 4  # … reaches this one
    assert heard.outside_now() == 0  # the peer's commit is not another program's
    qapp.processEvents()
    assert heard.kinds == [{TALLIES}]
    assert heard.changes[0].source is peers and not heard.changes[0].external
    other.peers.sync_with(serving.url)  # nothing new: nothing to reload
    qapp.processEvents()
    assert heard.outside_now() == 0 and heard.kinds == [{TALLIES}]
