#!/usr/bin/env bash
# The result cache: tests/cli/cache.sh HOTLINT
#   a warm run gives the same output as a cold one and reads its entries
#   (a hit refreshes an entry's time); an edited file, a corrupt entry and
#   other options are never served stale; --no-cache touches nothing;
#   concurrent runs on an empty cache all print the right output; the size
#   limit prunes; an unusable cache directory is a warning, not a failure.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" cache
cd "$work" || exit 2
unset HOTLINT_CACHE_DIR HOTLINT_CACHE_MAX_KB
entries() { find "${1:-.hotlint_cache}" -type f -name '[0-9a-f]*' | grep -E '/[0-9a-f]{2}/[0-9a-f]{30}$'; }

mkdir -p proj/sub
cat >proj/a.py <<'PY'
def load(items):
    for item in items:
        import json
        json.loads(item)
PY
cat >proj/b.py <<'PY'
x = 1
PY
cat >proj/sub/c.py <<'PY'
def kind(x):
    return x in ["a", "b", "c"]
PY
for i in $(seq 1 40); do
  printf 'def f%d(items):\n    out = ""\n    for s in items:\n        out += s\n    return out\n' "$i" >"proj/gen$i.py"
done

"$hotlint" check --no-cache --output-format json proj >fresh.json 2>&1
[ -d .hotlint_cache ] && fail "--no-cache created the cache"

"$hotlint" check --output-format json proj >cold.json 2>&1
cmp -s cold.json fresh.json || fail "cold run differs from --no-cache"
[ -f .hotlint_cache/CACHEDIR.TAG ] || fail "no CACHEDIR.TAG"
grep -qx '\*' .hotlint_cache/.gitignore || fail "the cache's .gitignore does not ignore it"
[ "$(entries | wc -l)" -eq 43 ] || fail "expected 43 entries, got $(entries | wc -l)"

# warm: the same output, from the entries (each hit refreshes its time)
entries | xargs touch -d '2001-01-01 00:00'
"$hotlint" check --output-format json proj >warm.json 2>&1
cmp -s warm.json fresh.json || fail "warm run differs"
old=$(entries | xargs stat -c %Y | awk '$1 < 1000000000' | wc -l)
[ "$old" -eq 0 ] || fail "$old entries were not read by the warm run"

# an edited file is checked again
# the same length, other content
printf 'def kind(x):\n    return x in {"a", "b", "c"}\n' >proj/sub/c.py
"$hotlint" check --output-format concise proj >edited.txt 2>&1
grep -q 'sub/c.py' edited.txt && fail "an edited file was served from the cache: $(grep sub/c.py edited.txt)"
"$hotlint" check --no-cache --output-format concise proj >edited_fresh.txt 2>&1
cmp -s edited.txt edited_fresh.txt || fail "edited run differs from --no-cache"

# other options are other entries
"$hotlint" check --select HOT101 --output-format concise proj >select.txt 2>&1
"$hotlint" check --no-cache --select HOT101 --output-format concise proj >select_fresh.txt 2>&1
cmp -s select.txt select_fresh.txt || fail "--select served stale results"
"$hotlint" check --target-version py38 --output-format concise proj >t38.txt 2>&1
"$hotlint" check --no-cache --target-version py38 --output-format concise proj >t38_fresh.txt 2>&1
cmp -s t38.txt t38_fresh.txt || fail "--target-version served stale results"

# corrupt entries are misses, and are rewritten
entries | while read -r entry; do
  printf 'garbage' | dd of="$entry" bs=1 seek=70 conv=notrunc status=none
done
"$hotlint" check --output-format concise proj >after_corrupt.txt 2>&1
cmp -s after_corrupt.txt edited_fresh.txt || fail "corrupt entries changed the output"
entries | xargs touch -d '2001-01-01 00:00'
"$hotlint" check --output-format concise proj >after_rewrite.txt 2>&1
cmp -s after_rewrite.txt edited_fresh.txt || fail "rewritten entries give other output"
old=$(entries | xargs stat -c %Y | awk '$1 < 1000000000' | wc -l)
# the entries of this run's options were rewritten, so they are hits now;
# only entries of other options (--select, py38, the old c.py) stay old
[ "$old" -le $((43 + 43 + 1)) ] || fail "$old stale entries"
[ "$(entries | xargs stat -c %Y | awk '$1 >= 1000000000' | wc -l)" -ge 43 ] ||
  fail "the corrupt entries were not rewritten"

# concurrent runs on an empty cache
export HOTLINT_CACHE_DIR="$work/shared-cache"
for i in 1 2 3 4; do
  "$hotlint" check --output-format concise proj >"concurrent$i.txt" 2>&1 &
done
wait
for i in 1 2 3 4; do
  cmp -s "concurrent$i.txt" edited_fresh.txt || fail "concurrent run $i differs"
done
"$hotlint" check --output-format concise proj >after_concurrent.txt 2>&1
cmp -s after_concurrent.txt edited_fresh.txt || fail "run after concurrent runs differs"
leftover=$(find "$HOTLINT_CACHE_DIR" -name '.tmp-*' | wc -l)
[ "$leftover" -eq 0 ] || fail "$leftover temporary files left"

# the size limit
export HOTLINT_CACHE_DIR="$work/small-cache"
HOTLINT_CACHE_MAX_KB=4 "$hotlint" check --output-format concise proj >small.txt 2>&1
cmp -s small.txt edited_fresh.txt || fail "a small cache changed the output"
size=$(entries "$HOTLINT_CACHE_DIR" | xargs cat | wc -c)
[ "$size" -le 4096 ] || fail "cache of $size bytes over a 4 KiB limit"
[ "$(entries "$HOTLINT_CACHE_DIR" | wc -l)" -ge 1 ] || fail "pruning removed everything"

# a size limit that is not a number: a warning, the default limit
rm -rf "$HOTLINT_CACHE_DIR"
HOTLINT_CACHE_MAX_KB=lots "$hotlint" check --output-format concise proj >bad_limit.txt 2>bad_limit.err
grep -q "HOTLINT_CACHE_MAX_KB='lots' is not a size in KiB" bad_limit.err ||
  fail "bad limit warning: $(cat bad_limit.err)"
[ "$(entries "$HOTLINT_CACHE_DIR" | wc -l)" -eq 43 ] || fail "bad limit pruned the cache"

# a cache that cannot be created: a warning, the same findings and status
export HOTLINT_CACHE_DIR=/proc/hotlint-cannot-be-here
"$hotlint" check --output-format concise proj >unusable.txt 2>unusable.err
status=$?
[ $status -eq 1 ] || fail "unusable cache: exit $status"
grep -q "hotlint: warning: cannot use the cache directory '/proc/hotlint-cannot-be-here'" unusable.err ||
  fail "unusable cache warning: $(cat unusable.err)"
grep -v '^hotlint: warning' <(cat unusable.txt) | cmp -s - <(grep -v '^hotlint: warning' edited_fresh.txt) ||
  fail "unusable cache changed the findings"

[ $failures -eq 0 ] || exit 1
echo "cache: all passed"
