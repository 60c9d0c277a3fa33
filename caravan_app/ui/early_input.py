"""Counting keys and badge scans taken by the first window, before the data layer has loaded.

The first window (``startup_window.py``) shows today's visits within a blink; the data layer
needs about another second on an old laptop (importing SQLAlchemy alone is ~2.5x a bare Qt
window). A crew restarting the laptop at a running visit — after a flat battery, a crash, an
update — should not have to wait to count the queue at the gate, and a badge scanned in that
second must neither vanish nor type its digits anywhere. So the first window already takes:

- the counting keys 1–6 (one head each, as on 今日 in counting mode), when exactly one of today's
  visits of this van is in progress (the one the crew sees): shown at once as pending beside the
  group ("小学生 12 (+2 待保存)");
- badge scans, through the same application-wide ``BadgeScanner`` as the main window (a burst is
  recognised by timing and check character; its keys never count).

Nothing is written here: each key or scan is an *intent*. When the main window takes over,
``apply`` hands every intent, in order, to the same services the main window's 今日 page and
scanner use (``attendance.tally``, ``signin.scan``), so every rule (visit open for records,
badge valid, repeat scan) applies exactly as if it had been pressed a second later; a counting
key that reaches the first window after that (queued for it while the main window was built) is
applied the same way at once. If the data never opens (a damaged database, the person quits),
``lost_text`` says how many were not saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from . import i18n
from .scanner import BadgeScanner, monotonic_ms, scanner_settings

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from .main_window import MainWindow

GROUP_KEYS = ("primary", "junior", "senior", "teacher", "parent", "other")  # keys 1–6, as on 今日


@dataclass(frozen=True)
class Intent:
    """One key or scan taken before the data layer was ready."""

    kind: str  # "tally" or "scan"
    visit_id: str | None
    group: str = ""
    payload: str = ""


class EarlyInput(QObject):
    """The first window's keyboard: counting keys for the running visit and badge scans, kept
    in order until ``take()``."""

    def __init__(
        self,
        settings: QSettings,
        visit_id: str | None,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = monotonic_ms,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.visit_id = visit_id  # the visit in progress the window shows; None: keys do not count
        self.intents: list[Intent] = []
        self.on_change = on_change
        self.scanner = BadgeScanner(self, clock=clock)
        scanner_settings(settings).apply(self.scanner)
        self.scanner.install()
        self.scanner.scanned.connect(self._scanned)
        self.scanner.refused.connect(self._refused)
        self.last_refused = ""

    @property
    def counts_keys(self) -> bool:
        return self.visit_id is not None

    def key(self, text: str) -> bool:
        """A key the first window received (already given back by the scanner: a person's key).
        True when it counted."""
        if not self.counts_keys or len(text) != 1 or text not in "123456":
            return False
        self.intents.append(Intent("tally", self.visit_id, group=GROUP_KEYS[int(text) - 1]))
        self.on_change()
        return True

    def _scanned(self, payload: str) -> None:
        self.intents.append(Intent("scan", self.visit_id, payload=payload))
        self.on_change()

    def _refused(self, text: str, exc: object) -> None:
        self.last_refused = i18n.error_text(exc) if isinstance(exc, BaseException) else str(exc or text)
        self.on_change()

    def pending(self, group: str | None = None) -> int:
        """Counting keys not yet saved (for one group, or all)."""
        return sum(1 for i in self.intents if i.kind == "tally" and (group is None or i.group == group))

    def scans(self) -> int:
        return sum(1 for i in self.intents if i.kind == "scan")

    def take(self) -> list[Intent]:
        """Stop listening (held scanner keys are given back first, so a person's last key still
        counts) and hand over what was taken, in order."""
        self.scanner.uninstall()
        taken, self.intents = self.intents, []
        return taken


def apply(window: MainWindow, intents: list[Intent]) -> tuple[int, int]:
    """Do what was pressed and scanned before the main window existed, through the services the
    main window uses, in order. Returns (saved, refused); the window's banner says it."""
    from .operations import run_now

    saved = refused = 0
    router = window.scanner.router
    errors: list[str] = []

    def refuse(exc: BaseException) -> bool:  # one banner for the batch, not a box per key
        errors.append(i18n.error_text(exc))
        return True

    for it in intents:
        if it.kind == "tally" and it.visit_id:
            ok, _ = run_now(window, window.app.attendance.tally, it.visit_id, it.group, 1, on_failure=refuse)
        elif it.kind == "scan":
            out = router.on_scan(it.payload, it.visit_id)
            ok = out.level != "error"
            if not ok:
                errors.append(out.text)
        else:
            ok = False
        saved += ok
        refused += not ok
    if intents:  # the pages show the counts themselves: run_now announced TALLIES, the router the scans
        text = QCoreApplication.translate("EarlyInput", "{n} counts and scans made while starting are saved.").format(
            n=saved
        )
        if refused:
            text += " " + QCoreApplication.translate("EarlyInput", "{n} could not be saved: {why}").format(
                n=refused, why=errors[0] if errors else ""
            )
        window.scanner.banner.say(text, "warn" if refused else "ok")
    return saved, refused


def lost_text(intents: list[Intent]) -> str:
    """What to tell the crew when the data never opened: which presses were not saved."""
    tallies = sum(1 for i in intents if i.kind == "tally")
    scans = len(intents) - tallies
    return i18n.pick(
        f"启动时按下的 {tallies} 次计数和 {scans} 次扫码未能保存，请重新计数。",
        f"{tallies} counts and {scans} scans made while starting were not saved; please count them again.",
    )
