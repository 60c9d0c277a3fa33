"""A wrong laptop clock for a `caravan` subprocess (like faketime, which this machine lacks):
with this folder first on PYTHONPATH, ``time.time`` reads ``CARAVAN_TEST_CLOCK_SHIFT`` seconds off.
Imported by Python at start, before the app binds ``time.time`` as its HLC's wall clock."""

import os
import time

_shift = float(os.environ.get("CARAVAN_TEST_CLOCK_SHIFT") or 0)
if _shift:
    _real = time.time
    time.time = lambda: _real() + _shift  # type: ignore[assignment]
