#!/usr/bin/env bash
# `check --emit-bench DIR`: tests/cli/emit_bench.sh HOTLINT
#   one script per finding whose rule has a benchmark, named after file,
#   position and rule; python3 -I compiles each and runs one to JSON samples
#   with both variants agreeing; the count on stderr; a directory that cannot
#   be created is an error (exit 2).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" emit
cd "$work" || exit 2
python=$(command -v python3) || { echo "no python3" >&2; exit 2; }

mkdir -p pkg
cat >pkg/app.py <<'PY'
def render(items):
    text = ""
    for item in items:
        text += str(item)
    return text


def total(xs):
    return sum([x * x for x in xs])


def kind(value):
    return value in ["alpha", "beta", "gamma"]
PY

out=$("$hotlint" check --no-cache --output-format concise --emit-bench scripts pkg 2>err.txt)
status=$?
[ $status -eq 1 ] || fail "exit $status: $(cat err.txt)"
findings=$(grep -c 'HOT' <<<"$out")
[ -d scripts ] || fail "no scripts directory"
count=$(find scripts -name '*.py' | wc -l)
[ "$count" -ge 3 ] || fail "expected at least 3 scripts, got $count: $(ls scripts)"
grep -q "^Wrote $count benchmark scripts to scripts.$" err.txt || fail "summary: $(cat err.txt)"
[ -f scripts/pkg_app.py__L4_C9_HOT201.py ] || fail "names: $(ls scripts)"
for script in scripts/*.py; do
  "$python" -I -c 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")' "$script" ||
    fail "$script does not compile"
  grep -q '^# hotlint: micro-benchmark of HOT' "$script" || fail "$script: no header"
done
# a finding of a rule without a benchmark gets no script
[ "$findings" -ge "$count" ] || fail "more scripts than findings"

run=$(cd scripts && env -i "$python" -I pkg_app.py__L9_C12_HOT208.py 2>&1)
grep -q '"before_ns"' <<<"$run" || fail "HOT208 script output: $run"
grep -q '"error"' <<<"$run" && fail "HOT208 script reported: $run"

"$hotlint" check --no-cache --emit-bench /proc/hotlint-no pkg >/dev/null 2>err.txt
status=$?
[ $status -eq 2 ] || fail "unwritable directory: exit $status"
grep -q "cannot create '/proc/hotlint-no'" err.txt || fail "message: $(cat err.txt)"

[ $failures -eq 0 ] || exit 1
echo "emit_bench: all passed"
