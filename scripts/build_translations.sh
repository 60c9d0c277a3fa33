#!/usr/bin/env bash
# Compile every resources/i18n/*.ts to .qm (scripts/build_translations.py; lrelease ships with PySide6).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
"$PY" scripts/build_translations.py "$@"
