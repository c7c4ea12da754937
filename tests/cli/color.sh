#!/usr/bin/env bash
# Colors only on a terminal, never with NO_COLOR: tests/cli/color.sh HOTLINT
#
# Runs `hotlint check` on a file with a finding under a pseudo-terminal
# (util-linux `script`) and through a pipe, with and without NO_COLOR and
# --color, and looks for ANSI escape sequences. Skipped (77) without
# `script`.
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 HOTLINT" >&2
  exit 2
fi
if ! command -v script >/dev/null 2>&1; then
  echo "SKIP cli/color: 'script' is not installed"
  exit 77
fi
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" color
cd "$work" || exit 2
cat >hot.py <<'EOF'
def load(items):
    for item in items:
        import json
        json.dumps(item)
EOF

esc=$'\x1b'

# on_tty ENV... -- ARGS...: runs hotlint under a pseudo-terminal.
on_tty() {
  local envs=()
  while [ "$1" != "--" ]; do
    envs+=("$1")
    shift
  done
  shift
  local command="env -u NO_COLOR"
  for e in ${envs[@]+"${envs[@]}"}; do command+=" $(printf '%q' "$e")"; done
  command+=" $(printf '%q' "$hotlint")"
  for a in "$@"; do command+=" $(printf '%q' "$a")"; done
  TERM=xterm timeout 30 script -qec "$command" /dev/null </dev/null 2>&1
}

expect() { # expect NAME yes|no OUTPUT
  local name=$1 want=$2 output=$3
  local has=no
  [[ $output == *"$esc"* ]] && has=yes
  if [ "$has" != "$want" ]; then
    echo "FAIL cli/color $name: escape sequences present: $has, expected $want" >&2
    printf '%s\n' "$output" | head -20 | cat -v >&2
    failures=$((failures + 1))
  fi
  if [[ $output != *"HOT101"* ]]; then
    echo "FAIL cli/color $name: the finding is missing" >&2
    printf '%s\n' "$output" | head -20 | cat -v >&2
    failures=$((failures + 1))
  fi
}

expect tty-auto yes "$(on_tty -- check hot.py)"
expect tty-no-color no "$(on_tty NO_COLOR=1 -- check hot.py)"
expect tty-empty-no-color yes "$(on_tty NO_COLOR= -- check hot.py)"
expect tty-dumb no "$(on_tty TERM=dumb -- check hot.py)"
expect tty-never no "$(on_tty -- check --color never hot.py)"
expect tty-concise yes "$(on_tty -- check --output-format concise hot.py)"
expect tty-json no "$(on_tty -- check --output-format json hot.py)"
expect pipe-auto no "$(env -u NO_COLOR TERM=xterm "$hotlint" check hot.py | cat)"
expect pipe-always yes "$(env -u NO_COLOR "$hotlint" check --color=always hot.py | cat)"
expect pipe-always-no-color yes \
  "$(NO_COLOR=1 "$hotlint" check --color=always hot.py | cat)"
expect file-auto no "$(env -u NO_COLOR "$hotlint" check hot.py >out.txt; cat out.txt)"

if [ "$failures" -ne 0 ]; then
  echo "color: $failures failure(s)" >&2
  exit 1
fi
echo "ok cli/color"
