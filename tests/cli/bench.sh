#!/usr/bin/env bash
# `check --bench` and `hotlint bench FILE:LINE`: tests/cli/bench.sh HOTLINT
#   every finding whose rule has a benchmark gets a verdict in json, concise,
#   full and --statistics output; a second run over the same cache runs no
#   benchmark and takes at most a quarter of the first run's time;
#   --no-cache measures again; --bench-report writes one page that both of
#   xmllint's parsers accept, with no script and no link out; `bench
#   FILE:LINE` benchmarks that line only;
#   a missing or non-Python interpreter is exit 2 before any work; the
#   analysed code is never run (canary files); the progress bar appears on
#   a terminal only, and not with -q.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" bench
cd "$work" || exit 2
export HOTLINT_CACHE_DIR="$work/cache"

mkdir -p pkg
cat >pkg/app.py <<'PY'
def render(items):
    text = ""
    for item in items:
        text += str(item)
    return text


def total(xs):
    return sum([x * x for x in xs])


def kind(value):
    return value in ["alpha", "beta", "gamma"]
PY

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---- the first run measures; json carries every field -------------------
start=$(now_ms)
"$hotlint" check --bench --output-format json pkg >first.json 2>first.err
status=$?
first_ms=$(($(now_ms) - start))
[ $status -eq 1 ] || fail "check --bench: exit $status: $(cat first.err)"
python3 - first.json <<'PY' || fail "json benchmark fields"
import json, sys
findings = json.load(open(sys.argv[1]))
benchmarked = [f for f in findings if f["benchmark"] is not None]
assert len(benchmarked) >= 3, [f["code"] for f in findings]
for f in benchmarked:
    b = f["benchmark"]
    assert b["status"] in ("confirmed", "refuted", "no-effect"), b
    assert b["python"].startswith("CPython 3."), b
    assert 0 < b["ci_low"] <= b["speedup"] <= b["ci_high"], b
    assert abs(b["before_ns"] / b["after_ns"] - b["speedup"]) < 1e-6 * b["speedup"], b
    assert b["sizes"] and b["size"] == max(s["size"] for s in b["sizes"]), b
    for s in b["sizes"]:
        assert len(s["before_samples_ns"]) == len(s["after_samples_ns"]) >= 11, s
        assert s["loops"] >= 1, s
    if b["status"] == "confirmed":
        assert b["ci_low"] > 1.05, b
    if b["status"] == "refuted":
        assert b["ci_high"] < 0.95, b
PY
grep -Eq '^Benchmarked [0-9]+ findings with CPython 3\.[0-9]+\.[0-9]+ \(/[^)]*\): [1-9][0-9]* run, 0 from the cache\.$' first.err ||
  fail "first run summary: $(cat first.err)"
grep -q 'Benchmarking \[' first.err && fail "a progress bar without a terminal"

# ---- the second run reads the cache: nothing runs, a quarter of the time --
start=$(now_ms)
"$hotlint" check --bench --output-format concise pkg >second.txt 2>second.err
status=$?
second_ms=$(($(now_ms) - start))
[ $status -eq 1 ] || fail "second run: exit $status"
grep -Eq ': 0 run, [1-9][0-9]* from the cache\.$' second.err ||
  fail "second run summary: $(cat second.err)"
[ $((second_ms * 4)) -le "$first_ms" ] ||
  fail "cached run took ${second_ms} ms against ${first_ms} ms"
for line in 4 9 13; do
  grep -Eq "^pkg/app\.py:$line:[0-9]+: HOT[0-9]+ .* \[(confirmed|refuted|no effect) on CPython 3\.[0-9.]+: .*\)\]$" second.txt ||
    fail "concise verdict on line $line: $(cat second.txt)"
done
# the cached verdicts are the first run's
python3 - first.json second.txt <<'PY' || fail "cached verdicts differ from measured ones"
import json, re, sys
first = {f["location"]["row"]: f["benchmark"]["status"].replace("-", " ")
         for f in json.load(open(sys.argv[1])) if f["benchmark"]}
for line in open(sys.argv[2]):
    m = re.match(r"pkg/app\.py:(\d+):\d+: .*\[(confirmed|refuted|no effect) on", line)
    if m:
        assert first[int(m.group(1))] == m.group(2), (line, first)
PY

"$hotlint" check --bench --output-format full pkg >full.txt 2>/dev/null
grep -Eq '^ += benchmark: (confirmed|refuted|no effect) on CPython 3\.' full.txt ||
  fail "full output: $(cat full.txt)"
"$hotlint" check --bench --output-format sarif pkg >bench.sarif 2>/dev/null
python3 - bench.sarif <<'PY' || fail "sarif: no benchmark in the results' properties"
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
assert results and all(r["properties"]["benchmark"]["status"] in
                       ("confirmed", "refuted", "no-effect") for r in results)
PY
for format in github gitlab junit; do
  "$hotlint" check --bench --output-format $format pkg >"bench.$format" 2>/dev/null
  grep -Eq '(confirmed|refuted|no effect) on CPython 3\.' "bench.$format" || fail "$format: no verdict"
done
"$hotlint" check --bench --statistics pkg >stats.txt 2>/dev/null
grep -Eq $'^1\tHOT201\tstring-concat-in-loop\t(confirmed|refuted|no-effect) 1$' stats.txt ||
  fail "statistics: $(cat stats.txt)"

