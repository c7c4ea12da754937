#!/usr/bin/env bash
# Bad input never crashes and loses nothing: tests/cli/bad_input.sh HOTLINT
#
# Each case generates its input at run time (nothing big is committed) and
# checks `hotlint check --output-format concise good.py BAD` for: the exit
# status documented in docs/cli.md, a clear "hotlint: ..." message naming
# the bad file on stderr, the good file's finding still on stdout, no
# sanitizer report, and no hang (every run is under `timeout`).
#   unreadable file (chmod 000; the message is not asserted as root, who can
#   read it anyway), a directory named x.py given as a file (an error), a
#   FIFO f.py (named and inside a walked directory), invalid UTF-8, NUL bytes, a syntax error (findings
#   after it still reported), an empty file, files over max-file-size (50
#   MB by default, a configured one) and one allowed, the per-file time
#   limit, 5 000 nested brackets.
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 HOTLINT" >&2
  exit 2
fi
hotlint=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/hotlint-bad.XXXXXX")
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 2

failures=0
current=""
fail() {
  echo "FAIL $current: $*" >&2
  failures=$((failures + 1))
}

# A file with one finding that must survive every bad neighbour.
cat >good.py <<'EOF'
def load(items):
    for item in items:
        import json
        json.dumps(item)
EOF
good_finding="good.py:3:9: HOT101 [hot]"

# run NAME TIMEOUT ARGS...: runs hotlint, leaves status/stdout/stderr.
run() {
  current=$1
  local limit=$2
  shift 2
  env -u NO_COLOR timeout "$limit" "$hotlint" "$@" </dev/null >out.txt 2>err.txt
  status=$?
  if [ "$status" -eq 124 ]; then
    fail "timed out after ${limit}s"
  fi
  if grep -qE 'Sanitizer|runtime error:' err.txt; then
    fail "sanitizer report:"
    head -c 3000 err.txt >&2
  fi
}

expect_status() {
  [ "$status" -eq "$1" ] || {
    fail "exit status $status, expected $1"
    echo "--- stdout" >&2
    head -c 2000 out.txt >&2
    echo "--- stderr" >&2
    head -c 2000 err.txt >&2
  }
}

expect_good_checked() {
  grep -qF "$good_finding" out.txt || fail "the good file's finding is missing"
}

expect_stderr() {
  grep -qF -- "$1" err.txt || {
    fail "stderr lacks: $1"
    echo "--- stderr" >&2
    head -c 2000 err.txt >&2
  }
}

expect_stderr_empty() {
  [ ! -s err.txt ] || {
    fail "unexpected stderr:"
    head -c 2000 err.txt >&2
  }
}

check() {
  run "$1" "$2" check --output-format concise good.py "${@:3}"
}

# --- an unreadable file ---------------------------------------------------
printf 'x = 1\n' >secret.py
chmod 000 secret.py
check unreadable 30 secret.py
expect_good_checked
if [ "$(id -u)" -ne 0 ]; then
  expect_status 2
  expect_stderr "hotlint: cannot read 'secret.py': permission denied"
else
  echo "note: running as root, the permission error of secret.py is not asserted"
fi
chmod 644 secret.py
rm secret.py

# --- a directory named like a Python file, given explicitly -------------
# It was given as a file: a clear error naming it, the others still checked.
mkdir x.py
cp good.py x.py/inner.py
check directory 30 x.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: cannot read 'x.py': is a directory"
# ... and a directory named *.py inside a walked tree is not a file either.
mkdir -p tree/pkg.py
cp good.py tree/mod.py
run directory-in-walk 30 check --output-format concise tree
expect_status 1
expect_stderr_empty
grep -qF "tree/mod.py:3:9: HOT101" out.txt || fail "tree/mod.py not checked"
rm -rf x.py tree

# --- a FIFO: must not block -----------------------------------------------
if mkfifo f.py 2>/dev/null; then
  check fifo 10 f.py
  expect_status 2
  expect_good_checked
  expect_stderr "hotlint: cannot read 'f.py'"
  mkdir walk
  mkfifo walk/pipe.py
  cp good.py walk/mod.py
  run fifo-in-walk 10 check --output-format concise walk
  grep -qF "walk/mod.py:3:9: HOT101" out.txt || fail "walk/mod.py not checked"
  [ "$status" -eq 1 ] || [ "$status" -eq 2 ] || fail "exit status $status"
  rm -rf f.py walk
else
  echo "note: mkfifo unavailable, FIFO cases skipped"
fi

# --- invalid UTF-8 --------------------------------------------------------
printf 'x = "caf\xe9"\ny = 2\n' >latin1.py
check invalid-utf8 30 latin1.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: latin1.py:1:"
rm latin1.py

# --- NUL bytes ------------------------------------------------------------
printf 'x = 1\n\0\0\ny = 2\n' >nul.py
check nul-bytes 30 nul.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: nul.py:"
rm nul.py

