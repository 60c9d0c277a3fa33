"""An open app keeps every change it reported as saved while other programs use its data folder.

A writer shaped like the desktop app (tests/core/gui_like_writer.py: one ``App`` held open, an
acknowledgement printed after each commit, the window's timers' looks at the file in between)
runs while the command line (``caravan site list``, ``caravan check``, ``caravan backup``),
``caravan signin serve`` and ``caravan sync`` against a real hub on loopback run beside it; the
writer is killed with SIGKILL at random moments and started again. Afterwards every site and
tally it acknowledged is in the database. Before the header probe kept SQLite's locks, the first
other program to close its connection checkpointed and deleted the writer's write-ahead log."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from caravan_app.services.app import App
from tests.conftest import fresh_data_dir

pytestmark = [
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL and POSIX lock semantics"),
]

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "CARAVAN_TOKEN_STORE": "file"}


def _caravan(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=ENV,
    )


def _prepare(data: Path, hub_url: str, code: str) -> str:
    app = App.open(fresh_data_dir(data))
    try:
        c = app.catalog.add_caravan("1号车")
        app.catalog.set_this_device("笔记本", c)
        s = app.sites.add(name="某小学", county="任城区")
        v = app.visits.add(s, c, "2026-11-01")
        app.visits.arrive(v)
        app.sync.enroll(hub_url, code)
        return v
    finally:
        app.close()


class _Writer:
    """The writer process; its acknowledgements are collected by a thread as they come."""

    def __init__(self, data: Path) -> None:
        self.log = data.parent / "writer.err"
        self.err = self.log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "core" / "gui_like_writer.py"), str(data)],
            stdout=subprocess.PIPE,
            stderr=self.err,  # a file: a chatty writer never blocks on a full pipe
            text=True,
            env=ENV,
        )
        self.lines: list[str] = []
        self.got = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.got:
                self.lines.append(line.strip())
                self.got.notify_all()

    def wait_acks(self, n: int) -> None:
        with self.got:
            ok = self.got.wait_for(lambda: len(self.lines) >= n or self.proc.poll() is not None, timeout=120)
        assert ok and self.proc.poll() is None, f"the writer stopped: {self.log.read_text()}"

    def kill(self) -> list[str]:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.reader.join(timeout=30)
        self.err.close()
        assert self.proc.returncode == -signal.SIGKILL
        return list(self.lines)


def test_acknowledged_changes_survive_other_programs_and_sigkill(hub, tmp_path: Path) -> None:
    data = tmp_path / "lap"
    visit = _prepare(data, hub.url, hub.code("1号车"))
    rng = random.Random(23)
    acked_sites: set[str] = set()
    acked_tallies = 0
    beside = [("site", "list"), ("check",), ("backup",), ("sync",), ("serve",)]
    for _round in range(4):
        writer = _Writer(data)
        writer.wait_acks(2)
        for _ in range(3):
            cmd = rng.choice(beside)
            if cmd == ("serve",):
                serve = subprocess.Popen(
                    [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "signin", "serve",
                     visit, "--host", "127.0.0.1", "--port", "0"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                )  # fmt: skip
                assert serve.stdout is not None
                for line in serve.stdout:
                    if "Ctrl+C" in line:
                        break
                serve.send_signal(signal.SIGTERM)
                _, err = serve.communicate(timeout=120)
                assert serve.returncode == 0, err
            else:
                r = _caravan(data, *cmd)
                assert r.returncode == 0 or cmd == ("check",), r.stderr
            writer.wait_acks(len(writer.lines) + rng.randint(1, 6))
        for line in writer.kill():
            kind, _, value = line.partition(" ")
            if kind == "site":
                acked_sites.add(value)
            elif kind == "tally":
                acked_tallies += 1
    assert acked_sites and acked_tallies
    r = _caravan(data, "sync")  # and the hub got the lot as well
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(data / "caravan.db")
    try:
        sites = {row[0] for row in conn.execute("select id from sites")}
        tallies = conn.execute("select count(*) from tallies where \"group\" = 'teacher'").fetchone()[0]
    finally:
        conn.close()
    missing = acked_sites - sites
    assert not missing, f"{len(missing)} of {len(acked_sites)} acknowledged sites are gone"
    assert tallies >= acked_tallies
    r = _caravan(data, "check")
    assert "integrity check failed" not in r.stdout + r.stderr
