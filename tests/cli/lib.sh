# The start every CLI test script shares. Sourced, after the script's own
# argument checks, as
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" NAME
# it sets `hotlint` (the binary, an absolute path) and `work` (a new
# directory named after NAME, made writable again and removed on exit),
# and defines `fail MESSAGE`, which reports a failure and counts it in
# `failures`: the script ends with `[ $failures -eq 0 ] || exit 1`.
hotlint=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/hotlint-$2.XXXXXX")
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
