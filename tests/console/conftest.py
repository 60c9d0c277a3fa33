"""Console fixtures: the served app (hub + console) in-process over a real SQLite hub database
(or ``CARAVAN_TEST_DB_URL``'s PostgreSQL), and a small cookie-keeping browser over real ASGI HTTP."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from caravan_app.console import auth
from caravan_app.console.app import create_app
from caravan_app.server.db import HubDB, upgrade

PASSWORD = "correct horse battery staple"
CONSOLE_TABLES = ("console_sessions", "console_login_failures", "console_audit", "console_users")
HUB_TABLES = ("records", "mutations", "conflicts", "anomalies", "hub_devices", "retractions", "hub_settings")


class Browser:
    """One browser: its own cookie jar, requests through the ASGI app (no network)."""

    def __init__(self, app: FastAPI, base_url: str = "http://hub.test") -> None:
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("10.0.0.7", 50000)),
            base_url=base_url,
            headers={"accept": "text/html"},
        )

    def get(self, path: str, **kw: object) -> httpx.Response:
        return self.loop.run_until_complete(self.client.get(path, **kw))  # type: ignore[arg-type]

    def post(self, path: str, data: dict[str, str] | None = None, **kw: object) -> httpx.Response:
        return self.loop.run_until_complete(self.client.post(path, data=data, **kw))  # type: ignore[arg-type]

    def csrf(self, path: str = "/") -> str:
        r = self.get(path)
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        assert m, f"no CSRF field on {path}: {r.status_code}"
        return m.group(1)

    def login(self, name: str, password: str = PASSWORD, next_: str = "/") -> httpx.Response:
        token = self.csrf("/login")
        return self.post("/login", {"csrf": token, "username": name, "password": password, "next": next_})

    @property
    def session_cookie(self) -> str | None:
        return self.client.cookies.get(auth.COOKIE)

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture
def hub_url(tmp_path: Path) -> Iterator[str]:
    url = os.environ.get("CARAVAN_TEST_DB_URL") or f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url)
    hdb = HubDB(url)
    with hdb.write() as s, s.begin():
        for t in (*CONSOLE_TABLES, *HUB_TABLES):
            s.execute(text(f"DELETE FROM {t}"))
    hdb.close()
    yield url


@pytest.fixture
def console(hub_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    app = create_app(hub_url, data_dir=tmp_path)
    yield app
    app.state.hdb.close()


@pytest.fixture
def hdb(console: FastAPI) -> HubDB:
    h: HubDB = console.state.hdb
    return h


@pytest.fixture
def browser(console: FastAPI) -> Iterator[Callable[[], Browser]]:
    made: list[Browser] = []

    def make() -> Browser:
        b = Browser(console)
        made.append(b)
        return b

    yield make
    for b in made:
        b.close()


@pytest.fixture
def users(hdb: HubDB) -> dict[str, auth.ConsoleUser]:
    """One user of every role (the county liaison of 曲阜市, the captain of 1号车)."""
    return {
        "admin": auth.add_user(hdb, "ann", "admin", PASSWORD),
        "office": auth.add_user(hdb, "olga", "office", PASSWORD),
        "county": auth.add_user(hdb, "cai", "county", PASSWORD, county="曲阜市"),
        "captain": auth.add_user(hdb, "cao", "captain", PASSWORD, caravan="1号车"),
        "auditor": auth.add_user(hdb, "audrey", "auditor", PASSWORD),
    }
