"""Against a real hub: the first-run wizard enrolls and picks the hub's van (no second van), and a
sync pull started by the window announces its changes so pages refresh without polling."""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.first_run import FirstRunWizard
from caravan_app.ui.operations import ChangeSet
from caravan_app.ui.shell import build_window
from tests.conftest import fresh_data_dir

pytestmark = [pytest.mark.gui, pytest.mark.server]


def test_first_run_enrolls_and_picks_the_hubs_van(qtbot, qapp, hub, laptops, tmp_path: Path) -> None:  # noqa: ANN001
    office = laptops("office", caravan="科普大篷车2号")
    van = office.catalog.add_caravan("科普大篷车2号", "鲁H22222")
    office.catalog.add_title("身边的科学")
    office.sync.sync_now()
    fresh = App.open(fresh_data_dir(tmp_path / "new"))
    try:
        i18n.install(i18n.CHINESE, qapp)
        wiz = FirstRunWizard(fresh)
        qtbot.addWidget(wiz)
        wiz.show()
        wiz.enroll_page.url.setText(hub.url)
        wiz.enroll_page.code.setText(hub.code("科普大篷车2号"))
        wiz.enroll_page.enroll()
        qtbot.waitUntil(lambda: "已在" in wiz.enroll_page.note.text(), timeout=15_000)
        wiz.next()
        assert wiz.van_page.choice() == (van, None)  # the hub's van, picked for this laptop
        wiz.van_page.name.setText("2号车新笔记本")
        wiz.accept()
        qtbot.waitUntil(lambda: wiz.result() == 1, timeout=5000)
        assert [c.id for c in fresh.catalog.caravans()] == [van]  # no second van
        assert fresh.catalog.this_device().caravan_id == van
        assert fresh.sync.is_enrolled()
        wiz.ask_before_closing = False
        wiz.runner.wait()
    finally:
        fresh.close()


def test_a_sync_pull_refreshes_the_pages(qtbot, qapp, hub, laptops) -> None:  # noqa: ANN001
    a = laptops("a", caravan="1号车")
    b = laptops("b", caravan="1号车")
    van = a.catalog.add_caravan("1号车")
    a.catalog.set_this_device("甲", van)
    a.sync.sync_now()
    b.sync.sync_now()
    b.catalog.set_this_device("乙", van)
    w = build_window(b, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.show()
    people = w.show_page("catalogue")
    seen: list[ChangeSet] = []
    w.ops.changed.connect(seen.append)
    a.catalog.add_person(name="甲车新志愿者", role="volunteer")
    a.sync.sync_now()
    assert w.shell.sync.start()
    qtbot.waitUntil(lambda: any(r.name == "甲车新志愿者" for r in people.people.rows), timeout=15_000)
    # The page may already show the person from the database watcher's notice; the sync's own
    # change set follows when the sync's task reports back on the UI thread.
    qtbot.waitUntil(
        lambda: any(cs.source is w.shell.sync and cs.touches("catalogue", "visits") for cs in seen),
        timeout=15_000,
    )
    w.runner.wait()
    w.close()
