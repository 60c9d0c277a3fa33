#!/usr/bin/env bash
# The gates CI runs before the tests: lint, format, types, the layer contracts, the locks, a non-editable wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
echo ">> ruff check";          .venv/bin/ruff check caravan_app tests benchmarks scripts db
echo ">> ruff format --check"; .venv/bin/ruff format --check caravan_app tests benchmarks scripts db
echo ">> mypy (strict on domain, services: pyproject) + dict returns only shrink"; .venv/bin/mypy caravan_app && .venv/bin/python scripts/count_dict_returns.py --max 0
echo ">> import contracts";    .venv/bin/lint-imports
echo ">> ARCHITECTURE.md's layer table matches the contracts"; .venv/bin/python scripts/check_architecture_doc.py
echo ">> the locks pin every dependency"; .venv/bin/python scripts/check_locks.py
echo ">> wheel (non-editable install + selftest)"; scripts/check_wheel.sh
