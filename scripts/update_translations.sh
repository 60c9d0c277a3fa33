#!/usr/bin/env bash
# Regenerate one area's translation source from its Python files, keeping existing translations:
#   scripts/update_translations.sh AREA FILE...      e.g.  scripts/update_translations.sh signin caravan_app/ui/pages/signin_page.py
# writes resources/i18n/AREA_zh_CN.ts; then fill in the new <translation> entries (pyside6-linguist or an editor)
# and run scripts/build_translations.sh. tests/gui/test_translations.py fails while any is unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 AREA FILE..." >&2; exit 2; }
AREA=$1; shift
LUPDATE=.venv/bin/pyside6-lupdate
[ -x "$LUPDATE" ] || LUPDATE=$(command -v pyside6-lupdate)
"$LUPDATE" -no-obsolete -locations none -target-language zh_CN "$@" -ts "resources/i18n/${AREA}_zh_CN.ts"
