"""Take-backs a merge could not decide are shown in the 同步 page's review dialog and resolved
there, visibly (issue #10: "anything a merge cannot decide goes to review, visibly")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.storage.records import apply_remote, record_fields
from tests.conftest import fresh_data_dir

pytestmark = pytest.mark.gui


def _ship(src: App, dst: App, entity: str) -> None:
    """Every record of ``entity`` from ``src`` into ``dst``, as a pull would bring it."""
    with src.db.read() as s:
        recs = [
            {"id": r.id, "device_id": r.device_id, "hlc": r.hlc, "data": record_fields(entity, r)}
            for r in s.query(m.MODELS[entity]).all()
        ]
    with dst.db.write() as s:
        for rec in recs:
            apply_remote(s, dst.db, entity, rec)


def _edited(src: App, dst: App, entity: str) -> None:
    import json

    with src.db.read() as s:
        recs = [
            {
                "id": r.id,
                "device_id": r.device_id,
                "hlc": r.hlc,
                "data": {**record_fields(entity, r), "deleted": r.deleted},
                "clocks": json.loads(r.clocks),
            }
            for r in s.query(m.MODELS[entity]).all()
        ]
    with dst.db.write() as s:
        for rec in recs:
            apply_remote(s, dst.db, entity, rec)


def test_an_undecided_take_back_is_listed_and_resolved_from_the_sync_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.conflicts_dialog import ConflictsDialog
    from caravan_app.ui.pages.sync_page import SyncPage
    from caravan_app.ui.tasks import TaskRunner

    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="泉林中心小学", county="泗水县")
    v = a.visits.add(s, c, a.clock.today())
    a.visits.arrive(v)
    a.attendance.tally(v, "primary", 10)
    for entity in ("caravan", "site", "visit"):
        _edited(a, b, entity)
    _ship(a, b, "tally")
    a.attendance.take_back(v, "primary", 3)  # each took back from the same +10 without seeing the other
    b.attendance.take_back(v, "primary", 5)
    _ship(b, a, "tally_takeback")
    assert a.attendance.totals(v)["primary"] == 2  # both count, never below zero
    page = SyncPage(a, TaskRunner())
    qtbot.addWidget(page)
    page.refresh()
    assert page.conflicts_button.isVisibleTo(page) and (
        "(1)" in page.conflicts_button.text() or "（1 条）" in page.conflicts_button.text()
    )
    seen: dict[str, list[str]] = {}

    def answer_count() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QInputDialog)
        box.setIntValue(4)
        box.accept()

    def review() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ConflictsDialog)
        assert dlg.tally_table.isVisibleTo(dlg) and dlg.tally_table.rowCount() == 1
        seen["row"] = [dlg.tally_table.item(0, j).text() for j in range(4)]
        QTimer.singleShot(100, answer_count)
        dlg.add_count_button.click()  # the crew counted again: 4 were missed
        assert dlg.tally_table.rowCount() == 0 and not dlg.tally_table.isVisibleTo(dlg)
        dlg.reject()

    QTimer.singleShot(100, review)
    page.conflicts_button.click()
    where, group, counted, taken = seen["row"]
    assert "泉林中心小学" in where and counted == "10" and taken == "8" and group
    assert a.attendance.totals(v)["primary"] == 6  # the count was added as an ordinary +4
    assert not page.conflicts_button.isVisibleTo(page)
    assert a.attendance.tally_review(v)  # still a fact for every other laptop's review …
    assert a.attendance.tally_review(v, include_checked=False) == []  # … checked here
    b.attendance.take_back(v, "primary", 1)  # a new take-back of that entry brings it back
    _ship(b, a, "tally_takeback")
    assert len(a.attendance.tally_review(v, include_checked=False)) == 1
    a.close()
    b.close()


def test_mark_checked_without_changing_the_figure(tmp_path: Path) -> None:
    a = App.open(fresh_data_dir(tmp_path / "a"))
    with pytest.raises(Exception, match="nothing to review"):
        a.attendance.mark_tally_checked("00000000-0000-7000-8000-000000000001")
    a.close()
