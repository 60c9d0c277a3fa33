"""The application-wide badge scanner: a USB keyboard-wedge burst is taken before any widget sees it.

A scanner "types" its payload at 1–20 ms a key and ends with Enter (or Tab); people type at
~100 ms a key or slower, and Chinese names arrive from the input method as one
``QInputMethodEvent``, not as key presses. ``BadgeScanner`` is an event filter on the
QApplication that holds back every printable key while a burst may be in progress:

- the next key comes more than ``max_gap_ms`` later, a non-printable key, a click or an input
  method commit arrives, or the held keys go stale → it was a person: the held keys are sent on
  to the widget that had the focus, in order (shortcuts such as the 今日 tally keys fire then);
- Enter/Tab follows within ``max_gap_ms`` and the burst (without the configured prefix/suffix)
  is one of our badges with a correct check character (domain/badge.py) → ``scanned(payload)``;
  nothing of it reaches a field or a shortcut;
- a scanner-fast burst of ``MIN_REFUSE`` or more characters that is not a valid badge → also
  swallowed, and ``refused(text, error)`` says why (misread / not one of ours) — except a code
  meant for the field under the cursor (a report verification code ``CFLV1:…``, or any code in a
  widget with the ``scanner_passthrough`` property), which is typed into it as scanned.

The time of a key is the event's own timestamp when it has one (the window system's, so a busy
UI thread does not squeeze a person's typing into a "burst"), else ``clock()``; staleness is
judged by ``clock()`` (monotonic milliseconds, injectable so tests are exact).

``attach_scanner(window)`` builds the scanner for a main window, routes scans to the visit
in front of the crew (``app.signin.scan``) and shows the result as a banner on the window.
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
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ..domain import badge as badge_codec
from . import i18n

if TYPE_CHECKING:
    from ..services.app import App

MAX_GAP_MS = 20.0  # between two scanner keystrokes (and before its Enter/Tab)
MIN_REFUSE = 4  # a burst this long at scanner speed is no person's typing: taken (a badge) or refused
MAX_HELD = 200
STALE_MARGIN_MS = 5.0
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
    """What a scan did, for the banner and for pages that show scans (``show_scan``)."""

    text: str
    level: str  # "ok", "warn" (a repeat / duplicate) or "error"
    visit_id: str | None = None
    result: Any = None  # services.signin_session.ScanResult when the scan did something
    payload: str = ""


class BadgeScanner(QObject):
    """Keyboard-wedge scanner filter; ``install(app_or_window)`` puts it on the QApplication."""

    scanned = Signal(str)  # a valid badge payload (prefix/suffix removed)
    refused = Signal(str, object)  # a scanner-fast burst that is not a usable badge, and why

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = monotonic_ms,
        prefix: str = "",
        suffix: str = "",
        max_gap_ms: float = MAX_GAP_MS,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.prefix, self.suffix = prefix, suffix
        self.max_gap_ms = max_gap_ms
        self.enabled = True
        self._held: list[_Held] = []
        self._last_seen = 0.0  # clock() when the last key was held
        self._eat_release: list[int] = []
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

    def _key_press(self, obj: QObject, e: QKeyEvent) -> bool:
        if self._is_modifier(e):
            return False  # Shift between scanner characters (upper case) keeps the burst going
        if self._holdable(e) and not e.text().isascii():
            if self._held:
                self.flush()  # scanners type ASCII only (DESIGN §5): this is a person (or a test)
            return False
        if self._holdable(e):
            at = self._time(e)
            if self._held and (at - self._held[-1].at > self.max_gap_ms or len(self._held) >= MAX_HELD):
                self.flush()  # too slow for a scanner: the keys so far were typed by a person
            self._held.append(_Held(self._target(obj), e.key(), e.text(), e.modifiers(), at))
            self._eat_release.append(e.key())
            self._last_seen = self.clock()
            if not self._timer.isActive():
                self._timer.start()
            return True
        if e.key() in _TERMINATORS and self._held and self._plain(e):
            if self._self_check(self._time(e)):
                self._eat_release.append(e.key())  # the terminator's own release
                return True
        if self._held:
            self.flush()
        return False

    def _self_check(self, at: float) -> bool:
        """At Enter/Tab: is what is held a scanner burst? Takes it (True) or leaves it (False)."""
        if at - self._held[-1].at > self.max_gap_ms or len(self._held) < MIN_REFUSE:
            return False
        raw = self.pending()
        payload = raw
        if self.prefix and payload.startswith(self.prefix):
            payload = payload[len(self.prefix) :]
        if self.suffix and payload.endswith(self.suffix):
            payload = payload[: -len(self.suffix)]
        try:
            badge_codec.decode(payload)
        except badge_codec.BadgeError as exc:
            if exc.foreign and self._passes_through(payload):
                return False
            self._take()
            self.refused.emit(payload, exc)
            return True
        self._take()
        self.scanned.emit(payload.strip().upper())
        return True

    def _passes_through(self, payload: str) -> bool:
        """Codes that are not badges but are meant for the field under the cursor: this app's
        own report verification codes (``CFLV1:…`` into 报告's 核验 box), or any code into a
        widget (or a widget inside one) whose ``scanner_passthrough`` property is true."""
        if payload.upper().startswith(PASS_THROUGH_PREFIXES):
            return True
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

    # --- giving keys back ---------------------------------------------------------------------
    def poll(self) -> None:
        """Timer tick (and tests): held keys that went stale were a person's; send them on."""
        if not self._held:
            self._timer.stop()
            return
        if self.clock() - self._last_seen > self.max_gap_ms + STALE_MARGIN_MS:
            self.flush()

    def flush(self) -> None:
        """Send the held keys to the widgets they were meant for, as if typed now."""
        held, self._held = self._held, []
        self._timer.stop()
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


class ScanBanner(QLabel):
    """A banner near the foot of the window that says what the last scan did (5 s)."""

    STYLES = {
        "ok": "background:#e6f4ea; color:#136c2e; border:2px solid #136c2e;",
        "warn": "background:#fff4e5; color:#8a4b00; border:2px solid #c77700;",
        "error": "background:#fdecea; color:#a4161a; border:2px solid #a4161a;",
    }

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("scan_banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.level = ""
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.timeout.connect(self.hide)
        parent.installEventFilter(self)
        self.hide()

    def say(self, text: str, level: str, ms: int = 5000) -> None:
        self.level = level
        self.setText(text)
        self.setStyleSheet(
            self.STYLES.get(level, self.STYLES["error"]) + "border-radius:8px; padding:10px;"
            "font-size:16pt; font-weight:bold;"
        )
        self._place()
        self.show()
        self.raise_()
        self._hide.start(ms)

    def _place(self) -> None:
        p = self.parentWidget()
        if p is None:
            return
        w = min(720, max(200, p.width() - 40))
        self.setFixedWidth(w)
        self.adjustSize()
        # Low on the window, over the list: the page's own buttons and counts stay in view.
        self.move((p.width() - w) // 2, max(0, p.height() - self.height() - 48))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False


class ScanRouter(QObject):
    """Does the badge's action at the current visit and tells the crew what happened."""

    handled = Signal(object)  # ScanOutcome

    def __init__(
        self,
        app: App,
        visit: Callable[[], str | None],
        banner: ScanBanner | None = None,
        pages: Callable[[], Iterable[QObject]] = tuple,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.visit, self.banner, self.pages = app, visit, banner, pages

    def on_scan(self, payload: str, visit_id: str | None = None) -> ScanOutcome:
        """Do the badge's action at ``visit_id`` (a scan taken by the first window) or else at
        the visit in front of the crew."""
        from ..domain.errors import DomainError

        vid = visit_id or self.visit()
        if not vid:
            out = ScanOutcome(
                self.tr("Badge read, but no visit is open: press Arrive on Today first."), "error", None, None, payload
            )
            return self._tell(out)
        try:
            result = self.app.signin.scan(vid, payload)
        except DomainError as exc:
            return self._tell(ScanOutcome(i18n.error_text(exc), "error", vid, None, payload))
        return self._tell(ScanOutcome(self.describe(result), self.level(result), vid, result, payload))

    def on_refused(self, text: str, exc: object) -> ScanOutcome:
        msg = i18n.error_text(exc) if isinstance(exc, BaseException) else str(exc)
        return self._tell(ScanOutcome(msg, "error", self.visit(), None, text))

    @staticmethod
    def level(result: Any) -> str:
        if result.action == "repeat" or (result.signin is not None and result.signin.duplicate):
            return "warn"
        return "ok"

    def describe(self, result: Any) -> str:
        name, now = result.person["name"], dt.datetime.now().strftime("%H:%M")
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
    banner: ScanBanner
    extra: dict[str, Any] = field(default_factory=dict)


def current_visit(window: Any) -> str | None:
    """The visit a scan belongs to: the one on the page in front, else today's open visit."""
    pages = getattr(window, "pages", {})
    key = window.current_key() if hasattr(window, "current_key") else None
    page = pages.get(key) if key else None
    vid = page.visit_id() if page is not None and callable(getattr(page, "visit_id", None)) else None
    if vid:
        return str(vid)
    app = window.app
    for v in app.visits.today(app.catalog.current_caravan_id()):
        if v["status"] == "in_progress":
            return str(v["id"])
    return None


def scanner_settings(settings: Any) -> tuple[str, str, float]:
    """(prefix, suffix, longest key gap in ms) from ui.ini, as 设置's scanner box saves them."""
    try:
        gap = min(max(float(str(settings.value("scanner/max_gap_ms", MAX_GAP_MS) or MAX_GAP_MS)), 5.0), 60.0)
    except (TypeError, ValueError):
        gap = MAX_GAP_MS  # a hand-edited ui.ini must not stop the window from opening
    return (
        str(settings.value("scanner/prefix", "") or ""),
        str(settings.value("scanner/suffix", "") or ""),
        gap,
    )


def attach_scanner(window: Any, *, clock: Callable[[], float] = monotonic_ms) -> ScannerHook:
    """One scanner for a main window: filter, banner and routing (prefix/suffix from ui.ini,
    set on the 设置 page)."""
    from .common import settings_for

    prefix, suffix, gap = scanner_settings(settings_for(window.app))
    scanner = BadgeScanner(window, clock=clock, prefix=prefix, suffix=suffix, max_gap_ms=gap).install(window)
    banner = ScanBanner(window)
    router = ScanRouter(
        window.app, lambda: current_visit(window), banner, lambda: getattr(window, "pages", {}).values(), window
    )
    scanner.scanned.connect(router.on_scan)
    scanner.refused.connect(router.on_refused)
    return ScannerHook(scanner, router, banner)
