#!/usr/bin/env bash
# The CI output formats, each checked against what its consumer reads:
#   tests/cli/ci_formats.sh HOTLINT [SARIF_VALIDATOR_CACHE]
# - github: every line parsed by the rules of GitHub's runner (a command,
#   comma-separated key=value properties with %XX escapes, the message
#   with its own escapes) gives back the finding's file, position, title
#   and message exactly — with a rule whose message needs every escape
#   (%, CR, LF, ':' and ',') and a file name that needs them too;
# - gitlab: the Code Quality fields and values GitLab requires, unique
#   fingerprints that survive lines added above the findings;
# - junit: well-formed XML (xmllint), one test case per finding;
# - sarif: the structure code scanning reads, partialFingerprints that
#   survive lines added above, and — given a cache directory — Microsoft's
#   SARIF Multitool finds no error and no warning
#   (tests/tools/sarif-validate.sh);
# - --output-file writes the same bytes as stdout would, atomically; an
#   unwritable one is exit 2; --exit-zero turns findings into exit 0 but
#   not errors.
set -uo pipefail
validator_cache=${2:-}
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" ci-formats
cd "$work" || exit 2
export HOTLINT_CACHE_DIR="$work/cache"

mkdir -p rules pkg
cat >rules/HOT901-probe.yaml <<'YAML'
id: HOT901
name: probe-call
severity: warning
category: testing
summary: A call of probe() (a rule for the output-format tests).
message: "100% of: a, b\r\nsecond line: c, d"
explanation: |
  ## What it does
  Reports calls of `probe()`, with a message that needs every escape.