# --- a syntax error: what parsed is still analysed ------------------------
cat >broken.py <<'EOF'
def broken(:
    pass


def later(items):
    for item in items:
        import os
        os.getcwd()
EOF
check syntax-error 30 broken.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: broken.py:1:"
grep -qF "broken.py:7:9: HOT101" out.txt ||
  fail "the finding after the syntax error is missing"
rm broken.py

# --- an empty file: nothing to say ----------------------------------------
: >empty.py
check empty 30 empty.py
expect_status 1
expect_good_checked
expect_stderr_empty
rm empty.py

# --- files over max-file-size ----------------------------------------------
# A generated data module: some code, a long triple-quoted string, then a
# function with a finding at the end to show the whole file was analysed.
# (Not megabytes of statements: the sanitizer build parses those ~40x
# slower than Release. Not a long run of comment lines either:
# tree-sitter-python's external scanner is quadratic in consecutive comment
# lines, see tree-sitter/tree-sitter-python#245.)
make_big() { # make_big FILE TEXT_LINES: about TEXT_LINES kB
  local text
  text=$(printf 'y%.0s' $(seq 999))
  {
    yes 'value = compute(1, 2) + 3' | head -n 2000
    echo 'DATA = """'
    yes "$text" | head -n "$2"
    echo '"""'
    cat good.py
  } >"$1"
}
# 50 MB: over the default 10 MB, skipped with a warning that names the file
# and both sizes; not an error (exit 1 from good.py's finding)
make_big big.py 50000
check big-file-skipped 60 big.py
expect_status 1
expect_good_checked
expect_stderr "hotlint: warning: big.py: skipped: 50.1 MB is larger than max-file-size (10 MB)"
grep -qF "big.py:" out.txt && fail "a skipped file has findings"
rm big.py
# 12 MB with the limit lifted on the command line: analysed to its end
make_big big.py 12000
check big-file-allowed 240 --max-file-size 0 big.py
expect_status 1
expect_stderr_empty
expect_good_checked
grep -qF "big.py:$((2000 + 12000 + 5)):9: HOT101" out.txt ||
  fail "the finding at the end of big.py is missing"
rm big.py
# the limit from a configuration file
mkdir limited
printf 'max-file-size: 1KB\n' >limited/hotlint.yaml
head -c 2000 /dev/zero | tr '\0' '#' >limited/wide.py
cp good.py limited/ok.py
run max-file-size-config 30 check --output-format concise limited
expect_status 1
expect_stderr "hotlint: warning: limited/wide.py: skipped: 2 KB is larger than max-file-size (1 KB)"
grep -qF "limited/ok.py:3:9: HOT101" out.txt || fail "limited/ok.py not checked"
rm -rf limited

# --- the per-file time limit ------------------------------------------------
# A 50 000-element tuple under a 1 ms limit: stopped and said so, an error
# (exit 2) naming the file; the other file is still checked in full.
python3 -c "print('T = (' + ', '.join(str(i) for i in range(50000)) + ')')" >slow.py
check time-limit 60 --file-time-limit 1ms slow.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: slow.py:1:1: "
expect_stderr "stopped at the time limit of 1 ms per file (file-time-limit); no findings for this file"
rm slow.py

# --- 5 000 nested brackets --------------------------------------------------
{
  printf 'x = '
  printf '[%.0s' $(seq 5000)
  printf ']%.0s' $(seq 5000)
  printf '\n'
  printf 'y = ('
  printf '(%.0s' $(seq 5000)
  printf ')%.0s' $(seq 5000)
  printf ')\n'
} >deep.py
check nested-brackets 60 deep.py
[ "$status" -eq 1 ] || [ "$status" -eq 2 ] || fail "exit status $status"
expect_good_checked
if [ "$status" -eq 2 ]; then
  expect_stderr "deep.py"
fi
rm deep.py

# --- everything at once, in a walked directory, with several workers --------
mkdir mixed
cp good.py mixed/a_good.py
printf 'x = "\xff"\n' >mixed/b_utf8.py
printf 'def f(:\n' >mixed/c_syntax.py
: >mixed/d_empty.py
cp good.py mixed/e_good.py
run mixed-walk 60 check --output-format concise -j4 mixed
expect_status 2
grep -qF "mixed/a_good.py:3:9: HOT101" out.txt || fail "a_good.py not checked"
grep -qF "mixed/e_good.py:3:9: HOT101" out.txt || fail "e_good.py not checked"
expect_stderr "hotlint: mixed/b_utf8.py:1:"
expect_stderr "hotlint: mixed/c_syntax.py:1:"
rm -rf mixed

if [ "$failures" -ne 0 ]; then
  echo "bad_input: $failures failure(s)" >&2
  exit 1
fi
echo "ok cli/bad_input"
