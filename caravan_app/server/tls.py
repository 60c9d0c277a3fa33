"""The hub's TLS certificate: the operator's own (``--tls-cert/--tls-key``) or a self-signed one
made on first start in the data directory. Laptops pin its SHA-256 fingerprint, which the
enrollment code carries, so a self-hosted hub needs no public certificate authority."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from pathlib import Path

from ..sync.loopback import LOOPBACK_NAMES, is_loopback  # noqa: F401 - one rule for laptop and hub
from ..sync.tls_files import pem_sha256, write_pair

CERT_FILE = "hub-cert.pem"
KEY_FILE = "hub-key.pem"


def self_signed(data_dir: Path) -> tuple[Path, Path]:
    """The data directory's self-signed certificate and key, made the first time (key 0600)."""
    cert_p, key_p = Path(data_dir) / CERT_FILE, Path(data_dir) / KEY_FILE
    if cert_p.exists() and key_p.exists():
        return cert_p, key_p
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Caravan Field Log hub")])
    host = socket.gethostname()
    alt: list[x509.GeneralName] = [x509.DNSName("localhost"), x509.DNSName(host)]
    alt += [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.IPAddress(ipaddress.ip_address("::1"))]
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return write_pair(cert, key, cert_p, key_p)


def fingerprint(cert_path: Path) -> str:
    """SHA-256 of the certificate (DER), lowercase hex: what a laptop pins."""
    return pem_sha256(cert_path)
