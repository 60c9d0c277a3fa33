"""Typing and scanning on exact, synthetic time: the window's scanner reads a fake monotonic clock.

Keys go through Qt's real path (QTest: ShortcutOverride, then the key press to the focus
widget, then the release) — only the clock is ours, so a "scanner" 8 ms a key and a person
150 ms a key are told apart exactly, however loaded the machine is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from caravan_app.ui.scanner import BadgeScanner


class Keyboard:
    def __init__(self, scanner: BadgeScanner) -> None:
        self.scanner = scanner
        self.now = 1_000_000.0
        scanner.clock = lambda: self.now

    def target(self, widget: QWidget | None = None) -> QWidget:
        w = widget or QApplication.focusWidget()
        assert w is not None, "nothing has the keyboard focus"
        return w

    def key(self, key: Any, gap_ms: float, widget: QWidget | None = None) -> None:
        """One key (a character or a Qt.Key) ``gap_ms`` after the previous one, to the focus widget."""
        self.now += gap_ms
        QTest.keyClick(self.target(widget), key)

    def type(self, text: str, gap_ms: float, widget: QWidget | None = None) -> None:
        """Characters ``gap_ms`` apart; a person's last key is given on once the burst is over."""
        for ch in text:
            self.key(ch, gap_ms, widget)

    def settle(self, ms: float = 200.0) -> None:
        """Time passes with no key: held keys (a person's) reach their widget."""
        self.now += ms
        self.scanner.poll()

    def scan(
        self, payload: str, gap_ms: float = 8.0, end: Any = Qt.Key.Key_Return, widget: QWidget | None = None
    ) -> None:
        """A keyboard-wedge scanner: the payload ``gap_ms`` a key, then Enter (or Tab)."""
        self.settle()
        self.type(payload, gap_ms, widget)
        self.key(end, gap_ms, widget)
        self.settle()

    def ime(self, text: str, widget: QWidget | None = None) -> None:
        """Chinese from the input method: one commit, no key presses."""
        e = QInputMethodEvent()
        e.setCommitString(text)
        QCoreApplication.sendEvent(self.target(widget), e)
