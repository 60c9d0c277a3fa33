"""The conflicts dialog never moves a visit's status back: a lost status is information only."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from caravan_app.domain.hlc import HLC
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.ship import ship

pytestmark = pytest.mark.gui


def test_a_lost_status_cannot_be_put_back_from_the_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.conflicts_dialog import ConflictsDialog

    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="泉林中心小学", county="泗水县", contact="王霞")
    v = a.visits.add(s, c, dt.date.today())
    for entity, rid in (("caravan", c), ("site", s), ("visit", v)):
        ship(a, b, entity, rid)
    a.visits.arrive(v)  # not synced yet
    # Later, on the other laptop: its (injectable) wall clock reads a minute on, so its edit has the
    # later stamp for certain (no sleep, no same-millisecond tie) and wins.
    old = b.db.clock
    b.db.clock = HLC(last=old.last, offset_ms=old.offset_ms, wall=lambda: time.time() + 60)
    b.visits.cancel(v)
    ship(b, a, "visit", v)
    assert a.visits.get(v).status == "cancelled"
    dlg = ConflictsDialog(a)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 1
    dlg.table.selectRow(0)
    assert "仅供参考" in dlg.table.item(0, 1).text()  # "for information only"
    assert dlg.keep_button.isEnabled() and not dlg.restore_button.isEnabled()
    dlg.keep_button.click()
    assert dlg.table.rowCount() == 0 and a.visits.get(v).status == "cancelled"
    a.close()
    b.close()
