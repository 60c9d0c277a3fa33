#!/usr/bin/env bash
# Bring the one catalogue up to date with the UI's tr() strings, keeping every existing translation:
#   scripts/update_translations.sh
# new strings come in as unfinished in resources/i18n/caravan_zh_CN.ts; translate them (pyside6-linguist,
# an editor, or scripts/fill_ts.py), then scripts/build_translations.sh. tests/gui/test_translations.py
# fails while any is unfinished. A branch's own <name>_zh_CN.ts: scripts/merge_ts.py folds it in.
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=.venv/bin/pyside6-lupdate
[ -x "$LUPDATE" ] || LUPDATE=$(command -v pyside6-lupdate)
"$LUPDATE" -no-obsolete -locations none -target-language zh_CN $(find caravan_app/ui -name '*.py' | sort) \
  -ts resources/i18n/caravan_zh_CN.ts
