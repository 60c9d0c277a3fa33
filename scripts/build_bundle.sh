#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller from the PINNED dependency set (requirements/bundle.lock)
# in its own virtualenv, and smoke-run it on an empty data folder: first start migrates, loads demo
# data, opens the window offscreen, writes a report, exits 0.
#   Refresh the lock after changing dependencies in pyproject.toml:
#     .venv/bin/uv pip compile pyproject.toml --extra bundle --universal --python-version 3.11 --no-header -o requirements/bundle.lock
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x scripts/build_translations.sh ] && scripts/build_translations.sh
BVENV=build/bundle-venv
STAMP=$BVENV/.lock-installed
if [ ! -x "$BVENV/bin/python" ]; then python3 -m venv "$BVENV"; fi
if [ ! -f "$STAMP" ] || ! cmp -s requirements/bundle.lock "$STAMP"; then
  echo ">> installing the pinned bundle dependencies (requirements/bundle.lock)"
  "$BVENV/bin/python" -m pip install -q -r requirements/bundle.lock 2>&1 | grep -v 'WARNING: Location' || true
  cp requirements/bundle.lock "$STAMP"
fi
# The project's own code is taken from this checkout (the spec's pathex), not installed.
"$BVENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath build/dist --workpath build/work build_installer.spec
BIN=build/dist/caravan/caravan
test -x build/dist/caravan/CaravanFieldLog
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
echo ">> smoke run of $BIN in $SMOKE"
QT_QPA_PLATFORM=offscreen "$BIN" --data-dir "$SMOKE/data" selftest --keep "$SMOKE/data"
test -s "$SMOKE/data/selftest-visit-report.pdf"
"$BIN" --data-dir "$SMOKE/data" check
du -sh build/dist/caravan
echo ">> bundle OK: build/dist/caravan"
