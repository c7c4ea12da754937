#!/usr/bin/env bash
# editors/vscode builds with npm and packages with @vscode/vsce:
#   tests/editors/vscode.sh CACHE_DIR
# In a copy of the extension (the source tree stays clean): `npm ci` from
# its package-lock.json (versions and integrity pinned; npm's cache in
# CACHE_DIR), `npm run compile` (tsc), `npm run package` (vsce); then the
# .vsix holds the compiled extension and every setting the server reads.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/hotlint-vscode.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$root/editors/vscode" "$work/extension"
rm -rf "$work/extension/node_modules" "$work/extension/out"
cd "$work/extension"
npm ci --no-audit --no-fund --ignore-scripts --cache "$cache" >npm.log 2>&1 || {
  echo "FAIL: npm ci: $(tail -5 npm.log)" >&2
  exit 1
}
npm run compile >compile.log 2>&1 || { echo "FAIL: tsc: $(cat compile.log)" >&2; exit 1; }
npm run package >package.log 2>&1 || { echo "FAIL: vsce: $(tail -20 package.log)" >&2; exit 1; }
[ -f hotlint.vsix ] || { echo "FAIL: no hotlint.vsix" >&2; exit 1; }
python3 - hotlint.vsix <<'PY'
import json, sys, zipfile
vsix = zipfile.ZipFile(sys.argv[1])
names = set(vsix.namelist())
assert "extension/out/extension.js" in names, sorted(names)[:20]
assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
manifest = json.loads(vsix.read("extension/package.json"))
properties = manifest["contributes"]["configuration"]["properties"]
for key in ("select", "extendSelect", "ignore", "targetVersion", "run", "path"):
    assert "hotlint." + key in properties, key
code = vsix.read("extension/out/extension.js").decode()
for key in ("select", "extendSelect", "ignore", "targetVersion", "run"):
    assert key in code, key  # every setting reaches the server
PY
echo "vscode: built and packaged"
