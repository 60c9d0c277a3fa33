"""Fail a test that logs an unexpected WARNING or ERROR (the idea of qutebrowser's logfail).

A warning in the log is something a crew member's log file would show after a field day; a test
that causes one without saying so hides a problem. A test that means to cause one says so:

    @pytest.mark.expected_logs("caravan.sync")     # logger names (prefixes) whose warnings are expected

Qt's own warnings fail tests too (pytest-qt's ``qt_log_level_fail`` in pyproject.toml).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_unexpected_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    marker = request.node.get_closest_marker("expected_logs")
    allowed = tuple(marker.args) if marker else ()
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if marker and not allowed:
        return  # @expected_logs() with no names: anything goes (a fault-injection test)
    unexpected = [r for r in collector.records if not r.name.startswith(allowed) or not allowed]
    if unexpected:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()[:300]}" for r in unexpected[:10])
        pytest.fail(f"unexpected warning/error log records:\n{lines}", pytrace=False)
