"""The hub in this process: its FastAPI app over a real database (SQLite, or the PostgreSQL of
``CARAVAN_TEST_DB_URL``), spoken to through httpx's ``ASGITransport`` (real HTTP requests and
answers, no socket). For the hub's API answers; real processes (tests/sync/hubproc.py) stay
for kills, TLS, the fault proxy, laptops syncing over a socket and several workers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from caravan_app.server.app import create_app
from caravan_app.server.db import HubDB, upgrade
from caravan_app.server.hub import add_device
from tests.sync.hubproc import TABLES, hub_db_url


class AsgiClient:
    """``get``/``post`` like ``httpx.Client``, answered by an ASGI app on an event loop of its own."""

    def __init__(self, app: Any, base_url: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return self._loop.run_until_complete(self._client.request(method, url, **kw))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


class InProcessHub:
    """``url`` and ``code()`` as ``HubProcess`` has them; ``http`` is the client to ask it with."""

    url = "http://hub.test"

    def __init__(self, data_dir: Path) -> None:
        self.db_url = hub_db_url(data_dir)
        upgrade(self.db_url)
        self.hdb = HubDB(self.db_url)
        self.reset()
        self.http = AsgiClient(create_app(self.db_url, dev_docs=True), self.url)

    def reset(self) -> None:
        with self.hdb.engine.begin() as c:
            for t in TABLES:
                c.execute(text(f"DELETE FROM {t}"))
            c.execute(text("UPDATE counters SET value = 0"))

    def code(self, caravan: str = "1号车", role: str = "office") -> str:
        return add_device(self.hdb, caravan, role).code

    def export(self) -> bytes:
        from caravan_app.server.hub import export_canonical

        return export_canonical(self.hdb)

    def close(self) -> None:
        self.http.close()
        self.hdb.close()
