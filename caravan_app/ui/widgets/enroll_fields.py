"""The enrollment fields take a scan of the hub's enrollment QR code.

``caravan-server device add --server URL`` prints a QR code holding ``URL#CODE~PIN`` (the
certificate pin is 64 hex digits: about 100 characters no one should type). A scanner types it
into whichever field has the cursor; when that field is done (the scanner's Enter, or leaving
it), the address goes into the address field and the code with its pin into the code field.
The fields are marked ``scanner_passthrough``, so the application's badge scanner types such a
code into them instead of refusing it as "not one of our badges".
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

_FULL = re.compile(r"(https?://[^\s#]+)#(\S+)", re.IGNORECASE)
_CODE = re.compile(r"[A-Za-z0-9-]+~[0-9A-Fa-f]{64}")


def split_enrollment(text: str) -> tuple[str, str] | None:
    """(hub address or "", code with pin) from a scanned enrollment QR, or None if it is not one."""
    t = text.strip()
    m = _FULL.fullmatch(t)
    if m:
        return m.group(1).rstrip("/"), m.group(2)
    if _CODE.fullmatch(t):
        return "", t
    return None


def take_enrollment_scans(url: QLineEdit, code: QLineEdit, then: QWidget | None = None) -> None:
    """Let ``url`` and ``code`` take a scanned enrollment QR, wherever it lands; ``then`` (the
    enroll button) gets the focus once both are filled."""
    for w in (url, code):
        w.setProperty("scanner_passthrough", True)

    def split(source: QLineEdit) -> None:
        parts = split_enrollment(source.text())
        if parts is None:
            return
        server, secret = parts
        if server:
            url.setText(server)
        elif source is url:
            url.clear()  # only the code was in the QR: the address is still to be typed
        code.setText(secret)
        if then is not None and url.text():
            then.setFocus(Qt.FocusReason.OtherFocusReason)

    url.editingFinished.connect(lambda: split(url))
    code.editingFinished.connect(lambda: split(code))
