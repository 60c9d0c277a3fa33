#!/usr/bin/env bash
# Caravan Field Log developer entry point for Debian/Ubuntu.
#   ./dev.sh run    set everything up, load demo data (first time), start the app
#   ./dev.sh test   set everything up, then the CI stages: gates, the suite on SQLite with the hub's tests
#                   on PostgreSQL beside it (scripts/run_tests.sh), the bundle (only when its inputs
#                   changed: scripts/bundle_stage.sh)
#   ./dev.sh test --cov  the same, the SQLite run measuring coverage (build/coverage.xml)
#   ./dev.sh setup  only set up (system packages, virtualenv, Python packages)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
UV_VERSION=0.13.10  # the installer of setup_python (not a dependency of the app, so in no lock)
# Bytecode is written: without it every test's hub, CLI and worker process compiles SQLAlchemy,
# FastAPI, pydantic … from source again (~1.5 s of CPU each; docs/testing.md, "The CI stages").
unset PYTHONDONTWRITEBYTECODE

APT_PACKAGES=(
  python3 python3-venv python3-pip
  fonts-wqy-microhei fonts-hanazono fontconfig  # hanazono: HanaMinB has CJK Ext-B (𠮷) for rare names
  xvfb xauth
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1
  zbar-tools libzbar0 poppler-utils
  e2fsprogs util-linux
  chromium chromium-driver
  postgresql
  nginx  # the hub's reverse proxy (deploy/nginx/caravan-hub.conf); the failover test runs a real one
  libreoffice-calc-nogui  # the XLSX print-setup test converts sheets to PDF with soffice --headless
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

setup_system() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo ">> installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

setup_python() {
  local stamp=.venv/.installed
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  # The pinned development set (requirements/dev.lock), so CI does not float with PyPI. Refresh it
  # after changing dependencies in pyproject.toml:
  #   .venv/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements/dev.lock
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements/dev.lock -nt "$stamp" ]; then
    echo ">> installing Python packages (requirements/dev.lock)"
    # uv installs the lock in seconds where pip takes ~40 s; the lock stays the one source of truth,
    # and pip installs it when uv cannot be had. uv writes no bytecode at install: the modules are
    # compiled on first import (PYTHONDONTWRITEBYTECODE is unset above), only those that are used.
    # uv builds the editable package in a virtualenv of its own, without PySide6: setup.py is told
    # where lrelease is.
    if .venv/bin/python -m pip install -q "uv==$UV_VERSION" &&
      .venv/bin/python -m uv pip install -q --python .venv/bin/python -r requirements/dev.lock &&
      CARAVAN_LRELEASE=$ROOT/.venv/bin/pyside6-lrelease \
        .venv/bin/python -m uv pip install -q --python .venv/bin/python --no-deps -e .; then
      :
    else
      echo ">> uv failed: installing with pip"
      .venv/bin/python -m pip install -q --upgrade pip
      .venv/bin/python -m pip install -q -r requirements/dev.lock
      .venv/bin/python -m pip install -q --no-deps -e .
    fi
    touch "$stamp"
  fi
  # Translations are built from the .ts sources (pyside6-lrelease ships with PySide6).
  if [ -x scripts/build_translations.sh ]; then scripts/build_translations.sh; fi
}

cmd=${1:-run}
shift || true
case "$cmd" in
  setup)
    setup_system; setup_python ;;
  run)
    setup_system; setup_python
    export CARAVAN_DATA_DIR=${CARAVAN_DATA_DIR:-$ROOT/.demo-data}
    .venv/bin/caravan demo --if-empty
    if .venv/bin/caravan gui --help >/dev/null 2>&1; then
      if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo ">> no display: starting the app on a virtual screen (xvfb-run)"
        exec xvfb-run -a .venv/bin/caravan gui "$@"
      fi
      exec .venv/bin/caravan gui "$@"
    else
      .venv/bin/caravan visit list
      exec .venv/bin/caravan --help
    fi ;;
  test)
    setup_system; setup_python
    export QT_QPA_PLATFORM=offscreen
    suite=(scripts/run_tests.sh)
    if [ "${1:-}" = "--cov" ]; then suite+=(--cov); shift; fi
    if [ $# -gt 0 ]; then exec "${suite[@]}" "$@"; fi
    # The CI stages in order, each timed: gates (lint, format, types, layer contracts, locks, a
    # non-editable wheel), the suite on SQLite and the hub's tests on PostgreSQL at the same time
    # (docs/testing.md, "The CI stages"), the bundle.
    stage() { local t=$SECONDS; "$@"; echo ">> stage $1: $((SECONDS - t)) s"; }
    stage scripts/gates.sh
    stage "${suite[@]}"
    stage scripts/bundle_stage.sh ;;
  *)
    echo "usage: ./dev.sh run|test|setup" >&2; exit 2 ;;
esac
