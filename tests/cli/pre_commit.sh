#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by the real
# `pre-commit` (Debian's) in a throwaway repository:
#   tests/cli/pre_commit.sh HOTLINT [--with-build]
# `hotlint` (hotlint on PATH): a commit with a bad file fails and shows the
# finding; a clean file commits; a file excluded by pre-commit's `exclude`
# or by hotlint's own configuration (which --force-exclude applies to the
# file names pre-commit passes) is skipped. With --with-build, the
# `hotlint-build` hook too, which builds hotlint from the hooks repository
# on first use (a Release build: a minute or more).
set -uo pipefail
with_build=false
[ "${2:-}" = --with-build ] && with_build=true
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" pre-commit
command -v pre-commit >/dev/null || { echo "no pre-commit (Debian package pre-commit)" >&2; exit 2; }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export PRE_COMMIT_HOME="$work/pre-commit-home"
export HOTLINT_CACHE_DIR="$work/cache"

# The hooks repository: this source tree as it is now (tracked and new
# files, not the build), committed, so pre-commit can clone it.
hooks="$work/hooks"
mkdir -p "$hooks"
if git -C "$source_dir" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$source_dir" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) |
    tar -xf - -C "$hooks"
else
  tar -C "$source_dir" --exclude=./build -cf - . | tar -xf - -C "$hooks"
fi
[ -f "$hooks/.pre-commit-hooks.yaml" ] || { echo "no .pre-commit-hooks.yaml" >&2; exit 2; }
git -C "$hooks" init -q -b main && git -C "$hooks" add -A && git -C "$hooks" commit -qm hooks
rev=$(git -C "$hooks" rev-parse HEAD)

# hotlint on PATH for the `system` hook: the binary under test
mkdir -p "$work/bin"
ln -s "$hotlint" "$work/bin/hotlint"

project="$work/project"
mkdir -p "$project/vendored" "$project/generated"
cd "$project" || exit 2
git init -q -b main .
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: hotlint
        exclude: ^vendored/
YAML
cat >pyproject.toml <<'TOML'
[tool.hotlint]
exclude = ["generated"]
TOML
git add .pre-commit-config.yaml pyproject.toml && git commit -qm config
PATH="$work/bin:$PATH" pre-commit install >/dev/null || fail "pre-commit install"

bad='def render(items):
    text = ""
    for item in items:
        text += str(item)
    return text
'
clean='def render(items):
    return "".join(str(item) for item in items)
'

# a clean file commits
printf '%s' "$clean" >clean.py
git add clean.py
PATH="$work/bin:$PATH" git commit -qm clean >out.txt 2>&1 || fail "clean file: commit failed: $(cat out.txt)"
grep -q 'hotlint.*Passed' out.txt || fail "clean file: hook did not pass: $(cat out.txt)"

# a bad file fails the commit and shows the finding
printf '%s' "$bad" >bad.py
git add bad.py
if PATH="$work/bin:$PATH" git commit -qm bad >out.txt 2>&1; then
  fail "bad file: the commit went through"
fi
grep -q 'hotlint.*Failed' out.txt || fail "bad file: hook did not fail: $(cat out.txt)"
grep -q 'bad.py:4:9: HOT201' out.txt || fail "bad file: finding not shown: $(cat out.txt)"
git rm -q --cached bad.py && rm bad.py

# excluded by pre-commit (the file never reaches hotlint) and by hotlint's
# configuration (--force-exclude skips it although pre-commit names it)
printf '%s' "$bad" >vendored/lib.py
printf '%s' "$bad" >generated/out.py
git add vendored/lib.py generated/out.py
PATH="$work/bin:$PATH" git commit -qm excluded >out.txt 2>&1 ||
  fail "excluded files: commit failed: $(cat out.txt)"
grep -q 'HOT201' out.txt && fail "excluded files were checked: $(cat out.txt)"

if $with_build; then
  cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: hotlint-build
YAML
  git add .pre-commit-config.yaml && git commit -qm build-hook --no-verify
  printf '%s' "$bad" >bad.py
  git add bad.py
  # no hotlint on PATH: the hook builds its own
  if git commit -qm bad >out.txt 2>&1; then
    fail "hotlint-build: the commit went through: $(tail -20 out.txt)"
  fi
  grep -q 'bad.py:4:9: HOT201' out.txt || fail "hotlint-build: finding not shown: $(tail -30 out.txt)"
  ls "$PRE_COMMIT_HOME"/repo*/build/release/hotlint >/dev/null 2>&1 ||
    fail "hotlint-build: no cached build in pre-commit's cache"
  # second use: the cached build, no rebuild
  start=$(date +%s)
  git commit -qm bad >/dev/null 2>&1
  [ $(($(date +%s) - start)) -lt 20 ] || fail "hotlint-build: rebuilt on second use"
fi

[ $failures -eq 0 ] || exit 1
echo "pre_commit: all passed"
