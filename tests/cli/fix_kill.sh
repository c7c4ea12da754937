#!/usr/bin/env bash
# `check --fix` killed with SIGKILL part-way never leaves a half-written
# file: tests/cli/fix_kill.sh HOTLINT
#
# 16 files of ~30 kB, each with 300 safe fixes (HOT208), are fixed
# once to learn the fixed text and how long a whole run takes; then the
# originals are restored and runs are killed with SIGKILL at spread-out
# moments of that time. After each kill every file must be byte-identical
# to its original or to its fixed text: a rewrite is a temporary file
# renamed over the original, so there is no moment at which a file holds
# part of each. Temporary files a kill leaves (.NAME.hotlint-XXXXXX) are
# allowed: they are never the file itself, and never linted (not *.py).
# The test fails if no kill landed between the first and the last file
# rewritten. A kill rarely lands inside a write (writing is a sliver of a
# run), so this checks the run as a whole; the write itself is killed
# mid-way, deterministically, in tests/unit/test_write.c.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" kill
cd "$work" || exit 2

mkdir original fixed
python3 - <<'PY'
for n in range(16):
    with open(f"original/m{n:02}.py", "w") as f:
        for i in range(300):
            f.write(f"def f{i}(xs):\n    return sum([x * {i} for x in xs])\n\n\n")
PY
cp original/*.py fixed/
start=$(date +%s%N)
"$hotlint" check --fix --no-cache -q -j1 fixed >/dev/null 2>fixed.err
status=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ $status -eq 0 ] || fail "the full --fix run: exit $status: $(head -c 500 fixed.err)"
for f in original/*.py; do
  name=$(basename "$f")
  cmp -s "$f" "fixed/$name" && fail "$name was not fixed by the full run"
done
echo "a whole --fix run: ${elapsed_ms} ms"

rounds=8
mid_run=0
for round in $(seq 1 $rounds); do
  rm -rf target
  mkdir target
  cp original/*.py target/
  # kill at round/(rounds+1) of the whole run's time
  delay_ms=$((elapsed_ms * round / (rounds + 1)))
  "$hotlint" check --fix --no-cache -q -j1 target >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  done_count=0
  for f in target/*.py; do
    name=$(basename "$f")
    if cmp -s "$f" "fixed/$name"; then
      done_count=$((done_count + 1))
    elif ! cmp -s "$f" "original/$name"; then
      fail "round $round: $name is neither the original nor the fixed file"
    fi
  done
  [ "$done_count" -gt 0 ] && [ "$done_count" -lt 16 ] && mid_run=$((mid_run + 1))
  echo "round $round: killed at ${delay_ms} ms, $done_count of 16 files rewritten, $(find target -name ".*.hotlint-*" | wc -l) temporary files left"
done
[ "$mid_run" -gt 0 ] || fail "no kill landed part-way through the run"

[ $failures -eq 0 ] || exit 1
echo "fix_kill: all passed ($mid_run of $rounds kills part-way)"
