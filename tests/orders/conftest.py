"""A real hub process and laptops, as the sync tests have them; and the console app served
over real HTTP by uvicorn in a thread, with fresh public rate limits."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from caravan_app.console import orders_public
from caravan_app.console.app import create_app
from caravan_app.server.db import HubDB, upgrade
from tests.sync.conftest import hub, hub_process, laptops
from tests.sync.hubproc import free_port

__all__ = ["console_hub", "hub", "hub_process", "laptops"]


@pytest.fixture
def console_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[httpx.Client, HubDB]]:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url)
    hdb = HubDB(url)
    monkeypatch.setattr(orders_public, "SENDS", orders_public.Window(5, 3600))
    monkeypatch.setattr(orders_public, "LOOKUPS", orders_public.Window(30, 60))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(hdb, data_dir=tmp_path), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        yield client, hdb
    server.should_exit = True
    thread.join(10)
    hdb.close()
