#!/usr/bin/env bash
# Runs tests/lsp/client.js against `hotlint lsp` with vscode-jsonrpc from
# npm, pinned by version and the sha512 integrity of its tarball, fetched
# into CACHE_DIR at test time (never committed):
#   tests/lsp/run.sh HOTLINT CACHE_DIR
set -euo pipefail
hotlint=$(realpath "$1")
cache=$2
readonly PACKAGE=vscode-jsonrpc VERSION=8.2.1
readonly INTEGRITY="sha512-kdjOSJ2lLIn7r1rtrMbbNCHjyMPfRnowdKjBQ+mGq6NAW5QY2bEZC/khaC5OR8svbbjvLEaIXkOq45e2X9BIbQ=="
dir="$cache/$PACKAGE-$VERSION"
tarball="$dir/$PACKAGE-$VERSION.tgz"
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9
integrity_of() {
  python3 -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$1"
}
if [ ! -f "$dir/package/node.js" ] || [ "$(integrity_of "$tarball" 2>/dev/null)" != "$INTEGRITY" ]; then
  rm -rf "$dir/package" "$tarball"
  (cd "$dir" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null 2>"$dir/npm.log") || {
    echo "lsp tests: cannot fetch $PACKAGE@$VERSION from npm: $(tail -3 "$dir/npm.log")" >&2
    exit 2
  }
  got=$(integrity_of "$tarball")
  if [ "$got" != "$INTEGRITY" ]; then
    echo "lsp tests: $PACKAGE@$VERSION does not match its pinned integrity (got $got)" >&2
    rm -f "$tarball"
    exit 2
  fi
  tar -xzf "$tarball" -C "$dir"
fi
flock -u 9
exec node "$(dirname "${BASH_SOURCE[0]}")/client.js" "$hotlint" "$dir/package"
