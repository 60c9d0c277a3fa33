#!/usr/bin/env bash
# Gate: build a wheel, install it NON-editable into a fresh virtualenv, run `caravan selftest` there.
# A wheel that lacks the phone page, the translations or the laptop migrations fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x scripts/build_translations.sh ] && scripts/build_translations.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
.venv/bin/python -m pip wheel -q --no-deps -w "$WORK/dist" . 2>&1 | grep -v -E 'WARNING: Location|^ *$' || true
WHEEL=$(ls "$WORK"/dist/caravan_field_log-*.whl)
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q "$WHEEL" 2>&1 | grep -v 'WARNING: Location' || true
# Run from an empty folder so nothing of the checkout can be imported by accident.
cd "$WORK"
"$WORK/venv/bin/python" - <<'PY'
import caravan_app, sys
from caravan_app.paths import resources_dir, migrations_dir
here = caravan_app.__file__
assert "site-packages" in here, f"caravan_app imported from {here}, not the installed wheel"
assert (resources_dir() / "web" / "signin.html").is_file(), resources_dir()
assert any((resources_dir() / "i18n").glob("*_zh_CN.qm")), "translations missing from the wheel"
assert (migrations_dir() / "versions").is_dir() and (migrations_dir() / "env.py").is_file(), migrations_dir()
import caravan_app.console.render as cr
assert (cr.TEMPLATES / "base.html").is_file(), "console templates missing from the wheel"
assert (cr.TEMPLATES.parent / "static" / "console.css").is_file(), "console stylesheet missing from the wheel"
from caravan_app.console.i18n import catalogue
assert catalogue().get("Devices") == "设备", "console translations missing from the wheel"
print("wheel carries resources at", resources_dir(), "and migrations at", migrations_dir())
PY
QT_QPA_PLATFORM=offscreen "$WORK/venv/bin/caravan" --data-dir "$WORK/data" selftest
"$WORK/venv/bin/caravan" --data-dir "$WORK/data" check
echo ">> wheel OK"
