"""The hub's side of peer trust: its signing key, the certificates it gives enrolling laptops,
and the revocation list every pull answer carries (docs/sync.md, "Laptops at one event")."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..sync import peer_trust
from . import models as hm

KEY_NAME = "peers"


def signing_key(s: Session, created_at: str) -> hm.HubKey:
    """The hub's Ed25519 key, made the first time a laptop asks for a certificate."""
    key = s.get(hm.HubKey, KEY_NAME)
    if key is None:
        priv, pub = peer_trust.new_keypair()
        key = hm.HubKey(name=KEY_NAME, private_key=priv, public_key=pub, created_at=created_at)
        s.add(key)
        s.flush()
    return key


def certificate(s: Session, d: hm.HubDevice, public_key: str, created_at: str) -> tuple[dict[str, Any], str]:
    """Store the laptop's key and sign its certificate: (certificate, hub public key)."""
    key = signing_key(s, created_at)
    d.public_key = public_key
    role = "office" if d.role == "office" else "van"
    assert d.device_id is not None
    return peer_trust.certify(key.private_key, d.device_id, public_key, d.caravan, role), key.public_key


def revoked_devices(s: Session) -> list[str]:
    """Every revoked laptop's device id (a few rows: it travels in every pull answer)."""
    q = select(hm.HubDevice.device_id).where(hm.HubDevice.revoked_at.is_not(None), hm.HubDevice.device_id.is_not(None))
    return sorted(str(x) for x in s.scalars(q))
