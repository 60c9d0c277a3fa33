#!/usr/bin/env bash
# Compile every resources/i18n/*.ts to .qm (pyside6-lrelease ships with PySide6).
set -euo pipefail
cd "$(dirname "$0")/.."
LRELEASE=.venv/bin/pyside6-lrelease
[ -x "$LRELEASE" ] || LRELEASE=$(command -v pyside6-lrelease)
shopt -s nullglob
# Write to a temporary file and rename: a running app memory-maps the .qm it loaded, and
# rewriting that file in place would crash it (SIGBUS).
for ts in resources/i18n/*.ts; do
  qm="${ts%.ts}.qm"
  "$LRELEASE" -silent "$ts" -qm "$qm.tmp.$$"
  mv -f "$qm.tmp.$$" "$qm"
done
