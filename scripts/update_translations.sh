#!/usr/bin/env bash
# Regenerate one area's translation source from its Python files, keeping existing translations:
#   scripts/update_translations.sh AREA FILE...      e.g.  scripts/update_translations.sh signin caravan_app/ui/pages/signin_page.py
# writes resources/i18n/AREA_zh_CN.ts; then fill in the new <translation> entries (pyside6-linguist or an editor)
# and run scripts/build_translations.sh. tests/gui/test_translations.py fails while any is unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
AREA=${1:-}
if [ "$AREA" = main ] && [ $# -eq 1 ]; then
  # The main area: every UI module except the sign-in, sync, reports and safety areas' own files.
  set -- main $(find caravan_app/ui -name '*.py' | grep -v -E '^caravan_app/ui/(pages/)?(signin|sync|reports)_[^/]*\.py$' \
                | grep -v -E '/(error_dialog|recovery_dialog)\.py$' | sort)
fi
[ $# -ge 2 ] || { echo "usage: $0 AREA FILE...   (or: $0 main)" >&2; exit 2; }
shift
LUPDATE=.venv/bin/pyside6-lupdate
[ -x "$LUPDATE" ] || LUPDATE=$(command -v pyside6-lupdate)
"$LUPDATE" -no-obsolete -locations none -target-language zh_CN "$@" -ts "resources/i18n/${AREA}_zh_CN.ts"
