"""A self-signed certificate's files, for the hub and for a laptop's peer server alike: the key
written whole and readable by its owner only (0600), and the SHA-256 pin the other side checks."""

from __future__ import annotations

import hashlib
import os
import ssl
from pathlib import Path
from typing import Any


def write_pair(cert: Any, key: Any, cert_p: Path, key_p: Path) -> tuple[Path, Path]:
    """``key`` (a cryptography private key) to ``key_p`` through a 0600 temporary file replaced
    whole, so a crash never leaves a half key; then ``cert`` (an x509 certificate) as PEM."""
    from cryptography.hazmat.primitives import serialization

    key_p.parent.mkdir(parents=True, exist_ok=True)
    tmp = key_p.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    os.replace(tmp, key_p)
    cert_p.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_p, key_p


def pem_sha256(cert_path: Path) -> str:
    """SHA-256 of the (first) certificate in a PEM file, as DER, lowercase hex: what is pinned."""
    pem = Path(cert_path).read_text("ascii")
    start = pem.index("-----BEGIN CERTIFICATE-----")
    end = pem.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem[start:end])).hexdigest()
