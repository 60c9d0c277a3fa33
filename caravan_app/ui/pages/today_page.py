"""今日: the visit in front of the crew — arrive, count heads, sign people in, complete.

The keyboard is in one of two modes, always shown (``keyboard_mode``): *counting* (1–6 add the
step to a group, Ctrl+Shift+1–6 take it away) whenever the focus is not in a text field, and
*typing* while it is. Esc from any field goes back to counting; so does 到达 and Enter in the
step box. The step (每次) goes back to 1 after each use, and each count flashes "+45 小学生".
Badge scans never reach this page's keys or fields: the window's scanner takes them first
(ui/scanner.py), on the operation path: what a scan wrote reaches this page as any change does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain import figures
from ...domain.errors import DomainError
from ...domain.vocab import GROUP_LABELS, SIGNIN_GROUP_LABELS, VISIT_STATUS_LABELS, Group, SigninGroup, VisitStatus
from ...services.app import App
from ...services.visits import VisitSummary
from .. import i18n
from ..common import big_button, heading
from ..operations import (
    CATALOGUE,
    DUTY,
    SIGNINS,
    SYNC,
    TALLIES,
    VISITS,
    ChangeSet,
    listen,
    run_now,
    run_op,
    show_failure,
)
from ..tasks import TaskRunner
from ..widgets.signin_list import SigninListView
from ..widgets.visit_picker import VisitPicker

if TYPE_CHECKING:
    from ..peer_host import PeerSync

RESULT_STYLES = {
    "ok": "color:#136c2e; font-weight:bold;",
    "warn": "color:#8a4b00; background:#fff4e5; font-weight:bold; padding:2px 6px;",
    "error": "color:#b3261e; font-weight:bold;",
}
MODE_STYLES = {
    "count": "background:#e6f4ea; color:#136c2e; border-radius:4px; padding:4px 10px; font-weight:bold;",
    "type": "background:#fff4e5; color:#8a4b00; border-radius:4px; padding:4px 10px; font-weight:bold;",
    "off": "color:#666; padding:4px 10px;",
}


def is_text_field(w: QWidget | None) -> bool:
    """Does a key typed into ``w`` become text (so digits must not count)?"""
    if isinstance(w, QLineEdit | QAbstractSpinBox | QTextEdit | QPlainTextEdit):
        return not w.isReadOnly()
    return isinstance(w, QComboBox) and w.isEditable()


def _one_line(label: QLabel) -> None:
    """A status line that never widens the page nor makes it taller (word wrap would: the
    scroll area then sizes the page by height-for-width); the full text is in the tooltip."""
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(40)


def hours_text(minutes: int) -> str:
    """Time on duty for people, from the minutes the report prints: under an hour in minutes
    ("25 分钟"), else the report's hours ("2.7 小时", domain/figures.hours)."""
    if minutes < 60:
        return QCoreApplication.translate("TodayPage", "{n} min").format(n=minutes)
    return QCoreApplication.translate("TodayPage", "{n} h").format(n=figures.hours_text(figures.hours(minutes)))


