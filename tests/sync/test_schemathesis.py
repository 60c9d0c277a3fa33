"""Issue #13: the hub's OpenAPI document is complete (every $ref resolves, error answers are
documented) and schemathesis, fuzzing every operation from it, finds 0 server errors.
On SQLite here and on PostgreSQL through scripts/pg_suite.sh."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx
import pytest

from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

from .hubproc import free_port

pytestmark = pytest.mark.server

DEV = "00000000-0000-7000-8000-000000000abc"


def test_openapi_document_is_complete(hub) -> None:  # noqa: ANN001
    doc = httpx.get(hub.url + "/openapi.json").json()
    text = json.dumps(doc)
    schemas = doc["components"]["schemas"]
    refs = set(re.findall(r'"\$ref": "([^"]+)"', text))
    assert "#/components/schemas/Mutation" in refs and "$defs" not in text
    for ref in refs:
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    for path in ("/enroll", "/sync/push", "/sync/pull"):
        responses = doc["paths"][path]["post"]["responses"]
        assert {"200", "401", "403", "409", "413", "422", "426", "429"} <= set(responses), path
    assert "Retry-After" in doc["paths"]["/sync/push"]["post"]["responses"]["429"]["headers"]
    seq = schemas["Mutation"]["properties"]["seq"]
    assert seq["maximum"] == 2**63 - 1  # the bigint range is in the document too


@pytest.mark.slow
def test_schemathesis_finds_no_server_error(hub, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setenv("CARAVAN_HUB_MAX_FAILS_ADDRESS", "1000000")  # fuzzing is not an attack here
    monkeypatch.setenv("CARAVAN_HUB_MAX_FAILS_CREDENTIAL", "1000000")
    port = free_port()
    proc = hub.spawn(port)
    try:
        url = f"http://127.0.0.1:{port}"
        tok = httpx.post(
            url + "/enroll", json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": DEV}
        ).json()["token"]
        out = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", url + "/openapi.json"]
            + ["-H", f"Authorization: Bearer {tok}", "-n", "30", "-c", "not_a_server_error"]
            + ["--generation-deterministic", "-w", "1"],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
        report = out.stdout + out.stderr
        print(report[-2500:])
        assert out.returncode == 0, report[-4000:]
        assert "not_a_server_error" in report or "passed" in report.lower(), report[-2000:]
    finally:
        proc.terminate()
        proc.wait(10)
