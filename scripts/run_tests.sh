#!/usr/bin/env bash
# The whole suite: everything on SQLite, then the tests that use the hub's database again on a
# throwaway PostgreSQL. The bundle build (tests/release) is its own stage: scripts/bundle_stage.sh.
# The tests' files live on a RAM disk when there is one (scripts/test_tmp.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
. scripts/test_tmp.sh
# How many examples the property tests draw (tests/helpers/props.py): "ci" here, "deep" before a release.
export CARAVAN_PROP_PROFILE=${CARAVAN_PROP_PROFILE:-ci}
trap test_tmp_cleanup EXIT
# Two workers (the machines have 2 cores); PYTEST_WORKERS=0 runs in one process.
if [ $# -eq 0 ]; then
  # The whole suite measures coverage (in-process code; the CLI and hub subprocesses are not counted).
  mkdir -p build
  .venv/bin/python -m pytest -q -n "${PYTEST_WORKERS:-2}" --basetemp="$TEST_TMP/pytest" --ignore=tests/release \
    --durations=25 --cov --cov-report=xml:build/coverage.xml --cov-report=
  echo ">> coverage of caravan_app (in-process): $(.venv/bin/coverage report --format=total 2>/dev/null || echo '?')%"
else
  .venv/bin/python -m pytest -q -n "${PYTEST_WORKERS:-2}" --basetemp="$TEST_TMP/pytest" "$@"
fi
if [ -x scripts/pg_suite.sh ] && [ $# -eq 0 ]; then
  scripts/pg_suite.sh
fi
