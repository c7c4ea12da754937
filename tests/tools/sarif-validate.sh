#!/usr/bin/env bash
# Validates SARIF 2.1.0 files with Microsoft's SARIF Multitool, the validator
# that code-scanning services use:
#
#   tests/tools/sarif-validate.sh CACHE_DIR FILE.sarif...
#
# The Multitool comes from the npm package @microsoft/sarif-multitool-linux,
# pinned below by version and by the SHA-512 integrity of its tarball (npm's
# dist.integrity). It is fetched with `npm pack` into CACHE_DIR the first time
# and reused afterwards; nothing fetched is committed. Every run hashes the
# cached tarball again and checks the unpack stamp, so a damaged cache is
# fetched again, and a download that does not match the pin is refused.
# The package also ships the SARIF schema, at
#   CACHE_DIR/sarif-multitool-linux-5.7.0/package/sarif-2.1.0.json
# (`validate` uses the copy built into the tool; its -j option changed nothing).
#
# Each FILE goes through two runs of the tool:
#  1. `Sarif.Multitool validate`: the JSON schema, the SARIFnnnn rules and the
#     GitHub code-scanning GHnnnn rules (rule kinds "Sarif;Ghas"; override with
#     SARIF_VALIDATE_RULE_KINDS). It exits 0 whatever it finds, so its findings
#     are read from the SARIF log it writes with --output.
#  2. `Sarif.Multitool rewrite`, which loads the file into the SARIF SDK's
#     object model and fails if it cannot. This is needed because `validate`
#     reports nothing at all, not even schema errors, for a file the SDK cannot
#     load: an enum value outside the schema ("level": "info"), a malformed
#     URI, date-time or GUID, an integer beyond 32 bits, a null level.
#     Such a file is reported as error SDK-LOAD with the SDK's exception.
#
# Each error or warning is printed as
#   FILE:LINE:COL: LEVEL RULEID (RuleName): message
# and a summary line per file follows. Results of level note are advice
# (code snippets, version control provenance, message ids instead of text,
# and SARIF2006, whose answer depends on whether the machine reaches the web):
# they are counted but never fail the check; SARIF_VALIDATE_SHOW_NOTES=1 lists
# them too.
#
# Exit status: 0 every file is clean (no error, no warning); 1 at least one
# file has an error or a warning; 2 bad usage, or the tool cannot be fetched,
# verified, unpacked or run (the message says which).
#
# Needs: npm (and node), python3, tar, gzip, flock and timeout. The tool
# itself is a self-contained .NET program linked against libc6, libgcc-s1,
# libstdc++6 and zlib1g; DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 spares it
# libicu.
set -euo pipefail

readonly PACKAGE="@microsoft/sarif-multitool-linux"
readonly VERSION="5.7.0"
readonly INTEGRITY="sha512-NxUbpq6ISCWoTQ/NfOYEwEDKq1Heka/rMoJ5R5LMydcAZQX/X7g5mWHcgxDub+0M07LC96tZ5LZHvF1Qy3gjTA=="
readonly TARBALL_NAME="microsoft-sarif-multitool-linux-${VERSION}.tgz"
# Seconds one run of the tool may take (SARIF2006 makes HTTP requests).
readonly TIMEOUT_SECONDS=300
# The tool skips files over 10,000 KB by default; allow up to 1 GiB.
readonly MAX_FILE_KB=1048576

RULE_KINDS="${SARIF_VALIDATE_RULE_KINDS:-Sarif;Ghas}"
SHOW_NOTES="${SARIF_VALIDATE_SHOW_NOTES:-0}"

die_tool() {
  echo "sarif-validate: $*" >&2
  exit 2
}

