#!/usr/bin/env bash
# Before a release: the gates, the whole suite, the Windows wheel check of the pinned set, and the
# bundle built and smoke-run whatever the stamp says.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export CARAVAN_PROP_PROFILE=${CARAVAN_PROP_PROFILE:-deep}  # 5x the property examples (tests/helpers/props.py)
scripts/gates.sh
scripts/run_tests.sh --cov  # with the coverage report (build/coverage.xml)
.venv/bin/python scripts/check_win_wheels.py
scripts/bundle_stage.sh --always
.venv/bin/python scripts/bundle_stamp.py --write
echo ">> release checks passed (commit .ci/bundle.stamp if it changed)"
