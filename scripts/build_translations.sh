#!/usr/bin/env bash
# Compile every resources/i18n/*.ts to .qm (pyside6-lrelease ships with PySide6).
set -euo pipefail
cd "$(dirname "$0")/.."
LRELEASE=.venv/bin/pyside6-lrelease
[ -x "$LRELEASE" ] || LRELEASE=$(command -v pyside6-lrelease)
shopt -s nullglob
for ts in resources/i18n/*.ts; do
  "$LRELEASE" -silent "$ts" -qm "${ts%.ts}.qm"
done
