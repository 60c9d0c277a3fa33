"""Issue #13, TLS: a self-signed certificate made on first start, its fingerprint carried by the
enrollment code and pinned by the laptop; plain HTTP only on loopback or with --insecure; the
token in the OS keyring when there is one, else the 0600 file (also when the keyring hangs)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from caravan_app.server.hub import list_devices
from caravan_app.sync.errors import SyncError

from .hubproc import free_port

pytestmark = pytest.mark.server


class TlsHub:
    """A TLS hub process over the shared test hub's database, with its own data directory."""

    def __init__(self, hub, data_dir: Path) -> None:  # noqa: ANN001
        self.hub, self.data_dir = hub, data_dir
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.log = open(data_dir / "tls-hub.log", "ab")  # noqa: SIM115
        cmd = [sys.executable, "-m", "caravan_app.server.cli", "--db", hub.db_url, "--data-dir", str(data_dir)]
        self.proc = subprocess.Popen(
            [*cmd, "--host", "127.0.0.1", "--port", str(self.port), "--tls"], stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(self.url + "/healthz", verify=False, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError((data_dir / "tls-hub.log").read_text(errors="replace"))

    def code(self, caravan: str = "1号车") -> str:
        out = subprocess.run(
            [sys.executable, "-m", "caravan_app.server.cli", "--db", self.hub.db_url, "--data-dir", str(self.data_dir)]
            + ["device", "add", "--caravan", caravan, "--no-qr"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return re.search(r"code with pin: (\S+)", out.stdout).group(1)  # type: ignore[union-attr]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def tls_hub(hub, tmp_path: Path):  # noqa: ANN001, ANN201
    (tmp_path / "tlshub").mkdir()
    h = TlsHub(hub, tmp_path / "tlshub")
    yield h
    h.stop()


def test_pinned_tls_enroll_and_sync(tls_hub: TlsHub, laptops) -> None:  # noqa: ANN001
    code = tls_hub.code("7号车")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}~[0-9a-f]{64}", code)
    key = tls_hub.data_dir / "hub-key.pem"
    assert key.stat().st_mode & 0o077 == 0  # the self-signed key is the operator's only
    with pytest.raises(httpx.ConnectError):  # no public CA vouches for it: only a pin can trust it
        httpx.get(tls_hub.url + "/healthz")
    a = laptops("a", enroll=False)
    info = a.sync.enroll(tls_hub.url, code)
    assert info.caravan == "7号车"
    a.catalog.add_caravan("7号车")
    res = a.sync.sync_now()
    assert res.pushed >= 1 and res.pending == 0
    assert b"7\xe5\x8f\xb7\xe8\xbd\xa6" in tls_hub.hub.export()


def test_wrong_pin_sends_nothing(tls_hub: TlsHub, laptops) -> None:  # noqa: ANN001
    code = tls_hub.code()
    forged = code.split("~")[0] + "~" + "0" * 64
    a = laptops("a", enroll=False)
    with pytest.raises(SyncError) as ei:
        a.sync.enroll(tls_hub.url, forged)
    assert ei.value.code == "pin_mismatch" and "证书" in ei.value.zh
    assert all(d["status"] == "waiting for code" for d in list_devices(tls_hub.hub.hdb))  # the code never left
    a.sync.enroll(tls_hub.url, code)  # the right pin works, the code is still good


def test_another_certificate_is_refused_after_enrollment(tls_hub: TlsHub, hub, laptops, tmp_path) -> None:  # noqa: ANN001
    a = laptops("a", enroll=False)
    a.sync.enroll(tls_hub.url, tls_hub.code())
    (tmp_path / "other").mkdir()
    impostor = TlsHub(hub, tmp_path / "other")  # same database, a different key: a machine in the middle
    try:
        a.catalog.add_caravan("8号车")
        with pytest.raises(SyncError) as ei:
            a.sync.sync_now(server=impostor.url)
        assert ei.value.code == "pin_mismatch"
        assert a.sync.pending_count() == 1  # nothing lost, nothing sent
    finally:
        impostor.stop()
    assert a.sync.sync_now().pending == 0


def test_laptop_refuses_plain_http_off_loopback(laptops) -> None:  # noqa: ANN001
    a = laptops("a", enroll=False)
    with pytest.raises(SyncError) as ei:
        a.sync.enroll("http://192.168.1.10:8765", "ABCD-EFGH-JKLM")
    assert ei.value.code == "insecure" and "https://" in ei.value.zh


def test_hub_serves_plain_http_only_on_loopback_or_insecure(tmp_path: Path) -> None:
    from caravan_app.server.cli import tls_files

    def args(**kw: object) -> argparse.Namespace:
        base = {"host": "127.0.0.1", "tls_cert": None, "tls_key": None, "tls": False, "insecure": False}
        return argparse.Namespace(**{**base, "data_dir": str(tmp_path), **kw})

    assert tls_files(args()) is None
    cert, key = tls_files(args(host="0.0.0.0"))  # type: ignore[misc]
    assert Path(cert).name == "hub-cert.pem" and Path(key).exists()  # self-signed on first start
    assert tls_files(args(host="0.0.0.0")) == (cert, key)  # the same one on the next start
    assert tls_files(args(host="0.0.0.0", insecure=True)) is None
    assert tls_files(args(host="::1")) is None
    assert tls_files(args(host="192.168.1.10", tls_cert="c.pem", tls_key="k.pem")) == ("c.pem", "k.pem")


# --- tokens: keyring or file ------------------------------------------------------------------


@pytest.fixture
def keyring_backend(monkeypatch):  # noqa: ANN201, ANN001
    import keyring

    import caravan_app.keyring_store as keyring_store

    monkeypatch.setenv("CARAVAN_TOKEN_STORE", "auto")
    monkeypatch.setenv("CARAVAN_KEYRING_TIMEOUT_S", "0.5")
    monkeypatch.setattr(keyring_store, "_broken", False)
    old = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(old)


def test_token_goes_to_the_keyring_when_there_is_one(tmp_path: Path, keyring_backend) -> None:  # noqa: ANN001
    from keyring.backend import KeyringBackend

    from caravan_app.sync.tokens import TokenStore

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        store: dict = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    keyring_backend(Memory())
    ts = TokenStore(tmp_path)
    assert ts.set("dev", "secret-token") == "keyring"
    assert not ts.path.exists()
    assert ts.get("dev") == "secret-token"


def test_no_keyring_backend_falls_back_to_the_file(tmp_path: Path, keyring_backend) -> None:  # noqa: ANN001
    from keyring.backends import chainer, fail

    from caravan_app.sync.tokens import TokenStore

    for backend in (fail.Keyring(), chainer.ChainerBackend()):
        keyring_backend(backend)
        ts = TokenStore(tmp_path / type(backend).__name__)
        assert ts.set("dev", "tok") == str(ts.path)
        assert ts.path.stat().st_mode & 0o777 == 0o600
        assert ts.get("dev") == "tok"


def test_a_hanging_keyring_does_not_hang_enrollment(tmp_path: Path, keyring_backend) -> None:  # noqa: ANN001
    from keyring.backend import KeyringBackend

    from caravan_app.sync.tokens import TokenStore

    class Hangs(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            time.sleep(30)
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            time.sleep(30)

        def delete_password(self, service: str, username: str) -> None:
            pass

    keyring_backend(Hangs())
    ts = TokenStore(tmp_path)
    t0 = time.time()
    assert ts.set("dev", "tok") == str(ts.path)
    assert ts.get("dev") == "tok"
    assert time.time() - t0 < 3


def _cli_sync(data: Path) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "sync"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
    )


def test_tls_refusals_are_named_as_certificate_problems_not_network(tls_hub: TlsHub, hub, laptops) -> None:  # noqa: ANN001
    """`caravan sync` against an address that answers but not with the enrolled TLS identity:
    the crew reads that it is a certificate/identity problem and whom to ask, never "check the
    network" (waiting for a better signal would not help)."""
    a = laptops("a", enroll=False)
    a.sync.enroll(tls_hub.url, tls_hub.code())
    a.catalog.add_caravan("8号车")
    # The hub's address now answers plain HTTP (a proxy or another service on that port).
    with pytest.raises(SyncError) as ei:
        a.sync.sync_now(server=f"https://127.0.0.1:{hub.port}")
    assert ei.value.code == "tls" and "证书" in ei.value.zh and "网络" not in ei.value.zh.split("。")[0]
    # Trusting public CAs only (no pin kept): the self-signed certificate cannot be verified.
    a.db.set_meta("sync_pin", "")
    with pytest.raises(SyncError) as ei:
        a.sync.sync_now()
    assert ei.value.code == "tls" and "证书无法验证" in ei.value.zh
    data = a.data_dir
    a.close()
    out = _cli_sync(data)
    assert out.returncode != 0
    words = out.stdout + out.stderr
    assert "证书无法验证" in words and "管理员" in words and "请检查网络" not in words
    assert "check the network" not in words
