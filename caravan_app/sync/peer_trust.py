"""Trust between laptops at one event, offline (docs/sync.md "Laptops at one event: trust").

At enrollment a laptop sends an Ed25519 public key of its own; the hub signs a *certificate*
naming the laptop's device id, that key, its van and role, and answers with the certificate and
the hub's own public key. Two laptops enrolled to the same hub then prove it to each other with
no hub in reach: each shows its certificate and signs the other's fresh challenge with its
private key; the other checks the certificate against the hub key it holds, the device id against
the revocation list its last hub sync brought, and the signature against the certified key.

The hub's key and the laptop's key live beside the device token, outside the database file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Pairing:
    """A laptop never enrolled, paired once by a code shown on the other screen."""

    device_id: str
    public_key: str


def pairing_code(public_key: str, secret: str) -> str:
    """The 8-digit code the serving laptop shows: it binds the pairing to its own key."""
    h = hashlib.sha256(f"{secret}:{public_key}".encode()).digest()
    return f"{int.from_bytes(h[:5], 'big') % 100_000_000:08d}"


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
