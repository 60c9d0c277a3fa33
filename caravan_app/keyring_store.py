"""The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service), used with a time
limit: a headless Linux without a backend, or a keyring that hangs, must never stall the app. Shared
by the sync token store and the database key store; both fall back to a 0600 file."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

_broken = False  # a keyring call failed or timed out in this process: use the file from now on


def _keyring():  # noqa: ANN202 - the keyring module or None
    if _broken or os.environ.get("CARAVAN_TOKEN_STORE", "auto") == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        kr = _bounded(keyring.get_keyring)
        if kr is None or isinstance(kr, fail.Keyring) or getattr(kr, "priority", 1) <= 0:
            return None
        if type(kr).__name__ == "ChainerBackend" and not getattr(kr, "backends", None):
            return None  # a chainer over no backend at all (headless Linux)
    except Exception:  # noqa: BLE001 - a broken keyring backend means: use the file
        return None
    return keyring


def _bounded(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a keyring call with a time limit; a timeout or error marks the keyring broken."""
    global _broken
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["v"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001
            out["e"] = exc

    t = threading.Thread(target=run, daemon=True, name="keyring")
    t.start()
    t.join(float(os.environ.get("CARAVAN_KEYRING_TIMEOUT_S", "3")))
    if t.is_alive() or "e" in out:
        _broken = True
        raise TimeoutError("keyring did not answer") if t.is_alive() else out["e"]
    return out.get("v")
