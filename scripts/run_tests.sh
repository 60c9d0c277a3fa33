#!/usr/bin/env bash
# The whole suite: everything on SQLite and, at the same time, the tests that use the hub's database
# again on a throwaway PostgreSQL (scripts/pg_suite.sh). The bundle build (tests/release) is its own
# stage: scripts/bundle_stage.sh. The tests' files live on a RAM disk when there is one
# (scripts/test_tmp.sh).
#   scripts/run_tests.sh               the whole suite (CARAVAN_STAGES_SERIAL=1: PostgreSQL afterwards)
#   scripts/run_tests.sh --cov         the same, the SQLite run measuring coverage (build/coverage.xml)
#   scripts/run_tests.sh ARGS…         pytest ARGS on 2 workers (PYTEST_WORKERS=0: one process)
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# Bytecode is written and read: pytest keeps its assertion-rewritten test modules only then, and
# every worker, hub and CLI process reuses what the first compiled (docs/testing.md, "The CI stages").
unset PYTHONDONTWRITEBYTECODE
. scripts/test_tmp.sh
# How many examples the property tests draw (tests/helpers/props.py): "ci" here, "deep" before a release.
export CARAVAN_PROP_PROFILE=${CARAVAN_PROP_PROFILE:-ci}
pg_pid=
finish() {
  if [ -n "$pg_pid" ]; then kill -- "-$pg_pid" 2>/dev/null || true; fi  # its process group
  test_tmp_cleanup
}
trap finish EXIT
# Coverage is measured on request, not per commit: its tracer slows the in-process tests by about a
# third (docs/testing.md, "The CI stages") and no gate reads the figure.
cov=()
if [ "${1:-}" = "--cov" ]; then
  shift
  cov=(--cov --cov-report=xml:build/coverage.xml --cov-report=)
  mkdir -p build
fi
if [ $# -gt 0 ]; then
  .venv/bin/python -m pytest -q -n "${PYTEST_WORKERS:-2}" --basetemp="$TEST_TMP/pytest" "${cov[@]}" "$@"
  exit
fi
# The PostgreSQL stage runs beside the SQLite one: a test waits on sockets, processes and its hub
# often enough that two workers leave a core partly idle, and neither run then waits for the
# other's last slow test. Its output follows the SQLite run's.
pg_log=$TEST_TMP/pg.log
start=$SECONDS
# The four workers (two here, two in the PostgreSQL run) would each rewrite and compile every test
# module at once on a fresh clone (~20 s of CPU each; ~6 s with the cache): two collections in
# parallel fill the cache first.
warm=(.venv/bin/python -m pytest -q --co -p no:cacheprovider)
.venv/bin/python -m compileall -q -j 2 caravan_app >/dev/null || true
"${warm[@]}" tests/sync tests/gui >/dev/null 2>&1 &
"${warm[@]}" tests --ignore=tests/sync --ignore=tests/gui --ignore=tests/release >/dev/null 2>&1 || true
wait $! || true  # a collection error is the real run's to report
echo ">> bytecode and rewritten tests cached: $((SECONDS - start)) s"
if [ -x scripts/pg_suite.sh ] && [ -z "${CARAVAN_STAGES_SERIAL:-}" ]; then
  set -m  # the background run gets a process group of its own, to be stopped whole on an abort
  (
    t=$SECONDS
    rc=0
    scripts/pg_suite.sh || rc=$?
    echo ">> PostgreSQL run: $((SECONDS - t)) s"
    exit $rc
  ) >"$pg_log" 2>&1 &
  pg_pid=$!
  set +m
fi
rc=0
.venv/bin/python -m pytest -q -n "${PYTEST_WORKERS:-2}" --basetemp="$TEST_TMP/pytest" --ignore=tests/release \
  --durations=25 "${cov[@]}" || rc=$?
echo ">> SQLite run: $((SECONDS - start)) s"
if [ ${#cov[@]} -gt 0 ]; then  # in-process code; the CLI and hub subprocesses are not counted
  echo ">> coverage of caravan_app (in-process): $(.venv/bin/coverage report --format=total 2>/dev/null || echo '?')%"
fi
pg_rc=0
if [ -n "$pg_pid" ]; then
  wait "$pg_pid" || pg_rc=$?
  pg_pid=
  cat "$pg_log"
elif [ -x scripts/pg_suite.sh ]; then
  t=$SECONDS
  scripts/pg_suite.sh || pg_rc=$?
  echo ">> PostgreSQL run: $((SECONDS - t)) s"
fi
[ "$rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
