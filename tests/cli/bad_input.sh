#!/usr/bin/env bash
# Bad input never crashes and loses nothing: tests/cli/bad_input.sh HOTLINT
#
# Each case generates its input at run time (nothing big is committed) and
# checks `hotlint check --output-format concise good.py BAD` for: the exit
# status documented in docs/cli.md, a clear "hotlint: ..." message naming
# the bad file on stderr, the good file's finding still on stdout, no
# sanitizer report, and no hang (every run is under `timeout`). The large
# inputs run with --file-time-limit 0: under valgrind they take more CPU
# time than the default limit (10 s), which is tested on its own below.
#   unreadable file (chmod 000; the message is not asserted as root, who can
#   read it anyway), a directory named x.py given as a file (an error), a
#   FIFO f.py (named and inside a walked directory), invalid UTF-8, NUL bytes, a syntax error (findings
#   after it still reported), an empty file, files over max-file-size (50
#   MB by default, a configured one) and one allowed, the per-file time
#   limit, 5 000 nested brackets, a UTF-8 BOM alone and before code, CRLF
#   and lone-CR line endings (positions checked), UTF-16, 1 MiB of random
#   bytes, a 1 MB line, a 200 000-character name, 100 000 nested
#   parentheses, 1 000 nested blocks, a 50 000-element tuple, a dangling
#   symlink, a symlink loop, a missing path, --output-file /dev/full or a
#   directory, a closed stdout, bad YAML and TOML configuration, an unknown
#   rule code, a bad rule file. A read-only file with --fix: tests/cli/
#   fix.sh; a file changed between read and fix: tests/unit/test_write.c.
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 HOTLINT" >&2
  exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" bad
cd "$work" || exit 2

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
grep -qF "1 file skipped (max-file-size)." out.txt ||
  fail "the summary does not count the skipped file: $(tail -1 out.txt)"
rm big.py
# 12 MB with the limit lifted on the command line: analysed to its end
make_big big.py 12000
check big-file-allowed 240 --max-file-size 0 --file-time-limit 0 big.py
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
check nested-brackets 60 --file-time-limit 0 deep.py
[ "$status" -eq 1 ] || [ "$status" -eq 2 ] || fail "exit status $status"
expect_good_checked
if [ "$status" -eq 2 ]; then
  expect_stderr "deep.py"
fi
rm deep.py

# --- byte order marks and line endings: positions still right ------------
printf '\xef\xbb\xbf' >bom_only.py
check bom-alone 30 bom_only.py
expect_status 1
expect_good_checked
expect_stderr_empty
rm bom_only.py
for ending in bom crlf cr; do
  case $ending in
    bom) printf '\xef\xbb\xbf' >"$ending.py"; sed 's/$//' good.py >>"$ending.py" ;;
    crlf) sed 's/$/\r/' good.py >"$ending.py" ;;
    cr) tr '\n' '\r' <good.py >"$ending.py" ;;
  esac
  check "line-endings-$ending" 30 "$ending.py"
  expect_status 1
  expect_good_checked
  expect_stderr_empty
  grep -qF "$ending.py:3:9: HOT101 [hot]" out.txt ||
    fail "$ending.py: the finding is not at 3:9: $(cat out.txt)"
  rm "$ending.py"
done

# --- UTF-16: one clear problem -----------------------------------------------
printf 'x = 1\n' | iconv -f UTF-8 -t UTF-16 >utf16.py
check utf-16 30 utf16.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: utf16.py:1:1: UTF-16 text (it starts with the byte order mark FF FE): Python source must be UTF-8; not analysed"
rm utf16.py

# --- 1 MiB of random bytes named .py (seeded: the same bytes every run) ------
python3 -c "import random, sys; r = random.Random(2026); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(1 << 20)))" >random.py
check random-bytes 120 --file-time-limit 0 random.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: random.py:"
rm random.py

