#!/usr/bin/env bash
# editors/neovim in a real Neovim (Debian's, headless): tests/lsp/neovim.sh
# HOTLINT. Opens a Python file whose finding comes after non-ASCII text and
# checks the diagnostics Neovim received (code, line, columns, source) and
# that hover answers on the finding.
set -uo pipefail
hotlint=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command -v nvim >/dev/null || { echo "no nvim (Debian package neovim)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/hotlint-nvim.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/app.py" <<'PY'
def render(items):
    text = ""
    for item in items: text += "é語🙂" + str(item)
    return text
PY
HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" \
  HOTLINT_SOURCE_DIR="$root" HOTLINT_BIN="$hotlint" \
  HOTLINT_TEST_FILE="$work/app.py" HOTLINT_TEST_OUT="$work/out.json" \
  timeout 60 nvim --headless -n -i NONE -u "$root/tests/lsp/neovim_test.lua" >"$work/nvim.log" 2>&1
status=$?
[ -s "$work/out.json" ] || { echo "FAIL: nvim wrote nothing (exit $status): $(cat "$work/nvim.log")" >&2; exit 1; }
python3 - "$work/out.json" <<'PY' || { echo "FAIL: $(cat "$work/out.json")" >&2; exit 1; }
import json, sys
out = json.load(open(sys.argv[1]))
assert out["waited"], "no diagnostics arrived"
d = out["diagnostics"]
assert len(d) == 1, d
d = d[0]
assert d["code"] == "HOT201" and d["source"] == "hotlint", d
# Neovim 0.7 converts the server's UTF-16 positions to byte columns: the
# finding starts at byte 23 of line 3 and ends 31 bytes later
assert (d["lnum"], d["col"], d["end_col"]) == (2, 23, 23 + 31), d
assert out["hover"] and "**HOT201**" in out["hover"], out["hover"]
PY
echo "neovim: diagnostics and hover received"
