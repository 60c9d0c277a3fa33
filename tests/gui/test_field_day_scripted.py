"""The scripted field day of issue #11, at 1024×600, on the real window over a real SQLite file.

One crew's day from the GUI alone: arrive, crew badges scanned on every page and in every kind of
field, counting with keys and the step box, names typed (and Chinese from the input method), a
wrong sign-in voided from the sign-in list, phone sign-in open while the language is switched to
English and back, books handed out, the visit completed. Scanner bursts come from
``tests/gui/scankeys.py`` on exact synthetic time (8 ms a key), never from sleeps. Afterwards the
database holds exactly the counts, sign-ins, duty events and hand-outs the day meant — nothing from
a badge payload's characters anywhere.
"""

from __future__ import annotations

import socket

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.ui import i18n
from caravan_app.ui.main_window import PAGES, MainWindow
from caravan_app.ui.shell import build_window
from caravan_app.ui.widgets.signin_list import VoidSigninDialog

from .scankeys import Keyboard

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def day_window(app: App, field: dict[str, str], qtbot, qapp):  # noqa: ANN001, ANN201
    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.shell.phone.bind_host = "127.0.0.1"
    w.show()
    qtbot.waitUntil(lambda: w.width() == 1024)
    yield w
    w.shell.phone.stop()
    w.runner.wait()
    w.close()
    i18n.install(i18n.CHINESE, qapp)


def _text(widget: QWidget) -> str:
    if hasattr(widget, "currentText"):
        return widget.currentText()
    if hasattr(widget, "toPlainText"):
        return widget.toPlainText()
    return widget.text() if hasattr(widget, "text") else ""


def _fields(w: MainWindow) -> list[tuple[str, QWidget]]:
    """Every kind of field on every page: line edits, spin boxes, editable and plain combo boxes,
    date edits, plain-text boxes, tables, search boxes."""
    today, dist, stock = w.page("today"), w.page("distribution"), w.page("stock")
    visits, sites, signin = w.page("visits"), w.page("sites"), w.page("signin")
    reports, sync, settings = w.page("reports"), w.page("sync"), w.page("settings")
    return [
        ("today", today.name),
        ("today", today.org),
        ("today", today.step),
        ("today", today.group),
        ("today", today.signins.search),
        ("today", today.person),
        ("distribution", dist.recipient),
        ("distribution", dist.qty),
        ("stock", stock.qty),
        ("stock", stock.reason),
        ("stock", stock.balances),
        ("visits", visits.search),
        ("visits", visits.status),
        ("visits", visits.table),
        ("sites", sites.search),
        ("signin", signin.list.search),
        ("signin", signin.address),
        ("reports", reports.code),
        ("sync", sync.url_edit),
        ("settings", settings.device_name),
    ]


def _scan_everywhere(w: MainWindow, kb: Keyboard, payload: str) -> int:
    """A badge scanned in every field of every page: each field keeps its text. Returns the scans."""
    n = 0
    for key, widget in _fields(w):
        w.show_page(key)
        widget.setFocus()
        assert widget.isVisible() and widget.hasFocus() or widget.isAncestorOf(QApplication.focusWidget()), key
        before = _text(widget)
        kb.scan(payload)
        n += 1
        assert _text(widget) == before, (key, widget.objectName())
        assert QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget()), key
    for spec in PAGES:  # and on every page with the page itself focused
        page = w.show_page(spec.key)
        page.setFocus()
        kb.scan(payload)
        n += 1
    return n


