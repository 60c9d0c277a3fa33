#!/usr/bin/env bash
# Mutation testing of the core rules with mutmut (configured in pyproject.toml, [tool.mutmut];
# results and the surviving mutants explained in docs/mutation.md).
#
#   scripts/mutation.sh                          every core module (15-20 min with two children)
#   scripts/mutation.sh 'caravan_app.domain.hlc*' one module (mutmut's fnmatch patterns, several allowed)
#   scripts/mutation.sh --changed [BASE]         only the core modules changed since BASE (default main):
#                                                the nightly job
#   FRESH=1 scripts/mutation.sh ...              start from a new mutants/ copy (after editing only_mutate)
#   .venv/bin/mutmut show NAME                   what a surviving mutant changed
#
# Prints killed/total per module and the survivors; exits 1 if a module scores under 93 %.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen
mkdir -p build

patterns=("$@")
if [[ "${1:-}" == "--changed" ]]; then
  base="${2:-main}"
  core=$(python3 - <<'EOF'
import tomllib
print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["tool"]["mutmut"]["only_mutate"]))
EOF
)
  patterns=()
  for f in $(git diff --name-only "$base"... -- $core); do
    m="${f%.py}"
    patterns+=("${m//\//.}.*")
  done
  if [[ ${#patterns[@]} -eq 0 ]]; then
    echo ">> no core module changed since $base: nothing to mutate"
    exit 0
  fi
  echo ">> changed core modules: ${patterns[*]}"
fi

# mutmut is a dev dependency (pyproject.toml); MUTMUT names another one (e.g. installed beside a shared venv).
mutmut="${MUTMUT:-.venv/bin/mutmut}"
if ! "$mutmut" --version >/dev/null 2>&1; then
  echo ">> $mutmut not found: pip install -e '.[dev]' (mutmut 3.8), or set MUTMUT" >&2
  exit 2
fi

[[ "${FRESH:-0}" == 1 ]] && rm -rf mutants
# The stats (which test covers which function) must see tests added since the last run.
rm -f mutants/mutmut-stats.json
"$mutmut" run --max-children 2 "${patterns[@]}" >build/mutation-run.log 2>&1 || true
"$mutmut" results --all true >build/mutation-results.txt 2>/dev/null || true

python3 - "${patterns[@]}" <<'EOF'
import fnmatch
import re
import sys
from collections import Counter, defaultdict

pats = sys.argv[1:] or ["*"]
per: dict[str, Counter] = defaultdict(Counter)
survivors = []
for line in open("build/mutation-results.txt", encoding="utf-8"):
    m = re.match(r"\s*(\S+): (.+)$", line)
    if not m:
        continue
    name, status = m.group(1), m.group(2).strip()
    if not any(fnmatch.fnmatch(name, p) for p in pats):
        continue
    module = re.sub(r"\.x[_ǁ].*$", "", name)
    per[module][status] += 1
    if status not in ("killed", "timeout"):
        survivors.append(f"{status:10} {name}")
if not per:
    print("no mutant matched (see build/mutation-run.log)")
    sys.exit(2)
low = False
print(f"{'module':40} {'mutants':>8} {'killed':>7} {'score':>7}")
for module in sorted(per):
    c = per[module]
    total = sum(c.values())
    killed = c["killed"] + c["timeout"]
    score = 100.0 * killed / total if total else 100.0
    low |= score < 93
    print(f"{module:40} {total:8} {killed:7} {score:6.1f}%")
print(f"\n{len(survivors)} not killed (mutmut show NAME; reasons in docs/mutation.md):")
print("\n".join(survivors))
sys.exit(1 if low else 0)
EOF
