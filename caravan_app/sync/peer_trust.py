"""Trust between laptops at one event, offline (docs/sync.md "Laptops at one event: trust").

At enrollment a laptop sends an Ed25519 public key of its own; the hub signs a *certificate*
naming the laptop's device id, that key, its van and role, and answers with the certificate and
the hub's own public key. Two laptops enrolled to the same hub then prove it to each other with
no hub in reach: each shows its certificate and signs the other's fresh challenge with its
private key; the other checks the certificate against the hub key it holds, the device id against
the revocation list its last hub sync brought, and the signature against the certified key.

A laptop never enrolled is paired once by a code: the serving laptop shows a one-time 8-digit
code (five minutes, three wrong tries); each side proves it knows the code by an HMAC keyed by
it over both device ids, both Ed25519 keys, both nonces and the server's TLS fingerprint (the
asker first, so wrong tries are counted where the code is shown); then each remembers the
other's key and trusts it without a certificate.

The hub's key, the laptop's key, a shown code and the paired keys live beside the device token,
outside the database file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from ..domain.errors import DomainError

CERT_VERSION = 1


class PeerRefused(DomainError):
    """Another laptop is not trusted: ``code`` says why (shown to the crew with the reason)."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__("peer", zh, en)
        self.code = code


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"), validate=True)


def new_keypair() -> tuple[str, str]:
    """(private, public) Ed25519 keys, raw bytes in base64."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    k = Ed25519PrivateKey.generate()
    priv = k.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    pub = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _b64(priv), _b64(pub)


def public_of(private: str) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    k = Ed25519PrivateKey.from_private_bytes(_unb64(private))
    return _b64(k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def sign(private: str, message: bytes) -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return _b64(Ed25519PrivateKey.from_private_bytes(_unb64(private)).sign(message))


def verify(public: str, message: bytes, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(_unb64(public)).verify(_unb64(signature), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def key_id(public: str) -> str:
    """A short fingerprint of a public key (which hub signed a certificate)."""
    return hashlib.sha256(public.encode("ascii")).hexdigest()[:16]


def cert_body(device_id: str, public_key: str, caravan: str, role: str, hub_key: str) -> dict[str, Any]:
    return {
        "v": CERT_VERSION,
        "device_id": device_id,
        "public_key": public_key,
        "caravan": caravan,
        "role": role,
        "hub": key_id(hub_key),
    }


def _canon(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def certify(hub_private: str, device_id: str, public_key: str, caravan: str, role: str) -> dict[str, Any]:
    """The hub's certificate of a laptop's key: the body and the hub's signature over it."""
    body = cert_body(device_id, public_key, caravan, role, public_of(hub_private))
    return {**body, "sig": sign(hub_private, _canon(body))}


def challenge_message(nonce: str, device_id: str, tls_pin: str | None) -> bytes:
    """What a laptop signs to prove it holds its certified key: the asker's fresh nonce, its own
    device id and the fingerprint of the TLS certificate it serves (so the key and the encrypted
    connection belong together)."""
    return _canon({"nonce": nonce, "device_id": device_id, "tls": tls_pin or ""})


def check_certificate(hub_key: str | None, revoked: set[str], cert: dict[str, Any] | None) -> dict[str, Any]:
    """The certificate's body if ``hub_key`` signed it and its device is not revoked; else
    ``PeerRefused`` naming why."""
    if not hub_key:
        raise PeerRefused(
            "not_enrolled_here",
            "这台电脑还没有注册到同步服务器（或注册时服务器还不支持现场互传）：请先注册，或用配对码配对",
            "this laptop holds no hub key (not enrolled, or enrolled with an older hub): enroll, or pair with a code",
        )
    if not isinstance(cert, dict) or not isinstance(cert.get("sig"), str):
        raise PeerRefused(
            "unsigned",
            "对方没有服务器签发的证书（未注册或由旧版服务器注册），不与它互传数据；可用配对码配对",
            "the other laptop shows no certificate signed by the hub (not enrolled, or by an older hub); "
            "no data is exchanged (pair it with a code)",
        )
    body = {k: v for k, v in cert.items() if k != "sig"}
    if body.get("hub") != key_id(hub_key) or not verify(hub_key, _canon(body), cert["sig"]):
        raise PeerRefused(
            "other_hub",
            "对方的证书不是本会的同步服务器签发的（可能是别的单位的电脑），不与它互传数据",
            "the other laptop's certificate was not signed by this association's hub (another organisation's "
            "laptop?); no data is exchanged",
        )
    if body.get("device_id") in revoked:
        raise PeerRefused(
            "revoked",
            "对方电脑的同步权限已被管理员撤销，不与它互传数据",
            "the other laptop's access was revoked by the hub's operator; no data is exchanged",
        )
    return body


