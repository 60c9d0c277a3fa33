# Sourced by scripts/run_tests.sh and scripts/pg_suite.sh: the tests' files (pytest's tmp_path,
# TMPDIR, the throwaway PostgreSQL) go to a RAM disk when there is one with room, because the
# laptop's SQLite commits with synchronous=FULL and an fsync on a real disk costs more than the
# test's own work (tests/sync: 59 s on disk, 34 s on /dev/shm). A SIGKILL still loses exactly what
# it loses on a disk (the page cache outlives the process); tests that need a real file system of
# their own (a full disk, a read-only mount: tests/core/mounts.py) make it themselves.
#   CARAVAN_TEST_TMP=DIR   put them in DIR instead (e.g. /tmp to test on the disk)
# Sets TEST_TMP (a fresh folder, removed by test_tmp_cleanup) and exports TMPDIR into it.
if [ -z "${CARAVAN_TEST_TMP:-}" ]; then
  CARAVAN_TEST_TMP=${TMPDIR:-/tmp}
  # 4 GB free: a whole run keeps well under 1 GB (tmp_path_retention_policy = "failed").
  shm_free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
  if [ -w /dev/shm ] && [ "${shm_free_kb:-0}" -gt 4194304 ]; then CARAVAN_TEST_TMP=/dev/shm; fi
fi
export CARAVAN_TEST_TMP
TEST_TMP=$(mktemp -d "$CARAVAN_TEST_TMP/caravan-tests.XXXXXX")
export TMPDIR=$TEST_TMP
test_tmp_cleanup() { rm -rf "$TEST_TMP"; }
