#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller and smoke-run it on an empty data folder:
# first start migrates, loads demo data, opens the window offscreen, writes a report, exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x scripts/build_translations.sh ] && scripts/build_translations.sh
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work build_installer.spec
BIN=build/dist/caravan/caravan
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
echo ">> smoke run of $BIN in $SMOKE"
QT_QPA_PLATFORM=offscreen "$BIN" --data-dir "$SMOKE/data" selftest --keep "$SMOKE/data"
test -s "$SMOKE/data/selftest-visit-report.pdf"
"$BIN" --data-dir "$SMOKE/data" check
du -sh build/dist/caravan
echo ">> bundle OK: build/dist/caravan"
