"""资料 page (finding 5): add, edit and deactivate people, titles and vans; print a person's badge."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox
from pyzbar.pyzbar import decode

from caravan_app.domain.errors import RuleError
from caravan_app.services.app import App
from caravan_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def page(window: MainWindow):  # noqa: ANN201
    window.resize(1024, 600)
    p = window.show_page("catalogue")
    p.open_after_print = False
    return p


def _fill(dlg, **values: str) -> None:  # noqa: ANN001
    for key, value in values.items():
        w = dlg.field(key)
        if isinstance(w, QLineEdit):
            w.setText(value)
        else:
            assert isinstance(w, QComboBox)
            idx = w.findData(value)
            if idx >= 0:
                w.setCurrentIndex(idx)
            else:
                w.setEditText(value)


def _save(dlg, qtbot) -> None:  # noqa: ANN001
    dlg.buttons.accepted.emit()


def test_add_edit_and_deactivate_a_volunteer(page, app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    dlg = page.add("person")
    _fill(dlg, name="李新志愿", role="volunteer", team="医学科普服务队", phone="13800001111")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: dlg.result() == 1 and not dlg.isVisible(), timeout=3000)
    new = next(p for p in app.catalog.people() if p.name == "李新志愿")
    assert new.team == "医学科普服务队" and new.phone == "13800001111" and new.badge_code
    assert page.people.selected_id() == new.id  # the list shows and selects it
    # Edit it.
    dlg = page.edit("person")
    assert dlg.field("name").text() == "李新志愿"
    _fill(dlg, phone="13900002222")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: app.catalog.person(new.id).phone == "13900002222", timeout=3000)
    # Deactivate: kept, no longer in the list nor offered.
    page.people.select(new.id)
    assert page.people.active_button.text() == "停用"
    page.people.active_button.click()
    qtbot.waitUntil(lambda: app.catalog.person(new.id).active is False, timeout=3000)
    qtbot.waitUntil(lambda: all(r.id != new.id for r in page.people.rows), timeout=2000)
    assert new.id not in {p.id for p in app.catalog.active_people()}
    assert app.catalog.person(new.id) is not None  # history keeps the person
    page.people.show_inactive.setChecked(True)
    assert page.people.select(new.id) and page.people.active_button.text() == "恢复使用"
    page.people.active_button.click()
    qtbot.waitUntil(lambda: app.catalog.person(new.id).active is True, timeout=3000)


def _answer_message_box(seen: list[str], timeout_ms: int = 5000) -> None:
    """Close the next QMessageBox (not the form under it), remembering its text."""
    waited = [0]

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QMessageBox) and w.isVisible():
            seen.append(w.objectName() + ":" + w.text())
            w.done(0)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_a_bad_name_is_refused_and_nothing_is_added(page, app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    before = len(app.catalog.titles())
    dlg = page.add("title")
    seen: list[str] = []
    _answer_message_box(seen)
    _fill(dlg, name="  ")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0].startswith("error_box:") and "名称" in seen[0]
    assert dlg.isVisible()  # the form stays open to be corrected
    assert len(app.catalog.titles()) == before
    assert getattr(dlg.error, "field", None) == "name"
    _fill(dlg, name="《科学画报》", unit="本")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=3000)
    t = app.catalog.title_by_name("科学画报")
    assert t is not None and t.unit == "本"


def test_titles_and_vans_edit_and_deactivate(page, app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    page.titles.select(field["title"])
    dlg = page.edit("title")
    _fill(dlg, publisher="科学普及出版社")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: app.catalog.title_by_name(field["title"]).publisher == "科学普及出版社", timeout=3000)
    page.titles.select(field["title"])
    page.titles.active_button.click()
    qtbot.waitUntil(lambda: field["title"] not in {t.id for t in app.catalog.active_titles()}, timeout=3000)
    # Vans: add a second van, rename it, deactivate it; this laptop's own van cannot be deactivated.
    dlg = page.add("caravan")
    _fill(dlg, name="2号车", plate="鲁H22222", home_county="兖州区")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: app.catalog.caravan_by_name("2号车") is not None, timeout=3000)
    van2 = app.catalog.caravan_by_name("2号车").id
    qtbot.waitUntil(lambda: page.vans.select(van2), timeout=3000)  # the list follows the change
    dlg = page.edit("caravan")
    _fill(dlg, name="科普大篷车2号")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=3000)
    assert app.catalog.caravan_by_name(van2).name == "科普大篷车2号"
    page.vans.select(van2)
    page.vans.active_button.click()
    qtbot.waitUntil(lambda: van2 not in {c.id for c in app.catalog.active_caravans()}, timeout=3000)
    with pytest.raises(RuleError):
        app.catalog.deactivate("caravan", field["caravan"])


def test_print_a_persons_badge_from_the_page(page, app: App, field: dict[str, str], qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    import subprocess

    page.people.select(field["person"])
    assert page.badge_button.isEnabled()
    out = tmp_path / "badge.pdf"
    with qtbot.waitSignal(page.runner.finished, timeout=20_000):
        page.print_badge_to(field["person"], out)
    assert out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "b")], check=True)
    codes = [d.data.decode() for p in sorted(tmp_path.glob("b-*.png")) for d in decode(Image.open(p))]
    assert codes == [app.signin.badge_payload(field["person"])]


def test_catalogue_follows_changes_made_elsewhere(page, app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    """Another process (the CLI) adds a person: the page's list shows them without polling."""
    other = App.open(app.data_dir)
    try:
        other.catalog.add_person(name="命令行加的人", role="crew")
    finally:
        other.close()
    qtbot.waitUntil(lambda: any(r.name == "命令行加的人" for r in page.people.rows), timeout=3000)


def test_empty_stock_title_list_says_where_to_add_books(tmp_path: Path, qtbot, qapp, dialogs) -> None:  # noqa: ANN001
    """Finding 5: on an empty folder 记录 on 库存 did nothing; now it says so and opens 资料."""
    from caravan_app.ui import i18n
    from caravan_app.ui.shell import build_window
    from tests.conftest import fresh_data_dir

    a = App.open(fresh_data_dir(tmp_path / "empty"))
    try:
        a.catalog.set_this_device("空笔记本", a.catalog.add_caravan("科普大篷车9号"))
        w = build_window(a, qapp, i18n.CHINESE)
        qtbot.addWidget(w)
        w.show()
        stock = w.show_page("stock")
        assert stock.title.count() == 0
        dialogs.accept_box()
        stock.record_button.click()
        assert dialogs.texts and "资料" in dialogs.texts[0]
        assert w.current_key() == "catalogue"
        # A title added there is offered on 库存 at once; a deactivated one is not.
        t = a.catalog.add_title("身边的科学")
        gone = a.catalog.add_title("旧书")
        a.catalog.deactivate("title", gone)
        w.show_page("stock")
        assert [stock.title.itemData(i) for i in range(stock.title.count())] == [t]
        w.runner.wait()
        w.close()
    finally:
        a.close()