# ---- --bench-report: one self-contained page, well-formed ---------------
"$hotlint" check --bench-report report.html -q pkg >/dev/null 2>report.err
[ $? -eq 1 ] || fail "--bench-report: exit $? $(cat report.err)"
[ -s report.html ] || fail "no report"
xmllint --noout report.html 2>xml.err || fail "report is not well-formed XML: $(head -5 xml.err)"
# libxml2's HTML parser knows HTML 4: it may only complain of the HTML5 and
# SVG element names
html_errors=$(xmllint --html --noout report.html 2>&1 | grep 'error :' |
  grep -Ev 'error : Tag (section|svg|circle|line|text|title) invalid$')
[ -z "$html_errors" ] || fail "xmllint --html: $html_errors"
[ "$(grep -c '<section id="f' report.html)" -eq 3 ] || fail "report sections"
[ "$(grep -o '<svg ' report.html | wc -l)" -ge 3 ] || fail "report charts"
grep -q '<script' report.html && fail "the report has a script"
grep -Eo '(src|href)="[^"#][^"]*"' report.html | grep -q . && fail "the report links out: $(grep -Eo '(src|href)="[^"#][^"]*"' report.html)"
grep -Eq '<p class="verdict (confirmed|refuted|no-effect)">' report.html || fail "report verdict"
grep -q '<span class="hit"><span class="ln">4</span>        text += str(item)</span>' report.html ||
  fail "report excerpt"
"$hotlint" check --bench-report /proc/nope/report.html -q pkg >/dev/null 2>report.err
[ $? -eq 2 ] || fail "unwritable report: not exit 2"
grep -q "cannot write '/proc/nope/report.html'" report.err || fail "message: $(cat report.err)"

# ---- --no-cache measures again -------------------------------------------
"$hotlint" check --bench --no-cache -q --output-format concise pkg/app.py >/dev/null 2>nocache.err
[ -s nocache.err ] && fail "-q printed: $(cat nocache.err)"
"$hotlint" check --bench --no-cache --output-format concise pkg/app.py >/dev/null 2>nocache.err
grep -Eq ': [1-9][0-9]* run, 0 from the cache\.$' nocache.err || fail "--no-cache: $(cat nocache.err)"

# ---- hotlint bench FILE:LINE ------------------------------------------------
"$hotlint" bench --output-format concise pkg/app.py:4 >line.txt 2>line.err
status=$?
[ $status -eq 0 ] || fail "bench FILE:LINE: exit $status: $(cat line.err)"
[ "$(wc -l <line.txt)" -eq 2 ] || fail "bench FILE:LINE printed: $(cat line.txt)"
grep -Eq '^pkg/app\.py:4:9: HOT201 .*\[(confirmed|refuted|no effect) on CPython' line.txt ||
  fail "bench FILE:LINE: $(cat line.txt)"
"$hotlint" bench pkg/app.py:1 >/dev/null 2>none.err
status=$?
[ $status -eq 2 ] || fail "bench on a line without findings: exit $status"
grep -q "no finding with a benchmark on line 1 of 'pkg/app.py'" none.err || fail "message: $(cat none.err)"
"$hotlint" bench pkg/app.py >/dev/null 2>bad.err
[ $? -eq 2 ] || fail "bench without a line: not exit 2"
grep -q "'pkg/app.py' is not FILE:LINE" bad.err || fail "message: $(cat bad.err)"

# ---- the interpreter ----------------------------------------------------------
"$hotlint" check --bench --python /nonexistent/python3 pkg >/dev/null 2>py.err
[ $? -eq 2 ] || fail "missing interpreter: not exit 2"
grep -q "no Python interpreter '/nonexistent/python3'" py.err || fail "message: $(cat py.err)"
"$hotlint" check --bench --python /bin/echo pkg >/dev/null 2>py.err
[ $? -eq 2 ] || fail "not a Python: not exit 2"
grep -q "is not a Python 3 interpreter" py.err || fail "message: $(cat py.err)"
"$hotlint" check --bench --python "$(command -v python3)" --output-format concise pkg >/dev/null 2>py.err
grep -q ': 0 run, ' py.err || fail "--python python3 by path: $(cat py.err)"

# ---- never runs the analysed code -------------------------------------------------
mkdir -p canary
cat >canary/trap.py <<PY
open("$work/canary_top", "w").write("ran")


def build(items):
    text = ""
    for item in items:
        text += open("$work/canary_loop", "w").name
    return sum([open("$work/canary_sum", "w").write("x") for _ in items])
PY
"$hotlint" check --bench --no-cache --output-format json canary >canary.json 2>canary.err
python3 - canary.json <<'PY' || fail "canary findings were not benchmarked: $(cat canary.err)"
import json, sys
findings = json.load(open(sys.argv[1]))
assert sum(1 for f in findings if f["benchmark"]) >= 2, findings
PY
for file in canary_top canary_loop canary_sum; do
  [ -e "$work/$file" ] && fail "the analysed code ran: $file exists"
done

# ---- the progress bar: on a terminal, not with -q -----------------------------------
if command -v script >/dev/null; then
  script -qec "'$hotlint' check --bench --no-cache pkg/app.py >/dev/null" tty.log >/dev/null 2>&1
  grep -q 'Benchmarking \[' tty.log || fail "no progress bar on a terminal: $(cat tty.log)"
  script -qec "'$hotlint' check --bench --no-cache -q pkg/app.py >/dev/null" tty_quiet.log >/dev/null 2>&1
  grep -q 'Benchmarking' tty_quiet.log && fail "a progress bar with -q"
else
  fail "no 'script' to give hotlint a terminal"
fi

[ $failures -eq 0 ] || exit 1
echo "bench: all passed"
