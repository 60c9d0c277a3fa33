"""One desktop app per data folder: a second ``caravan gui`` brings the first window forward and
exits; a guard left by a crashed app never blocks the next start; other folders are not blocked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from caravan_app.ui.shell import bring_forward
from caravan_app.ui.single_instance import InstanceGuard

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def _gui(data: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "gui"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no window stack
def test_a_second_start_brings_the_first_window_forward_and_exits(tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    data = tmp_path / "data"
    data.mkdir()
    first = InstanceGuard(data)
    assert first.claim()
    first.listen()
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    asked: list[bool] = []
    first.raise_requested.connect(lambda: (asked.append(True), bring_forward(window)))
    try:
        second = _gui(data)
        qtbot.waitUntil(lambda: second.poll() is not None and bool(asked), timeout=60_000)
        _, err = second.communicate()
        assert second.returncode == 0
        assert "已在运行" in err and "already running" in err
        assert not window.isMinimized() and window.isVisible()
        # Nothing of the database was touched by the second start: it never opened the data layer.
        assert not (data / "caravan.db").exists()
    finally:
        first.release()


def test_a_crashed_apps_guard_does_not_block_the_next_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "from caravan_app.ui.single_instance import InstanceGuard\n"
            "qa = QCoreApplication([])\n"
            "g = InstanceGuard(__import__('pathlib').Path(sys.argv[1]))\n"
            "print(g.claim(), flush=True)\n"
            "g.listen()\n"
            "time.sleep(600)\n",
            str(data),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "True"
    os.kill(holder.pid, signal.SIGKILL)  # a crash: the lock file and the socket file stay behind
    holder.wait()
    holder.stdout.close()
    again = InstanceGuard(data)
    try:
        assert again.claim()  # taken over, not refused
        again.listen()
        assert again.server is not None and again.server.isListening()
    finally:
        again.release()


def test_another_folder_is_not_blocked(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    ga, gb = InstanceGuard(a), InstanceGuard(b)
    try:
        assert ga.claim() and gb.claim()
        assert ga.key != gb.key
        assert InstanceGuard(tmp_path / "a" / ".." / "a").key == ga.key  # the same folder by another path
    finally:
        ga.release()
        gb.release()


@pytest.mark.slow
def test_two_real_starts_on_one_folder_leave_one_app(tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    """The first ``caravan gui`` keeps running; the second, on the same folder by another spelling,
    exits at once (its window never opens)."""
    from PySide6.QtNetwork import QLocalSocket

    from caravan_app.ui.single_instance import instance_key

    data = tmp_path / "data"
    first = subprocess.Popen(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "gui", "--demo"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    try:

        def listening() -> bool:
            sock = QLocalSocket()
            sock.connectToServer(instance_key(data))
            ok = sock.waitForConnected(200)
            sock.abort()
            return ok

        qtbot.waitUntil(lambda: listening() or first.poll() is not None, timeout=120_000)
        assert first.poll() is None, "the first app did not start"
        second = _gui(tmp_path / "." / "data")
        _, err = second.communicate(timeout=120)
        assert second.returncode == 0 and "已在运行" in err
        assert first.poll() is None  # the first app is still there
    finally:
        first.terminate()
        first.wait(timeout=60)