# --- huge but valid shapes: analysed, no findings invented, nothing lost -----
python3 -c "print('x = [' + ', '.join(str(i) for i in range(200000)) + ']')" >long_line.py
python3 -c "print('a' * 200000 + ' = 1')" >long_name.py
python3 -c "print('x = ' + '(' * 100000 + '1' + ')' * 100000)" >parens.py
python3 -c "print('T = (' + ', '.join(str(i) for i in range(50000)) + ')')" >tuple.py
[ "$(stat -c %s long_line.py)" -ge 1000000 ] || fail "long_line.py is under 1 MB"
for shape in long_line long_name parens tuple; do
  check "$shape" 240 --file-time-limit 0 "$shape.py"
  expect_status 1
  expect_good_checked
  expect_stderr_empty
  grep -qF "$shape.py:" out.txt && fail "$shape.py: a finding in code without any"
  rm "$shape.py"
done

# --- 1 000 nested blocks: CPython refuses more than 100 levels of indentation
# ("too many levels of indentation"), so does hotlint, as a syntax error
python3 -c "
for i in range(1000):
    print(' ' * i + 'if x:')
print(' ' * 1000 + 'pass')" >blocks.py
check nested-blocks 120 --file-time-limit 0 blocks.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: blocks.py:1:1: syntax error"
rm blocks.py

# --- paths that lead nowhere ---------------------------------------------------
ln -s nowhere.py dangling.py
ln -s loop_b.py loop_a.py
ln -s loop_a.py loop_b.py
check paths 30 dangling.py loop_a.py missing.py
expect_status 2
expect_good_checked
expect_stderr "hotlint: cannot read 'dangling.py': a dangling symbolic link (to 'nowhere.py')"
expect_stderr "hotlint: cannot read 'loop_a.py': too many levels of symbolic links"
expect_stderr "hotlint: cannot read 'missing.py': no such file or directory"
rm dangling.py loop_a.py loop_b.py

# --- an output that cannot be written: exit 2, said so, nothing claimed -------
if [ -w /dev/full ]; then
  check output-dev-full 30 --output-file /dev/full
  expect_status 2
  expect_stderr "hotlint: cannot write '/dev/full': no space left on device"
  [ -s out.txt ] && fail "output on stdout although it went to --output-file"
fi
mkdir report_dir
check output-directory 30 --output-file report_dir
expect_status 2
expect_stderr "hotlint: cannot write 'report_dir': is a directory"
rmdir report_dir

# --- a closed standard output (| head -1): no crash, no "broken pipe" noise --
# Enough findings to fill the pipe after head has gone: hotlint ends as any
# Unix filter does, by SIGPIPE (141 in the shell), with nothing on stderr.
python3 -c "
for i in range(3000):
    print(f'def f{i}(xs):\n    for x in xs:\n        import os')" >many.py
current=closed-stdout
env -u NO_COLOR timeout 60 "$hotlint" check --no-cache many.py 2>err.txt | head -1 >out.txt
codes=("${PIPESTATUS[@]}")
[ "${codes[0]}" -eq 141 ] || [ "${codes[0]}" -eq 1 ] ||
  fail "exit status ${codes[0]}, expected 141 (SIGPIPE) or 1"
expect_stderr_empty
grep -qF "many.py:3:9: HOT101" out.txt || fail "the first line is missing"
rm many.py

# --- bad configuration and rules: exit 2, FILE:LINE:COLUMN, nothing checked --
mkdir conf_yaml conf_toml
cp good.py conf_yaml/mod.py
cp good.py conf_toml/mod.py
printf 'select: [HOT101\nignore: []\n' >conf_yaml/hotlint.yaml
printf '[tool.hotlint]\nselect = ["HOT101"\n' >conf_toml/pyproject.toml
run bad-yaml-config 30 check --output-format concise conf_yaml
expect_status 2
expect_stderr "hotlint: conf_yaml/hotlint.yaml:"
run bad-toml-config 30 check --output-format concise conf_toml
expect_status 2
expect_stderr "hotlint: conf_toml/pyproject.toml:"
rm -rf conf_yaml conf_toml
check unknown-rule 30 --select HOT999
expect_status 2
expect_stderr "HOT999"
mkdir bad_rules
printf 'id: HOT900\nname: broken\nquery: (call function: (identifier\n' >bad_rules/HOT900-broken.yaml
check bad-rule-file 30 --rules-dir bad_rules
expect_status 2
expect_stderr "hotlint: bad_rules/HOT900-broken.yaml:"
rm -rf bad_rules

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
