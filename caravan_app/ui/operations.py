"""One path from the interface to the services, in the spirit of Anki's ``CollectionOp``.

A page never calls a writing service method itself and never wraps one in try/except:

    run_op(self, self.app.catalog.add_person, name="王", on_success=lambda pid: ...)

``run_op`` runs the call on the window's one ``TaskRunner`` (off the UI thread; ``Database``
serialises writes), shows a failure ONE way (``show_failure``: a ``DomainError`` as a message
naming the field, anything unexpected in the error report dialog), and afterwards emits the
window-level ``Operations.changed(ChangeSet)`` with the kinds of data the call's units of work
wrote (``ENTITY_KINDS``; the service says what it changed, the page need not guess). Every page
listens to ``changed`` and refreshes what it shows when a kind it displays is in the set; nothing
polls. Changes made outside this path (the ``caravan`` command, ``caravan signin serve``) reach
the same signal through ``DbWatcher``. ``tests/gui/test_operation_path_guard.py`` fails on a
service write named anywhere else in ``ui/``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import DomainError
from ..services.changes import ExternalCommits, Written, announced_commits
from . import i18n
from .tasks import TaskRunner

# The kinds of data an operation can change; a page refreshes when a kind it shows is named.
VISITS, TALLIES, SIGNINS, STOCK, CATALOGUE, SITES, SYNC, DUTY = (
    "visits",
    "tallies",
    "signins",
    "stock",
    "catalogue",
    "sites",
    "sync",
    "duty",
)
ALL_KINDS = frozenset({VISITS, TALLIES, SIGNINS, STOCK, CATALOGUE, SITES, SYNC, DUTY})

# The kinds of data each synced entity is (``domain.schema.ENTITIES``; a test checks every entity is
# named): what an operation changed is what its units of work wrote, not what the page expected.
ENTITY_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("caravan", "device", "person", "title", "certificate_issue", "office_setting"), frozenset({CATALOGUE})
    ),
    "merge": frozenset({CATALOGUE, SITES}),  # titles, people, vans and schools are merged
    "site": frozenset({SITES}),
    **dict.fromkeys(
        ("visit", "visit_reopen", "request", "rating", "review", "odometer", "photo", "photo_removal"),
        frozenset({VISITS}),
    ),
    "duty_event": frozenset({DUTY}),
    **dict.fromkeys(("tally", "tally_takeback"), frozenset({TALLIES})),
    **dict.fromkeys(("signin", "signin_correction", "privacy_action"), frozenset({SIGNINS})),
    **dict.fromkeys(("movement", "day_close"), frozenset({STOCK})),
}


def written_kinds(written: Written, declared: frozenset[str] = frozenset()) -> frozenset[str]:
    """The kinds of data an operation changed: those of the synced records its commits wrote, and
    the ``declared`` ones its caller knows of beside them (a local table such as the meta row). A
    commit nobody can name (an entity missing from the map, or a local write nothing declared) is
    announced as every kind: a page that reloads too much is better than one showing old figures."""
    kinds: set[str] = set(declared)
    for entity in written.entities:
        known = ENTITY_KINDS.get(entity)
        if known is None:
            return ALL_KINDS
        kinds |= known
    if written.committed and not kinds:
        return ALL_KINDS
    return frozenset(kinds)


@dataclass(frozen=True)
class ChangeSet:
    """What an operation changed. ``source`` is the widget that started it (a page may skip its own)."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    source: object = None
    external: bool = False  # seen in the database file, made by another process or connection

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(kinds))

    @classmethod
    def of(cls, kinds: Iterable[str] | str, source: object = None, external: bool = False) -> ChangeSet:
        ks = frozenset({kinds} if isinstance(kinds, str) else kinds)
        unknown = ks - ALL_KINDS
        if unknown:
            raise ValueError(f"unknown change kinds: {sorted(unknown)}")
        return cls(ks, source, external)


def show_failure(parent: QWidget | None, exc: BaseException) -> None:
    """The one way a failure is shown. Something a person can act on — a ``DomainError`` (its
    message names the field), a write the disk refused (full, read-only, no permission), a file
    that could not be read or written — is a warning box in the interface language; anything else
    is a fault of the program, logged and shown in the error report dialog."""
    from ..services.refusals import classify

    told = exc if isinstance(exc, DomainError) else classify(exc) if isinstance(exc, Exception) else None
    if told is not None or isinstance(exc, OSError):
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("Operations", "Cannot do that"),
            i18n.error_text(told or exc),
            parent=parent,
        )
        box.setObjectName("error_box")
        box.setProperty("field", getattr(told, "field", None))
        box.exec()
        return
    from ..logs import format_report
    from .error_dialog import ErrorReportDialog, log

    report = format_report(type(exc), exc, exc.__traceback__)
    text = getattr(exc, "__traceback_text__", None)
    if text:
        report += "\n" + str(text)
    log.error("operation failed\n%s", report)
    ErrorReportDialog(report, parent).exec()


