"""The application-wide badge scanner: a USB keyboard-wedge burst is taken before any widget sees it.

A scanner "types" its payload and ends with Enter (or Tab). Good scanners type at 1–20 ms a key,
cheap and Bluetooth ones at 30–100 ms — as slow as a person, so timing alone cannot tell them
apart; Chinese names arrive from the input method as one ``QInputMethodEvent``, not as key
presses. ``BadgeScanner`` is an event filter on the QApplication that holds back printable keys
while they may still be a scan, and tells the two apart in two ways:

- **by our badge's shape, at any speed**: keys that spell the start of one of our payloads
  (``CV`` + kind + base32, ``domain.badge.could_start``, after the configured scanner prefix)
  are held as long as each comes within ``badge_gap_ms`` (150 ms: a scanner at 100 ms a key
  with jitter). The first key that cannot continue a badge gives them all back as typing — so
  digits 1–6 on 今日 are held only for the short fast window below, and "Cheng" loses no "C";
- **by speed**: any burst faster than ``max_gap_ms`` (20 ms; a person does not type that fast)
  is held too, so a foreign code from a fast scanner (an ISBN, a link) is caught as well;
- **where keys count** (今日 in counting mode: ``scanner_counts_keys()``), any run of keys within
  ``badge_gap_ms`` is held and counted when it pauses, so a slow scanner's foreign code ending in
  Enter (``MIN_COUNTED_CODE`` keys or more) is refused and its digits count nothing.

Then:

- the next key cannot continue what is held, a non-printable key, a click or an input method
  commit arrives, or the held keys go stale → it was a person: the held keys are sent on to the
  widget that had the focus, in order (shortcuts such as the 今日 tally keys fire then);
- Enter/Tab ends a held badge (or a fast burst holding one at its end: a person's last key rolled
  into a scan is given back as typed) with a correct check character → ``scanned(payload)``;
  nothing of it reaches a field or a shortcut;
- Enter/Tab ends a badge-shaped burst whose check fails (a misread), or a fast burst of
  ``MIN_REFUSE`` or more characters that is not a badge → also swallowed, and
  ``refused(text, error)`` says why (misread / not one of ours) — except in a field meant for
  such codes: a report verification code ``CFLV1:…``, or any code into a widget with the
  ``scanner_passthrough`` property (the enrollment fields), which is typed into it as scanned.

``calibrate()`` takes the next scan whole, whatever it holds, and reports the scanner's speed,
prefix and suffix (``Calibration``): 设置's "test scan".

The time of a key is the event's own timestamp when it has one (the window system's, so a busy
UI thread does not squeeze a person's typing into a "burst"), else ``clock()``; staleness is
judged by ``clock()`` (monotonic milliseconds, injectable so tests are exact).

``attach_scanner(window)`` builds the scanner for a main window, routes scans to the visit
in front of the crew (``app.signin.scan``) and shows the result (``ScanFeedback``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QMainWindow, QWidget

from ..domain import badge as badge_codec
from ..domain.records.catalog import Person
from . import i18n

if TYPE_CHECKING:
    from ..services.app import App

MAX_GAP_MS = 20.0  # between two keys of a fast scanner (and before its Enter/Tab): no person is that fast
BADGE_GAP_MS = 150.0  # between two keys that spell one of our badges: a 100 ms/key scanner, with jitter
MIN_REFUSE = 4  # a burst this long at scanner speed is no person's typing: taken (a badge) or refused
MIN_COUNTED_CODE = 8  # on a counting page, a slower run this long ending in Enter is a code (an ISBN has 13)
MAX_HELD = 200
STALE_MARGIN_MS = 5.0
CALIBRATION_TIMEOUT_MS = 30_000.0
PASS_THROUGH_PREFIXES = ("CFLV",)  # report verification codes (reports/verify.py): typed into the field

_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
_ALLOWED_MODS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


@dataclass
class _Held:
    target: QObject | None
    key: int
    text: str
    mods: Qt.KeyboardModifier
    at: float


@dataclass
class ScanOutcome:
    """What a scan did, for the feedback and for pages that show scans (``show_scan``)."""

    text: str
    level: str  # "ok", "warn" (a repeat / duplicate) or "error"
    visit_id: str | None = None
    result: Any = None  # services.signin_session.ScanResult when the scan did something
    payload: str = ""


@dataclass(frozen=True)
class Calibration:
    """A test scan of one of our badges, taken whole: what the scanner adds and how fast it types."""

    raw: str
    ok: bool
    prefix: str = ""
    suffix: str = ""
    mean_gap_ms: float = 0.0
    max_gap_ms: float = 0.0
    error: str = ""  # why it is not usable (no badge of ours in it, misread)

    def gaps(self) -> tuple[float, float]:
        """(the fast-burst gap, the badge gap) that suit this scanner."""
        fast = MAX_GAP_MS if self.max_gap_ms + 5 <= MAX_GAP_MS else min(35.0, self.max_gap_ms + 5)
        return fast, max(BADGE_GAP_MS, round(self.max_gap_ms * 2.5))


def analyse_calibration(raw: str, times: list[float]) -> Calibration:
    """Find our badge in a test scan (``raw``, one time per character and one for Enter)."""
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    mean = sum(gaps) / len(gaps) if gaps else 0.0
    worst = max(gaps) if gaps else 0.0
    upper = raw.upper()
    misread: BaseException | None = None
    for i in range(len(raw)):
        if not upper.startswith(badge_codec.PREFIX, i):
            continue
        for j in range(len(raw), i + badge_codec.MIN_LENGTH - 1, -1):
            try:
                badge_codec.decode(raw[i:j])
            except badge_codec.BadgeError as exc:
                misread = misread or (None if exc.foreign else exc)
                continue
            return Calibration(raw, True, raw[:i], raw[j:], round(mean, 1), round(worst, 1))
    why = (
        i18n.error_text(misread)
        if misread
        else i18n.pick(
            "这不是本系统的胸卡：请扫描一张本系统打印的胸卡",
            "that was not one of our badges: scan a badge this app printed",
        )
    )
    return Calibration(raw, False, mean_gap_ms=round(mean, 1), max_gap_ms=round(worst, 1), error=why)


class _KeepTyping:
    """What a person was typing stays exactly as typed across a scan's handling (a feedback,
    a question box, a page refreshing its lists): the focus, the text, the cursor and the
    selection — an inline completion's selected tail stays selected, so the person's next
    key replaces it instead of being added after it ("四年级级")."""

    def __init__(self) -> None:
        self.widget = QApplication.focusWidget()
        edit = self._edit(self.widget)
        self.state = (
            (edit.text(), edit.cursorPosition(), edit.selectionStart(), len(edit.selectedText()))
            if edit is not None
            else None
        )

    @staticmethod
    def _edit(w: QWidget | None) -> QLineEdit | None:
        if isinstance(w, QLineEdit):
            return w
        if isinstance(w, QComboBox) and w.isEditable():
            return w.lineEdit()
        return None

    def __enter__(self) -> _KeepTyping:
        return self

    def __exit__(self, *exc: object) -> None:
        w = self.widget
        if w is None or not shiboken6.isValid(w) or not w.isVisible() or not w.isEnabled():
            return
        if QApplication.activeModalWidget() not in (None, w.window()):
            return  # a dialog the scan opened is still up: it keeps the keyboard
        if QApplication.focusWidget() is not w:
            w.setFocus(Qt.FocusReason.OtherFocusReason)
        edit = self._edit(w)
        if edit is None or self.state is None:
            return
        text, cursor, start, length = self.state
        if edit.text() != text:
            edit.setText(text)
        if length and start >= 0:
            edit.setSelection(start, length)
            if edit.cursorPosition() != cursor:  # a selection made backwards keeps its anchor
                edit.setSelection(start + length, -length)
        else:
            edit.setCursorPosition(cursor)


class BadgeScanner(QObject):
    """Keyboard-wedge scanner filter; ``install(app_or_window)`` puts it on the QApplication."""

    scanned = Signal(str)  # a valid badge payload (prefix/suffix removed)
    refused = Signal(str, object)  # a burst that is not a usable badge, and why
    calibrated = Signal(object)  # Calibration, after ``calibrate()``

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = monotonic_ms,
        prefix: str = "",
        suffix: str = "",
        max_gap_ms: float = MAX_GAP_MS,
        badge_gap_ms: float = BADGE_GAP_MS,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.prefix, self.suffix = prefix, suffix
        self.max_gap_ms = max_gap_ms
        self.badge_gap_ms = badge_gap_ms
        self.enabled = True
        self._held: list[_Held] = []
        self._fast = True  # every gap between the held keys was within max_gap_ms
        self._last_seen = 0.0  # clock() when the last key was held
        self._eat_release: list[int] = []
        self._calibrating: tuple[float, list[tuple[str, float]]] | None = None  # (since, keys)
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self.poll)

    # --- set-up -------------------------------------------------------------------------------
    _active: BadgeScanner | None = None  # one scanner per application: the latest installed
    # The key being given back right now (key, text): it passes every scanner untouched, also the
    # ShortcutOverride Qt makes for it. Only that key, so a dialog opened by a replayed key
    # (an error box after a tally) still has its scans taken.
    _replaying: tuple[int, str] | None = None

    def install(self, app_or_window: QObject | None = None) -> BadgeScanner:
        """Filter every key of the application; a window given becomes the scanner's owner.

        There is one scanner per application: installing one removes the one before (a second
        main window, a test's next window), so no key is held or replayed twice.
        """
        qa = app_or_window if isinstance(app_or_window, QCoreApplication) else QCoreApplication.instance()
        if isinstance(app_or_window, QWidget) and self.parent() is None:
            self.setParent(app_or_window)
        assert qa is not None, "a QApplication must exist"
        old = BadgeScanner._active
        if old is not None and old is not self and shiboken6.isValid(old):
            old.uninstall()
        qa.installEventFilter(self)
        BadgeScanner._active = self
        self.destroyed.connect(BadgeScanner._forget)
        return self

    @staticmethod
    def _forget() -> None:
        active = BadgeScanner._active
        if active is not None and not shiboken6.isValid(active):
            BadgeScanner._active = None

    def uninstall(self) -> None:
        qa = QCoreApplication.instance()
        if qa is not None:
            qa.removeEventFilter(self)
        self.flush()
        self.enabled = False
        if BadgeScanner._active is self:
            BadgeScanner._active = None

    def pending(self) -> str:
        """Keys held back right now (a burst in progress, or a person's last key)."""
        return "".join(h.text for h in self._held)

    # --- the filter ---------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not self.enabled:
            return False
        t = event.type()
        if (
            BadgeScanner._replaying is not None
            and t in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
            and isinstance(event, QKeyEvent)
            and (event.key(), event.text()) == BadgeScanner._replaying
        ):
            return False
        if self._calibrating is not None and t in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
        ):
            assert isinstance(event, QKeyEvent)
            return self._calibration_key(event)
        if t == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            held_key = self._holdable(event) and event.text().isascii()
            if held_key or (event.key() in _TERMINATORS and self._held and self._plain(event)):
                event.accept()  # no shortcut fires now; the key press decides (and may replay it)
                return True
            if self._held and not self._is_modifier(event):
                self.flush()
            return False
        if t == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key_press(obj, event)
        if t == QEvent.Type.KeyRelease:
            assert isinstance(event, QKeyEvent)
            if event.key() in self._eat_release and not event.isAutoRepeat():
                self._eat_release.remove(event.key())
                return True
            return False
        if self._held and t in (
            QEvent.Type.InputMethod,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.TouchBegin,
            QEvent.Type.Wheel,
        ):
            self.flush()  # a person is at the keyboard: their held keys go first, in order
        return False

    @staticmethod
    def _is_modifier(e: QKeyEvent) -> bool:
        return e.key() in (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock)

    @staticmethod
    def _plain(e: QKeyEvent) -> bool:
        return not (e.modifiers() & ~_ALLOWED_MODS)

    def _holdable(self, e: QKeyEvent) -> bool:
        text = e.text()
        return len(text) == 1 and text.isprintable() and self._plain(e) and not e.isAutoRepeat()

    def _time(self, e: QKeyEvent) -> float:
        ts = e.timestamp()
        return float(ts) if ts else self.clock()

    def badge_start(self, text: str) -> bool:
        """Could ``text`` (held keys) still become one of our badges, with this scanner's
        prefix and suffix (either may be missing: a scanner set up after the badges)?"""
        up = text.upper()
        pre, suf = self.prefix.upper(), self.suffix.upper()
        bodies = [up]
        if pre:
            if pre.startswith(up):
                return True
            if up.startswith(pre):
                bodies.append(up[len(pre) :])
        for body in bodies:
            if badge_codec.could_start(body):
                return True
            for i in range(1, len(suf) + 1):  # the suffix has begun
                if body.endswith(suf[:i]) and len(body) - i >= badge_codec.MIN_LENGTH:
                    if badge_codec.could_start(body[:-i]):
                        return True
        return False

    def _continues(self, text: str, gap: float) -> bool:
        """Does a key ``gap`` ms after the held ones keep them held (``text``: all of them)?"""
        if len(self._held) >= MAX_HELD:
            return False
        if self._fast and gap <= self.max_gap_ms:
            return True
        return gap <= self.badge_gap_ms and (self.badge_start(text) or self._counting())

    def _counting(self) -> bool:
        """Are the held keys going to a page whose keys count (今日 in counting mode: a widget up
        the chain answers ``scanner_counts_keys()``)? There a run of keys faster than
        ``badge_gap_ms`` is held whatever it spells — a slow scanner's foreign code must not count
        its digits — and counted when the run pauses."""
        w = self._held[0].target if self._held else None
        while isinstance(w, QWidget) and shiboken6.isValid(w):
            ask = getattr(w, "scanner_counts_keys", None)
            if callable(ask):
                return bool(ask())
            w = w.parentWidget()
        return False

    def _regroup(self, text: str, at: float) -> None:
        """The next key (``text`` at ``at``) cannot continue the held keys: give them back as
        typing — all but a tail that, with it, may still be a badge (a scan that began right
        after a person's last key)."""
        held = self._held
        times = [h.at for h in held] + [at]
        for i in range(1, len(held)):
            tail = times[i:]
            gaps = [b - a for a, b in zip(tail, tail[1:], strict=False)]
            if max(gaps) <= self.badge_gap_ms and self.badge_start("".join(h.text for h in held[i:]) + text):
                self._held = held[i:]
                self._fast = max(gaps) <= self.max_gap_ms
                self._replay(held[:i])
                return
        self.flush()

    def _key_press(self, obj: QObject, e: QKeyEvent) -> bool:
        if self._is_modifier(e):
            return False  # Shift between scanner characters (upper case) keeps the burst going
        if self._holdable(e) and not e.text().isascii():
            if self._held:
                self.flush()  # scanners type ASCII only (DESIGN §5): this is a person (or a test)
            return False
        if self._holdable(e):
            at = self._time(e)
            if self._held:
                gap = at - self._held[-1].at
                if self._continues(self.pending() + e.text(), gap):
                    self._fast = self._fast and gap <= self.max_gap_ms
                else:
                    self._regroup(e.text(), at)  # what was held cannot be a scan: a person typed it
            if not self._held:
                self._fast = True
            self._held.append(_Held(self._target(obj), e.key(), e.text(), e.modifiers(), at))
            self._eat_release.append(e.key())
            self._last_seen = self.clock()
            if not self._timer.isActive():
                self._timer.start()
            return True
        if e.key() in _TERMINATORS and self._held and self._plain(e):
            # The terminator's own release is eaten if this is a scan; listed first: handling the
            # scan may open a question box, whose loop would see the release.
            self._eat_release.append(e.key())
            if self._self_check(self._time(e)):
                return True
            self._eat_release.remove(e.key())
        if self._held:
            self.flush()
        return False

    def _strip(self, raw: str) -> str:
        payload = raw
        if self.prefix and payload.upper().startswith(self.prefix.upper()):
            payload = payload[len(self.prefix) :]
        if self.suffix and payload.upper().endswith(self.suffix.upper()):
            payload = payload[: -len(self.suffix)]
        return payload

    def _badge_at(self) -> int | None:
        """Where a complete badge of ours starts among the held keys (a person's last keys
        rolled into a fast scan come before it), or None."""
        raw = self.pending()
        for i in range(1, len(raw) - badge_codec.MIN_LENGTH + 1):
            try:
                badge_codec.decode(self._strip(raw[i:]))
            except badge_codec.BadgeError:
                continue
            return i
        return None

    def _self_check(self, at: float) -> bool:
        """At Enter/Tab: is what is held a scan? Takes it (True) or leaves it (False)."""
        gap = at - self._held[-1].at
        raw = self.pending()
        payload = self._strip(raw)
        fast = self._fast and gap <= self.max_gap_ms and len(self._held) >= MIN_REFUSE
        shaped = gap <= self.badge_gap_ms and self.badge_start(raw) and len(payload) >= badge_codec.MIN_LENGTH
        counted = gap <= self.badge_gap_ms and len(self._held) >= MIN_COUNTED_CODE and self._counting()
        if not (fast or shaped or counted):
            return False
        try:
            badge_codec.decode(payload)
        except badge_codec.BadgeError as exc:
            start = self._badge_at() if fast else None
            if start is not None:  # typing, then a scan: the typing goes on, the scan is taken
                typed, self._held = self._held[:start], self._held[start:]
                self._replay(typed)
                return self._self_check(at)
            if self._passes_through(payload, exc.foreign or not fast):
                return False
            self._take()
            with _KeepTyping():
                self.refused.emit(payload, exc)
            return True
        self._take()
        with _KeepTyping():
            self.scanned.emit(payload.strip().upper())
        return True

    def _passes_through(self, payload: str, any_code: bool) -> bool:
        """Codes that are not badges but are meant for the field under the cursor: this app's
        own report verification codes (``CFLV1:…`` into 报告's 核验 box), or (``any_code``)
        any code into a widget (or a widget inside one) whose ``scanner_passthrough`` property
        is true."""
        if payload.upper().startswith(PASS_THROUGH_PREFIXES):
            return True
        if not any_code:
            return False
        w = self._held[0].target if self._held else None
        while isinstance(w, QWidget) and shiboken6.isValid(w):
            if w.property("scanner_passthrough"):
                return True
            w = w.parentWidget()
        return False

    def _take(self) -> None:
        self._held = []
        self._timer.stop()
        del self._eat_release[:-64]

    @staticmethod
    def _target(obj: QObject) -> QObject | None:
        if isinstance(obj, QWidget):
            return obj
        focus = QApplication.focusWidget()
        if focus is not None:
            return focus
        return obj if isinstance(obj, QWindow) else None

    # --- calibration --------------------------------------------------------------------------
    def calibrate(self) -> None:
        """Take the next scan whole (until Enter/Tab), whatever it holds: ``calibrated`` then
        says what the scanner adds and how fast it types. Nothing of it reaches a widget."""
        self.flush()
        self._calibrating = (self.clock(), [])
        if not self._timer.isActive():
            self._timer.start()

    @property
    def calibrating(self) -> bool:
        return self._calibrating is not None

    def cancel_calibration(self) -> None:
        self._calibrating = None

    def _calibration_key(self, e: QKeyEvent) -> bool:
        assert self._calibrating is not None
        if e.type() == QEvent.Type.ShortcutOverride:
            e.accept()
            return True
        if e.type() == QEvent.Type.KeyRelease or self._is_modifier(e):
            return True
        keys = self._calibrating[1]
        if e.key() == Qt.Key.Key_Escape:
            self._calibrating = None
            self.calibrated.emit(Calibration("", False, error=i18n.pick("已取消", "cancelled")))
            return True
        if e.key() in _TERMINATORS and keys:
            keys.append(("", self._time(e)))
            self._calibrating = None
            raw = "".join(k for k, _ in keys)
            self.calibrated.emit(analyse_calibration(raw, [t for _, t in keys]))
            return True
        if len(e.text()) == 1 and e.text().isprintable():
            keys.append((e.text(), self._time(e)))
        return True

    # --- giving keys back ---------------------------------------------------------------------
    def poll(self) -> None:
        """Timer tick (and tests): held keys that went stale were a person's; send them on."""
        if self._calibrating is not None:
            if self.clock() - self._calibrating[0] > CALIBRATION_TIMEOUT_MS:
                self._calibrating = None
                self.calibrated.emit(Calibration("", False, error=i18n.pick("没有收到扫码", "no scan arrived")))
            return
        if not self._held:
            self._timer.stop()
            return
        slow = self.badge_start(self.pending()) or self._counting()
        limit = self.badge_gap_ms if slow else self.max_gap_ms
        if self.clock() - self._last_seen > limit + STALE_MARGIN_MS:
            self.flush()

    def flush(self) -> None:
        """Send the held keys to the widgets they were meant for, as if typed now."""
        held, self._held = self._held, []
        if self._calibrating is None:
            self._timer.stop()
        self._replay(held)

    @staticmethod
    def _replay(held: list[_Held]) -> None:
        if not held:
            return
        before = BadgeScanner._replaying
        try:
            for h in held:
                target = h.target if h.target is not None and shiboken6.isValid(h.target) else None
                target = target or QApplication.focusWidget()
                if target is None:
                    continue
                BadgeScanner._replaying = (h.key, h.text)
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(target, QKeyEvent(kind, h.key, h.mods, h.text))
        finally:
            BadgeScanner._replaying = before


# --- routing a scan to the visit in front of the crew ----------------------------------------


_STYLES = {
    "ok": "background:#e6f4ea; color:#136c2e; border:2px solid #136c2e;",
    "warn": "background:#fff4e5; color:#8a4b00; border:2px solid #c77700;",
    "error": "background:#fdecea; color:#a4161a; border:2px solid #a4161a;",
}


class _Toast(QLabel):
    """The scan's result over a dialog or a full-screen view in front of the main window (the
    day-close dialog, the projected QR code): a small frameless window owned by that window
    (so no taskbar button), that never takes the keyboard, at its top, gone after a few
    seconds or at a click."""

    FLAGS = (
        Qt.WindowType.Window
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
        | Qt.WindowType.WindowDoesNotAcceptFocus
    )

    def __init__(self, over: QWidget) -> None:
        super().__init__(over, self.FLAGS)
        self.setObjectName("scan_toast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.over = over
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.timeout.connect(self.hide)

    def say(self, text: str, level: str, ms: int) -> None:
        self.setText(text)
        self.setStyleSheet(
            _STYLES.get(level, _STYLES["error"])
            + "border-radius:6px; padding:6px 12px; font-size:14pt; font-weight:bold;"
        )
        geo = self.over.geometry()
        width = min(560, max(240, geo.width() - 40))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(geo.x() + (geo.width() - width) // 2, geo.y() + 6)
        self.show()
        self._hide.start(ms)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.hide()  # dismissed: it is in the way


class ScanFeedback(QLabel):
    """What the last scan did, where it covers nothing: a coloured strip in the main window's
    status bar (it stays, greyed, until the next scan), and — when a dialog or a full-screen
    view is in front of the window — also a small toast at the top of that (``toast``).

    ``say(text, level)``; ``level`` is "ok", "warn" or "error" (the colour), kept in ``level``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("scan_banner")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.level = ""
        self.full_text = ""
        self._toast: _Toast | None = None
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self._quiet)
        bar = parent.statusBar() if isinstance(parent, QMainWindow) else None
        if bar is not None:
            bar.addWidget(self, 1)
        self._quiet()

    def say(self, text: str, level: str, ms: int = 6000) -> None:
        self.level = level
        self.full_text = text
        self.setToolTip(text)
        self.setStyleSheet(
            _STYLES.get(level, _STYLES["error"]) + "border-radius:4px; padding:1px 8px; font-weight:bold;"
        )
        self._show_text()
        self.show()
        front = self.front()
        if front is not None:
            toast = self._toast if self._toast is not None and shiboken6.isValid(self._toast) else None
            if toast is None or toast.over is not front:
                if toast is not None:
                    toast.hide()
                    toast.deleteLater()
                toast = self._toast = _Toast(front)
            toast.say(text, level, ms)
        self._fade.start(ms)

    @property
    def toast(self) -> _Toast | None:
        """The toast over the last window in front of ours (None: there was none)."""
        t = self._toast
        return t if t is not None and shiboken6.isValid(t) else None

    def text(self) -> str:  # type: ignore[override]
        """The whole message (the strip may show it shortened to fit)."""
        return self.full_text

    def _show_text(self) -> None:
        width = max(80, self.width() - 20)
        super().setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._show_text()

    def _quiet(self) -> None:
        """After a while: the last result stays readable, no longer shouting."""
        self.setStyleSheet("color:#555; padding:1px 8px; border:2px solid transparent;")

    def front(self) -> QWidget | None:
        """The window in front of ours a crew member is looking at: a dialog, a full-screen view."""
        own = self.window()
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not own and modal.isVisible():
            return modal
        for w in QApplication.topLevelWidgets():
            if w is not own and not isinstance(w, _Toast) and w.isVisible() and w.isFullScreen():
                return w
        active = QApplication.activeWindow()
        if active is not None and active is not own and not isinstance(active, _Toast) and active.isVisible():
            return active
        return None


class ScanRouter(QObject):
    """Does the badge's action at the current visit and tells the crew what happened."""

    handled = Signal(object)  # ScanOutcome

    def __init__(
        self,
        app: App,
        visit: Callable[[], str | None],
        banner: ScanFeedback | None = None,
        pages: Callable[[], Iterable[QObject]] = tuple,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.visit, self.banner, self.pages = app, visit, banner, pages
        self._asking = False
        self._queued: list[str] = []

    def on_scan(self, payload: str, visit_id: str | None = None) -> ScanOutcome:
        """Do the badge's action at ``visit_id`` (a scan taken by the first window) or else at
        the visit in front of the crew. At a visit not yet arrived at, ask first: the scan would
        also record the arrival, whose time prints on the principal's report."""
        from ..domain.errors import DomainError
        from ..services.signin_session import ArrivalNeeded

        vid = visit_id or self.visit()
        if not vid:
            return self._tell(ScanOutcome(self.no_visit_text(), "error", None, None, payload))
        from .operations import call_op

        try:  # on the operation path: the pages hear what the scan wrote; its failure is told below
            result = call_op(self, self.app.signin.scan, vid, payload, arrive=False)
        except ArrivalNeeded as need:
            return self._arrive_first(need, payload)
        except DomainError as exc:
            text = i18n.error_text(exc)
            if getattr(self.app.visits.get(vid), "status", None) == "completed":
                text += " " + self.tr("To add to it, reopen the visit on Visits first.")
            return self._tell(ScanOutcome(text, "error", vid, None, payload))
        return self._tell(ScanOutcome(self.describe(result), self.level(result), vid, result, payload))

    def no_visit_text(self) -> str:
        """Why a scan found no visit to go to, and what to do — from today's visits as they are."""
        visits = self.app.visits.today(self.app.catalog.current_caravan_id())
        if any(v.status == "planned" for v in visits):
            return self.tr("Badge not recorded: pick today's visit on Today and press Arrive.")
        if visits:
            return self.tr("Badge not recorded: today's visits are completed. To add to one, reopen it on Visits.")
        return self.tr("Badge not recorded: this van has no visit today. Plan one on Visits.")

    def _arrive_first(self, need: Any, payload: str) -> ScanOutcome:
        vid = need.visit_id
        if self._asking:  # a second badge while the question is open: it follows the answer
            self._queued.append(payload)
            return ScanOutcome(self.tr("Answer the question first: this scan follows it."), "warn", vid, None, payload)
        self._asking = True
        try:
            yes = self.confirm_arrival(vid, need.person)
        finally:
            self._asking = False
        queued, self._queued = self._queued, []
        if not yes:
            text = self.tr(
                "Not recorded: this visit has not been arrived at. Press Arrive on Today when you get there."
            )
            if queued:
                text += " " + self.tr("{n} more scans were not recorded either.").format(n=len(queued))
            return self._tell(ScanOutcome(text, "warn", vid, None, payload))
        from .operations import call_op, run_now

        window = self._window()
        if window is not None:
            ok, _ = run_now(window, self.app.visits.arrive, vid)
        else:
            ok = self._call(lambda: call_op(self, self.app.visits.arrive, vid))
        if not ok:
            return ScanOutcome(self.tr("Not recorded: the arrival could not be saved."), "error", vid, None, payload)
        out = self.on_scan(payload, vid)
        for more in queued:
            self.on_scan(more, vid)
        return out

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    @staticmethod
    def _call(fn: Callable[..., Any], *args: Any) -> bool:
        from ..domain.errors import DomainError

        try:
            fn(*args)
        except DomainError:
            return False
        return True

    def confirm_arrival(self, visit_id: str, person: Person) -> bool:
        """Ask, over whatever dialog is open, whether to arrive now (the default is not to: an
        Enter from the next scan or a stray key records nothing)."""
        from PySide6.QtWidgets import QMessageBox

        visit = self.app.visits.get(visit_id)
        site = self.app.sites.get(visit.site_id) if visit and visit.site_id else None
        box = QMessageBox(QApplication.activeModalWidget() or self._window())
        box.setObjectName("arrive_on_scan")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Arrive now?"))
        box.setText(
            self.tr(
                "{name}'s badge was scanned, but {site} has not been arrived at yet.\n"
                "Recording it records the arrival now ({time}); the arrival time prints on the visit report."
            ).format(
                name=person.name,
                site=(site.name if site else None) or self.tr("this visit"),
                time=dt.datetime.now().strftime("%H:%M"),
            )
        )
        arrive = box.addButton(self.tr("Arrive and record"), QMessageBox.ButtonRole.AcceptRole)
        arrive.setObjectName("arrive_on_scan_yes")
        no = box.addButton(self.tr("Do not record"), QMessageBox.ButtonRole.RejectRole)
        no.setObjectName("arrive_on_scan_no")
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is arrive

    def on_refused(self, text: str, exc: object) -> ScanOutcome:
        msg = i18n.error_text(exc) if isinstance(exc, BaseException) else str(exc)
        return self._tell(ScanOutcome(msg, "error", self.visit(), None, text))

    @staticmethod
    def level(result: Any) -> str:
        if result.action == "repeat" or (result.signin is not None and result.signin.duplicate):
            return "warn"
        return "ok"

    def describe(self, result: Any) -> str:
        name, now = result.person.name, dt.datetime.now().strftime("%H:%M")
        if result.action == "on":
            return self.tr("{name} on duty {time}").format(name=name, time=now)
        if result.action == "off":
            return self.tr("{name} off duty {time}").format(name=name, time=now)
        if result.action == "repeat":
            return self.tr("{name} was just scanned: not counted again").format(name=name)
        if result.signin is not None and result.signin.duplicate:
            return self.tr("{name} had already signed in (duplicate, No. {n})").format(
                name=name, n=result.signin.number
            )
        n = result.signin.number if result.signin is not None else 0
        return self.tr("{name} signed in (No. {n})").format(name=name, n=n)

    def _tell(self, out: ScanOutcome) -> ScanOutcome:
        if self.banner is not None:
            self.banner.say(out.text, out.level)
        for page in list(self.pages()):
            show = getattr(page, "show_scan", None)
            if callable(show):
                show(out)
        self.handled.emit(out)
        return out


@dataclass
class ScannerHook:
    """What ``attach_scanner`` made (kept on the window so nothing is garbage collected)."""

    scanner: BadgeScanner
    router: ScanRouter
    banner: ScanFeedback
    extra: dict[str, Any] = field(default_factory=dict)


def current_visit(window: Any) -> str | None:
    """The visit a scan belongs to: the one on the page in front, else today's open visit, else
    today's only planned visit (the scan then asks before it records the arrival)."""
    pages = getattr(window, "pages", {})
    key = window.current_key() if hasattr(window, "current_key") else None
    page = pages.get(key) if key else None
    vid = page.visit_id() if page is not None and callable(getattr(page, "visit_id", None)) else None
    if vid:
        return str(vid)
    app = window.app
    today = app.visits.today(app.catalog.current_caravan_id())
    for v in today:
        if v.status == "in_progress":
            return str(v.id)
    planned = [v for v in today if v.status == "planned"]
    if len(planned) == 1:
        return str(planned[0].id)  # the scan asks before it records the arrival
    return None


@dataclass(frozen=True)
class ScannerSettings:
    """What 设置's scanner box saves in ui.ini (and a test scan measures)."""

    prefix: str = ""
    suffix: str = ""
    max_gap_ms: float = MAX_GAP_MS
    badge_gap_ms: float = BADGE_GAP_MS

    def apply(self, scanner: BadgeScanner) -> None:
        scanner.prefix, scanner.suffix = self.prefix, self.suffix
        scanner.max_gap_ms, scanner.badge_gap_ms = self.max_gap_ms, self.badge_gap_ms


def _number(settings: Any, key: str, default: float, low: float, high: float) -> float:
    try:
        return min(max(float(str(settings.value(key, default) or default)), low), high)
    except (TypeError, ValueError):
        return default  # a hand-edited ui.ini must not stop the window from opening


def scanner_settings(settings: Any) -> ScannerSettings:
    """The scanner's prefix, suffix and key gaps from ui.ini, as 设置's scanner box saves them."""
    return ScannerSettings(
        str(settings.value("scanner/prefix", "") or ""),
        str(settings.value("scanner/suffix", "") or ""),
        _number(settings, "scanner/max_gap_ms", MAX_GAP_MS, 5.0, 60.0),
        _number(settings, "scanner/badge_gap_ms", BADGE_GAP_MS, 50.0, 500.0),
    )


def save_scanner_settings(settings: Any, values: ScannerSettings) -> None:
    settings.setValue("scanner/prefix", values.prefix)
    settings.setValue("scanner/suffix", values.suffix)
    settings.setValue("scanner/max_gap_ms", values.max_gap_ms)
    settings.setValue("scanner/badge_gap_ms", values.badge_gap_ms)


def attach_scanner(window: Any, *, clock: Callable[[], float] = monotonic_ms) -> ScannerHook:
    """One scanner for a main window: filter, banner and routing (prefix/suffix from ui.ini,
    set on the 设置 page)."""
    from .common import settings_for

    scanner = BadgeScanner(window, clock=clock)
    scanner_settings(settings_for(window.app)).apply(scanner)
    scanner.install(window)
    banner = ScanFeedback(window)
    router = ScanRouter(
        window.app, lambda: current_visit(window), banner, lambda: getattr(window, "pages", {}).values(), window
    )
    scanner.scanned.connect(router.on_scan)
    scanner.refused.connect(router.on_refused)
    return ScannerHook(scanner, router, banner)
