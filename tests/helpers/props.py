"""How hard the property tests search: ``CARAVAN_PROP_PROFILE`` picks the number of examples.

A property that syncs laptops with a hub costs 1–3 s per example, so its count is a trade between
depth and CI time. Each test names its counts once, with ``examples(n, ci=…)``:

- ``dev`` (default, a developer's run): ``n``, the count the test was written with.
- ``ci`` (``scripts/run_tests.sh``, every commit): ``ci`` when given, else ``n``. CI starts from a
  fresh clone with no example database, so every run draws new examples: commits add up to far
  more than one run's count.
- ``pg`` (``scripts/pg_suite.sh``): half the ``ci`` count, at least 2. That stage is there for the
  hub's SQL on PostgreSQL; the depth of the sync rules is the SQLite run's job.
- ``deep`` (``scripts/release_check.sh``, or by hand after touching sync): ``5 × n``.

Whatever the profile, a failing example is printed with ``@reproduce_failure`` (``print_blob``) so
a CI failure replays locally. The properties themselves never change with the profile.
"""

from __future__ import annotations

import os

PROFILES = ("dev", "ci", "pg", "deep")


def profile() -> str:
    name = os.environ.get("CARAVAN_PROP_PROFILE", "dev") or "dev"
    if name not in PROFILES:
        raise ValueError(f"CARAVAN_PROP_PROFILE={name!r}: 应为 {' / '.join(PROFILES)} 之一")
    return name


def examples(n: int, ci: int | None = None) -> int:
    """The number of examples for a property written with ``n`` (``ci``: its per-commit count)."""
    p = profile()
    per_commit = n if ci is None else ci
    if p == "ci":
        return per_commit
    if p == "pg":
        return max(2, (per_commit + 1) // 2)
    if p == "deep":
        return 5 * n
    return n
