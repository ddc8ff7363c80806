#!/usr/bin/env bash
# The run directory of `flowrun run` and its live logs: $FLOWRUN_STATE_DIR/runs/NAME/ with
# workflow.yaml, status.json (valid JSON, final phase) and logs/<node id>.log; pod lines on
# stderr prefixed by the node's display name; a second run of one name refused (exit 4).
# Runs workflows with --runtime host only: needs no container engine. Reads JSON with python3.
# Usage: bash tests/cli/run_store_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

export XDG_CONFIG_HOME="$work/config"
unset FLOWRUN_IMAGE_MAP NO_COLOR

# fresh_state: the case's own (not yet existing) state directory, as FLOWRUN_STATE_DIR.
fresh_state() {
  export FLOWRUN_STATE_DIR=$work/state-${FUNCNAME[1]}
}

# Two steps, each printing on stdout and stderr.
write_steps() {
  write "$1" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: store-demo
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: first-step
        template: say
        arguments: {parameters: [{name: word, value: one}]}
    - - name: second-step
        template: say
        arguments: {parameters: [{name: word, value: two}]}
  - name: say
    inputs: {parameters: [{name: word}]}
    container:
      image: alpine:3.19
      command: [sh, -c, "echo out {{inputs.parameters.word}}; echo err {{inputs.parameters.word}} >&2"]
YAML
}

# id_of DISPLAY-NAME [STATUS-FILE]: the ID of the node with that display name.
id_of() {
  json_eval "[i for i, n in d['status']['nodes'].items() if n['displayName'] == '$1'][0]" "$2"
}

case_run_directory_holds_workflow_status_and_logs() {
  fresh_state
  need_python3
  write_steps wf.yaml
  flowrun run wf.yaml --runtime host
  expect_rc 0
  local dir=$FLOWRUN_STATE_DIR/runs/store-demo status id
  [[ -d $dir/logs ]] || fail "no $dir/logs"
  cmp -s wf.yaml "$dir/workflow.yaml" || fail "workflow.yaml is not the submitted file"
  status=$dir/status.json
  [[ $(json_eval 'd["metadata"]["name"]' "$status") == store-demo ]] || fail "metadata.name"
  [[ $(json_eval 'd["status"]["phase"]' "$status") == Succeeded ]] || fail "status.phase"
  [[ $(json_eval 'len(d["status"]["nodes"])' "$status") == 5 ]] || fail "expected 5 nodes"
  [[ $(json_eval 'd["spec"]["entrypoint"]' "$status") == main ]] || fail "spec.entrypoint"
  id=$(id_of first-step "$status")
  [[ -f $dir/logs/$id.log ]] || fail "no logs/$id.log"
  # stdout and stderr lines, in one file (their relative order is not fixed).
  grep -qx "out one" "$dir/logs/$id.log" || fail "logs/$id.log lacks 'out one'"
  grep -qx "err one" "$dir/logs/$id.log" || fail "logs/$id.log lacks 'err one'"
  [[ $(wc -l <"$dir/logs/$id.log") -eq 2 ]] || fail "logs/$id.log should have 2 lines"
  id=$(id_of second-step "$status")
  grep -qx "out two" "$dir/logs/$id.log" || fail "logs/$id.log lacks 'out two'"
  # Only pods have logs.
  [[ $(find "$dir/logs" -type f | wc -l) -eq 2 ]] || fail "expected exactly 2 log files"
  [[ ! -e $status.tmp ]] || fail "status.json.tmp left behind"
}

case_status_json_matches_the_printed_json() {
  fresh_state
  need_python3
  write_steps wf.yaml
  flowrun run wf.yaml --runtime host -o json
  expect_rc 0
  # The same object as -o json (both are report::workflow_json of the final status).
  [[ $out == "$(cat "$FLOWRUN_STATE_DIR/runs/store-demo/status.json")" ]] ||
    fail "status.json differs from -o json"
}

