#!/usr/bin/env bash
# `check --since REV`: tests/cli/since.sh HOTLINT
#   in a throwaway git repository: only findings starting on lines added or
#   changed since REV (working tree included; untracked files are new; a
#   finding pushed down by lines added above it is old); `A...B` ranges from
#   the merge base; nothing changed is exit 0; an unknown revision, a
#   revision that looks like an option, and a directory outside any
#   repository are exit 2 with a clear message.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" since
command -v git >/dev/null || { echo "no git" >&2; exit 2; }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export HOTLINT_CACHE_DIR="$work/cache"

# outside a repository
mkdir "$work/plain"
cat >"$work/plain/a.py" <<'PY'
def f(items):
    text = ""
    for item in items:
        text += str(item)
    return text
PY
(cd "$work/plain" && GIT_CEILING_DIRECTORIES="$work" "$hotlint" check --since HEAD a.py >out.txt 2>err.txt)
[ $? -eq 2 ] || fail "outside a repository: not exit 2"
grep -q "not in a git repository" "$work/plain/err.txt" || fail "message: $(cat "$work/plain/err.txt")"

repo="$work/repo"
mkdir -p "$repo/pkg"
cd "$repo" || exit 2
git init -q -b main .
cat >pkg/old.py <<'PY'
def render(items):
    text = ""
    for item in items:
        text += str(item)
    return text
PY
git add pkg/old.py && git commit -qm one

# nothing changed since HEAD
"$hotlint" check --since HEAD --output-format concise pkg >out.txt 2>err.txt
status=$?
[ $status -eq 0 ] || fail "no change: exit $status: $(cat out.txt err.txt)"

# lines added above the old finding, and a new finding below
cat >pkg/old.py <<'PY'
import math


def render(items):
    text = ""
    for item in items:
        text += str(item)
    return text


def total(xs):
    return sum([x * x for x in xs])
PY
# an untracked file: every line is new
cat >pkg/new.py <<'PY'
def kind(value):
    return value in ["alpha", "beta", "gamma"]
PY
"$hotlint" check --since HEAD --output-format concise pkg >out.txt 2>err.txt
status=$?
[ $status -eq 1 ] || fail "changes: exit $status: $(cat err.txt)"
grep -q '^pkg/old.py:12:12: HOT208' out.txt || fail "new finding missing: $(cat out.txt)"
grep -q '^pkg/new.py:2:12: HOT204' out.txt || fail "untracked file finding missing: $(cat out.txt)"
grep -q 'HOT201' out.txt && fail "the old finding, moved down, was reported: $(cat out.txt)"
[ "$(grep -c 'HOT' out.txt)" -eq 2 ] || fail "findings: $(cat out.txt)"
# without --since, all three
[ "$("$hotlint" check --no-cache --output-format concise pkg | grep -c HOT)" -eq 3 ] || fail "without --since"
# a changed line counts as new too
git add -A && git commit -qm two
sed -i 's/text += str(item)/text += repr(item)/' pkg/old.py
"$hotlint" check --since HEAD --output-format concise pkg >out.txt 2>err.txt
grep -q '^pkg/old.py:7:9: HOT201' out.txt || fail "changed line: $(cat out.txt)"
[ "$(grep -c 'HOT' out.txt)" -eq 1 ] || fail "changed line only: $(cat out.txt)"
git checkout -q -- pkg/old.py

# A...B: since the merge base, whatever happened on main afterwards
git checkout -q -b feature
cat >>pkg/new.py <<'PY'


def kinds(value):
    return value in ["x", "y", "z"]
PY
git commit -qam feature
git checkout -q main
cat >>pkg/old.py <<'PY'


def again(xs):
    return max([x for x in xs])
PY
git commit -qam main-moves-on
git checkout -q feature
"$hotlint" check --since main...HEAD --output-format concise pkg >out.txt 2>err.txt
status=$?
[ $status -eq 1 ] || fail "range: exit $status: $(cat err.txt)"
grep -q '^pkg/new.py:6:12: HOT204' out.txt || fail "range: feature's finding missing: $(cat out.txt)"
[ "$(grep -c 'HOT' out.txt)" -eq 1 ] || fail "range: $(cat out.txt)"
# run from a subdirectory: paths still match
(cd pkg && "$hotlint" check --since main...HEAD --output-format concise . >../sub.txt 2>&1)
grep -q '^new.py:6:12: HOT204' sub.txt || fail "from a subdirectory: $(cat sub.txt)"

# bad revisions
"$hotlint" check --since no-such-revision pkg >out.txt 2>err.txt
[ $? -eq 2 ] || fail "unknown revision: not exit 2"
grep -q "git cannot compare with 'no-such-revision'" err.txt || fail "message: $(cat err.txt)"
"$hotlint" check --since=--output=$work/leak pkg >out.txt 2>err.txt
[ $? -eq 2 ] || fail "option-like revision: not exit 2"
[ -e "$work/leak" ] && fail "an option-like revision reached git as an option"
"$hotlint" check --since HEAD --fix pkg >out.txt 2>err.txt
[ $? -eq 2 ] || fail "--since --fix: not exit 2"

[ $failures -eq 0 ] || exit 1
echo "since: all passed"