if [ $# -lt 2 ]; then
  echo "usage: $0 CACHE_DIR FILE.sarif..." >&2
  exit 2
fi
cache_root=$1
shift

for file in "$@"; do
  if [ ! -f "$file" ] || [ ! -r "$file" ]; then
    echo "sarif-validate: cannot read '$file'" >&2
    exit 2
  fi
done

for command in npm python3 tar gzip flock timeout; do
  command -v "$command" >/dev/null 2>&1 ||
    die_tool "'$command' is needed but not installed"
done

mkdir -p "$cache_root" || die_tool "cannot create cache directory '$cache_root'"
cache_dir=$(cd "$cache_root" && pwd)/sarif-multitool-linux-${VERSION}
mkdir -p "$cache_dir" || die_tool "cannot create '$cache_dir'"
tarball="$cache_dir/$TARBALL_NAME"
package_dir="$cache_dir/package"
stamp="$cache_dir/unpacked.integrity"
multitool="$package_dir/Sarif.Multitool"

# Prints npm's integrity string (sha512-BASE64) of the file $1.
integrity_of() {
  python3 -c 'import base64, hashlib, sys
with open(sys.argv[1], "rb") as f:
    print("sha512-" + base64.b64encode(hashlib.sha512(f.read()).digest()).decode())' "$1"
}

# Succeeds when the file $1 has the pinned integrity; exits 2 if it cannot be
# hashed at all.
has_pinned_integrity() {
  local got
  got=$(integrity_of "$1") || die_tool "cannot compute the SHA-512 of $1"
  [ "$got" = "$INTEGRITY" ]
}

# Downloads the pinned tarball into $tarball, or exits 2.
fetch_tarball() {
  local download_dir got
  download_dir="$cache_dir/download"
  rm -rf "$download_dir"
  mkdir -p "$download_dir"
  echo "sarif-validate: fetching $PACKAGE@$VERSION with npm pack" >&2
  if ! (cd "$download_dir" &&
      npm pack "$PACKAGE@$VERSION" --loglevel=error --pack-destination "$download_dir") \
      >"$cache_dir/npm-pack.log" 2>&1; then
    cat "$cache_dir/npm-pack.log" >&2
    die_tool "cannot download $PACKAGE@$VERSION (npm pack failed; log above)"
  fi
  if [ ! -f "$download_dir/$TARBALL_NAME" ]; then
    cat "$cache_dir/npm-pack.log" >&2
    die_tool "npm pack did not produce $TARBALL_NAME"
  fi
  got=$(integrity_of "$download_dir/$TARBALL_NAME") ||
    die_tool "cannot compute the SHA-512 of $download_dir/$TARBALL_NAME"
  if [ "$got" != "$INTEGRITY" ]; then
    rm -rf "$download_dir"
    die_tool "integrity mismatch for $PACKAGE@$VERSION:
  expected $INTEGRITY
  got      $got"
  fi
  mv "$download_dir/$TARBALL_NAME" "$tarball"
  rm -rf "$download_dir"
}

# Makes sure $package_dir holds the verified, unpacked package.
prepare_tool() {
  if [ -f "$tarball" ] && ! has_pinned_integrity "$tarball"; then
    echo "sarif-validate: cached $TARBALL_NAME does not match the pinned integrity; fetching again" >&2
    rm -f "$tarball" "$stamp"
  fi
  if [ ! -f "$tarball" ]; then
    fetch_tarball
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$INTEGRITY" ] || [ ! -f "$multitool" ]; then
    rm -rf "$package_dir" "$stamp"
    tar -xzf "$tarball" -C "$cache_dir" || die_tool "cannot unpack $tarball"
    # npm's postinstall would do this; `npm pack` does not run it.
    chmod u+x "$multitool" || die_tool "cannot make $multitool executable"
    echo "$INTEGRITY" >"$stamp"
  fi
}

# Tests running in parallel share the cache: the lock (file descriptor 9 on
# CACHE_DIR/.../lock) makes the first one fetch and the others wait for it.
exec 9>"$cache_dir/lock"
flock 9 || die_tool "cannot lock '$cache_dir/lock'"
prepare_tool
flock -u 9
exec 9>&-

export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
# A first run proves the tool starts (its libraries are there) and is the
# pinned version.
version_output=$("$multitool" version 2>&1) || true
case "$version_output" in
  "SARIF Multitool $VERSION"*) ;;
  *)
    echo "$version_output" >&2
    die_tool "cannot run $multitool (output above); remove $cache_dir to unpack it again"
    ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/sarif-validate.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Reads the Multitool's own SARIF log ($1) of `validate` on the input file
