"""The dialog shown at start when the database is damaged: offers the latest good backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services.startup import StartupProblem, describe_backups
from . import i18n


class RecoveryDialog(QDialog):
    """Lists the backups (newest first, damaged ones disabled); accept = restore the selected one."""

    def __init__(self, problem: StartupProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = problem
        self.setWindowTitle(self.tr("Database problem"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        message = QLabel(i18n.pick(problem.zh, problem.en))
        message.setWordWrap(True)
        lay.addWidget(message)
        detail = QLabel(self.tr("Details: %1").replace("%1", problem.detail))
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(detail)
        self.list = QListWidget()
        self.list.setObjectName("backups")
        chosen = False
        self.action = "restore"  # or "rescue": salvage the readable rows of the damaged file first
        hint = QLabel(
            self.tr(
                "Try “Rescue readable data” first: it keeps everything that can still be read. "
                "Restoring a backup keeps this laptop's unsent changes where the damaged file still holds "
                "them (saved in the backups folder too); synced ones come back with the next sync."
            )
        )
        hint.setWordWrap(True)
        lay.addWidget(hint)
        for summary in describe_backups(problem):
            ok = summary.good
            path = summary.path
            when = summary.taken_at.strftime("%Y-%m-%d %H:%M")
            age = i18n.pick(*summary.age())
            if ok:
                records = self.tr("%1 records").replace("%1", str(summary.records or 0))
                text = f"{when}（{age}）· {records} · {i18n.pick(*summary.loss())}"
            else:
                text = f"{when}（{age}）  {path.name}  " + self.tr("(damaged)")
            item = QListWidgetItem(text)
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            if not ok:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            if ok and not chosen:
                self.list.setCurrentItem(item)
                chosen = True
        if not problem.backups:
            self.list.addItem(self.tr("No backups found."))
        lay.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.rescue_button = buttons.addButton(self.tr("Rescue readable data"), QDialogButtonBox.ButtonRole.ActionRole)
        self.rescue_button.setMinimumHeight(40)
        self.rescue_button.clicked.connect(self._rescue)
        self.restore_button = buttons.addButton(
            self.tr("Restore selected backup"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(chosen)
        self.restore_button.setMinimumHeight(40)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _rescue(self) -> None:
        self.action = "rescue"
        self.accept()

    def chosen_backup(self) -> Path | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return Path(value) if value else None
