"""First run: which van this laptop belongs to, and what to call the laptop."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..domain.errors import DomainError
from ..services.app import App
from . import i18n


class DeviceDialog(QDialog):
    """Choose the van (or add the first one) and name the laptop; writes ``set_this_device``."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("device_dialog")
        self.setWindowTitle(self.tr("Set up this laptop"))
        self.van = QComboBox(self)
        self.van.setObjectName("van_combo")
        self.van.setEditable(True)
        self.van.setMinimumHeight(40)
        edit = self.van.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("e.g. Caravan No. 1"))
        dev = app.catalog.this_device()
        for c in app.catalog.caravans():
            label = c["name"] + (f"（{c['plate']}）" if c.get("plate") else "")
            self.van.addItem(label, c["id"])
        if dev.get("caravan_id"):
            self.van.setCurrentIndex(max(0, self.van.findData(dev["caravan_id"])))
        self.name = QLineEdit(dev.get("name") or "", self)
        self.name.setObjectName("device_name")
        self.name.setPlaceholderText(self.tr("e.g. Van 1 laptop"))
        self.name.setMinimumHeight(40)
        self.error = QLabel(self)
        self.error.setProperty("warning", True)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Van"), self.van)
        form.addRow(self.tr("Laptop name"), self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Which van does this laptop travel with? Records made here are marked with it."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        """Save; a typed name that is not an existing van adds that van."""
        text = self.van.currentText().strip()
        idx = self.van.findText(text)
        van_id = self.van.itemData(idx) if idx >= 0 else None
        try:
            if van_id is None:
                known = self.app.catalog.caravan_by_name(text) if text else None
                van_id = known["id"] if known else self.app.catalog.add_caravan(text)
            self.app.catalog.set_this_device(self.name.text(), van_id)
        except DomainError as exc:
            self.error.setText(i18n.error_text(exc))
            return
        super().accept()
