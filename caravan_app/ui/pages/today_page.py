"""今日: the visit in front of the crew — arrive, count heads, sign people in, complete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.vocab import GROUP_LABELS, SIGNIN_GROUP_LABELS, VISIT_STATUS_LABELS, Group, SigninGroup, VisitStatus
from ...services.app import App
from ...services.visits import VisitSummary
from .. import i18n
from ..common import big_button, heading, show_error
from ..tasks import TaskRunner
from ..widgets.signin_list import SigninListView
from ..widgets.visit_picker import VisitPicker


class TodayPage(QWidget):
    """Keyboard: 1–6 add to a group, Ctrl+Shift+1–6 take away; Enter in the name box signs in."""

    navigate_requested = Signal(str, object)

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.picker = VisitPicker(app, self)
        self.picker.setObjectName("today_visit")
        self.status = QLabel(self)
        self.status.setObjectName("today_status")
        self.arrive_button = big_button(self.tr("&Arrive"), self, "arrive_button", primary=True)
        self.arrive_button.setToolTip(self.tr("Record arrival at the school and start the visit"))
        self.complete_button = big_button(self.tr("&Complete visit"), self, "complete_button")
        self.books_button = big_button(self.tr("Hand out &books"), self, "books_button")
        self.qr_button = big_button(self.tr("Sign-in &QR"), self, "qr_button")
        self.qr_button.setToolTip(self.tr("Phones sign in by scanning the visit's QR code"))
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.arrive_button)
        top.addWidget(self.complete_button)
        top.addWidget(self.books_button)
        top.addWidget(self.qr_button)

        # --- tallies ------------------------------------------------------------------------
        tally_box = QGroupBox(self.tr("Head count by group"), self)
        grid = QGridLayout(tally_box)
        self.step = QSpinBox(self)
        self.step.setObjectName("tally_step")
        self.step.setRange(1, 999)
        self.step.setValue(1)
        self.step.setPrefix(self.tr("step "))
        self.counts: dict[str, QLabel] = {}
        self.plus: dict[str, object] = {}
        self.minus: dict[str, object] = {}
        per_col = (len(Group) + 1) // 2  # two columns of groups: fits a 1366×768 screen
        for i, g in enumerate(Group):
            row, col = i % per_col, (i // per_col) * 5
            name = QLabel(f"{i18n.label(GROUP_LABELS, g)}  [{i + 1}]", tally_box)
            count = QLabel("0", tally_box)
            count.setObjectName(f"count_{g.value}")
            count.setProperty("big", True)
            count.setMinimumWidth(90)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            minus = big_button("−", tally_box, f"minus_{g.value}")
            minus.setProperty("tally", True)
            minus.setToolTip(self.tr("Take away (Ctrl+Shift+{n})").format(n=i + 1))
            plus = big_button("+", tally_box, f"plus_{g.value}")
            plus.setProperty("tally", True)
            plus.setToolTip(self.tr("Add (key {n})").format(n=i + 1))
            minus.clicked.connect(lambda _c=False, gr=g.value: self.tally(gr, -1))
            plus.clicked.connect(lambda _c=False, gr=g.value: self.tally(gr, +1))
            grid.addWidget(name, row, col)
            grid.addWidget(minus, row, col + 1)
            grid.addWidget(count, row, col + 2)
            grid.addWidget(plus, row, col + 3)
            self.counts[g.value], self.plus[g.value], self.minus[g.value] = count, plus, minus
            for keys, sign in ((str(i + 1), +1), (f"Ctrl+Shift+{i + 1}", -1)):
                # Window context: works wherever focus is on this page except in text fields; Qt
                # ignores shortcuts of hidden pages, so keys never count from another page.
                QShortcut(QKeySequence(keys), self, lambda gr=g.value, sg=sign: self.tally(gr, sg))
        grid.setColumnMinimumWidth(4, 40)
        self.total = QLabel("0", tally_box)
        self.total.setObjectName("tally_total")
        self.total.setProperty("big", True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(QLabel(self.tr("Total"), tally_box), per_col, 0)
        grid.addWidget(self.step, per_col, 1)
        grid.addWidget(self.total, per_col, 2)
        grid.setColumnStretch(9, 1)

        # --- quick sign-in ------------------------------------------------------------------
        sign_box = QGroupBox(self.tr("Quick sign-in"), self)
        self.name = QLineEdit(sign_box)
        self.name.setObjectName("quick_name")
        self.name.setPlaceholderText(self.tr("Name, then Enter"))
        self.name.setMinimumHeight(40)
        self.org = QLineEdit(sign_box)
        self.org.setObjectName("quick_org")
        self.org.setPlaceholderText(self.tr("School / class / village (optional)"))
        self.org.setMinimumHeight(40)
        self.group = QComboBox(sign_box)
        self.group.setObjectName("quick_group")
        self.group.setMinimumHeight(40)
        for sg in SigninGroup:
            self.group.addItem(i18n.label(SIGNIN_GROUP_LABELS, sg), sg.value)
        self.sign_button = big_button(self.tr("&Sign in"), sign_box, "quick_signin_button")
        self.sign_result = QLabel(sign_box)
        self.sign_result.setObjectName("quick_result")
        self.signin_count = QLabel(sign_box)
        self.signin_count.setObjectName("today_signins")
        s_lay = QVBoxLayout(sign_box)
        s_lay.addWidget(self.name)
        row1 = QHBoxLayout()
        row1.addWidget(self.group, 1)
        row1.addWidget(self.org, 2)
        s_lay.addLayout(row1)
        row2 = QHBoxLayout()
        row2.addWidget(self.sign_button)
        row2.addWidget(self.sign_result, 1)
        row2.addWidget(self.signin_count)
        s_lay.addLayout(row2)
        self.name.returnPressed.connect(self.quick_signin)
        self.org.returnPressed.connect(self.quick_signin)
        self.sign_button.clicked.connect(self.quick_signin)

        # --- crew on duty (badges scanned on the sign-in page do the same) -----------------
        crew_box = QGroupBox(self.tr("Crew on duty"), self)
        self.person = QComboBox(crew_box)
        self.person.setObjectName("duty_person")
        self.person.setMinimumHeight(40)
        self.duty_button = big_button(self.tr("On / off &duty"), crew_box, "duty_button")
        self.on_duty = QLabel(crew_box)
        self.on_duty.setObjectName("on_duty")
        self.on_duty.setWordWrap(True)
        c_lay = QVBoxLayout(crew_box)
        c_row = QHBoxLayout()
        c_row.addWidget(self.person, 1)
        c_row.addWidget(self.duty_button)
        c_lay.addLayout(c_row)
        c_lay.addWidget(self.on_duty)
        self.duty_button.clicked.connect(self.toggle_duty)

        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Today"), self))
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(tally_box)
        self.signins = SigninListView(app, self)
        self.signins.setObjectName("today_signin_list")
        self.signins.setMinimumHeight(180)
        left = QVBoxLayout()
        left.addWidget(sign_box)
        left.addWidget(crew_box)
        left.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addLayout(left, 2)
        bottom.addWidget(self.signins, 3)
        lay.addLayout(bottom, 1)

        self.picker.visit_changed.connect(lambda _v: self.refresh_visit())
        self.arrive_button.clicked.connect(self.arrive)
        self.complete_button.clicked.connect(self.complete)
        self.books_button.clicked.connect(lambda: self.navigate_requested.emit("distribution", self.visit_id()))
        self.qr_button.clicked.connect(lambda: self.navigate_requested.emit("signin", self.visit_id()))
        self.refresh_visit()

    # --- state ------------------------------------------------------------------------------
    def visit_id(self) -> str | None:
        return self.picker.visit_id()

    def refresh(self) -> None:
        self.picker.reload()

    def set_visit(self, visit_id: str | None) -> None:
        self.picker.set_visit(visit_id)

    def refresh_visit(self) -> None:
        vid = self.visit_id()
        visit = self.app.visits.get(vid) if vid else None
        status = visit["status"] if visit else None
        running = status == VisitStatus.IN_PROGRESS
        self.arrive_button.setEnabled(status == VisitStatus.PLANNED)
        self.complete_button.setEnabled(running)
        self.books_button.setEnabled(running)
        self.qr_button.setEnabled(running)
        self._fill_crew()
        for w in (
            *self.plus.values(),
            *self.minus.values(),
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
            if visit.get("arrived_at"):
                text += "  " + self.tr("arrived {t}").format(t=visit["arrived_at"][11:16])
            if visit.get("theme"):
                text += "  ·  " + visit["theme"]
            self.status.setText(text)
        self._show_totals()

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
        people = [p for p in self.app.catalog.people() if p["role"] in ("crew", "volunteer")]
        people.sort(key=lambda p: (p.get("caravan_id") != van, p["name"]))
        self.person.blockSignals(True)
        self.person.clear()
        for p in people:
            self.person.addItem(p["name"] + (f"（{p['team']}）" if p.get("team") else ""), p["id"])
        if keep:
            self.person.setCurrentIndex(max(0, self.person.findData(keep)))
        self.person.blockSignals(False)
        vid = self.visit_id()
        names = {p["id"]: p["name"] for p in people}
        on = [names.get(pid, "?") for pid in self.app.visits.on_duty(vid)] if vid else []
        self.on_duty.setText(
            self.tr("On duty: {names}").format(names="、".join(on)) if on else self.tr("Nobody on duty")
        )

    # --- actions ----------------------------------------------------------------------------
    def toggle_duty(self) -> None:
        vid, pid = self.visit_id(), self.person.currentData()
        if not (vid and pid):
            return
        try:
            self.app.visits.duty(vid, pid)
        except DomainError as exc:
            show_error(self, exc)
        self._fill_crew()

    def arrive(self) -> None:
        vid = self.visit_id()
        if not vid:
            return
        try:
            self.app.visits.arrive(vid)
        except DomainError as exc:
            show_error(self, exc)
        self.picker.reload()
        self.name.setFocus()

    def tally(self, group: str, sign: int) -> None:
        vid = self.visit_id()
        if not vid or not self.plus[group].isEnabled():  # type: ignore[attr-defined]
            return
        try:
            new = self.app.attendance.tally(vid, group, sign * self.step.value())
        except DomainError as exc:
            show_error(self, exc)
            return
        self.counts[group].setText(str(new))
        self.total.setText(str(sum(int(lab.text()) for lab in self.counts.values())))

    def quick_signin(self) -> None:
        vid = self.visit_id()
        if not vid or not self.sign_button.isEnabled():
            return
        try:
            res = self.app.attendance.signin(vid, self.name.text(), self.group.currentData(), self.org.text() or None)
        except DomainError as exc:
            self.sign_result.setText(i18n.error_text(exc))
            self.sign_result.setProperty("warning", True)
            self.sign_result.style().polish(self.sign_result)
            return
        self.sign_result.setProperty("warning", False)
        self.sign_result.style().polish(self.sign_result)
        if res.duplicate:
            self.sign_result.setText(
                self.tr("{name} had already signed in (No. {n})").format(name=res.name, n=res.number)
            )
        else:
            self.sign_result.setText(self.tr("{name} signed in: No. {n}").format(name=res.name, n=res.number))
        self.name.clear()
        self.name.setFocus()
        self._show_totals()

    def summary_text(self, s: VisitSummary) -> str:
        lines = [
            self.tr("People counted: {n}").format(n=s.attendance),
            self.tr("Signed in individually: {n}").format(n=s.signins),
            self.tr("Books handed out: {n}").format(n=s.books),
        ]
        for g, n in s.tallies.items():
            if n:
                lines.append(f"  {i18n.label(GROUP_LABELS, g)}: {n}")
        if s.crew_hours:
            people = {p["id"]: p["name"] for p in self.app.catalog.people()}
            hours = ", ".join(f"{people.get(pid, '?')} {h:g}h" for pid, h in s.crew_hours.items())
            lines.append(self.tr("Crew hours: {h}").format(h=hours))
        return "\n".join(lines)

    def complete(self) -> None:
        vid = self.visit_id()
        if not vid:
            return
        before = self.app.visits.summary(vid)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Complete visit"), "", parent=self)
        box.setObjectName("complete_box")
        site = (before.site or {}).get("name", "")
        box.setText(self.tr("Complete the visit at {site}?").format(site=site) + "\n\n" + self.summary_text(before))
        ok = box.addButton(self.tr("Complete"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Not yet"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not ok:
            return
        try:
            after = self.app.visits.complete(vid)
        except DomainError as exc:
            show_error(self, exc)
            return
        self.last_summary = after
        done = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Visit completed"), self.summary_text(after), parent=self
        )
        done.setObjectName("completed_box")
        done.exec()
        self.picker.reload(select=vid)
