"""The visit's photo strip on the 活动 page: lazily loaded thumbnails, import by drop, 精选 ≤ 5,
public, caption and removal with a reason — through the real page, services and files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog

from caravan_app.services.app import App
from tests import photofiles

pytestmark = pytest.mark.gui


def _page(app: App, qtbot, visit: str):  # noqa: ANN001, ANN202
    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner

    page = VisitsPage(app, TaskRunner())
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.reload(select=visit)
    assert page.photos.visit_id == visit
    from caravan_app.ui.widgets.photo_strip import PAGE

    want = min(PAGE, app.photos.count(visit))  # the first page of the visit's photos
    qtbot.waitUntil(lambda: page.photos.model.rowCount() == want, timeout=10_000)
    return page


def _add(app: App, visit: str, tmp_path: Path, n: int) -> None:
    for i in range(n):
        f = photofiles.write(tmp_path / f"s{i}.jpg", photofiles.jpeg(320, 240, seed=100 + i, taken=None))
        app.photos.add(visit, f, caption=f"照片{i + 1}")


def test_a_visit_with_many_photos_loads_only_the_thumbnails_in_sight(
    app: App,
    field: dict[str, str],
    qtbot,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    _add(app, field["visit"], tmp_path, 40)
    page = _page(app, qtbot, field["visit"])
    strip = page.photos
    from caravan_app.ui.widgets.photo_strip import PAGE

    assert "40" in strip.count.text()
    qtbot.waitUntil(lambda: strip.model.loaded > 0, timeout=10_000)
    page.runner.wait()
    qtbot.wait(50)
    page.runner.wait()
    assert 0 < strip.model.loaded < PAGE  # only what the strip shows, not even the page read
    strip.view.scrollToBottom()
    last = strip.model.photos[-1].file_hash
    qtbot.waitUntil(lambda: last in strip.model._thumbs, timeout=10_000)  # scrolled into sight: loaded


def test_a_visit_with_hundreds_of_photos_reads_its_records_a_page_at_a_time(
    app: App,
    field: dict[str, str],
    qtbot,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner
    from caravan_app.ui.widgets.photo_strip import PAGE

    n = PAGE * 2 + 7
    _add(app, field["visit"], tmp_path, n)
    app.photos.set_chosen(app.photos.of_visit(field["visit"])[-1].id, True)  # on the last page
    page = VisitsPage(app, TaskRunner())
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.reload(select=field["visit"])
    strip = page.photos
    qtbot.waitUntil(lambda: strip.model.rowCount() > 0, timeout=10_000)
    page.runner.wait()
    qtbot.wait(50)
    # The first page only, but the strip already says how many there are and how many are 精选.
    assert strip.model.rowCount() == PAGE
    assert str(n) in strip.count.text() and "1" in strip.count.text()
    # Scrolled to its end, the strip reads the next pages, in the visit's order, each photo once.
    for _ in range(n):
        if strip.model.rowCount() == n:
            break
        strip.view.scrollToBottom()
        strip.view.horizontalScrollBar().setValue(strip.view.horizontalScrollBar().maximum())
        qtbot.wait(30)
    qtbot.waitUntil(lambda: strip.model.rowCount() == n, timeout=10_000)
    assert [p.id for p in strip.model.photos] == [p.id for p in app.photos.of_visit(field["visit"])]
    last = strip.model.photos[-1].file_hash
    qtbot.waitUntil(lambda: last in strip.model._thumbs, timeout=10_000)
    # Another visit, then back: the first page again, not what was read before.
    strip.set_visit(None)
    qtbot.waitUntil(lambda: strip.model.rowCount() == 0, timeout=5_000)
    strip.set_visit(field["visit"])
    # The first page again (the view may ask for one more page if it has room), not all n.
    first = [p.id for p in app.photos.of_visit(field["visit"])][:PAGE]
    qtbot.waitUntil(lambda: PAGE <= strip.model.rowCount() < n, timeout=30_000)
    assert [p.id for p in strip.model.photos[:PAGE]] == first


def test_drop_files_mark_chosen_and_public_caption_and_remove(
    app: App,
    field: dict[str, str],
    qtbot,
    tmp_path: Path,
    dialogs,  # noqa: ANN001
) -> None:
    page = _page(app, qtbot, field["visit"])
    strip = page.photos
    files = [photofiles.write(tmp_path / f"d{i}.jpg", photofiles.jpeg(640, 480, seed=i)) for i in range(6)]
    junk = photofiles.write(tmp_path / "broken.jpg", b"not a photo")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in [*files, junk]])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    dialogs.next(lambda box: box.accept())  # "some files were not added": broken.jpg
    strip.dropEvent(drop)
    qtbot.waitUntil(lambda: strip.model.rowCount() == 6, timeout=15_000)
    assert any("broken.jpg" in t for t in dialogs.texts)
    # 精选: five, then the sixth is refused with the rule's message.
    for row in range(6):
        strip.view.setCurrentIndex(strip.model.index(row))
        if row == 5:
            dialogs.next(lambda box: box.accept())
        qtbot.mouseClick(strip.chosen_button, Qt.MouseButton.LeftButton)
        page.runner.wait()
        qtbot.wait(20)
    assert len(app.photos.chosen(field["visit"])) == 5
    assert any("最多选 5 张" in t for t in dialogs.texts)
    strip.view.setCurrentIndex(strip.model.index(0))
    qtbot.mouseClick(strip.public_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip.model.photos[0].public, timeout=5000)

    def caption(dlg) -> None:  # noqa: ANN001
        assert isinstance(dlg, QInputDialog)
        dlg.setTextValue("学生动手做实验")
        dlg.accept()

    dialogs.next(caption)
    strip.view.setCurrentIndex(strip.model.index(0))
    qtbot.mouseClick(strip.caption_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip.model.photos[0].caption == "学生动手做实验", timeout=5000)

    def reason(dlg) -> None:  # noqa: ANN001
        dlg.setTextValue("家长不同意")
        dlg.accept()

    dialogs.next(reason)
    strip.view.setCurrentIndex(strip.model.index(1))
    gone = strip.model.photos[1].id
    qtbot.mouseClick(strip.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: strip.model.rowCount() == 5, timeout=5000)
    assert gone not in {p.id for p in app.photos.of_visit(field["visit"])}


@pytest.mark.parametrize("n", [3, 30])
def test_a_visit_opens_with_its_first_thumbnails_in_place_whatever_its_size(
    app: App,
    field: dict[str, str],
    qtbot,
    tmp_path: Path,
    n: int,  # noqa: ANN001
) -> None:
    """The rows and the first thumbnails arrive together (no grey placeholders at the first
    paint), the same number for 3 photos and for 30; the rest follow in batches as asked."""
    from caravan_app.ui.widgets.photo_strip import FIRST_THUMBS

    _add(app, field["visit"], tmp_path, n)
    page = _page(app, qtbot, field["visit"])
    strip = page.photos
    strip.set_visit(None)
    qtbot.waitUntil(lambda: strip.model.rowCount() == 0, timeout=5_000)
    page.runner.wait()
    qtbot.wait(20)
    strip.model.forget_thumbnails()  # as a visit never opened before
    at_reset: list[int] = []
    strip.model.modelReset.connect(lambda: at_reset.append(strip.model.loaded))
    strip.set_visit(field["visit"])
    qtbot.waitUntil(lambda: bool(at_reset) and strip.model.rowCount() > 0, timeout=10_000)
    assert at_reset[-1] == FIRST_THUMBS  # the thumbnails were in the model before the view showed the rows
    first = [p.file_hash for p in app.photos.of_visit(field["visit"])[:FIRST_THUMBS]]
    assert all(h in strip.model._thumbs for h in first)
    # What the strip shows beyond them is read after, as the view asks for it.
    page.runner.wait()
    qtbot.waitUntil(lambda: strip.model.loaded > FIRST_THUMBS or n == FIRST_THUMBS, timeout=10_000)
    assert strip.model.loaded <= n


def test_keys_moving_quickly_through_visits_end_on_the_last_ones_photos(
    app: App,
    field: dict[str, str],
    qtbot,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    """Arrow keys through the visit list while strips are still opening: every key moves the
    selection, and the strip shows the visit the keys stopped on, never one left behind."""
    import datetime as dt

    from caravan_app.ui.widgets.photo_strip import FIRST_THUMBS

    other = app.visits.add(field["site"], field["caravan"], dt.date.today() - dt.timedelta(days=1))
    _add(app, field["visit"], tmp_path / "a", 20)
    for i in range(4):
        f = photofiles.write(tmp_path / f"o{i}.jpg", photofiles.jpeg(320, 240, seed=400 + i, taken=None))
        app.photos.add(other, f, caption=f"另一场{i + 1}")
    page = _page(app, qtbot, field["visit"])
    strip = page.photos
    page.table.setFocus()
    seen = []
    for _ in range(3):
        for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            qtbot.keyClick(page.table, key)
            seen.append(page.selected_id())
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    last = page.selected_id()
    assert len(set(seen)) == 2 and last != seen[-1]  # every key moved the selection
    page.runner.wait()
    qtbot.waitUntil(lambda: strip.model.rowCount() == app.photos.count(last), timeout=10_000)
    page.runner.wait()
    qtbot.wait(30)
    assert strip.model.visit_id == last == strip.visit_id
    assert {p.visit_id for p in strip.model.photos} == {last}
    want = [p.file_hash for p in app.photos.of_visit(last)[:FIRST_THUMBS]]
    assert all(h in strip.model._thumbs for h in want)
    assert str(app.photos.count(last)) in strip.count.text()


def test_on_a_small_screen_the_visits_keep_the_room_and_the_strip_shows_once_there_are_photos(
    app: App,
    field: dict[str, str],
    qtbot,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    """At 1024×600 the page is about 850×540: an empty photo box took most of it and left the
    visits table a row and a half."""
    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner

    page = VisitsPage(app, TaskRunner())
    qtbot.addWidget(page)
    page.resize(850, 540)
    page.show()
    page.reload(select=field["visit"])
    qtbot.waitUntil(lambda: "0" in page.photos.count.text(), timeout=10_000)
    row = page.table.verticalHeader().defaultSectionSize()
    assert not page.photos.view.isVisible()
    assert page.table.height() >= 6 * row  # several visits in sight, not one and a half
    _add(app, field["visit"], tmp_path, 2)
    page.photos.reload()
    qtbot.waitUntil(lambda: page.photos.view.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: page.photos.model.rowCount() == 2, timeout=10_000)
    assert page.table.height() >= 2 * row  # the table keeps rows beside one row of thumbnails
    assert page.photos.view.height() <= page.photos.view.maximumHeight()