# ($2), with the SDK's load error ($3, empty if the file loaded): prints the
# errors and warnings (and notes when asked), then a summary line. Exits 0
# when the file is clean, 10 when it has errors or warnings, anything else
# (2, or 1 if python3 itself fails) when the log is unreadable or says the
# tool could not do its job.
read_findings() {
  python3 - "$1" "$2" "$3" "$SHOW_NOTES" <<'PY'
import json
import re
import sys

log_path, input_path, load_error = sys.argv[1], sys.argv[2], sys.argv[3]
show_notes = sys.argv[4] == "1"
FINDINGS = 10

try:
    with open(log_path, encoding="utf-8-sig") as f:
        log = json.load(f)
    run = log["runs"][0]
except (OSError, ValueError, KeyError, IndexError) as e:
    print(f"sarif-validate: {input_path}: unreadable Multitool output ({e})", file=sys.stderr)
    sys.exit(2)

rules = run.get("tool", {}).get("driver", {}).get("rules", [])


def rule_of(result):
    index = result.get("ruleIndex", -1)
    if 0 <= index < len(rules):
        return rules[index]
    for rule in rules:
        if rule.get("id") == result.get("ruleId"):
            return rule
    return {}


def format_message(message, rule):
    """The result's message: its text, or its rule's messageStrings[id]
    with {N} replaced by arguments[N] (that is how the Multitool writes)."""
    text = message.get("text")
    if text is None:
        template = rule.get("messageStrings", {}).get(message.get("id"), {}).get("text")
        arguments = message.get("arguments", [])
        if template is None:
            return f"(message id '{message.get('id')}', arguments {arguments})"

        def argument(match):
            n = int(match.group(1))
            return str(arguments[n]) if n < len(arguments) else match.group(0)

        text = re.sub(r"\{(\d+)\}", argument, template)
    return text


# The tool's own trouble: a failed invocation, or an error or warning about
# the run itself (for example WRN997: a file skipped for its size).
tool_failed = False
for invocation in run.get("invocations", []):
    for key in ("toolConfigurationNotifications", "toolExecutionNotifications"):
        for notification in invocation.get(key, []):
            level = notification.get("level", "warning")
            descriptor = notification.get("descriptor", {}).get("id", "?")
            text = notification.get("message", {}).get("text", "")
            print(f"sarif-validate: {input_path}: Multitool {level} {descriptor}: {text}",
                  file=sys.stderr)
            if level in ("error", "warning"):
                tool_failed = True
    if invocation.get("executionSuccessful") is False:
        tool_failed = True
if tool_failed:
    sys.exit(2)

counts = {"error": 0, "warning": 0, "note": 0, "none": 0}
for result in run.get("results", []):
    rule = rule_of(result)
    # SARIF 3.27.10: an absent level means the rule's default, else warning.
    level = result.get("level") or rule.get("defaultConfiguration", {}).get("level") or "warning"
    counts[level] = counts.get(level, 0) + 1
    if level in ("note", "none") and not show_notes:
        continue
    region = {}
    locations = result.get("locations") or []
    if locations:
        region = locations[0].get("physicalLocation", {}).get("region", {})
    where = f"{input_path}:{region.get('startLine', 0)}:{region.get('startColumn', 0)}"
    rule_id = result.get("ruleId") or rule.get("id", "?")
    name = f" ({rule['name']})" if rule.get("name") else ""
    print(f"{where}: {level} {rule_id}{name}: {format_message(result.get('message', {}), rule)}")

if load_error:
    counts["error"] += 1
    # Newtonsoft's exceptions end with "Path '...', line L, position P.".
    at = re.search(r"line (\d+), position (\d+)", load_error)
    where = f"{input_path}:{at.group(1)}:{at.group(2)}" if at else f"{input_path}:0:0"
    print(f"{where}: error SDK-LOAD: the SARIF SDK cannot load this file, so the "
          f"validator's SARIF rules did not run on it: {load_error}")

problems = counts["error"] + counts["warning"]
verdict = "clean" if problems == 0 else "FAILED"
print(f"sarif-validate: {input_path}: {verdict}: {counts['error']} error(s), "
      f"{counts['warning']} warning(s), {counts['note']} note(s) (notes do not fail)")
sys.exit(0 if problems == 0 else FINDINGS)
PY
}

status=0
clean=0
index=0
for file in "$@"; do
  index=$((index + 1))

  # 1. validate: its findings go to $output, its console output to $console.
  output="$work/$index.sarif"
  console="$work/$index.log"
  tool_status=0
  timeout "$TIMEOUT_SECONDS" "$multitool" validate "$file" \
    --output "$output" --log ForceOverwrite \
    --level "Error;Warning;Note" --rule-kind "$RULE_KINDS" \
    --max-file-size-in-kb "$MAX_FILE_KB" \
    >"$console" 2>&1 || tool_status=$?
  # The tool exits 0 whatever it finds; non-zero means it did not do its job
  # (unreadable or skipped input, bad option, crash, time-out).
  if [ "$tool_status" -ne 0 ] || [ ! -s "$output" ]; then
    cat "$console" >&2
    echo "sarif-validate: $file: Sarif.Multitool validate failed (exit status $tool_status; its output is above)" >&2
    status=2
    continue
  fi

  # 2. rewrite: does the SARIF SDK load the file? Its first exception line
  # says why not.
  load_log="$work/$index.load.log"
  load_status=0
  timeout "$TIMEOUT_SECONDS" "$multitool" rewrite "$file" \
    --output "$work/$index.rewritten.sarif" --log ForceOverwrite \
    >"$load_log" 2>&1 || load_status=$?
  load_error=""
  if [ "$load_status" -eq 124 ]; then
    echo "sarif-validate: $file: Sarif.Multitool rewrite timed out after $TIMEOUT_SECONDS s" >&2
    status=2
    continue
  elif [ "$load_status" -ne 0 ]; then
    load_error=$(grep -m 1 'Exception' "$load_log" || tail -n 1 "$load_log")
    if [ -z "$load_error" ]; then
      load_error="Sarif.Multitool rewrite exited $load_status"
    fi
  fi

  finding_status=0
  read_findings "$output" "$file" "$load_error" || finding_status=$?
  case "$finding_status" in
    0) clean=$((clean + 1)) ;;
    10) [ "$status" -eq 2 ] || status=1 ;;
    *)
      cat "$console" >&2
      echo "sarif-validate: $file: the Multitool's log says it could not check the file (its output is above)" >&2
      status=2
      ;;
  esac
done

echo "sarif-validate: $clean of $# file(s) clean"
exit "$status"
