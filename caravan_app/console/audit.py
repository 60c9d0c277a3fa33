"""The audit log: who viewed or exported personal data (and who changed users or devices), when,
from where. Data pages call ``record`` whenever they show names, phones or a download of them."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import func, select

from ..server.db import HubDB
from ..server.ratelimit import client_address
from .auth import ConsoleUser
from .models import AuditEntry

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking alone
    fcntl = None  # type: ignore[assignment]

# What each action is called on the 审计 page (English source; zh in the catalogue). A page that
# records a new action adds its label here (an unlisted action shows as its code).
ACTIONS: dict[str, str] = {
    "view_signins": "Viewed sign-ins (names)",
    "view_phones": "Viewed phone numbers",
    "view_people": "Viewed volunteers' or staff's names",
    "export_xlsx": "Downloaded XLSX",
    "export_csv": "Downloaded CSV",
    "export_pdf": "Downloaded PDF",
    "view_photos": "Viewed photos",
    "export_zip": "Downloaded photos (ZIP)",
    "issue_certificate": "Issued a volunteer service certificate",
    "view_anomalies": "Viewed anomalies (may hold names)",
    "retract": "Retracted a record",
    "device_add": "Enrolled a laptop",
    "device_reenroll": "Enrolled a laptop again",
    "device_revoke": "Revoked a laptop",
    "user_add": "Added a user",
    "user_disable": "Disabled a user",
    "user_enable": "Enabled a user",
    "user_reset": "Reset a password",
    "settings": "Changed a setting",
}


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def address_of(request: Request) -> str | None:
    """The client's address (a trusted proxy's X-Forwarded-For, as the hub reads it)."""
    peer = request.client.host if request.client else None
    trusted, anyone = getattr(request.app.state, "trusted_proxies", ([], False))
    return client_address(peer, request.headers.get("x-forwarded-for"), trusted, anyone)


class _GroupCommit:
    """Audit lines from concurrent requests written together: the first waiting request writes
    every line queued so far in one transaction (one fsync), the others wait for that commit.

    Every view of a visit's names writes a line; twenty office users at once made twenty
    ``BEGIN IMMEDIATE`` on the hub's SQLite, each sleeping in SQLite's busy back-off (up to
    100 ms a try) behind the others. A line is still durable before its page is answered, and a
    failed write fails every request whose line was in it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._queue: list[tuple[int, AuditEntry]] = []
        self._next = 0  # tickets handed out
        self._done = 0  # every ticket below this is committed (or failed)
        self._failed: dict[int, BaseException] = {}
        self._writing = False

    def write(self, hdb: HubDB, entry: AuditEntry) -> None:
        with self._cond:
            ticket = self._next
            self._next += 1
            self._queue.append((ticket, entry))
            while self._done <= ticket:
                if self._writing:
                    self._cond.wait()
                    continue
                batch, self._queue = self._queue, []
                self._writing = True
                self._cond.release()
                error: BaseException | None = None
                try:
                    with _workers_in_turn(hdb), hdb.write() as s, s.begin():
                        s.add_all([e for _t, e in batch])
                except Exception as exc:  # handed to every request of the batch below
                    error = exc
                finally:
                    self._cond.acquire()
                    self._writing = False
                    if error is not None:
                        self._failed.update((t, error) for t, _e in batch)
                    self._done = max(self._done, max(t for t, _e in batch) + 1)
                    self._cond.notify_all()
            failed = self._failed.pop(ticket, None)
        if failed is not None:
            raise failed


@contextlib.contextmanager
def _workers_in_turn(hdb: HubDB) -> Iterator[None]:
    """Workers on one SQLite hub take turns writing their batches through a file lock beside
    it: the second waits in the kernel and starts the moment the first commits, where SQLite's
    busy handler would sleep 1, 2, 5 … 100 ms between tries (two workers' audit batches on the
    visit pages). Elsewhere (PostgreSQL, no ``fcntl``) the database's own locking alone."""
    url = hdb.url
    if not url.startswith("sqlite:///") or fcntl is None:
        yield
        return
    try:
        f = open(url[len("sqlite:///") :].split("?", 1)[0] + ".audit.lock", "a+b")  # noqa: SIM115
    except OSError:  # a folder the hub may not write beside its file: SQLite's locking alone
        f = None
    if f is None:
        yield
        return
    with f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


_WRITERS: dict[str, _GroupCommit] = {}
_WRITERS_LOCK = threading.Lock()


def record(hdb: HubDB, user: ConsoleUser, action: str, subject: str, request: Request | None = None) -> None:
    """One line: ``action`` e.g. "view_signins", "export_xlsx"; ``subject`` says what (ids, a
    period), never the personal data itself. Written before the page is answered."""
    entry = AuditEntry(
        at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        user_name=user.name,
        role=user.role.value,
        action=action[:40],
        subject=subject[:300],
        address=(address_of(request) if request is not None else None),
    )
    with _WRITERS_LOCK:
        writer = _WRITERS.setdefault(hdb.url, _GroupCommit())
    writer.write(hdb, entry)


@dataclass(frozen=True)
class AuditLine:
    at: str
    user_name: str
    role: str
    action: str
    subject: str
    address: str | None


def entries(hdb: HubDB, user_name: str | None = None, offset: int = 0, limit: int = 100) -> tuple[list[AuditLine], int]:
    """Newest first, with the total count (for paging)."""
    with hdb.read() as s:
        q = select(AuditEntry)
        c = select(func.count()).select_from(AuditEntry)
        if user_name:
            q, c = q.where(AuditEntry.user_name == user_name), c.where(AuditEntry.user_name == user_name)
        rows = s.scalars(q.order_by(AuditEntry.id.desc()).offset(offset).limit(limit))
        lines = [AuditLine(r.at, r.user_name, r.role, r.action, r.subject, r.address) for r in rows]
        return lines, int(s.scalar(c) or 0)
