"""Every string the console frame shows has its Chinese, read without Qt from the .ts catalogues;
the laptop's self-report in a push is optional and checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from caravan_app.console.audit import ACTIONS
from caravan_app.console.i18n import catalogue, tr
from caravan_app.console.render import NAV, ROLE_LABELS, TEMPLATES
from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA, PushRequest

FRAME = (
    "base",
    "login",
    "home",
    "error",
    "devices",
    "device_code",
    "device_revoke",
    "anomalies",
    "retract",
    "audit",
    "users",
)


def test_the_frames_strings_are_all_translated() -> None:
    zh = catalogue()
    used: set[str] = set()
    for name in FRAME:
        text = (TEMPLATES / f"{name}.html").read_text(encoding="utf-8")
        used |= set(re.findall(r't\("([^"]+)"', text)) | set(re.findall(r"t\('([^']+)'", text))
    used |= {n.label for n in NAV} | set(ROLE_LABELS.values()) | set(ACTIONS.values())
    missing = sorted(s for s in used if s not in zh)
    assert not missing, missing
    assert tr("zh", "Page {p} of {n} ({total} entries)", p=1, n=2, total=30) == "第 1 页，共 2 页（30 条）"
    assert tr("en", "Devices") == "Devices"


def test_catalogue_reads_only_the_console_context(tmp_path: Path) -> None:
    assert "&Undo selected entry…" not in catalogue()  # a Qt page's string, context StockPage


def _push(**client: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "protocol": PROTOCOL_VERSION,
        "schema": SCHEMA,
        "device_id": "00000000-0000-7000-8000-00000000d001",
        "mutations": [],
    }
    if client:
        doc["client"] = client
    return doc


def test_a_push_may_say_what_the_laptop_is_and_old_laptops_say_nothing() -> None:
    assert PushRequest.model_validate(_push()).client is None
    req = PushRequest.model_validate(_push(app_version="0.2.0", clock_offset_ms=-1500, pending=12))
    assert req.client is not None and req.client.pending == 12 and req.client.clock_offset_ms == -1500
    for bad in (
        {"app_version": "0.2.0", "clock_offset_ms": 0, "pending": -1},
        {"app_version": "<script>", "clock_offset_ms": 0, "pending": 0},
        {"app_version": "x" * 41, "clock_offset_ms": 0, "pending": 0},
        {"app_version": "0.2.0", "clock_offset_ms": "0", "pending": 0},
    ):
        with pytest.raises(ValidationError):
            PushRequest.model_validate(_push(**bad))
