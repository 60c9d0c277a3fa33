"""Which database the hub under test runs on: ``scripts/pg_suite.sh`` sets ``CARAVAN_TEST_DB_URL``
to a throwaway PostgreSQL; without it every hub is a SQLite file."""

from __future__ import annotations

import os

import pytest


def on_postgresql() -> bool:
    return bool(os.environ.get("CARAVAN_TEST_DB_URL"))


def skip_on_postgresql(reason: str) -> pytest.MarkDecorator:
    """Skip where the test cannot mean the same on PostgreSQL (the reason says why, in the report)."""
    return pytest.mark.skipif(on_postgresql(), reason=reason)
