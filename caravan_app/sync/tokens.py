"""Where the device token lives: outside the database file, so a copied or backed-up database
carries no credentials. The OS keyring when one is available (Windows Credential Manager,
macOS Keychain, Secret Service), else a file only the user can read (0600).

A keyring that is missing, broken or hangs (a headless Linux with a D-Bus but no secret
service agent) never stops enrollment or sync: each call has a time limit, and after one
failure this process uses the file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..keyring_store import _bounded, _keyring

SERVICE = "CaravanFieldLog-sync"


class TokenStore:
    """Tokens by device id (a wiped laptop is a new device with a new token)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "sync_token.json"

    def get(self, device_id: str) -> str | None:
        kr = _keyring()
        if kr is not None:
            try:
                tok = _bounded(kr.get_password, SERVICE, device_id)
                if tok:
                    return tok
            except Exception:  # noqa: BLE001
                pass
        try:
            doc = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return doc.get(device_id) if isinstance(doc, dict) else None

    def set(self, device_id: str, token: str) -> str:
        """Store the token; returns where ("keyring" or the file path)."""
        kr = _keyring()
        if kr is not None:
            try:
                _bounded(kr.set_password, SERVICE, device_id, token)
                self.path.unlink(missing_ok=True)  # no stale copy of an older token
                return "keyring"
            except Exception:  # noqa: BLE001
                pass
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({device_id: token}, f)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        return str(self.path)
