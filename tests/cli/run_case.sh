#!/usr/bin/env bash
# Runs one data-driven CLI case: tests/cli/run_case.sh HOTLINT CASE_FILE
#
# A case file is a header, then sections that start with a "--- " line:
#
#   # what this case checks (comment lines and blank lines are ignored)
#   args: check --output-format concise sample.py   (shell words; required)
#   exit: 1                                          (default 0)
#   env: NAME=VALUE                                  (repeatable)
#   setup: git init -q                               (repeatable; a shell
#                                                     command run in the case
#                                                     directory first)
#   requires: git                                    (skip, exit 77, if the
#                                                     program is missing)
#   --- file sample.py           a file to create (any sub-directories too)
#   --- stdin                    what the binary reads on standard input
#   --- stdout                   the exact standard output
#   --- stderr                   the exact standard error
#   --- stdout-contains          each non-empty line must occur in stdout
#   --- stderr-contains          each non-empty line must occur in stderr
#   --- stdout-lacks             no non-empty line may occur in stdout
#   --- stderr-lacks             no non-empty line may occur in stderr
#
# Section text is taken verbatim, every line ending in a newline. The binary
# runs in a fresh temporary directory with NO_COLOR unset, stdout and stderr
# redirected to files (never a terminal), stdin from the stdin section or
# /dev/null, under a 60 s timeout. Any sanitizer report fails the case.
#
# HOTLINT_UPDATE_CASES=1 rewrites the exact `--- stdout` / `--- stderr`
# sections of the case with what the binary printed (then read the diff:
# an expected output is only right once checked by hand against RULES.md).
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 HOTLINT CASE_FILE" >&2
  exit 2
fi
hotlint=$(realpath "$1")
case_file=$(realpath "$2")
case_name=$(basename "$case_file" .case)

work=$(mktemp -d "${TMPDIR:-/tmp}/hotlint-case.XXXXXX")
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/run" "$work/expect"

fail() {
  echo "FAIL cli/$case_name: $*" >&2
  exit 1
}

args=""
have_args=false
exit_expected=0
envs=()
setups=()
section=""
target=""
line_number=0
while IFS= read -r line || [ -n "$line" ]; do
  line_number=$((line_number + 1))
  if [[ $line == "--- "* ]]; then
    section=${line#--- }
    case $section in
    "file "*)
      name=${section#file }
      [[ $name == /* || $name == *..* ]] && fail "line $line_number: file name must stay inside the case directory"
      target="$work/run/$name"
      mkdir -p "$(dirname "$target")"
      ;;
    stdin | stdout | stderr | stdout-contains | stderr-contains | stdout-lacks | stderr-lacks)
      target="$work/expect/$section"
      ;;
    *) fail "line $line_number: unknown section '--- $section'" ;;
    esac
    : >"$target"
    continue
  fi
  if [ -n "$section" ]; then
    printf '%s\n' "$line" >>"$target"
    continue
  fi
  case $line in
  "" | "#"*) ;;
  "args: "*)
    args=${line#args: }
    have_args=true
    ;;
  "args:") have_args=true ;;
  "exit: "*) exit_expected=${line#exit: } ;;
  "env: "*) envs+=("${line#env: }") ;;
  "setup: "*) setups+=("${line#setup: }") ;;
  "requires: "*)
    command -v "${line#requires: }" >/dev/null 2>&1 || {
      echo "SKIP cli/$case_name: '${line#requires: }' is not installed"
      exit 77
    }
    ;;
  *) fail "line $line_number: unknown header line '$line'" ;;
  esac
done <"$case_file"
$have_args || fail "no 'args:' line"

cd "$work/run" || fail "cannot enter $work/run"
for setup in "${setups[@]}"; do
  bash -c "$setup" >"$work/setup.log" 2>&1 || {
    cat "$work/setup.log" >&2
    fail "setup failed: $setup"
  }
done

eval "set -- $args" || fail "cannot split args: $args"
stdin_file=/dev/null
[ -f "$work/expect/stdin" ] && stdin_file="$work/expect/stdin"
# Rule pages at a fixed place, so `url` does not depend on the checkout.
env -u NO_COLOR -u HOTLINT_CACHE_DIR -u HOTLINT_CACHE_MAX_KB HOTLINT_DOCS_URL=https://hotlint.example/rules \
  ${envs[@]+"${envs[@]}"} timeout 60 "$hotlint" "$@" \
  <"$stdin_file" >"$work/stdout" 2>"$work/stderr"
status=$?

failed=false
report() {
  echo "FAIL cli/$case_name: $*" >&2
  failed=true
}

if [ "$status" -eq 124 ]; then
  report "timed out"
elif [ "$status" != "$exit_expected" ]; then
  report "exit status $status, expected $exit_expected"
fi
if grep -qE 'Sanitizer|runtime error:' "$work/stderr"; then
  report "sanitizer report"
fi
for stream in stdout stderr; do
  if [ -f "$work/expect/$stream" ] && ! cmp -s "$work/expect/$stream" "$work/$stream"; then
    report "$stream differs (--- expected, +++ actual):"
    diff -u "$work/expect/$stream" "$work/$stream" | head -60 >&2
  fi
  if [ -f "$work/expect/$stream-contains" ]; then
    while IFS= read -r needle; do
      [ -z "$needle" ] && continue
      grep -qF -- "$needle" "$work/$stream" || report "$stream lacks: $needle"
    done <"$work/expect/$stream-contains"
  fi
  if [ -f "$work/expect/$stream-lacks" ]; then
    while IFS= read -r needle; do
      [ -z "$needle" ] && continue
      grep -qF -- "$needle" "$work/$stream" && report "$stream contains: $needle"
    done <"$work/expect/$stream-lacks"
  fi
done

if $failed && [ "${HOTLINT_UPDATE_CASES:-}" = 1 ] && [ "$status" -ne 124 ] &&
  ! grep -qE 'Sanitizer|runtime error:' "$work/stderr"; then
  updated="$work/updated.case"
  skipping=false
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line == "--- "* ]]; then
      skipping=false
      printf '%s\n' "$line" >>"$updated"
      if [ "$line" = "--- stdout" ] || [ "$line" = "--- stderr" ]; then
        cat "$work/${line#--- }" >>"$updated"
        skipping=true
      fi
      continue
    fi
    $skipping || printf '%s\n' "$line" >>"$updated"
  done <"$case_file"
  cp "$updated" "$case_file"
  echo "updated $case_file" >&2
fi
if $failed; then
  echo "--- args: $args" >&2
  echo "--- stdout:" >&2
  head -c 4000 "$work/stdout" >&2
  echo "--- stderr:" >&2
  head -c 4000 "$work/stderr" >&2
  exit 1
fi
echo "ok cli/$case_name"
