"""The 同步 page shows a one-time pairing code while the window serves peer sync; a laptop never
enrolled types it (``caravan peer sync ADDRESS --pair CODE``) and its facts reach the window."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.shell import build_window
from tests.conftest import fresh_data_dir
from tests.sync.hubproc import HubProcess

pytestmark = [pytest.mark.gui, pytest.mark.server]
os.environ["CARAVAN_TOKEN_STORE"] = "file"


def test_the_sync_page_shows_a_code_that_pairs_a_laptop_never_enrolled(
    app: App, field: dict[str, str], qtbot, qapp, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setenv("CARAVAN_PEER_AUTO", "1")  # the suite turns it off (tests/conftest.py)
    (tmp_path / "hub").mkdir()
    hub = HubProcess(tmp_path / "hub")
    stranger = App.open(fresh_data_dir(tmp_path / "stranger"))  # never enrolled
    try:
        app.sync.enroll(hub.url, hub.code())
        stranger.catalog.add_caravan("3号车")
        app.visits.arrive(field["visit"])
        w = build_window(app, qapp, i18n.CHINESE)
        qtbot.addWidget(w)
        peers = w.shell.peers
        assert peers is not None
        qtbot.waitUntil(lambda: peers.host is not None, timeout=10_000)
        page = w.show_page("sync")
        button, label = page.pair_button, page.pair_label  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: not button.isHidden(), timeout=10_000)  # shown while serving
        assert label.isHidden()  # no code until asked for
        button.click()
        assert not label.isHidden()
        text = label.text()
        code = re.search(r"--pair (\d{8})", text)
        assert code is not None and f":{peers.host.server.port}" in text
        with qtbot.waitSignal(w.shell.ops.changed, timeout=30_000):
            stranger.peers.sync_with(peers.host.server.url, pair=code.group(1))
        assert any(c.name == "3号车" for c in app.catalog.caravans())
        w.close()
    finally:
        stranger.close()
        hub.stop()
