"""活动: every visit, searchable and filterable by county, status and period; add, edit, run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.records.visits import Visit, VisitListing
from ...domain.vocab import COUNTIES, VISIT_STATUS_LABELS, VisitStatus
from ...services.app import App
from .. import i18n
from ..common import big_button, confirm, heading
from ..models.lazy_table import Column, LazyTableModel
from ..operations import ChangeSet, listen, run_now, show_failure
from ..tasks import TaskRunner


class VisitDialog(QDialog):
    """Add or edit a visit: site, van, date, theme, activities, notes."""

    def __init__(self, app: App, visit: Visit | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.visit = app, visit
        self.saved_id: str | None = None
        self.setObjectName("visit_dialog")
        self.setWindowTitle(self.tr("Edit visit") if visit else self.tr("New visit"))
        self.site = QComboBox(self)
        self.site.setObjectName("visit_site")
        self.site.setEditable(True)
        self.site.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for s in app.sites.list():
            self.site.addItem(f"{s.name}（{s.county}）", s.id)
        self.van = QComboBox(self)
        self.van.setObjectName("visit_van")
        for c in app.catalog.caravans():
            self.van.addItem(c.name, c.id)
        self.date = QDateEdit(self)
        self.date.setObjectName("visit_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.theme = QLineEdit(self)
        self.theme.setObjectName("visit_theme")
        self.activities = QComboBox(self)
        self.activities.setEditable(True)
        self.activities.addItems(["", *app.visits.activity_kinds()])
        # r17: the category the national statistics count it under (default: guessed from the theme)
        from ...domain.vocab import ACTIVITY_KIND_LABELS, ActivityKind

        self.kind = QComboBox(self)
        self.kind.setObjectName("visit_kind")
        self.kind.addItem(self.tr("(guess from the theme)"), None)
        for k in ActivityKind:
            self.kind.addItem(i18n.label(ACTIVITY_KIND_LABELS, k.value), k.value)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(70)
        if visit:
            self.kind.setCurrentIndex(max(0, self.kind.findData(visit.activity_kind)))
            self.site.setCurrentIndex(max(0, self.site.findData(visit.site_id)))
            self.van.setCurrentIndex(max(0, self.van.findData(visit.caravan_id)))
            self.date.setDate(QDate.fromString(visit.date, "yyyy-MM-dd"))
            self.theme.setText(visit.theme or "")
            self.activities.setCurrentText(visit.activities or "")
            self.notes.setPlainText(visit.notes or "")
        else:
            self.van.setCurrentIndex(max(0, self.van.findData(app.catalog.current_caravan_id())))
            self.date.setDate(QDate(*app.clock.today().timetuple()[:3]))  # the corrected today
        self.error = QLabel(self)
        self.error.setProperty("warning", True)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("School / site"), self.site)
        form.addRow(self.tr("Van"), self.van)
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Activities"), self.activities)
        form.addRow(self.tr("Statistics category"), self.kind)
        form.addRow(self.tr("Notes"), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(520)

    def _inline(self, exc: BaseException) -> bool:
        """A rule's message goes under the form, naming the field; anything else the one way."""
        if isinstance(exc, DomainError):
            self.error.setText(i18n.error_text(exc))
            return True
        return False

    def accept(self) -> None:
        site_id = self.site.currentData() if self.site.findText(self.site.currentText()) >= 0 else None
        fields = {
            "date": self.date.date().toString("yyyy-MM-dd"),
            "theme": self.theme.text() or None,
            "activities": self.activities.currentText() or None,
            "notes": self.notes.toPlainText() or None,
        }
        if self.kind.currentData() is not None:
            fields["activity_kind"] = self.kind.currentData()
        elif not self.visit:
            fields["activity_kind"] = None  # add() guesses it from the theme
        if not site_id:
            self.error.setText(i18n.error_text(DomainError("site_id", "请选择学校/站点", "choose a school or site")))
            return
        if self.visit:
            vid = self.visit.id
            call: tuple[Any, ...] = (self.app.visits.update, vid)
            kwargs = {"site_id": site_id, "caravan_id": self.van.currentData(), **fields}
        else:
            call, kwargs = (self.app.visits.add, site_id, self.van.currentData()), fields
        ok, result = run_now(self, *call, on_failure=self._inline, **kwargs)
        if not ok:
            return
        self.saved_id = self.visit.id if self.visit else result
        super().accept()


