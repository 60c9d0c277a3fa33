"""A laptop never enrolled at the hub, paired once with an enrolled one by a code, follows peer
sync in its desktop app like a certified laptop: while a visit is in progress its window serves
and follows the laptop it paired with (at the address it reached it), and that laptop's counts
reach its pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.services.peers import PeerHost
from caravan_app.ui import i18n
from caravan_app.ui.shell import build_window
from tests.conftest import fresh_data_dir
from tests.sync.hubproc import HubProcess

pytestmark = [pytest.mark.gui, pytest.mark.server]
os.environ["CARAVAN_TOKEN_STORE"] = "file"


def test_a_paired_never_enrolled_laptop_window_follows_its_peer(
    app: App, field: dict[str, str], qtbot, qapp, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setenv("CARAVAN_PEER_AUTO", "1")  # the suite turns it off (tests/conftest.py)
    (tmp_path / "hub").mkdir()
    hub = HubProcess(tmp_path / "hub")
    enrolled = App.open(fresh_data_dir(tmp_path / "enrolled"))
    served = None
    try:
        enrolled.sync.enroll(hub.url, hub.code())
        served = PeerHost(enrolled.peers, host="127.0.0.1", announce=False).start()
        code = enrolled.peers.pair_code().code
        assert app.sync.status().enrolled is False
        app.peers.sync_with(served.server.url, pair=code)  # `caravan peer sync ADDRESS --pair CODE`
        v = field["visit"]
        app.visits.arrive(v)
        w = build_window(app, qapp, i18n.CHINESE)
        qtbot.addWidget(w)
        peers = w.shell.peers
        assert peers is not None
        qtbot.waitUntil(lambda: peers.host is not None, timeout=10_000)  # paired: it serves and follows
        enrolled.attendance.tally(v, "teacher", 4)  # a count on the other laptop …
        qtbot.waitUntil(lambda: app.attendance.totals(v)["teacher"] == 4, timeout=30_000)  # … reaches this one
        qtbot.waitUntil(lambda: "正在与本机互传数据的电脑" in peers.near_text(), timeout=10_000)
        w.close()
    finally:
        if served is not None:
            served.stop()
        enrolled.close()
        hub.stop()
