#!/usr/bin/env bash
# Output does not depend on -j: tests/cli/jobs_identical.sh HOTLINT
#
# Generates a tree of modules (findings of several rules, files without
# findings, files with errors, sizes varied so workers finish out of order)
# and runs `hotlint check` with -j1, -j2, -j4 and -j16 in every output
# format and with --statistics: stdout, stderr and the exit status must be
# byte-identical to -j1's.
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 HOTLINT" >&2
  exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" jobs
cd "$work" || exit 2
mkdir -p tree

module() { # module PATH INDEX: a module with a few findings
  local path=$1 i=$2
  mkdir -p "$(dirname "$path")"
  {
    echo "import math"
    echo "COUNTER = 0"
    echo
    echo "def load_$i(items):"
    echo "    for item in items:"
    echo "        import json"
    echo "        json.dumps(item)"
    echo
    echo "def check_$i(value):"
    echo "    return isinstance(value, (int, float, math.inf.__class__, type(None)))"
    echo
    echo "def bump_$i():"
    echo "    global COUNTER"
    echo "    COUNTER += 1"
    echo
    echo "def render_$i(rows):"
    echo "    out = ''"
    echo "    for row in rows:"
    echo "        out += str(row)"
    echo "    return out"
    echo
    echo "class Point_$i:"
    echo "    def __init__(self, x, y):"
    echo "        self.x = x"
    echo "        self.y = y"
    # Padding of varying size so some files take longer than others.
    local pad=$(((i * 7919) % 400))
    for ((k = 0; k < pad; k++)); do
      echo "value_$k = compute($k) + $k  # noqa"
    done
  } >"$path"
}

for i in $(seq 1 60); do
  module "tree/pkg$((i % 5))/mod_$i.py" "$i"
done
for i in $(seq 1 10); do
  echo "x = $i" >"tree/clean_$i.py"
done
printf 'def broken(:\n    pass\n' >tree/pkg1/broken.py
printf 'x = "\xff"\n' >tree/pkg2/latin1.py

run() { # run NAME ARGS...: writes NAME.out, NAME.err, NAME.status
  local name=$1
  shift
  # --no-cache: every -j must analyse, not read what the previous run stored
  env -u NO_COLOR -u HOTLINT_CACHE_DIR timeout 120 "$hotlint" "$@" --no-cache </dev/null >"$name.out" 2>"$name.err"
  echo $? >"$name.status"
}

for mode in full concise json statistics; do
  if [ "$mode" = statistics ]; then
    args=(check --statistics tree missing.py)
  else
    args=(check --output-format "$mode" tree missing.py)
  fi
  run "$mode-j1" "${args[@]}" -j1
  if [ ! -s "$mode-j1.out" ]; then
    echo "FAIL jobs_identical: -j1 --$mode printed nothing" >&2
    failures=$((failures + 1))
  fi
  if grep -qE 'Sanitizer|runtime error:' "$mode-j1.err"; then
    echo "FAIL jobs_identical: sanitizer report with -j1 ($mode)" >&2
    failures=$((failures + 1))
  fi
  for jobs in 2 4 16; do
    run "$mode-j$jobs" "${args[@]}" -j"$jobs"
    for part in out err status; do
      if ! cmp -s "$mode-j1.$part" "$mode-j$jobs.$part"; then
        echo "FAIL jobs_identical: $mode -j$jobs $part differs from -j1:" >&2
        diff -u "$mode-j1.$part" "$mode-j$jobs.$part" | head -40 >&2
        failures=$((failures + 1))
      fi
    done
  done
done

# The status must say "findings and errors" -> 2.
[ "$(cat full-j1.status)" = 2 ] || {
  echo "FAIL jobs_identical: exit status $(cat full-j1.status), expected 2" >&2
  failures=$((failures + 1))
}

if [ "$failures" -ne 0 ]; then
  echo "jobs_identical: $failures failure(s)" >&2
  exit 1
fi
echo "ok cli/jobs_identical"