class TodayPage(QWidget):
    """Keyboard: 1–6 add to a group, Ctrl+Shift+1–6 take away (counting mode); Esc returns to it."""

    navigate_requested = Signal(str, object)

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.running = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.picker = VisitPicker(app, self)
        self.picker.setObjectName("today_visit")
        self.picker.setMinimumContentsLength(14)  # 1024×600: the picker must leave room for the buttons
        self.status = QLabel(self)
        self.status.setObjectName("today_status")
        self.mode = QLabel(self)
        self.mode.setObjectName("keyboard_mode")
        self.mode.setToolTip(self.tr("Esc: back to counting. Click a text box to type."))
        self.arrive_button = big_button(self.tr("&Arrive"), self, "arrive_button", primary=True)
        self.arrive_button.setToolTip(self.tr("Record arrival at the school and start the visit"))
        self.complete_button = big_button(self.tr("&Complete visit"), self, "complete_button")
        self.books_button = big_button(self.tr("Hand out &books"), self, "books_button")
        self.qr_button = big_button(self.tr("Sign-in &QR"), self, "qr_button")
        self.qr_button.setToolTip(self.tr("Phones sign in by scanning the visit's QR code"))
        self.report_button = big_button(self.tr("Print visit &report"), self, "report_button")
        self.report_button.setToolTip(self.tr("The visit report for the school to sign and stamp"))
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        for b in (self.arrive_button, self.complete_button, self.books_button, self.qr_button, self.report_button):
            top.addWidget(b)

        # --- tallies ------------------------------------------------------------------------
        tally_box = QGroupBox(self.tr("Head count by group"), self)
        tally_box.setObjectName("tally_box")
        grid = QGridLayout(tally_box)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.setContentsMargins(6, 4, 6, 4)
        self.step = QSpinBox(self)
        self.step.setObjectName("tally_step")
        self.step.setRange(1, 999)
        self.step.setValue(1)
        self.step.setPrefix(self.tr("each "))
        self.step.setToolTip(self.tr("How many one key or button adds; back to 1 after each use"))
        self.step.setStyleSheet("font-size:18pt; font-weight:bold; min-height:40px;")
        self.step.setMinimumWidth(130)
        self.counts: dict[str, QLabel] = {}
        self.plus: dict[str, object] = {}
        self.minus: dict[str, object] = {}
        per_col = (len(Group) + 1) // 2  # two columns of groups
        for i, g in enumerate(Group):
            row, col = i % per_col, (i // per_col) * 4
            name = QLabel(f"{i18n.label(GROUP_LABELS, g)}  [{i + 1}]", tally_box)
            count = QLabel("0", tally_box)
            count.setObjectName(f"count_{g.value}")
            count.setProperty("big", True)
            count.setMinimumWidth(58)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            minus = big_button("−", tally_box, f"minus_{g.value}")
            minus.setProperty("tally", True)
            minus.setToolTip(self.tr("Take away (Ctrl+Shift+{n})").format(n=i + 1))
            plus = big_button("+", tally_box, f"plus_{g.value}")
            plus.setProperty("tally", True)
            plus.setToolTip(self.tr("Add (key {n})").format(n=i + 1))
            for b in (minus, plus):
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click keeps the keyboard where it was
                b.setStyleSheet("min-width:52px; max-width:52px; min-height:44px; max-height:44px; padding:0;")
            minus.clicked.connect(lambda _c=False, gr=g.value: self.tally(gr, -1))
            plus.clicked.connect(lambda _c=False, gr=g.value: self.tally(gr, +1))
            grid.addWidget(name, row, col)
            grid.addWidget(minus, row, col + 1)
            grid.addWidget(count, row, col + 2)
            grid.addWidget(plus, row, col + 3)
            self.counts[g.value], self.plus[g.value], self.minus[g.value] = count, plus, minus
            for keys, sign in ((str(i + 1), +1), (f"Ctrl+Shift+{i + 1}", -1)):
                # Window context, but Qt ignores shortcuts of hidden pages (keys never count from
                # another page) and a text field takes its own digits (typing mode).
                QShortcut(QKeySequence(keys), self, lambda gr=g.value, sg=sign: self.key_tally(gr, sg))
        self.flash = QLabel(tally_box)
        self.flash.setObjectName("tally_flash")
        self.flash.setStyleSheet("font-size:18pt; font-weight:bold; color:#1f6feb;")
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self.flash.clear)
        self.total = QLabel("0", tally_box)
        self.total.setObjectName("tally_total")
        self.total.setProperty("big", True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        step_row = QHBoxLayout()
        step_row.addWidget(self.step)
        step_row.addWidget(self.flash, 1)
        step_row.addWidget(QLabel(self.tr("Total"), tally_box))
        step_row.addWidget(self.total)
        grid.addLayout(step_row, per_col, 0, 1, 8)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(4, 1)

        # --- quick sign-in ------------------------------------------------------------------
        sign_box = QGroupBox(self.tr("Quick sign-in"), self)
        sign_box.setObjectName("quick_box")
        self.name = QLineEdit(sign_box)
        self.name.setObjectName("quick_name")
        self.name.setPlaceholderText(self.tr("Name, then Enter"))
        self.org = QLineEdit(sign_box)
        self.org.setObjectName("quick_org")
        self.org.setPlaceholderText(self.tr("School / class (optional)"))
        self.group = QComboBox(sign_box)
        self.group.setObjectName("quick_group")
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group.setMinimumContentsLength(4)
        for sg in SigninGroup:
            self.group.addItem(i18n.label(SIGNIN_GROUP_LABELS, sg), sg.value)
        self.sign_button = big_button(self.tr("&Sign in"), sign_box, "quick_signin_button")
        self.sign_result = QLabel(sign_box)
        self.sign_result.setObjectName("quick_result")
        # The answer wraps onto more lines instead of being cut off at the column's edge.
        self.sign_result.setWordWrap(True)
        self.sign_result.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.sign_result.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.signin_count = QLabel(sign_box)
        self.signin_count.setObjectName("today_signins")
        # Three compact rows: at 1024×600 the sign-in list below keeps room for five rows or more.
        s_lay = QGridLayout(sign_box)
        s_lay.setSpacing(4)
        s_lay.setContentsMargins(6, 4, 6, 4)
        s_lay.addWidget(self.name, 0, 0, 1, 2)
        s_lay.addWidget(self.sign_button, 0, 2)
        s_lay.addWidget(self.group, 1, 0)
        s_lay.addWidget(self.org, 1, 1, 1, 2)
        s_lay.addWidget(self.sign_result, 2, 0, 1, 2)
        s_lay.addWidget(self.signin_count, 2, 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        s_lay.setColumnStretch(1, 1)
        self.name.returnPressed.connect(self.quick_signin)
        self.org.returnPressed.connect(self.quick_signin)
        self.sign_button.clicked.connect(self.quick_signin)

        # --- crew on duty (a badge scan anywhere does the same) -----------------------------
        # No title line: the button says what it does and the line below says who is on duty
        # (the height goes to the sign-in list at 1024×600).
        crew_box = QGroupBox(self)
        crew_box.setObjectName("crew_box")
        crew_box.setToolTip(self.tr("Crew on duty"))
        self.person = QComboBox(crew_box)
        self.person.setObjectName("duty_person")
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person.setMinimumContentsLength(6)  # long team names must not widen the page
        self.duty_button = big_button(self.tr("On / off &duty"), crew_box, "duty_button")
        self.on_duty = QLabel(crew_box)
        self.on_duty.setObjectName("on_duty")
        _one_line(self.on_duty)
        c_lay = QVBoxLayout(crew_box)
        c_lay.setSpacing(2)
        c_lay.setContentsMargins(6, 4, 6, 4)
        c_row = QHBoxLayout()
        c_row.addWidget(self.person, 1)
        c_row.addWidget(self.duty_button)
        c_lay.addLayout(c_row)
        c_lay.addWidget(self.on_duty)
        self.duty_button.clicked.connect(self.toggle_duty)

        head = QHBoxLayout()
        head.addWidget(heading(self.tr("Today"), self))
        head.addWidget(self.status, 1)
        head.addWidget(self.mode)
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addLayout(head)
        self.peers_label = QLabel(self)  # laptops near by (peer sync, ui/peer_host.py)
        self.peers_label.setObjectName("peers_near")
        self.peers_label.setWordWrap(True)
        self.peers_label.setVisible(False)
        lay.addWidget(self.peers_label)
        lay.addLayout(top)
        right = QVBoxLayout()
        right.addWidget(sign_box)
        right.addWidget(crew_box)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(tally_box, 3)
        middle.addLayout(right, 2)
        lay.addLayout(middle)
        self.signins = SigninListView(
            app, self, load=False
        )  # loaded for the visit by _show_totals (hidden without one)
        self.signins.setObjectName("today_signin_list")
        self.signins.setMinimumHeight(108)
        self.signins.table.verticalHeader().setDefaultSectionSize(26)  # five rows or more at 1024×600
        header = self.signins.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # no sideways scrolling at 1024×600
        header.setMinimumSectionSize(40)
        lay.addWidget(self.signins, 1)

        self.picker.visit_changed.connect(lambda _v: self.refresh_visit())
        self.arrive_button.clicked.connect(self.arrive)
        self.complete_button.clicked.connect(self.complete)
        self.books_button.clicked.connect(lambda: self.navigate_requested.emit("distribution", self.visit_id()))
        self.qr_button.clicked.connect(lambda: self.navigate_requested.emit("signin", self.visit_id()))
        self.report_button.clicked.connect(self.open_report)
        self.step.editingFinished.connect(self._step_done)
        qa = QApplication.instance()
        if isinstance(qa, QApplication):
            qa.focusChanged.connect(self._focus_changed)
        self._peers_followed = False
        self.refresh_visit()
        self._follow_peers()
        listen(self, self._on_changed)

    def _on_changed(self, cs: ChangeSet) -> None:
        """Another page, a phone, a sync or another program changed data: show it, no polling."""
        if cs.source is self or not self.isVisible():
            return  # a hidden page reloads when it is shown
        if cs.touches(VISITS, SYNC):
            self.refresh_visit()
        elif cs.touches(TALLIES, SIGNINS, DUTY, CATALOGUE):
            self._fill_crew()
            self._show_totals()

    # --- keyboard mode ------------------------------------------------------------------------
    def counting(self) -> bool:
        """Counting mode: the visit runs and the keyboard focus is not in a text field."""
        return self.running and not is_text_field(QApplication.focusWidget())

    def scanner_counts_keys(self) -> bool:
        """Asked by the badge scanner: keys count here now (a slow scanner's code must not)."""
        return self.counting()

    def counting_mode(self) -> None:
        """Back to counting (Esc from any field, after 到达, Enter in the step box)."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.show_mode()

    def show_mode(self) -> None:
        if not self.running:
            text, kind = self.tr("Keyboard: nothing to count yet"), "off"
        elif self.counting():
            text, kind = self.tr("Keyboard: counting 1–6"), "count"
        else:
            text, kind = self.tr("Keyboard: typing text (Esc: count)"), "type"
        self.mode.setText(text)
        self.mode.setProperty("mode", kind)
        self.mode.setStyleSheet(MODE_STYLES[kind])

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self.show_mode()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.counting_mode()  # fields ignore Esc, so it comes up to the page from any of them
            event.accept()
            return
        super().keyPressEvent(event)

    def _step_done(self) -> None:
        if self.step.hasFocus():  # Enter in the step box (not a click elsewhere): count with it
            self.counting_mode()

    # --- state ------------------------------------------------------------------------------
    def visit_id(self) -> str | None:
        return self.picker.visit_id()

    def refresh(self) -> None:
        self.picker.reload()

    def set_visit(self, visit_id: str | None) -> None:
        self.picker.set_visit(visit_id)

    def _follow_peers(self) -> None:
        """Show who is near once the window's peer sync exists (made a moment after the window
        shows, not by this page: building it here kept the first paint waiting) and when it
        starts or stops."""
        made = getattr(getattr(self.window(), "shell", None), "peers_made", None)
        if made is None:
            return
        made.connect(self._peers_made)
        if self._peers() is not None:
            self._peers_made()

    def _peers_made(self) -> None:
        peers = self._peers()
        if peers is not None and not self._peers_followed:
            self._peers_followed = True
            peers.state_changed.connect(self._show_peers)
        self._show_peers()

    def _peers(self) -> PeerSync | None:
        made = getattr(getattr(self.window(), "shell", None), "peers_if_made", None)
        return made() if callable(made) else None

    def _show_peers(self) -> None:
        peers = self._peers()
        near = peers.near_text() if peers is not None else ""
        self.peers_label.setText(near)
        self.peers_label.setVisible(bool(near))

    def refresh_visit(self) -> None:
        self._show_peers()
        vid = self.visit_id()
        visit = self.app.visits.get(vid) if vid else None
        status = visit.status if visit else None
        running = status == VisitStatus.IN_PROGRESS
        self.running = running
        can_arrive = status == VisitStatus.PLANNED
        self.arrive_button.setEnabled(can_arrive)
        # Only the next thing to press looks like it: a disabled 到达 is a plain grey button.
        self._primary(self.arrive_button, can_arrive)
        self._primary(self.complete_button, False)
        self.complete_button.setEnabled(running)
        self.books_button.setEnabled(running)
        self.qr_button.setEnabled(running)
        done = status == VisitStatus.COMPLETED
        self.report_button.setEnabled(done)
        self._primary(self.report_button, done)
        self.report_button.setVisible(done)  # in the place of 完成活动 once the visit is completed
        self.complete_button.setVisible(not done)
        self._fill_crew()
        for w in (
            *self.plus.values(),
            *self.minus.values(),
            self.step,
            self.name,
            self.org,
            self.group,
            self.sign_button,
            self.duty_button,
        ):
            w.setEnabled(running)  # type: ignore[attr-defined]
        if visit is None:
            self.status.setText(self.tr("No visit planned for this van today. Add one on the Visits page."))
        else:
            text = i18n.label(VISIT_STATUS_LABELS, status)
            if visit.arrived_at:
                text += "  " + self.tr("arrived {t}").format(t=visit.arrived_at[11:16])
            if visit.theme:
                text += "  ·  " + visit.theme
            self.status.setText(text)
        self._show_totals()
        self.show_mode()

    @staticmethod
    def _primary(button: QWidget, on: bool) -> None:
        button.setProperty("primary", on)
        button.style().unpolish(button)
        button.style().polish(button)

    def _show_totals(self) -> None:
        vid = self.visit_id()
        totals = self.app.attendance.totals(vid) if vid else {}
        for g, lab in self.counts.items():
            lab.setText(str(totals.get(g, 0)))
        self.total.setText(str(sum(totals.values())))
        n = self.app.attendance.signin_count(vid) if vid else 0
        self.signin_count.setText(self.tr("Signed in: {n}").format(n=n))
        if hasattr(self, "signins"):
            self.signins.setVisible(vid is not None)
            if vid:
                self.signins.set_visit(vid)

    def _fill_crew(self) -> None:
        """This van's crew and volunteers first, then everyone else; names on duty shown beside."""
        keep = self.person.currentData()
        van = self.app.catalog.current_caravan_id()
        people = [p for p in self.app.catalog.people() if p.role in ("crew", "volunteer")]
        people.sort(key=lambda p: (p.caravan_id != van, p.name))
        self.person.blockSignals(True)
        self.person.clear()
        for p in people:
            self.person.addItem(p.name + (f"（{p.team}）" if p.team else ""), p.id)
        if keep:
            self.person.setCurrentIndex(max(0, self.person.findData(keep)))
        self.person.blockSignals(False)
        vid = self.visit_id()
        names = {p.id: p.name for p in people}
        on = [names.get(pid, "?") for pid in self.app.visits.on_duty(vid)] if vid else []
        self.on_duty.setText(
            self.tr("On duty: {names}").format(names="、".join(on)) if on else self.tr("Nobody on duty")
        )
        self.on_duty.setToolTip(self.on_duty.text())

    # --- actions ----------------------------------------------------------------------------
    def toggle_duty(self) -> None:
        vid, pid = self.visit_id(), self.person.currentData()
        if not (vid and pid):
            return
        run_now(self, self.app.visits.duty, vid, pid)
        self._fill_crew()

    def arrive(self) -> None:
        vid = self.visit_id()
        if not vid:
            return
        run_now(self, self.app.visits.arrive, vid)
        self.picker.reload()
        self.counting_mode()  # after 到达 the keys count

    def key_tally(self, group: str, sign: int) -> None:
        """A counting key (1–6, Ctrl+Shift+1–6): counts only in counting mode."""
        if self.counting():
            self.tally(group, sign)

    def key_before_active(self, event: QKeyEvent) -> bool:
        """A key the window got before the window system made it active (a moment after it
        shows, as the first window hands over): Qt fires no window shortcut then, so a counting
        key 1–6 counts from here. True when it counted."""
        text = event.text()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if not plain or len(text) != 1 or text not in "123456" or not self.counting():
            return False
        self.key_tally(list(Group)[int(text) - 1].value, +1)
        return True

    def tally(self, group: str, sign: int) -> None:
        vid = self.visit_id()
        if not vid or not self.plus[group].isEnabled():  # type: ignore[attr-defined]
            return
        step = self.step.value()
        # One row that must answer before the next key: the operation path on the UI thread.
        ok, new = run_now(self, self.app.attendance.tally, vid, group, sign * step)
        self.step.setValue(1)  # a step is for one count: the next key adds 1 again
        if not ok:
            return
        self.counts[group].setText(str(new))
        self.total.setText(str(sum(int(lab.text()) for lab in self.counts.values())))
        self.flash.setText(f"{'+' if sign > 0 else '−'}{step} {i18n.label(GROUP_LABELS, group)}")
        self._flash_timer.start(2500)

    def quick_signin(self) -> None:
        vid = self.visit_id()
        if not vid or not self.sign_button.isEnabled():
            return

        def inline(exc: BaseException) -> bool:  # a rule's message goes beside the name box, not in a box
            if isinstance(exc, DomainError):
                self._result(i18n.error_text(exc), "error")
                return True
            return False

        ok, res = run_now(
            self,
            self.app.attendance.signin,
            vid,
            self.name.text(),
            self.group.currentData(),
            self.org.text() or None,
            on_failure=inline,
        )
        if not ok:
            return
        if res.duplicate:
            self._result(
                self.tr("{name} had already signed in: duplicate, not counted again (No. {n})").format(
                    name=res.name, n=res.number
                ),
                "warn",
            )
        else:
            self._result(self.tr("{name} signed in: No. {n}").format(name=res.name, n=res.number), "ok")
        self.name.clear()
        self.name.setFocus()
        self._show_totals()

    def _result(self, text: str, state: str) -> None:
        self.sign_result.setText(text)
        self.sign_result.setToolTip(text)
        self.sign_result.setProperty("state", state)
        self.sign_result.setStyleSheet(RESULT_STYLES[state])

    def summary_text(self, s: VisitSummary) -> str:
        lines = [
            self.tr("People counted: {n}").format(n=s.attendance),
            self.tr("Signed in individually: {n}").format(n=s.signins),
            self.tr("Books handed out: {n}").format(n=figures.units_text(s.books_by_unit)),
        ]
        for g, n in s.tallies.items():
            if n:
                lines.append(f"  {i18n.label(GROUP_LABELS, g)}: {n}")
        if s.crew_minutes:  # counted to now for crew still on duty: what completing records
            people = {p.id: p.name for p in self.app.catalog.people()}
            hours = ", ".join(f"{people.get(pid, '?')} {hours_text(n)}" for pid, n in s.crew_minutes.items())
            lines.append(self.tr("Crew hours: {h}").format(h=hours))
        return "\n".join(lines)

    def open_report(self, visit_id: str | None = None) -> None:
        """To 报告 with this visit chosen: print the visit report for the school to sign."""
        self.navigate_requested.emit("reports", visit_id or self.visit_id())

    def complete(self) -> None:
        vid = self.visit_id()
        if not vid:
            return
        before = self.app.visits.summary(vid)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Complete visit"), "", parent=self)
        box.setObjectName("complete_box")
        site = before.site.name if before.site else ""
        text = self.tr("Complete the visit at {site}?").format(site=site) + "\n\n" + self.summary_text(before)
        left = before.visit.left_at or ""  # reopened: the van already left once
        if left:
            text += "\n\n" + self.tr("The van left at {t}: keep that departure time?").format(t=left[11:16])
        ok = box.addButton(
            self.tr("Complete, keep {t}").format(t=left[11:16]) if left else self.tr("Complete"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        ok.setObjectName("complete_keep_left")
        now = box.addButton(self.tr("Complete, left now"), QMessageBox.ButtonRole.AcceptRole) if left else None
        if now is not None:
            now.setObjectName("complete_left_now")
        box.setText(text)
        box.addButton(self.tr("Not yet"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is not ok and (now is None or clicked is not now):
            return
        keep = clicked is ok
        self.complete_button.setEnabled(False)  # one click: the work runs on the task runner
        run_op(
            self,
            self.app.visits.complete,
            vid,
            keep_left=keep,
            on_success=lambda after: self._completed(vid, after),
            on_failure=self._complete_failed,
            label=self.tr("Completing the visit"),
        )

    def _complete_failed(self, exc: BaseException) -> None:
        self.refresh_visit()
        show_failure(self, exc)

    def _completed(self, vid: str, after: VisitSummary) -> None:
        self.last_summary = after
        self.picker.reload(select=vid)
        done = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Visit completed"), self.summary_text(after), parent=self
        )
        done.setObjectName("completed_box")
        report = done.addButton(self.tr("Print visit report"), QMessageBox.ButtonRole.ActionRole)
        report.setObjectName("completed_report_button")
        done.addButton(self.tr("Close"), QMessageBox.ButtonRole.AcceptRole)
        done.exec()
        if done.clickedButton() is report:
            self.open_report(vid)
