"""Identity that cannot be taken, limits that hold behind a proxy, no API docs in production:
real hub processes over HTTP.

Device ids are no secret (they travel in every pulled record and export), so nothing may be
granted for naming one: a fresh code never enrolls an enrolled device id, a used code never
mints a second token for a live laptop, and only the office's explicit ``device reenroll ID``
enrolls a known laptop again."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator

import httpx
import pytest

from caravan_app.server.hub import add_device, list_devices
from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA
from tests.helpers.cli import run_server_cli

from .hubproc import HubProcess, free_port

pytestmark = pytest.mark.server


def U(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def _enroll(
    url: str, code: str, device_id: str, proof: str | None = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": code, "device_id": device_id}
    if proof:
        body["proof"] = proof
    return httpx.post(url + "/enroll", json=body, headers=headers or {})


def _pull(url: str, token: str, device_id: str) -> httpx.Response:
    return httpx.post(
        url + "/sync/pull",
        headers={"Authorization": f"Bearer {token}"},
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device_id, "cursor": 0},
    )


def _push(url: str, token: str, device_id: str) -> httpx.Response:
    return httpx.post(
        url + "/sync/push",
        headers={"Authorization": f"Bearer {token}"},
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device_id, "mutations": []},
    )


def _server_cli(hub: HubProcess, *args: str) -> str:
    out = run_server_cli("--db", hub.db_url, *args)  # in-process: its answers are under test
    assert out.returncode == 0, out.stderr
    return out.stdout


def _code_in(text: str) -> str:
    return next(w for w in text.split() if w.count("-") == 2 and len(w) == 14)


def test_a_fresh_code_never_takes_an_enrolled_device(hub: HubProcess) -> None:
    real = _enroll(hub.url, hub.code("1号车", "van"), U(1), "real-laptop-proof-0123456789")
    token = real.json()["token"]
    for caravan in ("1号车", "2号车"):  # a code for its own van or for another one
        taken = _enroll(hub.url, hub.code(caravan, "van"), U(1), "attacker-proof-0123456789")
        assert taken.status_code == 403 and taken.json()["error"]["code"] == "device_taken"
        assert "reenroll" in taken.json()["error"]["zh"]
    assert _pull(hub.url, token, U(1)).status_code == 200  # the real laptop was not revoked
    assert _push(hub.url, token, U(1)).status_code == 200
    rows = [d for d in list_devices(hub.hdb) if d["device_id"] == U(1)]
    assert len(rows) == 1 and rows[0]["status"] == "enrolled"


def test_a_replayed_code_never_mints_a_second_token(hub: HubProcess) -> None:
    code = hub.code("1号车", "van")
    token = _enroll(hub.url, code, U(2), "real-laptop-proof-0123456789").json()["token"]
    replay = _enroll(hub.url, code, U(2))  # the code and the device id, as an onlooker has them
    assert replay.status_code == 403
    assert _pull(hub.url, token, U(2)).status_code == 200


def test_the_office_reenrolls_a_named_laptop_only(hub: HubProcess) -> None:
    old = _enroll(hub.url, hub.code("1号车", "van"), U(3), "first-proof-0123456789").json()["token"]
    row = next(d for d in list_devices(hub.hdb) if d["device_id"] == U(3))
    out = _server_cli(hub, "device", "reenroll", str(row["id"]), "--no-qr", "--no-pin")
    assert U(3) in out
    code = _code_in(out)
    stranger = _enroll(hub.url, code, U(4), "stranger-proof-0123456789")
    assert stranger.status_code == 403 and stranger.json()["error"]["code"] == "code_bound"
    again = _enroll(hub.url, code, U(3), "new-proof-0123456789")
    assert again.status_code == 200 and again.json()["caravan"] == "1号车"
    assert _pull(hub.url, old, U(3)).status_code == 401  # the lost token stops working
    assert _pull(hub.url, again.json()["token"], U(3)).status_code == 200
    assert _enroll(hub.url, code, U(3)).status_code == 403  # used: no second token without its proof


def test_device_roles_on_the_command_line(hub: HubProcess) -> None:
    out = _server_cli(hub, "device", "add", "--office", "--no-qr", "--no-pin")
    assert "office" in out
    r = _enroll(hub.url, _code_in(out), U(5))
    assert r.status_code == 200 and r.json()["role"] == "office"
    row = next(d for d in list_devices(hub.hdb) if d["device_id"] == U(5))
    _server_cli(hub, "device", "set", str(row["id"]), "--van", "--caravan", "3号车")
    row = next(d for d in list_devices(hub.hdb) if d["device_id"] == U(5))
    assert row["role"] == "van" and row["caravan"] == "3号车"
    assert '"share_names": "1"' in _server_cli(hub, "settings", "--share-names", "on")


# --- proxy headers ------------------------------------------------------------------------------


def _twin(hub: HubProcess, *extra: str, dev_docs: bool = True) -> Iterator[str]:
    port = free_port()
    proc = hub.spawn(port, *extra, dev_docs=dev_docs)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def plain_hub(hub: HubProcess) -> Iterator[str]:
    """A hub process as `caravan-server` runs by default (no trusted proxy, no API docs)."""
    yield from _twin(hub, dev_docs=False)


@pytest.fixture
def proxied_hub(hub: HubProcess) -> Iterator[str]:
    """A hub behind a TLS proxy on the same machine: `--forwarded-allow-ips 127.0.0.1`."""
    yield from _twin(hub, "--forwarded-allow-ips", "127.0.0.1")


def _guesses(url: str, n: int, forwarded: Callable[[int], str | None]) -> list[int]:
    out = []
    with httpx.Client() as http:
        for i in range(n):
            fwd = forwarded(i)
            r = http.post(
                url + "/enroll",
                json={
                    "protocol": PROTOCOL_VERSION,
                    "schema": SCHEMA,
                    "code": f"GUES-SCOD-{i:04d}",
                    "device_id": U(900),
                },
                headers={"X-Forwarded-For": fwd} if fwd else {},
            )
            out.append(r.status_code)
    return out


def test_a_forged_forwarded_for_from_loopback_gives_no_more_guesses(plain_hub: str) -> None:
    """Before: uvicorn believed X-Forwarded-For from 127.0.0.1, 100 of 100 guesses answered."""
    answers = _guesses(plain_hub, 40, lambda i: f"203.0.113.{i}")
    assert answers[:30] == [403] * 30 and set(answers[30:]) == {429}


def test_behind_the_proxy_each_laptop_has_its_own_bucket(proxied_hub: str) -> None:
    answers = _guesses(proxied_hub, 35, lambda _i: "198.51.100.7")  # one client guessing
    assert answers[:30] == [403] * 30 and set(answers[30:]) == {429}
    other = _guesses(proxied_hub, 3, lambda _i: "198.51.100.8")  # another laptop behind the same proxy
    assert other == [403] * 3
    # A client cannot escape its bucket by adding its own header: the proxy appends the real address.
    spoofed = _guesses(proxied_hub, 2, lambda _i: "10.9.9.9, 198.51.100.7")
    assert spoofed == [429, 429]


def test_the_same_code_is_limited_whatever_the_address(hub: HubProcess, proxied_hub: str) -> None:
    code = add_device(hub.hdb, "1号车", "van").code
    _enroll(proxied_hub, code, U(10), "real-laptop-proof-0123456789")
    answers = [
        _enroll(proxied_hub, code, U(10), headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code for i in range(12)
    ]
    assert answers[:10] == [403] * 10 and set(answers[10:]) == {429}  # per code, from any address


# --- API documents ------------------------------------------------------------------------------


def test_api_documents_only_for_development(plain_hub: str, hub: HubProcess) -> None:
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert httpx.get(plain_hub + path).status_code == 404, path
        assert httpx.get(hub.url + path).status_code == 200, path  # the tests' hub runs --dev-docs
    assert httpx.get(plain_hub + "/healthz").status_code == 200


def test_client_address_reads_the_header_only_from_trusted_proxies() -> None:
    from caravan_app.server.ratelimit import client_address, parse_networks

    none, anyone = parse_networks(None)
    assert client_address("127.0.0.1", "203.0.113.9", none, anyone) == "127.0.0.1"  # default: ignored
    nets, anyone = parse_networks("127.0.0.1, 10.0.0.0/8")
    assert client_address("127.0.0.1", "203.0.113.9", nets, anyone) == "203.0.113.9"
    assert client_address("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3", nets, anyone) == "203.0.113.9"
    assert client_address("192.0.2.50", "203.0.113.9", nets, anyone) == "192.0.2.50"  # not a proxy
    assert client_address("127.0.0.1", "not-an-address", nets, anyone) == "127.0.0.1"
    assert client_address("127.0.0.1", "[2001:db8::1]:4711", nets, anyone) == "2001:db8::1"
    with pytest.raises(ValueError):
        parse_networks("127.0.0.1, nonsense")


def test_an_upgraded_hub_keeps_its_laptops_as_vans(tmp_path) -> None:  # noqa: ANN001
    """Migration h14_authz on a hub with an enrolled laptop: it stays enrolled, as a van (least
    privilege until the office names its own laptop), and its used code cannot be replayed."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from caravan_app.server import hub as hubmod
    from caravan_app.server.db import MIGRATIONS, HubDB, upgrade
    from caravan_app.sync.protocol import EnrollRequest

    url = f"sqlite:///{tmp_path / 'hub.db'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "h13a")
    token, code = "old-token-0123456789", "ABCDEFGHJKLM"
    now = hubmod.iso_now()
    hdb = HubDB(url)
    with hdb.engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO hub_devices (caravan, code_hash, device_id, token_hash, created_at, enrolled_at, last_seq)"
                " VALUES ('1号车', :code, :dev, :tok, :now, :now, 7)"
            ),
            {"code": hubmod.sha(code), "dev": U(77), "tok": hubmod.sha(token), "now": now},
        )
    hdb.close()
    upgrade(url)
    hdb = HubDB(url)
    try:
        (row,) = list_devices(hdb)
        assert row["role"] == "van" and row["status"] == "enrolled" and row["last_seq"] == 7
        assert hubmod.token_is_valid(hdb, token)
        replay = EnrollRequest.model_validate(
            {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": code, "device_id": U(77)}
        )
        with pytest.raises(hubmod.HubError) as ei:
            hubmod.enroll(hdb, replay)
        assert ei.value.code == "bad_code"
        assert hubmod.token_is_valid(hdb, token)
    finally:
        hdb.close()
