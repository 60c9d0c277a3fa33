"""A real sign-in server on 127.0.0.1 (free port) over the real app of the shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field

import pytest

from caravan_app.services.app import App
from caravan_app.services.attendance import SigninResult
from caravan_app.signin.server import SigninServer


@dataclass
class Live:
    server: SigninServer
    token: str
    visit: str
    heard: list[SigninResult] = dc_field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/s/{self.token}"


@pytest.fixture
def live(app: App, field: dict[str, str]) -> Iterator[Live]:
    token = app.signin.open(field["visit"])
    heard: list[SigninResult] = []
    server = SigninServer(app, "127.0.0.1", 0, on_signin=heard.append).start()
    yield Live(server, token, field["visit"], heard)
    server.stop()
