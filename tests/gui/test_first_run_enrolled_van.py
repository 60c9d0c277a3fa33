"""First run against a real hub with a van's code: the wizard offers the enrolled van's name
for a van the hub has no record of yet, so the records this laptop makes are its van's and the
hub accepts them (a van's laptop may change only its van's records, docs/sync.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.first_run import FirstRunWizard
from tests.conftest import fresh_data_dir
from tests.sync.hubproc import HubProcess

pytestmark = [pytest.mark.gui, pytest.mark.server, pytest.mark.hubdb]


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    os.environ["CARAVAN_TOKEN_STORE"] = "file"
    (tmp_path / "hub").mkdir()
    h = HubProcess(tmp_path / "hub")
    yield h
    h.stop()


def test_the_enrolled_van_is_offered_and_its_records_are_accepted(hub: HubProcess, tmp_path: Path, qtbot, qapp) -> None:  # noqa: ANN001
    app = App.open(fresh_data_dir(tmp_path / "lap"))
    try:
        i18n.install(i18n.CHINESE, qapp)
        w = FirstRunWizard(app)
        qtbot.addWidget(w)
        w.show()
        page = w.enroll_page
        page.url.setText(hub.url)
        page.code.setText(hub.code("科普大篷车5号", "van"))
        page.enroll()
        qtbot.waitUntil(lambda: "科普大篷车5号" in page.note.text(), timeout=30000)
        w.next()
        assert w.currentPage() is w.van_page
        assert w.van_page.van.currentText() == "科普大篷车5号"  # prefilled: the hub has no such van yet
        w.van_page.name.setText("5号车笔记本")
        for _ in range(3):
            w.next()
        w.accept()
        qtbot.waitUntil(lambda: w.result() == 1, timeout=10000)
        w.runner.wait()
        res = app.sync.sync_now()
        assert res.rejected == 0 and res.pending == 0
        assert b"\xe7\xa7\x91\xe6\x99\xae\xe5\xa4\xa7\xe7\xaf\xb7\xe8\xbd\xa65\xe5\x8f\xb7" in hub.export()
        w.ask_before_closing = False
    finally:
        app.close()
