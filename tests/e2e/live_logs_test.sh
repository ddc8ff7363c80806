#!/usr/bin/env bash
# End-to-end: live pod output and the run directory on real docker and podman. Per engine,
# a two-step workflow (each step writes to stdout and stderr): every line shows on stderr
# prefixed by its step's display name while the run goes on, lands in
# $FLOWRUN_STATE_DIR/runs/NAME/logs/<node id>.log, status.json ends Succeeded, and -v names
# the engine and why it was chosen.
#
#   live_logs_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). DOCKER_HOST and CONTAINERS_CONF
# default to what `scripts/engines.sh env` prints. Needs python3 to read JSON.
# Ends with "N passed, M failed"; exits non-zero if anything failed.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: live_logs_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-logs.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
unset NO_COLOR
tag=e2elogs$$

cleanup() {
  local engine ids
  for engine in $engines; do
    ids=$("$engine" ps -aq --filter "label=flowrun.workflow=$tag-$engine" 2>/dev/null || true)
    # shellcheck disable=SC2086  # one argument per id
    [[ -z $ids ]] || "$engine" rm -f $ids >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT


# json FILE EXPR: a python expression over `d` (the JSON in FILE).
json() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2" 2>&1 || true
}

check_engine() {
  local engine=$1 name=$tag-$1 rc=0 dir status id problems=()
  cat >"$work/wf.yaml" <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: $name}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: first-step, template: say, arguments: {parameters: [{name: word, value: one}]}}
    - - {name: second-step, template: say, arguments: {parameters: [{name: word, value: two}]}}
  - name: say
    inputs: {parameters: [{name: word}]}
    container:
      image: busybox:1.36
      command: [sh, -c, "echo out {{inputs.parameters.word}}; echo err {{inputs.parameters.word}} >&2"]
YAML
  timeout 300 "$flowrun" run --runtime "$engine" -v \
    --image-map "busybox:1.36=localhost/flowrun-busybox:latest" "$work/wf.yaml" \
    >"$work/out" 2>"$work/err" || rc=$?
  [[ $rc -eq 0 ]] || problems+=("exit $rc")
  local line
  for line in "first-step: out one" "first-step: err one" "second-step: out two" \
    "second-step: err two"; do
    grep -qxF "$line" "$work/err" || problems+=("stderr lacks the line: $line")
  done
  grep -q "^flowrun: using $engine [^ ]* ([^)]*): --runtime $engine\$" "$work/err" ||
    problems+=("no 'flowrun: using $engine VERSION (PATH): --runtime $engine' line")
  ! grep -q $'\033' "$work/err" || problems+=("colour on a stderr that is not a terminal")
  dir=$FLOWRUN_STATE_DIR/runs/$name
  status=$(json "$dir/status.json" 'd["status"]["phase"]')
  [[ $status == Succeeded ]] || problems+=("status.json phase: $status")
  for step in first-step:one second-step:two; do
    id=$(json "$dir/status.json" \
      "[i for i, n in d['status']['nodes'].items() if n['displayName'] == '${step%%:*}'][0]")
    for line in "out ${step#*:}" "err ${step#*:}"; do
      grep -qxF "$line" "$dir/logs/$id.log" 2>/dev/null ||
        problems+=("logs/$id.log lacks the line: $line")
    done
  done
  if ((${#problems[@]} == 0)); then
    pass "$engine: live prefixed logs, per-node log files, status.json"
  else
    fail "$engine: live logs" "${problems[@]}" "stderr:" "$(cat "$work/err")"
  fi
}

for engine in $engines; do
  check_engine "$engine"
done

summarize
