#!/usr/bin/env bash
# The CI configurations of docs/ci/, tried as far as this machine allows:
#   tests/cli/ci_docs.sh HOTLINT
# each file parses as YAML; the pre-commit configuration and this
# repository's .pre-commit-hooks.yaml pass `pre-commit validate-config` /
# `validate-manifest`; and every `hotlint ...` command of the GitHub
# workflow and of the GitLab job runs, as written, in a throwaway
# repository with a pull-request branch, with the exit status and the
# files the next steps expect (the SARIF file upload-sarif reads, the
# Code Quality and JUnit reports GitLab collects).
set -uo pipefail
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1" ci-docs
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
export HOTLINT_CACHE_DIR="$work/cache" PRE_COMMIT_HOME="$work/pre-commit-home"
ci="$source_dir/docs/ci"
cd "$work" || exit 2

for file in "$ci"/*.yml "$ci"/*.yaml "$source_dir/.pre-commit-hooks.yaml"; do
  python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$file" ||
    fail "$file is not YAML"
done
pre-commit validate-config "$ci/pre-commit-config.yaml" >out.txt 2>&1 ||
  fail "pre-commit validate-config: $(cat out.txt)"
pre-commit validate-manifest "$source_dir/.pre-commit-hooks.yaml" >out.txt 2>&1 ||
  fail "pre-commit validate-manifest: $(cat out.txt)"

# the hotlint commands of a workflow file, one per line
commands() {
  python3 - "$1" "$2" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
lines = []
if sys.argv[2] == "github":
    for job in doc["jobs"].values():
        for step in job["steps"]:
            lines += str(step.get("run", "")).splitlines()
else:
    lines = doc["hotlint"]["script"]
for line in lines:
    if line.strip().startswith("hotlint "):
        print(line.strip())
PY
}

# a repository with a main branch on an "origin" and a pull-request branch
mkdir -p "$work/origin"
cd "$work/origin" || exit 2
git init -q -b main .
mkdir app
cat >app/old.py <<'PY'
def render(items):
    text = ""
    for item in items:
        text += str(item)
    return text
PY
git add -A && git commit -qm base
git clone -q "$work/origin" "$work/checkout"
cd "$work/checkout" || exit 2
git checkout -q -b feature
cat >app/new.py <<'PY'
def kind(value):
    return value in ["alpha", "beta", "gamma"]
PY
git add -A && git commit -qm feature
mkdir -p "$work/bin" && ln -s "$hotlint" "$work/bin/hotlint"

# GitHub: the pull-request step annotates the new finding only and fails
# the step; the SARIF step always writes the whole tree and succeeds
export GITHUB_BASE_REF=main
n=0
while IFS= read -r command; do
  n=$((n + 1))
  PATH="$work/bin:$PATH" bash -c "$command" >"step$n.out" 2>"step$n.err"
  echo $? >"step$n.status"
done < <(commands "$ci/github-actions.yml" github)
[ $n -eq 2 ] || fail "github workflow: expected 2 hotlint commands, got $n"
[ "$(cat step1.status)" -eq 1 ] || fail "annotations step: exit $(cat step1.status): $(cat step1.err)"
grep -q '^::notice file=app/new.py,line=2,' step1.out || fail "annotations: $(cat step1.out)"
grep -q 'app/old.py' step1.out && fail "annotations reach unchanged lines: $(cat step1.out)"
[ "$(cat step2.status)" -eq 0 ] || fail "SARIF step: exit $(cat step2.status): $(cat step2.err)"
sarif=$(python3 -c 'import sys, yaml
for job in yaml.safe_load(open(sys.argv[1]))["jobs"].values():
    for step in job["steps"]:
        if "upload-sarif" in step.get("uses", ""):
            print(step["with"]["sarif_file"])' "$ci/github-actions.yml")
python3 -c 'import json, sys; assert len(json.load(open(sys.argv[1]))["runs"][0]["results"]) == 2' "$sarif" ||
  fail "the SARIF file upload-sarif reads ('$sarif') is missing or wrong"

# GitLab: the job's commands write the reports its artifacts name
n=0
while IFS= read -r command; do
  n=$((n + 1))
  PATH="$work/bin:$PATH" bash -c "$command" >"job$n.out" 2>"job$n.err" ||
    fail "gitlab job: '$command' failed: $(cat "job$n.err")"
done < <(commands "$ci/gitlab-ci.yml" gitlab)
[ $n -eq 2 ] || fail "gitlab job: expected 2 hotlint commands, got $n"
python3 - "$ci/gitlab-ci.yml" <<'PY' || fail "gitlab artifacts"
import json, sys, yaml
reports = yaml.safe_load(open(sys.argv[1]))["hotlint"]["artifacts"]["reports"]
quality = json.load(open(reports["codequality"]))
assert len(quality) == 2 and all(i["fingerprint"] for i in quality)
import xml.dom.minidom
xml.dom.minidom.parse(reports["junit"])
PY

[ $failures -eq 0 ] || exit 1
echo "ci_docs: all passed"
