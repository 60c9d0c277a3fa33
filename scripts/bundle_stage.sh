#!/usr/bin/env bash
# CI stage: build and test the PyInstaller bundle when its inputs changed (scripts/bundle_stamp.py
# compares them with .ci/bundle.stamp), otherwise skip it (~3-5 min saved per commit).
#   scripts/bundle_stage.sh           only when the inputs changed
#   scripts/bundle_stage.sh --always  build it anyway (scripts/release_check.sh does)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ "${1:-}" != "--always" ] && "$PY" scripts/bundle_stamp.py --check; then
  echo ">> bundle stage skipped"
  exit 0
fi
echo ">> bundle stage: PyInstaller build + smoke run (tests/release)"
QT_QPA_PLATFORM=offscreen "$PY" -m pytest -q -n 0 tests/release
if ! "$PY" scripts/bundle_stamp.py --check >/dev/null; then
  echo ">> bundle OK with changed inputs: record it with  $PY scripts/bundle_stamp.py --write  and commit .ci/bundle.stamp"
fi
