"""USB badge scanners type like a keyboard: catch their fast bursts anywhere in the window.

A scanner types its payload at a few ms per character and ends with Enter; people type at
~100 ms or slower. ``ScanBuffer`` decides from timing alone; ``ScannerFilter`` is an
application-level event filter, so nobody has to click a field before scanning. Keys typed
into a text field pass through unless the burst looks like one of our badges, in which case
the field is given back its text without the payload.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from ..domain.badge import looks_like_badge

MAX_GAP_S = 0.06  # between two scanner keystrokes (scanners: 2-20 ms; people: 100+ ms)
MIN_LENGTH = 6
MAX_LENGTH = 200


class ScanBuffer:
    """Collects keystrokes; ``enter()`` returns the burst when it came at scanner speed."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.chars: list[str] = []
        self.last = 0.0

    def key(self, ch: str) -> None:
        now = self.clock()
        if not self.chars or now - self.last > MAX_GAP_S or len(self.chars) >= MAX_LENGTH:
            self.chars = []
        self.chars.append(ch)
        self.last = now

    def pending(self) -> str:
        """The current burst, if it is still going at scanner speed."""
        if self.chars and self.clock() - self.last <= MAX_GAP_S:
            return "".join(self.chars)
        return ""

    def enter(self) -> str | None:
        text = self.pending()
        self.chars = []
        return text if len(text) >= MIN_LENGTH else None


def _editable(w: QObject | None) -> bool:
    if isinstance(w, QLineEdit | QAbstractSpinBox | QTextEdit | QPlainTextEdit):
        return not w.isReadOnly()
    return isinstance(w, QComboBox) and w.isEditable()


class ScannerFilter(QObject):
    """Installed on the QApplication; hands complete scans to ``on_scan`` while ``active()``."""

    def __init__(
        self, active: Callable[[QWidget], bool], on_scan: Callable[[str], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.active = active
        self.on_scan = on_scan
        self.buffer = ScanBuffer()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget) or not self.active(obj):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = self.buffer.pending()
            in_field = _editable(obj)
            if in_field and not looks_like_badge(burst):
                self.buffer.enter()
                return False
            payload = self.buffer.enter()
            if payload is None:
                return False
            if in_field and isinstance(obj, QLineEdit) and obj.text().endswith(burst):
                obj.setText(obj.text()[: len(obj.text()) - len(burst)])
            self.on_scan(payload)
            return True
        text = event.text()
        if (
            len(text) != 1
            or not text.isprintable()
            or event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            return False
        self.buffer.key(text)
        # Outside text fields the keystrokes are ours (type-ahead in a table would only jump around).
        return not _editable(obj)