def test_a_scripted_field_day_at_1024x600(day_window: MainWindow, app: App, field, qtbot, dialogs) -> None:
    w = day_window
    v = field["visit"]
    kb = Keyboard(w.scanner.scanner)
    app.signin.rescan_seconds = 0  # each crew scan toggles duty: the scans below are deliberate
    crew, crew2 = field["person"], app.catalog.add_person(name="张三", role="crew")
    kid = app.catalog.add_person(name="小红", role="participant", organisation="三年级二班")
    kid_badge = app.signin.badge_payload(kid)
    # From here on everything is done in the window: every save goes through the operation path,
    # which says what changed, so the watcher never takes one for another program's.
    w.shell.watcher.check()
    outside: list[int] = []
    w.shell.watcher.changed_outside.connect(lambda: outside.append(1))

    # Morning: arrive. The keyboard counts.
    today = w.show_page("today")
    qtbot.mouseClick(today.arrive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: today.counting() and not today.arrive_button.isEnabled(), timeout=3000)
    kb.scan(app.signin.badge_payload(crew))  # 王志愿 on duty (in counting mode: no count)
    kb.scan(app.signin.badge_payload(crew2))  # 张三 on duty
    assert "张三" in w.scanner.banner.text()

    # Counting: keys, the step box, and the step going back to 1.
    kb.type("111", 130)  # 3 primary
    kb.settle()
    today.step.setFocus()
    today.step.selectAll()
    kb.type("12", 150)
    kb.key(Qt.Key.Key_Return, 150)  # back to counting with step 12
    kb.type("2", 150)  # +12 junior
    kb.type("2", 150)  # +1 junior: the step went back to 1
    kb.settle()
    assert today.flash.text() == "+1 初中生" and today.step.value() == 1

    # Names typed into the quick sign-in; a badge scanned with the cursor in the name box.
    today.name.setFocus()
    kb.type("Li Ming", 140)
    kb.key(Qt.Key.Key_Return, 160)  # manual sign-in "Li Ming"
    today.name.setFocus()
    kb.ime("王老师")
    today.group.setCurrentIndex(today.group.findData("teacher"))
    today.name.setFocus()
    kb.key(Qt.Key.Key_Return, 160)  # manual sign-in 王老师 (teacher)
    today.name.setFocus()
    kb.ime("错名字")
    kb.key(Qt.Key.Key_Return, 160)  # a wrong one, voided below
    today.name.setFocus()
    kb.scan(kid_badge)  # 小红 signs in by badge; nothing lands in the name box
    assert today.name.text() == "" and "小红" in w.scanner.banner.text()
    kb.type("11111", 150)
    kb.key(Qt.Key.Key_Return, 150)  # digits-only name: refused
    assert "数字" in today.sign_result.text()
    kb.key(Qt.Key.Key_Escape, 200)  # Esc: counting again
    kb.type("5", 150)  # +1 parent
    kb.settle()
    assert today.counting()

    # Void the wrong sign-in from the sign-in list (作废…), with a reason.
    lst = today.signins
    qtbot.waitUntil(lambda: lst.model.rowCount() == 4, timeout=3000)
    row = next(r for r in range(lst.model.rowCount()) if lst.model.index(r, 1).data() == "错名字")
    lst.table.selectRow(row)
    dlg = lst.void_selected()
    assert isinstance(dlg, VoidSigninDialog)
    dlg.reason.setText("输错了")
    dlg.ok.click()
    qtbot.waitUntil(lambda: lst.model.rowCount() == 3, timeout=3000)

    # Badges on every page and in every kind of field: duty toggles, no widget sees a character.
    scans = _scan_everywhere(w, kb, app.signin.badge_payload(crew2))
    assert scans % 2 == 0  # 张三 ends on duty, as he started

    # Phone sign-in open; the language switched to English mid-sign-in, then back.
    port = _free_port()
    signin = w.show_page("signin")
    signin.address.setEditText("127.0.0.1")
    signin.port.setValue(port)
    assert signin.start_server()
    url = signin.url_label.text().split("：", 1)[-1].strip()
    assert httpx.post(url, data={"name": "赵丽", "group": "parent"}).status_code == 200
    today = w.show_page("today")
    today.name.setFocus()
    kb.ime("半个名")  # typing when the language changes: the rebuilt page starts clean, nothing is signed in
    w.show_page("settings").language.setCurrentIndex(1)
    qtbot.waitUntil(lambda: w.nav.item(0).text() == "Today", timeout=3000)
    assert w.shell.phone.is_serving() and w.shell.phone.port() == port
    assert httpx.post(url, data={"name": "钱伟", "group": "other"}).status_code == 200
    today = w.show_page("today")
    qtbot.waitUntil(lambda: today.counting(), timeout=3000)
    today.setFocus()
    kb.type("6", 150)  # +1 other, in English
    kb.settle()
    assert today.flash.text() == "+1 Other"
    kb.scan(kid_badge)  # 小红 again: a duplicate, not counted twice
    assert "小红" in w.scanner.banner.text() and w.scanner.banner.level == "warn"
    today.name.setFocus()
    kb.type("Zhou", 140)
    kb.key(Qt.Key.Key_Return, 160)  # manual sign-in in the English window
    w.show_page("settings").language.setCurrentIndex(0)
    qtbot.waitUntil(lambda: w.nav.item(0).text() == "今日", timeout=3000)
    signin = w.show_page("signin")
    assert w.shell.phone.is_serving()
    signin.open_button.click()  # close phone sign-in from the rebuilt page
    assert not w.shell.phone.is_serving()

    # Books: the recipient typed, a scan in the middle, the hand-out given.
    dist = w.show_page("distribution")
    dist.recipient.setFocus()
    dist.recipient.setEditText("三年级二班")
    dist.qty.setValue(20)
    kb.scan(app.signin.badge_payload(crew2))  # 张三 leaves while books are handed out
    assert dist.recipient.currentText() == "三年级二班"
    qtbot.mouseClick(dist.give_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.stock.balance(field["caravan"], field["title"]) == 80, timeout=3000)

    # Evening: complete the visit (it takes the rest of the crew off duty).
    today = w.show_page("today")
    dialogs.accept_box()  # "Complete"
    dialogs.accept_box()  # the summary
    qtbot.mouseClick(today.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.texts) == 2, timeout=5000)
    w.runner.wait()
    w.shell.watcher.check()
    assert outside == []

    assert app.visits.get(v).status == "completed"
    assert app.attendance.totals(v) == {
        "primary": 3,
        "junior": 13,
        "senior": 0,
        "teacher": 0,
        "parent": 1,
        "other": 1,
    }
    with app.db.read() as s:
        tallies = [(t.group, t.delta) for t in s.scalars(select(m.Tally).order_by(m.Tally.id))]
        signins = [(r.name, r.method) for r in s.scalars(select(m.Signin).order_by(m.Signin.id))]
        duty = [(e.person_id, e.kind) for e in s.scalars(select(m.DutyEvent).order_by(m.DutyEvent.id))]
        moves = [(x.kind, x.qty, x.recipient) for x in s.scalars(select(m.Movement).order_by(m.Movement.id))]
    assert tallies == [("primary", 1)] * 3 + [("junior", 12), ("junior", 1), ("parent", 1), ("other", 1)]
    assert sorted(signins) == sorted(
        [
            ("Li Ming", "manual"),
            ("王老师", "manual"),
            ("错名字", "manual"),
            ("小红", "badge"),
            ("赵丽", "phone"),
            ("钱伟", "phone"),
            ("Zhou", "manual"),
        ]
    )
    with app.db.read() as s:
        wrong = s.scalars(select(m.Signin.id).where(m.Signin.name == "错名字")).one()
    assert app.attendance.voided(v) == {wrong}
    assert "错名字" not in [r.name for r in app.attendance.signins(v)]
    assert app.attendance.signin_count(v) == 6  # seven rows, one voided; the duplicate scan added none
    assert duty == [(crew, "on"), (crew2, "on")] + [(crew2, "off"), (crew2, "on")] * (scans // 2) + [
        (crew2, "off"),
        (crew, "off"),
    ]
    assert moves == [("load", 100, None), ("distribute", -20, "三年级二班")]