class Operations(QObject):
    """The window's operation path and its ``changed`` signal."""

    changed = Signal(object)  # ChangeSet
    failed = Signal(object)  # the exception, after it was shown

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.show_errors = True  # tests may collect ``failed`` instead of answering dialogs
        self.last_error: BaseException | None = None

    def run(
        self,
        parent: QWidget | None,
        fn: Callable[..., Any],
        *args: Any,
        changes: Iterable[str] | str = (),
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        label: str = "",
        on_progress: Callable[[int, int, str], None] | None = None,
        cancellable: bool = False,
        source: object = None,
        **kwargs: Any,
    ) -> int:
        """Run ``fn(*args, **kwargs)`` off the UI thread; returns the task id. What it changed is
        what its units of work wrote (``changes`` only adds kinds a page knows of beside that).
        ``on_progress`` and ``cancellable`` are the task runner's (``fn`` may take
        ``progress``/``cancelled``); ``source`` names the announcer when it is not ``parent``."""
        declared = ChangeSet.of(changes).kinds
        written = Written()
        origin = parent if source is None else source

        def done(result: Any) -> None:
            try:
                if on_success is not None:
                    on_success(result)
            finally:
                self.announce_written(origin, written, declared)

        def fail(exc: BaseException) -> None:
            self.last_error = exc
            try:
                if on_failure is not None:
                    on_failure(exc)
                elif self.show_errors:
                    show_failure(parent, exc)
                self.failed.emit(exc)
            finally:
                self.announce_written(origin, written)  # what was saved before it failed

        @functools.wraps(fn)  # the runner reads fn's signature (progress, cancelled)
        def announced(*a: Any, **kw: Any) -> Any:
            with announced_commits() as w:
                try:
                    return fn(*a, **kw)
                finally:
                    written.entities, written.committed = w.entities, w.committed

        return self.runner.submit(
            announced,
            *args,
            on_done=done,
            on_error=fail,
            on_progress=on_progress,
            cancellable=cancellable,
            label=label,
            **kwargs,
        )

    def run_now(
        self,
        parent: QWidget | None,
        fn: Callable[..., Any],
        *args: Any,
        changes: Iterable[str] | str = (),
        on_failure: Callable[[BaseException], bool] | None = None,
        **kwargs: Any,
    ) -> tuple[bool, Any]:
        """The same path for a write of one row that must answer before the next keystroke (a
        count, a stock entry): runs on the UI thread, shows a failure the one way, announces what
        it wrote. ``on_failure`` may handle an error itself (return True). Returns (ok, result)."""
        try:
            return True, self.call(parent, fn, *args, changes=changes, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure is shown the one way
            self.last_error = exc
            if on_failure is not None and on_failure(exc):
                return False, None
            if self.show_errors:
                show_failure(parent, exc)
            self.failed.emit(exc)
            return False, None

    def call(
        self, source: object, fn: Callable[..., Any], *args: Any, changes: Iterable[str] | str = (), **kwargs: Any
    ) -> Any:
        """``fn(*args, **kwargs)`` now, announcing what it wrote (also when it then failed), and
        raising what it raised: for a long-lived controller (the phone sign-in server) whose
        caller words the failure. Pages use ``run_op``/``run_now``."""
        declared = ChangeSet.of(changes).kinds
        try:
            with announced_commits() as written:
                result = fn(*args, **kwargs)
        except BaseException:
            self.announce_written(source, written)
            raise
        self.announce_written(source, written, declared)
        return result

    def announce_written(self, source: object, written: Written, declared: frozenset[str] = frozenset()) -> None:
        """Say what ``written`` holds (also a phone's request to this window's sign-in server)."""
        kinds = written_kinds(written, declared) if written.committed else declared
        if kinds:
            self.changed.emit(ChangeSet(kinds, source))

    def announce(self, changes: Iterable[str] | str, source: object = None, external: bool = False) -> None:
        """Say that data changed without running anything here (another program's commits, a failed sync)."""
        cs = ChangeSet.of(changes, source=source, external=external)
        if cs.kinds:
            self.changed.emit(cs)


def operations_for(widget: QObject | None) -> Operations | None:
    """The window's operations object: the nearest ancestor (or its window) that has ``ops``."""
    w = widget
    while w is not None:
        ops = getattr(w, "ops", None)
        if isinstance(ops, Operations):
            return ops
        shell = getattr(w, "shell", None)
        if shell is not None and isinstance(getattr(shell, "ops", None), Operations):
            return shell.ops
        w = w.parent()
    return None


def run_op(
    parent: QWidget,
    fn: Callable[..., Any],
    *args: Any,
    changes: Iterable[str] | str = (),
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    label: str = "",
    on_progress: Callable[[int, int, str], None] | None = None,
    cancellable: bool = False,
    **kwargs: Any,
) -> int:
    """``Operations.run`` through the window that holds ``parent``."""
    ops = operations_for(parent)
    if ops is None:
        runner = getattr(parent, "runner", None)
        if not isinstance(runner, TaskRunner):
            raise RuntimeError("run_op needs a widget inside a window with shell services (ShellServices)")
        ops = Operations(runner, parent)  # a page on its own (tests): its own path, nobody else to tell
        parent.ops = ops  # type: ignore[attr-defined]
    return ops.run(
        parent,
        fn,
        *args,
        changes=changes,
        on_success=on_success,
        on_failure=on_failure,
        label=label,
        on_progress=on_progress,
        cancellable=cancellable,
        **kwargs,
    )


def run_now(
    parent: QWidget,
    fn: Callable[..., Any],
    *args: Any,
    changes: Iterable[str] | str = (),
    on_failure: Callable[[BaseException], bool] | None = None,
    **kwargs: Any,
) -> tuple[bool, Any]:
    """``Operations.run_now`` through the window; a page on its own (no window) still shows
    errors the same way but has nobody to tell about the change."""
    ops = operations_for(parent)
    if ops is not None:
        return ops.run_now(parent, fn, *args, changes=changes, on_failure=on_failure, **kwargs)
    try:
        return True, fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001
        if on_failure is not None and on_failure(exc):
            return False, None
        show_failure(parent, exc)
        return False, None


def call_op(
    source: QObject, fn: Callable[..., Any], *args: Any, changes: Iterable[str] | str = (), **kwargs: Any
) -> Any:
    """``Operations.call`` through the window that holds ``source``: for a caller that words a
    failure itself where the person looks (the scanner's status-bar message). Outside a window
    (tests) it runs ``fn`` plainly."""
    ops = operations_for(source)
    if ops is None:
        return fn(*args, **kwargs)
    return ops.call(source, fn, *args, changes=changes, **kwargs)


def listen(widget: QObject, slot: Callable[[ChangeSet], None]) -> bool:
    """Connect ``slot`` to the window's ``changed`` signal (False for a page on its own)."""
    ops = operations_for(widget)
    if ops is None:
        return False
    ops.changed.connect(slot)
    return True


class _CommitsObserved(Protocol):
    """The app's ``Database``: it tells its observers about each of its own commits."""

    commit_observers: list[Any]


class DbWatcher(QObject):
    """Notices commits to the database made by other processes (the CLI, ``signin serve``, another
    window) from the file system, and confirms with ``PRAGMA data_version`` on its own connection.
    Given the app's ``Database``, the commits of this process's operation path are told apart and
    stay quiet: the path announced them with what they changed, and a page must not reload
    everything 200 ms after every count. A commit of this process past the path counts as an
    outside one (tests/gui/test_operation_path_guard.py keeps there from being any). Emits ``changed_outside`` at most every ``debounce_ms``; no timer runs
    while nothing changes."""

    changed_outside = Signal()

    def __init__(
        self, db_path: Path, parent: QObject | None = None, debounce_ms: int = 200, db: _CommitsObserved | None = None
    ) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._commits = ExternalCommits(self.db_path)
        self._db = db
        if db is not None:
            db.commit_observers.append(self._commits)
        self.watcher = QFileSystemWatcher(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.check)
        self.watcher.fileChanged.connect(lambda _p: self._debounce.start())
        self.watcher.directoryChanged.connect(lambda _p: self._rewatch())
        self._closed = False
        self._rewatch()

    def _rewatch(self) -> None:
        if self._closed or not self.db_path.parent.exists():  # after close, or the folder removed
            return
        paths = [str(self.db_path.parent)] + [str(p) for p in (self.db_path, Path(f"{self.db_path}-wal")) if p.exists()]
        missing = [p for p in paths if p not in self.watcher.files() + self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)
        self._debounce.start()

    def check(self) -> None:
        """Look now (the debounce timer calls this after a file-system event)."""
        if self._closed or not self.db_path.exists():  # closed, or the database (its folder) is gone
            return
        if self._commits.changed_outside():
            self.changed_outside.emit()

    def close(self) -> None:
        """Stop for good: nothing this watcher saw before or sees after is announced (the window
        that owned it is closed; its database may be closed and its folder gone)."""
        self._closed = True
        self._debounce.stop()
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        if self._db is not None and self._commits in self._db.commit_observers:
            self._db.commit_observers.remove(self._commits)
        self._commits.close()
