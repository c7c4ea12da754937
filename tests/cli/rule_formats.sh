#!/usr/bin/env bash
# `hotlint rule` formats: `--all --output-format json` lists exactly the
# rules of rules/*.yaml with their fields (parsed by node's JSON.parse),
# jsonl one per line, concise one line each; on a terminal the Markdown is
# rendered plainly (no '## ', no code fences, no backticks), into a pipe it
# stays Markdown.
set -uo pipefail
hotlint=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

expected=$(ls "$root"/rules/*.yaml | wc -l)
"$hotlint" rule --all --output-format json >all.json || fail "rule --all json exited $?"
count=$(node -e '
  const rules = JSON.parse(require("fs").readFileSync("all.json", "utf8"));
  for (const r of rules)
    for (const k of ["code", "name", "summary", "severity", "hot_only", "python", "url", "explanation"])
      if (!(k in r)) { console.error("missing " + k + " in " + r.code); process.exit(1); }
  console.log(rules.length);') || fail "json is not the expected shape"
[ "$count" = "$expected" ] || fail "json lists $count rules, rules/ has $expected"
lines=$("$hotlint" rule --all --output-format jsonl | node -e '
  const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
  lines.forEach((l) => JSON.parse(l));
  console.log(lines.length);') || fail "jsonl is not JSON lines"
[ "$lines" = "$expected" ] || fail "jsonl has $lines lines, expected $expected"
concise=$("$hotlint" rule --all --output-format concise | wc -l)
[ "$concise" = "$expected" ] || fail "concise has $concise lines, expected $expected"

"$hotlint" rule HOT201 >piped.txt
grep -q '^## What it does' piped.txt || fail "piped output is not Markdown"
if command -v script >/dev/null 2>&1; then
  TERM=xterm timeout 30 script -qec "'$hotlint' rule HOT201" /dev/null </dev/null >tty.txt 2>&1
  grep -q '^What it does' tty.txt || fail "terminal output lacks the plain heading"
  grep -q '^## ' tty.txt && fail "terminal output still has '## '"
  grep -q '```' tty.txt && fail "terminal output still has code fences"
else
  echo "note: 'script' is not installed; the terminal rendering was not checked"
fi
rm -f all.json piped.txt tty.txt
[ "$failures" -eq 0 ] && echo "rule formats: ok"
exit "$failures"