case_pod_lines_are_prefixed_by_display_name() {
  fresh_state
  write_steps wf.yaml
  flowrun run wf.yaml --runtime host
  expect_rc 0
  expect_stderr_has "first-step: out one"
  expect_stderr_has "first-step: err one"
  expect_stderr_has "second-step: out two"
  # Not a terminal: no colour.
  [[ $err != *$'\033'* ]] || fail "escape sequences on a stderr that is not a terminal"
  [[ $out != *"out one"* ]] || fail "pod output on stdout"
}

case_prefix_is_coloured_on_a_terminal_unless_no_color() {
  fresh_state
  command -v script >/dev/null 2>&1 || skip "script (util-linux) is needed for a terminal"
  write_steps wf.yaml
  local cmd="'$flowrun_bin' run wf.yaml --runtime host -o name"
  rc=0
  script -qec "$cmd" /dev/null >"$work/.tty" 2>&1 || rc=$?
  expect_rc 0
  grep -q $'\033\\[[0-9]*mfirst-step\033\\[0m: out one' "$work/.tty" ||
    fail "expected a coloured 'first-step' prefix on a terminal: $(cat -v "$work/.tty")"
  rm -rf "$FLOWRUN_STATE_DIR"
  rc=0
  NO_COLOR=1 script -qec "$cmd" /dev/null >"$work/.tty" 2>&1 || rc=$?
  expect_rc 0
  grep -q "first-step: out one" "$work/.tty" || fail "no plain prefix with NO_COLOR"
  ! grep -q $'\033\\[[0-9]*mfirst-step' "$work/.tty" || fail "coloured despite NO_COLOR"
  rm -rf "$FLOWRUN_STATE_DIR"
  rc=0
  script -qec "$cmd --no-color" /dev/null >"$work/.tty" 2>&1 || rc=$?
  ! grep -q $'\033\\[[0-9]*mfirst-step' "$work/.tty" || fail "coloured despite --no-color"
}

case_second_run_of_a_name_is_refused_and_the_first_kept() {
  fresh_state
  need_python3
  write_steps wf.yaml
  flowrun run wf.yaml --runtime host
  expect_rc 0
  local dir=$FLOWRUN_STATE_DIR/runs/store-demo
  cp "$dir/status.json" "$work/first-status.json"
  flowrun run wf.yaml --runtime host
  expect_rc 4
  expect_stderr_has "flowrun: cannot run \"store-demo\": a run named \"store-demo\" already exists ($dir) and argo submit refuses a duplicate name too; nothing was run (choose another name with --name, or remove that directory)"
  expect_stderr_lacks "out one"
  cmp -s "$dir/status.json" "$work/first-status.json" || fail "the first run's status.json changed"
  # --name picks another directory.
  flowrun run wf.yaml --runtime host --name store-demo-2
  expect_rc 0
  [[ -f $FLOWRUN_STATE_DIR/runs/store-demo-2/status.json ]] || fail "no run directory for --name"
}

case_generated_names_get_their_own_directories() {
  fresh_state
  write_hello() {
    write "$1" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: gen-}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine:3.19, command: [echo, hi]}
YAML
  }
  write_hello wf.yaml
  flowrun run wf.yaml --runtime host -o name
  expect_rc 0
  local first=$out
  flowrun run wf.yaml --runtime host -o name
  expect_rc 0
  [[ $first != "$out" ]] || fail "two runs got one name"
  [[ -f $FLOWRUN_STATE_DIR/runs/$first/logs/$first.log ]] || fail "no log for $first"
  [[ -f $FLOWRUN_STATE_DIR/runs/$out/logs/$out.log ]] || fail "no log for $out"
  grep -qx hi "$FLOWRUN_STATE_DIR/runs/$out/logs/$out.log" || fail "log lacks 'hi'"
}

case_failed_run_records_failed_phase_and_output() {
  fresh_state
  need_python3
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: store-fail}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine:3.19, command: [sh, -c, "echo about to fail; exit 3"]}
YAML
  flowrun run wf.yaml --runtime host
  expect_rc 1
  local dir=$FLOWRUN_STATE_DIR/runs/store-fail
  [[ $(json_eval 'd["status"]["phase"]' "$dir/status.json") == Failed ]] || fail "phase"
  [[ $(json_eval 'd["status"]["nodes"]["store-fail"]["message"]' "$dir/status.json") == \
    *"Error (exit code 3)" ]] || fail "node message"
  grep -qx "about to fail" "$dir/logs/store-fail.log" || fail "log lacks the output"
}

