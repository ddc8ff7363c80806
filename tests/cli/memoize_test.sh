#!/usr/bin/env bash
# Template `memoize` through the CLI (spec 2.6): the cache lives in $FLOWRUN_STATE_DIR/cache and
# is shared by runs, so a second run of the same workflow (another name) takes the step from
# the cache: status.json has memoizationStatus.hit true and the step's command does not run
# again. Failed steps are not cached; a dry run writes no cache.
# Runs workflows with --runtime host only: needs no container engine. Reads JSON with python3.
# Usage: bash tests/cli/memoize_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

unset FLOWRUN_IMAGE_MAP NO_COLOR

# fresh_state: the case's own (not yet existing) state directory, as FLOWRUN_STATE_DIR.
fresh_state() {
  export FLOWRUN_STATE_DIR=$work/state-${FUNCNAME[1]}
  rm -f "$work/ran"  # the step's run count starts again
}

# write_memoized FILE EXIT: a workflow whose memoized step appends a line to $work/ran (so
# the test can count its runs), prints a value and exits EXIT.
write_memoized() {
  write "$1" <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: memo-demo
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: compute
        template: compute
        arguments: {parameters: [{name: num, value: "7"}]}
  - name: compute
    inputs: {parameters: [{name: num}]}
    memoize:
      key: "square-{{inputs.parameters.num}}"
      maxAge: "1h"
      cache: {configMap: {name: memo-cache}}
    container:
      image: alpine:3.19
      command: [sh, -c, "echo ran >> '$work/ran'; echo squared-{{inputs.parameters.num}}; exit $2"]
YAML
}

# node_field NAME EXPR: EXPR (Python, `n` the node) for the `compute` node of run NAME.
node_field() {
  json_eval "[n for n in d['status']['nodes'].values() if n['displayName'] == 'compute'][0]$2" \
    "$FLOWRUN_STATE_DIR/runs/$1/status.json"
}

runs_of_step() {
  if [[ -f $work/ran ]]; then wc -l <"$work/ran" | tr -d ' '; else echo 0; fi
}

case_second_run_is_a_cache_hit() {
  fresh_state
  need_python3
  write_memoized wf.yaml 0
  flowrun run wf.yaml --runtime host --name first
  expect_rc 0
  flowrun run wf.yaml --runtime host --name second -o json
  expect_rc 0
  [[ $(runs_of_step) == 1 ]] || fail "the step ran $(runs_of_step) times, expected once"
  [[ $(node_field first "['memoizationStatus']") == '{"hit":false,"key":"square-7","cacheName":"memo-cache"}' ]] ||
    fail "first run: memoizationStatus $(node_field first "['memoizationStatus']")"
  [[ $(node_field second "['memoizationStatus']['hit']") == true ]] || fail "second run: not a hit"
  [[ $(node_field second "['phase']") == Succeeded ]] || fail "second run: not Succeeded"
  [[ $(node_field second "['outputs']['result']") == squared-7 ]] || fail "second run: cached result"
  expect_json "[n['memoizationStatus']['hit'] for n in d['status']['nodes'].values() if n['displayName'] == 'compute'][0]" true
  local entry=$FLOWRUN_STATE_DIR/cache/memo-cache/square-7.json
  [[ -f $entry ]] || fail "no cache entry $entry"
  [[ $(json_eval 'd["outputs"]["result"]' "$entry") == squared-7 ]] || fail "cache entry result"
  [[ $(json_eval 'd["nodeID"]' "$entry") == "$(node_field first "['id']")" ]] ||
    fail "cache entry nodeID is not the first run's node"
}

case_failed_step_is_not_cached() {
  fresh_state
  need_python3
  write_memoized wf.yaml 3
  flowrun run wf.yaml --runtime host --name first
  expect_rc 1
  flowrun run wf.yaml --runtime host --name second
  expect_rc 1
  [[ $(runs_of_step) == 2 ]] || fail "the step ran $(runs_of_step) times, expected twice"
  [[ ! -e $FLOWRUN_STATE_DIR/cache/memo-cache/square-7.json ]] || fail "a failed step was cached"
  [[ $(node_field second "['memoizationStatus']['hit']") == false ]] || fail "second run hit"
}

case_dry_run_writes_no_cache() {
  fresh_state
  write_memoized wf.yaml 0
  flowrun run wf.yaml --dry-run
  expect_rc 0
  [[ ! -e $FLOWRUN_STATE_DIR/cache ]] || fail "a dry run wrote $FLOWRUN_STATE_DIR/cache"
  [[ $(runs_of_step) == 0 ]] || fail "a dry run ran the step"
}

run_cases "$@"
