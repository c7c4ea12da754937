#!/usr/bin/env bash
# `check --fix` rewrites files: tests/cli/fix.sh HOTLINT
#   --diff output (applies with patch(1)), safe fixes applied and the file re-checked (summary "N fixed"), unsafe
#   ones only with --unsafe-fixes, the file's mode kept, no temporary file
#   left behind, --diff writing nothing, and a read-only file reported as
#   "cannot write" with exit 2 and left intact (as root, the check runs as
#   user nobody through setpriv, since root may write any file). The file
#   changing between the check and the rewrite is tested in
#   tests/unit/test_write.c. A symbolic link is fixed through (its target
#   rewritten, the link kept), and so is an --output-file; /dev/stdout is
#   written, never renamed over.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" fix
cd "$work" || exit 2

cat >app.py <<'PY'
import functools


def kind(x):
    return x in ["a", "b", "c"]


@functools.cache
def fib(n):
    return sum([i for i in range(n)])
PY
cat >safe.py <<'PY'
import functools


def kind(x):
    return x in ["a", "b", "c"]


@functools.cache
def fib(n):
    return sum(i for i in range(n))
PY
cp app.py original.py
chmod 640 app.py

# --diff: safe fixes only (HOT208; HOT204 and HOT501 are unsafe), exit 1,
# count on stderr, nothing written
"$hotlint" check --diff app.py >diff.out 2>diff.err
status=$?
[ $status -eq 1 ] || fail "--diff: exit $status, expected 1"
cmp -s app.py original.py || fail "--diff changed the file"
cat >diff.expected <<'DIFF'
--- a/app.py
+++ b/app.py
@@ -7,4 +7,4 @@
 
 @functools.cache
 def fib(n):
-    return sum([i for i in range(n)])
+    return sum(i for i in range(n))
DIFF
cmp -s diff.out diff.expected || fail "--diff output: $(diff diff.expected diff.out)"
[ "$(cat diff.err)" = "Would fix 1 finding." ] || fail "--diff stderr: $(cat diff.err)"
cp app.py patched.py
patch -s patched.py <diff.out && cmp -s patched.py safe.py ||
  fail "the diff does not apply with patch"

# --diff --unsafe-fixes: HOT501 too; a HOT102 local hoisted before the
# module-level class holding the method
cat >unsafe.py <<'PY'
import functools


@functools.cache
def fib(n):
    return n


class Palette:
    def colour(self, name):
        COLOURS = {"red": 1, "green": 2, "blue": 3}
        return COLOURS.get(name)
PY
cat >diff.expected <<'DIFF'
--- a/unsafe.py
+++ b/unsafe.py
@@ -1,12 +1,14 @@
 import functools
 
 
-@functools.cache
+@functools.lru_cache(maxsize=128)
 def fib(n):
     return n
 
 
+COLOURS = {"red": 1, "green": 2, "blue": 3}
+
+
 class Palette:
     def colour(self, name):
-        COLOURS = {"red": 1, "green": 2, "blue": 3}
         return COLOURS.get(name)
DIFF
"$hotlint" check --diff --unsafe-fixes unsafe.py >diff.out 2>diff.err
cmp -s diff.out diff.expected || fail "--diff --unsafe-fixes: $(diff diff.expected diff.out)"
"$hotlint" check --diff unsafe.py >diff.out 2>diff.err
status=$?
[ $status -eq 0 ] && [ ! -s diff.out ] &&
  [ "$(cat diff.err)" = "No fixes would be applied." ] ||
  fail "--diff without --unsafe-fixes: exit $status, $(cat diff.out diff.err)"

out=$("$hotlint" check --fix --output-format concise app.py 2>&1)
status=$?
[ $status -eq 1 ] || fail "--fix: exit $status, expected 1 (HOT204, HOT501 remain)"
cmp -s app.py safe.py || fail "--fix: unexpected content: $(cat app.py)"
grep -q "Found 3 findings (1 fixed, 2 remaining: 1 warm, 1 cold)." <<<"$out" ||
  fail "--fix summary: $out"
[ "$(stat -c %a app.py)" = 640 ] || fail "mode not kept: $(stat -c %a app.py)"
ls -a | grep -q hotlint- && fail "temporary file left: $(ls -a)"

out=$("$hotlint" check --fix --unsafe-fixes app.py 2>&1)
status=$?
[ $status -eq 0 ] || fail "--fix --unsafe-fixes: exit $status: $out"
grep -q "functools.lru_cache(maxsize=128)" app.py &&
  grep -q 'x in {"a", "b", "c"}' app.py ||
  fail "unsafe fixes not applied: $(cat app.py)"
grep -q "Found 2 findings (2 fixed, 0 remaining)." <<<"$out" ||
  fail "--unsafe-fixes summary: $out"

cp original.py locked.py
chmod 444 locked.py
as_user=()
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$work"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
{
  out=$("${as_user[@]}" "$hotlint" check --fix locked.py 2>&1)
  status=$?
  [ $status -eq 2 ] || fail "read-only: exit $status"
  grep -q "hotlint: cannot write 'locked.py': permission denied" <<<"$out" ||
    fail "read-only message: $out"
  cmp -s locked.py original.py || fail "read-only file changed"
}

# a symbolic link: the file it points to is fixed, the link stays a link
mkdir real
cp original.py real/target.py
ln -s real/target.py linked.py
out=$("$hotlint" check --fix linked.py 2>&1)
status=$?
[ $status -eq 1 ] || fail "symlink: exit $status: $out"
[ -L linked.py ] || fail "the symbolic link was replaced by a file"
grep -q "return sum(i for i in range(n))" real/target.py ||
  fail "the link's target was not fixed: $(cat real/target.py)"
ls -a real | grep -q hotlint- && fail "temporary file left: $(ls -a real)"

# --output-file through a link writes the link's target; /dev/stdout is
# written through (not replaced by a rename: that would replace the name)
: >real/report.txt
ln -s real/report.txt report-link.txt
"$hotlint" check --output-format concise -o report-link.txt original.py
[ -L report-link.txt ] || fail "--output-file replaced the link"
grep -q "original.py:10:12: HOT208" real/report.txt ||
  fail "--output-file through a link: $(cat real/report.txt)"
piped=$("$hotlint" check --output-format concise -o /dev/stdout original.py | cat)
grep -q "original.py:10:12: HOT208" <<<"$piped" || fail "-o /dev/stdout: $piped"
[ -L /dev/stdout ] || fail "/dev/stdout is no longer a link"

[ $failures -eq 0 ] || exit 1
echo "fix: all passed"