case_dry_run_makes_no_run_directory() {
  fresh_state
  write_steps wf.yaml
  flowrun run wf.yaml --dry-run
  expect_rc 0
  [[ ! -e $FLOWRUN_STATE_DIR ]] || fail "a dry run created $FLOWRUN_STATE_DIR"
}

case_state_dir_defaults_to_xdg_state_home_then_home() {
  fresh_state
  write_steps wf.yaml
  rc=0
  env -u FLOWRUN_STATE_DIR XDG_STATE_HOME="$work/xdg" "$flowrun_bin" run wf.yaml --runtime host \
    >"$work/.out" 2>"$work/.err" || rc=$?
  expect_rc 0
  [[ -f $work/xdg/flowrun/runs/store-demo/status.json ]] || fail "not under XDG_STATE_HOME"
  rc=0
  env -u FLOWRUN_STATE_DIR -u XDG_STATE_HOME HOME="$work/home" "$flowrun_bin" run wf.yaml \
    --runtime host >"$work/.out" 2>"$work/.err" || rc=$?
  expect_rc 0
  [[ -f $work/home/.local/state/flowrun/runs/store-demo/status.json ]] ||
    fail "not under ~/.local/state/flowrun"
  [[ $(stat -c %a "$work/home/.local/state/flowrun/runs") == 700 ]] || fail "runs/ is not 0700"
}

case_verbose_names_the_run_directory() {
  fresh_state
  write_steps wf.yaml
  flowrun run wf.yaml --runtime host -v
  expect_rc 0
  expect_stderr_has "flowrun: run directory: $FLOWRUN_STATE_DIR/runs/store-demo"
  expect_stderr_has "flowrun: using the host runtime (--runtime host)"
}

case_unusable_state_dir_is_refused_before_running() {
  fresh_state
  write_steps wf.yaml
  : >"$work/plain-file"
  FLOWRUN_STATE_DIR="$work/plain-file" flowrun run wf.yaml --runtime host
  expect_rc 3
  expect_stderr_has "flowrun: cannot run \"store-demo\": cannot create $work/plain-file/runs: "
  expect_stderr_lacks "out one"
}

# kill -9 while a step runs: status.json is still one valid JSON document, with the
# workflow Running and the running step's node Running.
case_kill_9_leaves_a_readable_status() {
  fresh_state
  need_python3
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: store-killed}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: quick, template: quick}
    - - {name: slow, template: slow}
  - name: quick
    container: {image: alpine:3.19, command: [echo, done quickly]}
  - name: slow
    container: {image: alpine:3.19, command: [sh, -c, "echo started; sleep 2"]}
YAML
  "$flowrun_bin" run wf.yaml --runtime host >"$work/.out" 2>"$work/.err" &
  local pid=$! waited=0 dir=$FLOWRUN_STATE_DIR/runs/store-killed
  while ! grep -q "slow: started" "$work/.err" && [[ $waited -lt 100 ]]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  sleep 0.5 # more than the 200 ms the status may lag
  kill -KILL "$pid"
  wait "$pid" || true
  [[ $(json_eval 'd["status"]["phase"]' "$dir/status.json") == Running ]] ||
    fail "expected the last state, Running: $(cat "$dir/status.json")"
  [[ $(json_eval '[n["phase"] for n in d["status"]["nodes"].values() if n["displayName"] == "slow"][0]' \
    "$dir/status.json") == Running ]] || fail "expected node slow Running"
  [[ $(json_eval '[n["phase"] for n in d["status"]["nodes"].values() if n["displayName"] == "quick"][0]' \
    "$dir/status.json") == Succeeded ]] || fail "expected node quick Succeeded"
  grep -qx started "$dir/logs/$(id_of slow "$dir/status.json").log" || fail "no log line 'started'"
  sleep 2 # the orphaned `sleep 2` of the killed run ends
}

run_cases "$@"
