#!/usr/bin/env bash
# Mutation testing of the core rules with mutmut (configured in pyproject.toml, [tool.mutmut]):
# every single-point change of the domain rules must make a fast targeted test fail.
#   scripts/mutation.sh            run, then print the score and the surviving mutants
#   .venv/bin/mutmut show NAME     what a survivor changed
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/mutmut run --max-children 2 || true
.venv/bin/mutmut results 2>/dev/null | tee build/mutation-results.txt | tail -40
total=$(grep -c ': ' build/mutation-results.txt || true)
echo ">> survivors listed above (killed mutants are not listed)"
