"""Count the ``caravan`` processes the suite starts: ``CARAVAN_COUNT_PROCS=FILE pytest …`` appends
one line per start (the test's id) to FILE. Off unless the variable is set."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

_OUT = os.environ.get("CARAVAN_COUNT_PROCS")
_current = [""]


def _is_caravan(args: object) -> bool:
    words = [str(a) for a in args] if isinstance(args, list | tuple) else [str(args)]
    return any(w.endswith(("caravan_app.cli.main", "/caravan")) or w == "caravan" for w in words)


if _OUT:
    _init = subprocess.Popen.__init__

    def _counting_init(self: subprocess.Popen, args: object, *a: object, **kw: object) -> None:
        if _is_caravan(args):
            with open(_OUT, "a", encoding="utf-8") as f:
                f.write(_current[0] + "\n")
        _init(self, args, *a, **kw)  # type: ignore[arg-type]

    subprocess.Popen.__init__ = _counting_init  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _name_the_test(request: pytest.FixtureRequest) -> Iterator[None]:
    _current[0] = request.node.nodeid
    yield