class VisitsPage(QWidget):
    navigate_requested = Signal(str, object)

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.rows: dict[str, VisitListing] = {}
        self.vans: dict[str, str] = {}
        self.search = QLineEdit(self)
        self.search.setObjectName("visit_search")
        self.search.setPlaceholderText(self.tr("Search school or theme"))
        self.search.setClearButtonEnabled(True)
        self.county = QComboBox(self)
        self.county.setObjectName("visit_county")
        self.county.addItem(self.tr("All counties"), None)
        for c in COUNTIES:
            self.county.addItem(c, c)
        self.status = QComboBox(self)
        self.status.setObjectName("visit_status")
        self.status.addItem(self.tr("Any status"), None)
        for st in VisitStatus:
            self.status.addItem(i18n.label(VISIT_STATUS_LABELS, st), st.value)
        self.period = QComboBox(self)
        self.period.setObjectName("visit_period")
        for label, key in (
            (self.tr("All dates"), "all"),
            (self.tr("Today"), "today"),
            (self.tr("Coming 7 days"), "week"),
            (self.tr("This month"), "month"),
            (self.tr("This year"), "year"),
            (self.tr("From … to …"), "range"),
        ):
            self.period.addItem(label, key)
        today = QDate(*self.app.clock.today().timetuple()[:3])  # the corrected clock
        self.date_from = QDateEdit(today.addMonths(-1), self)
        self.date_to = QDateEdit(today, self)
        for w, name in ((self.date_from, "visit_from"), (self.date_to, "visit_to")):
            w.setObjectName(name)
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setVisible(False)
            w.dateChanged.connect(lambda _d: self.reload())
        filters = QHBoxLayout()
        filter_widgets: tuple[tuple[QWidget, int], ...] = (
            (self.search, 2),
            (self.county, 1),
            (self.status, 1),
            (self.period, 1),
            (self.date_from, 0),
            (self.date_to, 0),
        )
        for fw, stretch in filter_widgets:
            fw.setMinimumHeight(40)
            filters.addWidget(fw, stretch)
        self.model = LazyTableModel(
            [
                Column(self.tr("Date"), "date"),
                Column(self.tr("School / site"), "site_name"),
                Column(self.tr("County"), "county"),
                Column(self.tr("Van"), "caravan_id", lambda v, _r: self.vans.get(v, "")),
                Column(self.tr("Status"), "status", lambda v, _r: i18n.label(VISIT_STATUS_LABELS, v)),
                Column(self.tr("Review"), "id", lambda v, _r: self._review_text(v)),
                Column(self.tr("Theme"), "theme"),
                Column(self.tr("Activities"), "activities"),
            ],
            lambda ids: [self.rows[i] for i in ids if i in self.rows],
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("visits_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.count = QLabel(self)
        self.count.setObjectName("visits_count")
        # The office's review of the selected visit (pulled from the hub), with what to do.
        self.review_label = QLabel(self)
        self.review_label.setVisible(False)
        self.review_label.setObjectName("visit_review")
        self.review_label.setWordWrap(True)
        self.reviews: dict[str, Any] = {}
        self.add_button = big_button(self.tr("&New visit"), self, "visit_add", primary=True)
        self.edit_button = big_button(self.tr("&Edit"), self, "visit_edit")
        self.open_button = big_button(self.tr("&Open in Today"), self, "visit_open")
        self.cancel_button = big_button(self.tr("Cancel visit"), self, "visit_cancel")
        self.reopen_button = big_button(self.tr("Reopen"), self, "visit_reopen")
        self.delete_button = big_button(self.tr("Delete"), self, "visit_delete")
        # A visit the office planned for a school's request: what was asked, and the crew's answer.
        self.request_info = QLabel(self)
        self.request_info.setObjectName("visit_request")
        self.request_info.setWordWrap(True)
        self.request_info.setVisible(False)
        self.accept_button = big_button(self.tr("Accept"), self, "visit_accept")
        self.decline_button = big_button(self.tr("Decline…"), self, "visit_decline")
        answer = QHBoxLayout()
        answer.addWidget(self.request_info, 1)
        answer.addWidget(self.accept_button)
        answer.addWidget(self.decline_button)
        actions = QHBoxLayout()
        for b in (
            self.add_button,
            self.edit_button,
            self.open_button,
            self.cancel_button,
            self.reopen_button,
            self.delete_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Visits"), self))
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.review_label)
        lay.addLayout(answer)
        lay.addLayout(actions)
        from ..widgets.photo_strip import PhotoStrip

        self.photos = PhotoStrip(app, runner, self)  # the selected visit's photos
        lay.addWidget(self.photos)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.county, self.status, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.open_button.clicked.connect(self.open_today)
        self.cancel_button.clicked.connect(self.cancel_visit)
        self.reopen_button.clicked.connect(self.reopen)
        self.delete_button.clicked.connect(self.delete)
        self.accept_button.clicked.connect(lambda: self.answer(True))
        self.decline_button.clicked.connect(lambda: self.answer(False))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.photos.set_visit(self.selected_id()))
        self.reload()
        listen(self, self._on_changed)

    def _on_changed(self, cs: ChangeSet) -> None:
        """Another page, a sync pull or another program changed visits or sites: show them."""
        if (
            cs.source is not self and cs.touches("visits", "sites", "reviews") and self.isVisible()
        ):  # else refresh() on show
            self.reload(select=self.selected_id())

    def _range(self) -> tuple[str | None, str | None]:
        today = self.app.clock.today()
        key = self.period.currentData()
        if key == "today":
            return today.isoformat(), today.isoformat()
        if key == "week":
            return today.isoformat(), (today + dt.timedelta(days=7)).isoformat()
        if key == "month":
            return today.replace(day=1).isoformat(), (today.replace(day=28) + dt.timedelta(days=4)).replace(
                day=1
            ).isoformat()
        if key == "year":
            return f"{today.year}-01-01", f"{today.year}-12-31"
        if key == "range":
            return self.date_from.date().toString("yyyy-MM-dd"), self.date_to.date().toString("yyyy-MM-dd")
        return None, None

    def reload(self, select: str | None = None) -> None:
        keep = select or self.selected_id()
        custom = self.period.currentData() == "range"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        start, end = self._range()
        visits = self.app.visits.list(
            start,
            end,
            status=self.status.currentData(),
            county=self.county.currentData(),
            search=self.search.text().strip() or None,
        )
        visits.reverse()  # newest first
        self.rows = {v.id: v for v in visits}
        self.reviews = self.app.review.states(list(self.rows))
        self.vans = {c.id: c.name for c in self.app.catalog.caravans()}
        self.model.set_ids(list(self.rows))
        self.count.setText(self.tr("{n} visits").format(n=len(visits)))
        if keep and keep in self.rows:
            while self.model.canFetchMore() and keep not in self.model.ids():
                self.model.fetchMore()
            row = self.model.ids().index(keep)
            self.table.selectRow(row)
        self._enable()

    refresh = reload

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.id_at(rows[0].row()) if rows else None

    def selected(self) -> VisitListing | None:
        vid = self.selected_id()
        return self.rows.get(vid) if vid else None

    def _review_text(self, visit_id: str) -> str:
        st = self.reviews.get(visit_id)
        if st is None or st.status == "not_submitted":
            return ""
        return str(i18n.pick(st.label, st.label_en))

    def _show_review(self, v: VisitListing | None) -> None:
        st = self.reviews.get(v.id) if v else None
        if st is None:
            self.review_label.setText("")
            self.review_label.setVisible(False)  # an empty line takes a table row's room at 1024×600
            return
        text = self._review_text(v.id) if v else ""
        if st.status == "returned":
            text = self.tr(
                "Office review: {state}. Reopen the visit, correct it and complete it again to resubmit."
            ).format(state=text)
        elif st.status == "not_submitted" and st.last_return:
            text = self.tr("Returned by the office: {reason}. Complete the visit again to resubmit it.").format(
                reason=st.last_return
            )
        elif text:
            text = self.tr("Office review: {state}").format(state=text)
        self.review_label.setText(text)
        self.review_label.setVisible(bool(text))

    def _enable(self) -> None:
        v = self.selected()
        self._show_review(v)
        st = v.status if v else None
        self.edit_button.setEnabled(v is not None)
        self.open_button.setEnabled(st in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS))
        self.cancel_button.setEnabled(st == VisitStatus.PLANNED)
        self.reopen_button.setEnabled(st in (VisitStatus.COMPLETED, VisitStatus.CANCELLED))
        self.delete_button.setEnabled(st == VisitStatus.PLANNED)
        req = self.app.orders.request_of(v.id) if v and v.request_id else None
        self.request_info.setText(self._request_text(req))
        self.request_info.setVisible(req is not None)
        for b in (self.accept_button, self.decline_button):
            b.setVisible(req is not None)
            b.setEnabled(req is not None and st == VisitStatus.PLANNED)

    def _request_text(self, req: Any) -> str:
        if req is None:
            return ""
        who = "、".join(
            x for x in (req.contact, req.groups, self.tr("{n} people").format(n=req.size) if req.size else "") if x
        )
        text = self.tr("Request {number}: {who}").format(number=req.number, who=who)
        if req.topics:
            text += " · " + req.topics
        if req.remarks:
            text += " · " + req.remarks
        if req.answer == "accepted":
            text += " — " + self.tr("accepted")
        elif req.answer == "declined":
            text += " — " + self.tr("declined: {reason}").format(reason=req.answer_reason or "")
        return text

    def answer(self, accept: bool) -> None:
        """接单, or decline with a reason: the office sees it at the next sync and plans again."""
        vid = self.selected_id()
        if not vid:
            return
        reason = None
        if not accept:
            from PySide6.QtWidgets import QInputDialog

            text, ok = QInputDialog.getText(
                self, self.tr("Decline"), self.tr("Why can the crew not make this visit? (the office plans it again)")
            )
            if not ok:
                return
            reason = text
        run_now(self, self.app.orders.answer, vid, accept, reason)
        self.reload(select=vid)

    def add(self) -> None:
        if not self.app.sites.list():
            show_failure(
                self,
                DomainError(
                    "site_id", "请先在“学校/站点”页添加或导入学校", "add or import schools on the Sites page first"
                ),
            )
            return
        dlg = VisitDialog(self.app, None, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.reload(select=dlg.saved_id)

    def edit(self) -> None:
        v = self.selected()
        if not v:
            return
        dlg = VisitDialog(self.app, self.app.visits.get(v.id), self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.reload(select=v.id)

    def open_today(self) -> None:
        vid = self.selected_id()
        if vid:
            self.navigate_requested.emit("today", vid)

    def _act(self, fn: Any, question: str | None = None, yes: str = "") -> None:
        vid = self.selected_id()
        if not vid:
            return
        if question and not confirm(self, question, self.tr("Visits"), yes, risky=True):  # cancel, delete
            return
        run_now(self, fn, vid)
        self.reload(select=vid)

    def cancel_visit(self) -> None:
        self._act(self.app.visits.cancel, self.tr("Cancel this visit?"), self.tr("Cancel visit"))

    def reopen(self) -> None:
        v = self.selected()
        if v and v.status == VisitStatus.COMPLETED:  # c10b: a completed visit is reopened with a reason
            from ..widgets.reopen_dialog import ReopenVisitDialog

            dlg = ReopenVisitDialog(self)
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return
            self._act(lambda vid: self.app.visits.reopen(vid, dlg.reason.text(), dlg.by.text()))
            return
        self._act(self.app.visits.reopen)

    def delete(self) -> None:
        self._act(self.app.visits.delete, self.tr("Delete this planned visit?"), self.tr("Delete"))

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.edit()
            return
        super().keyPressEvent(event)
