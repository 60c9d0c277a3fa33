"""First-run wizard (finding 5): every step skippable, nothing created until Finish, a failed save
creates nothing and a retry no second van, Esc asks before closing; titles ticked or from a file,
crew, a site list checked first and imported at the end."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.first_run import FirstRunWizard

pytestmark = pytest.mark.gui


@pytest.fixture
def fresh(tmp_path: Path):  # noqa: ANN201
    a = App.open(tmp_path / "fresh")
    yield a
    a.close()


@pytest.fixture
def wizard(fresh: App, qtbot, qapp):  # noqa: ANN001, ANN201
    i18n.install(i18n.CHINESE, qapp)
    w = FirstRunWizard(fresh)
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.runner.wait()
    w.ask_before_closing = False  # the test's own clean-up closes it without a question


def _answer_box(seen: list[str], button_text: str, timeout_ms: int = 5000) -> None:
    waited = [0]

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QMessageBox) and w.isVisible():
            seen.append(w.objectName() + ":" + w.text())
            for b in w.buttons():
                if b.text() == button_text:
                    b.click()
                    return
            w.done(0)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _counts(a: App) -> tuple[int, int, int, int]:
    return len(a.catalog.caravans()), len(a.catalog.titles()), len(a.catalog.people()), len(a.sites.list())


def test_skip_everything_saves_only_the_van_and_laptop(wizard: FirstRunWizard, fresh: App, qtbot) -> None:  # noqa: ANN001
    for _ in range(4):  # enroll, van, sites, titles: Next without filling anything in
        if wizard.currentPage() is wizard.van_page:
            wizard.van_page.van.setEditText("科普大篷车7号")
            wizard.van_page.name.setText("7号车笔记本")
        wizard.next()
    assert wizard.currentPage() is wizard.crew_page
    assert _counts(fresh) == (0, 0, 0, 0)  # nothing created while going through the steps
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.result() == 1, timeout=5000)
    assert _counts(fresh) == (1, 0, 0, 0)
    assert fresh.catalog.is_configured() and fresh.catalog.this_device().name == "7号车笔记本"


def test_a_failed_save_creates_nothing_and_a_retry_no_second_van(
    wizard: FirstRunWizard, fresh: App, qtbot, tmp_path: Path
) -> None:  # noqa: ANN001
    wizard.next()
    wizard.van_page.van.setEditText("科普大篷车3号")  # a new van, but no laptop name
    wizard.next()
    wizard.next()
    wizard.titles_page.list.item(0).setCheckState(Qt.CheckState.Checked)
    wizard.next()
    wizard.crew_page.text.setPlainText("张师傅\n李老师\n")
    seen: list[str] = []
    _answer_box(seen, "OK")
    wizard.accept()
    qtbot.waitUntil(lambda: bool(seen) and wizard.error is not None, timeout=5000)
    assert wizard.isVisible() and wizard.result() == 0
    assert wizard.currentPage() is wizard.van_page  # taken back to the field to fix
    assert getattr(wizard.error, "field", None) == "name" and wizard.van_page.error.text()
    assert _counts(fresh) == (0, 0, 0, 0) and not fresh.catalog.is_configured()
    wizard.van_page.name.setText("3号车笔记本")
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.result() == 1, timeout=5000)
    assert [c.name for c in fresh.catalog.caravans()] == ["科普大篷车3号"]
    assert len(fresh.catalog.titles()) == 1
    assert sorted(p.name for p in fresh.catalog.people(role="crew")) == ["张师傅", "李老师"]


def test_retrying_after_a_storage_failure_does_not_add_a_second_van(fresh: App) -> None:
    """The service finds the van by name on a second attempt (the first got as far as the van)."""
    from caravan_app.services.first_run import FirstRunPlan, FirstRunService

    svc = FirstRunService(fresh.catalog, fresh.sites)
    fresh.catalog.add_caravan("科普大篷车4号")  # as if the first attempt stopped after the van
    svc.apply(FirstRunPlan(device_name="4号车笔记本", new_caravan="科普大篷车4号"))
    svc.apply(FirstRunPlan(device_name="4号车笔记本", new_caravan="科普大篷车4号"))
    assert [c.name for c in fresh.catalog.caravans()] == ["科普大篷车4号"]


def test_escape_asks_before_closing(wizard: FirstRunWizard, fresh: App, qtbot) -> None:  # noqa: ANN001
    seen: list[str] = []
    _answer_box(seen, "继续设置")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert seen and seen[0].startswith("first_run_quit:")
    assert wizard.isVisible()  # went on setting up
    _answer_box(seen, "停止并关闭")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert len(seen) == 2 and not wizard.isVisible() and wizard.result() == 0
    assert _counts(fresh) == (0, 0, 0, 0)


def test_titles_from_a_file_and_sites_checked_then_imported_at_the_end(
    wizard: FirstRunWizard, fresh: App, qtbot, tmp_path: Path
) -> None:  # noqa: ANN001
    titles = tmp_path / "titles.csv"
    titles.write_bytes("书名\n《中国科普读本》\n防震减灾手册\n".encode("gbk"))
    sites = tmp_path / "sites.csv"
    sites.write_text("学校名称,所属县市区,类型\n任城区实验小学,任城区,小学\n嘉祥县第一中学,嘉祥县,高中\n", "utf-8-sig")
    wizard.next()
    wizard.van_page.van.setEditText("科普大篷车8号")
    wizard.van_page.name.setText("8号车笔记本")
    wizard.next()
    wizard.sites_page.path.setText(str(sites))
    wizard.sites_page.check()
    qtbot.waitUntil(lambda: wizard.site_preview is not None, timeout=5000)
    assert "2" in wizard.sites_page.note.text()
    assert len(fresh.sites.list()) == 0  # checked, not imported yet
    wizard.next()
    assert wizard.titles_page.load_file(str(titles)) == 2
    wizard.next()
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.result() == 1, timeout=5000)
    assert sorted(t.name for t in fresh.catalog.titles()) == sorted(["中国科普读本", "防震减灾手册"])
    assert sorted(s.name for s in fresh.sites.list()) == ["任城区实验小学", "嘉祥县第一中学"]
