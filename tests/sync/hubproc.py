"""A real hub process (``caravan-server``) on 127.0.0.1, on SQLite or on the database named by
``CARAVAN_TEST_DB_URL`` (scripts/pg_suite.sh sets it to a throwaway PostgreSQL; one database per
xdist worker)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from caravan_app.server.db import HubDB, upgrade
from caravan_app.server.hub import add_device

TABLES = (
    "records",
    "mutations",
    "conflicts",
    "anomalies",
    "hub_devices",
    "retractions",
    "hub_settings",
    "hub_orders",
    "hub_closed_days",
    "hub_photo_files",
)


def hub_db_url(data_dir: Path) -> str:
    """The hub's database for a test: SQLite in ``data_dir``, or the PostgreSQL database named by
    ``CARAVAN_TEST_DB_URL`` — one per xdist worker (``<name>_gw0`` …, made on first use), so two
    workers never empty each other's hub."""
    base = os.environ.get("CARAVAN_TEST_DB_URL")
    if not base:
        return f"sqlite:///{data_dir / 'hub.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return base
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"{url.database}_{worker}"
    if name not in _made:
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as c:
                if c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
                    c.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        _made.add(name)
    return url.set(database=name).render_as_string(hide_password=False)


_made: set[str] = set()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubProcess:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.db_url = hub_db_url(data_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        upgrade(self.db_url)
        self.hdb = HubDB(self.db_url)
        self.reset()
        self.log = open(data_dir / "hub.log", "ab")  # noqa: SIM115
        self.proc = self.spawn(self.port)

    def spawn(self, port: int, *extra: str, dev_docs: bool = True) -> subprocess.Popen:
        """Start a hub process on ``port`` over this hub's database (a twin shares everything).
        The tests' hub serves its OpenAPI document (``--dev-docs``); a real one does not."""
        docs = ["--dev-docs"] if dev_docs else []
        cmd = [
            sys.executable,
            "-m",
            "caravan_app.server.cli",
            "--db",
            self.db_url,
            "--data-dir",  # the console's read model beside this hub, never a shared folder
            str(self.data_dir),
            "--photos-dir",  # beside hub.db on SQLite; on PostgreSQL not the user's own data folder
            str(self.data_dir / "photos"),
            "--host",
            "127.0.0.1",
            *docs,
            *extra,
        ]
        proc = subprocess.Popen([*cmd, "--port", str(port)], stdout=self.log, stderr=subprocess.STDOUT)
        # A ceiling, not a timing: a start normally answers within a second, but at the start of a
        # CI run four workers import the whole suite at once and an import of the hub took >30 s.
        # A hub that exits fails at once.
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return proc
            except httpx.HTTPError:
                time.sleep(0.1)
        proc.kill()
        raise RuntimeError("hub did not start: " + (self.data_dir / "hub.log").read_text(errors="replace"))

    @property
    def http(self) -> httpx.Client:
        """A client for this hub (the same calls work on tests/helpers/hub.InProcessHub)."""
        if getattr(self, "_http", None) is None:
            self._http = httpx.Client(base_url=self.url, timeout=30)
        return self._http

    def reset(self) -> None:
        """Empty the hub (it keeps nothing in the process, so this is a fresh hub)."""
        with self.hdb.engine.begin() as c:
            for t in TABLES:
                c.execute(text(f"DELETE FROM {t}"))
            c.execute(text("UPDATE counters SET value = 0"))
        import shutil

        shutil.rmtree(self.data_dir / "photos", ignore_errors=True)  # the hub's photo files (beside hub.db)

    def code(self, caravan: str = "1号车", role: str = "office") -> str:
        """An enrollment code. Tests written before roles enroll as the office (every record
        allowed, everything pulled: the hub as it was); ``role="van"`` gives a van's laptop."""
        return add_device(self.hdb, caravan, role).code

    def export(self) -> bytes:
        from caravan_app.server.hub import export_canonical

        return export_canonical(self.hdb)

    def stop(self) -> None:
        if getattr(self, "_http", None) is not None:
            self._http.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        self.hdb.close()
