#!/usr/bin/env bash
# Re-run the hub/sync tests on a throwaway PostgreSQL cluster (started here, removed afterwards).
# PostgreSQL refuses to run as root, so as root the cluster runs as the unprivileged "nobody".
#   scripts/pg_suite.sh [pytest args]       (default: the tests that use the hub's database, on 2 workers,
#                                            each worker on its own database: tests/sync/hubproc.py)
#   scripts/pg_suite.sh --exec CMD...       (any command, e.g. the sync benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
  echo "pg_suite: PostgreSQL is not installed (dev.sh setup installs it)" >&2
  exit 1
fi
. scripts/test_tmp.sh  # the cluster and the tests' files on a RAM disk when there is one
TMP=$(mktemp -d "$CARAVAN_TEST_TMP/caravan-pg.XXXXXX")
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$TMP"
  RUNAS=(runuser -u nobody --)
fi
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
  test_tmp_cleanup
}
trap stop EXIT
"${RUNAS[@]}" "$PGBIN/initdb" -D "$TMP/data" -U caravan -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/data/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $TMP -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null
"${RUNAS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U caravan caravan_test
export CARAVAN_TEST_DB_URL="postgresql+psycopg://caravan@127.0.0.1:$PORT/caravan_test"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# The property tests draw half CI's examples here (tests/helpers/props.py): this stage checks the
# hub's SQL on PostgreSQL, the SQLite run searches the sync rules. A "deep" run stays deep.
case "${CARAVAN_PROP_PROFILE:-ci}" in ci) export CARAVAN_PROP_PROFILE=pg ;; esac
echo ">> hub tests on PostgreSQL ($("$PGBIN/postgres" --version))"
if [ "${1:-}" = "--exec" ]; then  # e.g. scripts/pg_suite.sh --exec .venv/bin/python -m benchmarks sync
  shift
  "$@"
  exit $?
fi
if [ $# -eq 0 ]; then set -- -m hubdb -n "${PYTEST_WORKERS:-2}" tests; fi
.venv/bin/python -m pytest -q --basetemp="$TEST_TMP/pytest" "$@"
