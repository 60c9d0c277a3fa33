"""The one task runner: long work (import, backup, reports, sync) runs off the UI thread.

Results, errors and progress come back to the UI thread by queued signals, so callbacks may
touch widgets. Database writes need no extra care here: ``Database`` serialises them.
"""

from __future__ import annotations

import inspect
import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

Progress = Callable[[int, int, str], None]


class Cancelled(Exception):
    """Raised inside a task that noticed ``cancelled()``; reported as a cancellation, not an error."""


@dataclass
class _Task:
    id: int
    label: str
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int, str], None] | None
    cancellable: bool
    cancel_event: threading.Event = field(default_factory=threading.Event)


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task: _Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.runner, self.task, self.fn, self.args, self.kwargs = runner, task, fn, args, kwargs
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread: only emit signals here
        tid, runner = self.task.id, self.runner
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            runner._failed.emit(tid, exc)
        else:
            runner._finished.emit(tid, result)


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


class TaskRunner(QObject):
    """Runs callables on a thread pool; ``submit`` returns a task id.

    ``fn`` gets ``progress(done, total, text)`` and ``cancelled() -> bool`` keyword arguments
    when its signature names them. Callbacks run on the UI thread.
    """

    started = Signal(int, str)
    finished = Signal(int)  # after on_done/on_error ran
    progressed = Signal(int, int, int, str)
    busy_changed = Signal(bool)
    unhandled_error = Signal(object)  # a failed task without on_error

    _finished = Signal(int, object)
    _failed = Signal(int, object)
    _progress = Signal(int, int, int, str)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._tasks: dict[int, _Task] = {}
        self._ids = itertools.count(1)
        self._finished.connect(self._on_finished)
        self._failed.connect(self._on_failed)
        self._progress.connect(self._on_progress)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        cancellable: bool = False,
        label: str = "",
        **kwargs: Any,
    ) -> int:
        task = _Task(next(self._ids), label, on_done, on_error, on_progress, cancellable)
        if _accepts(fn, "progress"):
            kwargs["progress"] = lambda done, total, text="": self._progress.emit(
                task.id, int(done), int(total), str(text)
            )
        if _accepts(fn, "cancelled"):
            kwargs["cancelled"] = task.cancel_event.is_set
        was_busy = self.busy()
        self._tasks[task.id] = task
        self.started.emit(task.id, label)
        if not was_busy:
            self.busy_changed.emit(True)
        self.pool.start(_Job(self, task, fn, args, kwargs))
        return task.id

    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel(self, task_id: int | None = None) -> None:
        """Ask a task (or every cancellable task) to stop; the task checks ``cancelled()``."""
        for t in list(self._tasks.values()):
            if (task_id is None or t.id == task_id) and t.cancellable:
                t.cancel_event.set()

    def cancellable(self) -> bool:
        return any(t.cancellable for t in self._tasks.values())

    def labels(self) -> list[str]:
        return [t.label for t in self._tasks.values() if t.label]

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (tests, shutdown); queued results arrive afterwards."""
        return self.pool.waitForDone(msecs)

    @Slot(int, object)
    def _on_finished(self, tid: int, result: object) -> None:
        task = self._tasks.pop(tid, None)
        try:
            if task and task.on_done:
                task.on_done(result)
        finally:
            self._end(tid)

    @Slot(int, object)
    def _on_failed(self, tid: int, exc: object) -> None:
        task = self._tasks.pop(tid, None)
        try:
            if task and isinstance(exc, Cancelled):
                pass
            elif task and task.on_error:
                task.on_error(exc)  # type: ignore[arg-type]
            else:
                self.unhandled_error.emit(exc)
        finally:
            self._end(tid)

    @Slot(int, int, int, str)
    def _on_progress(self, tid: int, done: int, total: int, text: str) -> None:
        task = self._tasks.get(tid)
        if task and task.on_progress:
            task.on_progress(done, total, text)
        self.progressed.emit(tid, done, total, text)

    def _end(self, tid: int) -> None:
        self.finished.emit(tid)
        if not self._tasks:
            self.busy_changed.emit(False)


class TaskStatus(QWidget):
    """Status-bar progress bar and cancel button, visible only while tasks run."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(220)
        self.bar.setRange(0, 0)  # busy indicator until a task reports progress
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("task_cancel")
        self.cancel_button.clicked.connect(lambda: runner.cancel())
        for w in (self.label, self.bar, self.cancel_button):
            lay.addWidget(w)
        runner.busy_changed.connect(self._busy)
        runner.started.connect(lambda *_: self._update())
        runner.finished.connect(lambda *_: self._update())
        runner.progressed.connect(self._progress)
        self.setVisible(False)

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))

    def _busy(self, busy: bool) -> None:
        self.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)

    def _update(self) -> None:
        labels = self.runner.labels()
        self.label.setText(labels[0] if labels else self.tr("Working…"))
        self.cancel_button.setVisible(self.runner.cancellable())

    def _progress(self, _tid: int, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if text:
            self.label.setText(text)
