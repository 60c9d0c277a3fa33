"""Stand-ins for pages another area has not delivered yet: small, but every control works."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..services.app import App
from .common import big_button, heading
from .tasks import TaskRunner
from .widgets.signin_list import SigninListView


class SigninPlaceholder(QWidget):
    """Every sign-in recorded on this laptop, newest first (the full sign-in page adds the QR)."""

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = SigninListView(app, self)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Sign-ins"), self))
        note = QLabel(self.tr("Quick sign-in by name is on the Today page."), self)
        lay.addWidget(note)
        lay.addWidget(self.list, 1)

    def set_visit(self, visit_id: str | None) -> None:
        self.list.set_visit(visit_id)

    def refresh(self) -> None:
        self.list.reload()


class SyncPlaceholder(QWidget):
    """Shows how many local changes wait to be synced; the sync page itself adds the hub."""

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.status = QLabel(self)
        self.status.setObjectName("pending_label")
        again = big_button(self.tr("Count again"), self)
        again.clicked.connect(self.refresh)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Sync"), self))
        lay.addWidget(self.status)
        lay.addWidget(again)
        lay.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        sync = getattr(self.app, "sync", None)
        if sync is not None and hasattr(sync, "pending_count"):
            self.status.setText(self.tr("Changes not yet synced: {n}").format(n=sync.pending_count()))
        else:
            self.status.setText(
                self.tr("Sync with the hub is not available in this version; all data stays on this laptop.")
            )


class ReportsPlaceholder(QWidget):
    """Text summary of the latest visits until the PDF reports page arrives."""

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.text = QLabel(self)
        self.text.setObjectName("reports_text")
        self.text.setWordWrap(True)
        again = big_button(self.tr("Refresh"), self)
        again.clicked.connect(self.refresh)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Reports"), self))
        lay.addWidget(self.text)
        lay.addWidget(again)
        lay.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        visits = [v for v in self.app.visits.list() if v["status"] == "completed"]
        people = books = 0
        for v in visits:
            s = self.app.visits.summary(v["id"])
            people += s.attendance
            books += s.books
        self.text.setText(
            self.tr("Completed visits: {v}\nPeople served: {p}\nBooks handed out: {b}").format(
                v=len(visits), p=people, b=books
            )
        )
