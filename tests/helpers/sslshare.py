"""One default SSL context per test process for httpx, instead of one per client.

httpx builds a fresh context for every client — the CA bundle parsed again, ~28 ms of CPU — and
``httpx.get``/``httpx.post`` make a client per call: 405 contexts for 159 hub and sign-in tests,
a third of their CPU. A long-running program keeps its client; the tests' processes share the
default context the same way. Only the default (``verify=True``, no client certificate, the CA
settings of the environment) is shared, keyed by ``SSL_CERT_FILE``/``SSL_CERT_DIR``; a test that
passes its own ``verify=`` context or ``cert=`` (tests/sync/test_tls.py) still gets exactly that.
The hub and CLI processes a test starts are untouched."""

from __future__ import annotations

import functools
import os
import ssl
from typing import Any

import httpx._transports.default as _transport

_build = _transport.create_ssl_context


@functools.lru_cache(maxsize=4)
def _default(cafile: str | None, capath: str | None) -> ssl.SSLContext:
    return _build(verify=True, cert=None, trust_env=True)


def _create_ssl_context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> ssl.SSLContext:
    if verify is True and cert is None and trust_env:
        return _default(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    return _build(verify=verify, cert=cert, trust_env=trust_env)


def install() -> None:
    """Idempotent: httpx's transports look the function up in their module at each client."""
    _transport.create_ssl_context = _create_ssl_context