def check_proof(body: dict[str, Any], nonce: str, tls_pin: str | None, signature: str | None) -> None:
    """The other laptop signed ``nonce`` with the key its certificate names (it is that laptop)."""
    msg = challenge_message(nonce, str(body.get("device_id")), tls_pin)
    if not signature or not verify(str(body.get("public_key")), msg, signature):
        raise PeerRefused(
            "bad_proof",
            "对方无法证明它持有证书里的密钥（证书可能是复制来的），不与它互传数据",
            "the other laptop cannot prove it holds the key its certificate names (a copied certificate?); "
            "no data is exchanged",
        )


PAIR_TTL_S = 300.0  # a pairing code is good for five minutes …
PAIR_TRIES = 3  # … and three wrong tries, then it is void


def new_pairing_code() -> str:
    """An 8-digit one-time code to show on the serving laptop's screen."""
    return f"{secrets.randbelow(100_000_000):08d}"


def pair_mac(
    code: str, role: str, nonces: tuple[str, str], devices: tuple[str, str], keys: tuple[str, str], tls_pin: str | None
) -> str:
    """What a side of a pairing sends to prove it knows the code: an HMAC keyed by the code over
    both laptops' device ids and Ed25519 keys, both fresh nonces and the serving laptop's TLS
    fingerprint (so the code pairs exactly these two keys over exactly this connection).
    ``role`` ("asker" or "server") keeps one side's answer from being echoed as the other's."""
    msg = _canon(
        {"role": role, "nonces": list(nonces), "devices": list(devices), "keys": list(keys), "tls": tls_pin or ""}
    )
    return hmac.new(code.strip().encode("utf-8"), msg, hashlib.sha256).hexdigest()


def same_mac(a: str | None, b: str) -> bool:
    return isinstance(a, str) and hmac.compare_digest(a, b)


class PeerKeys:
    """This laptop's peer key and certificate, and its hub's public key: a file only the user
    can read (0600) beside the device token, never in the database or a backup of it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "peer_keys.json"

    def _read(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def get(self, device_id: str) -> dict[str, Any]:
        entry = self._read().get(device_id)
        return entry if isinstance(entry, dict) else {}

    def private_key(self, device_id: str) -> str:
        """This laptop's private key, made the first time it is asked for."""
        entry = self.get(device_id)
        if not entry.get("private"):
            priv, _pub = new_keypair()
            entry = {**entry, "private": priv}
            self._write(device_id, entry)
        return str(entry["private"])

    def public_key(self, device_id: str) -> str:
        return public_of(self.private_key(device_id))

    def store(self, device_id: str, **values: Any) -> None:
        self._write(device_id, {**self.get(device_id), **values})

    def _write(self, device_id: str, entry: dict[str, Any]) -> None:
        doc = self._read()
        doc[device_id] = entry
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    # --- pairing by a code (a laptop never enrolled) -------------------------------------

    def open_pairing(self, device_id: str, ttl_s: float = PAIR_TTL_S) -> tuple[str, float]:
        """A new one-time code (replacing any earlier one) and when it expires (epoch seconds)."""
        code, expires = new_pairing_code(), time.time() + ttl_s
        self.store(device_id, pairing={"code": code, "expires": expires, "tries": 0})
        return code, expires

    def pairing(self, device_id: str) -> dict[str, Any] | None:
        p = self.get(device_id).get("pairing")
        return p if isinstance(p, dict) and p.get("code") else None

    def end_pairing(self, device_id: str) -> None:
        self.store(device_id, pairing=None)

    def paired(self, device_id: str) -> dict[str, str]:
        """The laptops paired by a code: their device id → Ed25519 public key."""
        p = self.get(device_id).get("paired")
        return {str(k): str(v) for k, v in p.items()} if isinstance(p, dict) else {}

    def remember_pair(self, device_id: str, other: str, public_key: str) -> None:
        self.store(device_id, paired={**self.paired(device_id), other: public_key})
