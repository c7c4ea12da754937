#!/usr/bin/env bash
# scripts/bench --quick runs (on the repository's own Python files, with the
# binary under test) and prints its table and its last line with a number
# for every ratio but the cache's: tests/bench/quick.sh HOTLINT
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$("$root/scripts/bench" --quick --bin "$1" 2>&1)
status=$?
fail() {
  echo "FAIL: $*" >&2
  echo "$out" >&2
  exit 1
}
[ $status -eq 0 ] || fail "scripts/bench --quick: exit $status"
for run in parse1 parse2 check1 check2 warm1; do
  grep -Eq "^$run +1x +[0-9.]+ +[0-9.]+ +[0-9.]+$" <<<"$out" || fail "no 1x row for $run"
done
for run in parse1 check1 check2; do
  grep -Eq "^$run +10x +[0-9.]+ +[0-9.]+ +[0-9.]+$" <<<"$out" || fail "no 10x row for $run"
done
number='[0-9]+\.[0-9]+'
rows=$(grep -Ec "^one-file +[a-z_]+ +- +$number +-$" <<<"$out")
[ "$rows" -ge 2 ] || fail "no one-file rows"
grep -Eq "^one-file +every_qu " <<<"$out" || fail "no one-file row for the query-rule file"
last=$(tail -n 1 <<<"$out")
grep -Eq "^bench: check/parse j1 $number, j2/j1 $number, warm/cold $number, rss MiB $number, rss10x/rss $number, time10x/time $number$" <<<"$last" ||
  fail "last line: $last"
echo "bench --quick: table and ratios printed"