match:
  query: |
    ((call function: (identifier) @function) @call
     (#eq? @function "probe"))
tests:
  valid:
    - |
      other()
  invalid:
    - |
      probe()
YAML
cat >pkg/app.py <<'PY'
def render(items):
    text = ""
    for item in items:
        text += str(item)
    return text


def kind(value):
    return value in ["alpha", "beta", "gamma"]
PY
printf 'probe()\nprobe()\n' >'pkg/we:ird,name%.py'
run() { "$hotlint" check --no-cache --rules-dir rules "$@"; }

# ---- github -------------------------------------------------------------------
run --output-format github pkg >github.txt 2>err.txt
[ $? -eq 1 ] || fail "github: exit status"
run --output-format json pkg >expected.json 2>/dev/null
python3 - github.txt expected.json <<'PY' || fail "github commands do not read back as the findings"
import json, sys

# GitHub's runner (ActionCommand.TryParseV2): "::" command [" " properties]
# "::" data; properties split on ",", each "key=value"; escapes undone:
# data %0D %0A %25 (in that order, %25 last); properties also %3A %2C.
def unescape(text, prop):
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if prop:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for a, b in pairs:
        text = text.replace(a, b)
    return text.replace("%25", "%")

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "output must end with a newline"
commands = []
for line in lines[:-1]:
    assert line.startswith("::"), line
    rest = line[2:]
    end = rest.index("::")
    head, data = rest[:end], rest[end + 2:]
    command, _, props = head.partition(" ")
    properties = {}
    for item in props.split(","):
        key, _, value = item.partition("=")
        properties[key] = unescape(value, True)
    commands.append((command, properties, unescape(data, False)))
findings = json.load(open(sys.argv[2]))
assert len(commands) == len(findings), (len(commands), len(findings))
for (command, p, data), f in zip(commands, findings):
    assert command in ("error", "warning", "notice"), command
    assert p["file"] == f["filename"], (p["file"], f["filename"])
    assert int(p["line"]) == f["location"]["row"]
    assert int(p["col"]) == f["location"]["column"]
    assert int(p["endLine"]) == f["end_location"]["row"]
    assert int(p["endColumn"]) == f["end_location"]["column"]
    assert p["title"] == f"hotlint {f['code']} ({f['name']})", p["title"]
    assert data.startswith(f["message"] + " ["), (data, f["message"])
probe = [c for c in commands if "probe-call" in c[1]["title"]]
assert len(probe) == 2 and probe[0][1]["file"] == "pkg/we:ird,name%.py"
assert probe[0][2].startswith("100% of: a, b\r\nsecond line: c, d ["), repr(probe[0][2])
PY
grep -q '^::notice file=pkg/we%3Aird%2Cname%25.py,line=1,' github.txt || fail "github: property escapes: $(cat github.txt)"
grep -q '::100%25 of: a, b%0D%0Asecond line: c, d \[' github.txt || fail "github: message escapes: $(cat github.txt)"
[ -s err.txt ] && fail "github: stderr: $(cat err.txt)"

# ---- gitlab ---------------------------------------------------------------------
run --output-format gitlab pkg >gitlab.json 2>/dev/null
[ $? -eq 1 ] || fail "gitlab: exit status"
python3 - gitlab.json <<'PY' || fail "gitlab report"
import json, sys
report = json.load(open(sys.argv[1]))
assert isinstance(report, list) and len(report) == 4, report
for issue in report:
    for key in ("description", "check_name", "fingerprint", "severity", "location"):
        assert key in issue, (key, issue)
    assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
    assert isinstance(issue["location"]["path"], str)
    assert isinstance(issue["location"]["lines"]["begin"], int)
assert len({i["fingerprint"] for i in report}) == len(report), "fingerprints repeat"
PY

# ---- junit ----------------------------------------------------------------------
run --output-format junit pkg >junit.xml 2>/dev/null
[ $? -eq 1 ] || fail "junit: exit status"
xmllint --noout junit.xml || fail "junit: not well-formed"
[ "$(grep -c '<testcase ' junit.xml)" -eq 4 ] || fail "junit: test cases: $(cat junit.xml)"
grep -q '<testsuites name="hotlint" tests="4" failures="4" errors="0">' junit.xml || fail "junit: totals"
"$hotlint" check --no-cache --output-format junit rules >empty.xml 2>/dev/null
[ $? -eq 0 ] || fail "junit: no findings: exit"
xmllint --noout empty.xml || fail "junit: empty report not well-formed"

# ---- sarif ----------------------------------------------------------------------
run --output-format sarif pkg >report.sarif 2>/dev/null
[ $? -eq 1 ] || fail "sarif: exit status"
python3 - report.sarif <<'PY' || fail "sarif structure"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0" and log["$schema"]
run = log["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "hotlint" and driver["version"] and driver["informationUri"]
ids = [r["id"] for r in driver["rules"]]
assert "HOT201" in ids and "HOT901" in ids
for rule in driver["rules"]:
    for key in ("id", "name", "shortDescription", "fullDescription", "help",
                "helpUri", "defaultConfiguration"):
        assert key in rule, (key, rule["id"])
    assert rule["help"]["markdown"].startswith("## What it does")
    assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
assert run["columnKind"] == "unicodeCodePoints"
results = run["results"]
assert len(results) == 4
for r in results:
    assert ids[r["ruleIndex"]] == r["ruleId"]
    assert r["level"] in ("note", "warning", "error")
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert not loc["artifactLocation"]["uri"].startswith("/")
    region = loc["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert region["endLine"] >= region["startLine"]
    assert r["partialFingerprints"]["hotlint/v1"]
    assert r["properties"]["hotness"] in ("cold", "warm", "hot")
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
assert "pkg/we%3Aird%2Cname%25.py" in uris, uris
assert len({r["partialFingerprints"]["hotlint/v1"] for r in results}) == 4
PY
if [ -n "$validator_cache" ]; then
  bash "$source_dir/tests/tools/sarif-validate.sh" "$validator_cache" report.sarif >validate.txt 2>&1 ||
    fail "SARIF Multitool: $(cat validate.txt)"
fi

# fingerprints survive lines added above the findings
cp gitlab.json gitlab-before.json
cp report.sarif report-before.sarif
{ printf 'import os\n\n\n'; cat pkg/app.py; } >pkg/app.tmp && mv pkg/app.tmp pkg/app.py
run --output-format gitlab pkg >gitlab.json 2>/dev/null
run --output-format sarif pkg >report.sarif 2>/dev/null
python3 - gitlab-before.json gitlab.json report-before.sarif report.sarif <<'PY' || fail "fingerprints moved with the lines"
import json, sys
g0, g1 = (json.load(open(p)) for p in sys.argv[1:3])
assert {i["fingerprint"] for i in g0} == {i["fingerprint"] for i in g1}
assert [i["location"]["lines"]["begin"] for i in g1] != [i["location"]["lines"]["begin"] for i in g0]
s0, s1 = (json.load(open(p))["runs"][0]["results"] for p in sys.argv[3:5])
fp = lambda rs: {r["partialFingerprints"]["hotlint/v1"] for r in rs}
assert fp(s0) == fp(s1)
PY

# ---- --output-file and --exit-zero ------------------------------------------------
for format in concise sarif github gitlab junit json; do
  run --output-format "$format" pkg >stdout.out 2>/dev/null
  echo stale >report.out
  run --output-format "$format" --output-file report.out pkg >printed.out 2>/dev/null
  status=$?
  [ $status -eq 1 ] || fail "--output-file $format: exit $status"
  [ -s printed.out ] && fail "--output-file $format: wrote to stdout too"
  cmp -s stdout.out report.out || fail "--output-file $format: not what stdout shows"
done
ls -a | grep -q '\.hotlint-' && fail "--output-file left a temporary file: $(ls -a)"
run --output-file /proc/nope/report.out pkg >/dev/null 2>err.txt
[ $? -eq 2 ] || fail "unwritable --output-file: not exit 2"
grep -q "cannot write '/proc/nope/report.out'" err.txt || fail "message: $(cat err.txt)"
run --exit-zero -q pkg >/dev/null 2>&1
[ $? -eq 0 ] || fail "--exit-zero with findings: not exit 0"
run --exit-zero -q pkg missing.py >/dev/null 2>&1
[ $? -eq 2 ] || fail "--exit-zero with an error: not exit 2"

[ $failures -eq 0 ] || exit 1
echo "ci_formats: all passed"
