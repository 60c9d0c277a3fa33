"""Sync fixtures: one real hub process per test module (emptied before each test), laptops as
``App`` instances on their own data directories, and the fault-injecting proxy."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from caravan_app.domain.hlc import HLC
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir

from .faultproxy import FaultProxy
from .hubproc import HubProcess

os.environ["CARAVAN_TOKEN_STORE"] = "file"  # never touch the real keyring from tests


@pytest.fixture(scope="module")
def hub_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    h = HubProcess(tmp_path_factory.mktemp("hub"))
    yield h
    h.stop()


@pytest.fixture
def hub(hub_process: HubProcess) -> HubProcess:
    hub_process.reset()
    return hub_process


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[FaultProxy]:
    p = FaultProxy(hub.port)
    yield p
    p.close()


def skew(app: App, seconds: float) -> None:
    """Make this laptop's wall clock wrong by ``seconds`` (the HLC reads it)."""
    import time

    old = app.db.clock
    app.db.clock = HLC(last=old.last, offset_ms=old.offset_ms, wall=lambda: time.time() + seconds)


@pytest.fixture
def laptops(tmp_path: Path, hub: HubProcess) -> Iterator[Callable[..., App]]:
    made: list[App] = []

    def make(
        name: str = "lap",
        caravan: str = "1号车",
        skew_s: float = 0.0,
        enroll: bool = True,
        url: str | None = None,
        role: str = "office",
    ) -> App:
        a = App.open(fresh_data_dir(tmp_path / f"{name}{len(made)}"))
        made.append(a)
        if skew_s:
            skew(a, skew_s)
        if enroll:
            a.sync.enroll(url or hub.url, hub.code(caravan, role))
        return a

    yield make
    for a in made:
        a.close()
