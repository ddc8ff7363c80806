#!/usr/bin/env bash
# The control commands against a live run: a workflow with a suspend gate runs in the
# background (--runtime host, no container engine) while a second flowrun process sends
# `resume` (with --set outputs), `node set`, `suspend`, `stop` and `terminate`; and their
# errors: an unknown name, a run that has ended, a run whose flowrun was killed (kill -9),
# bad usage. Also: a dry run passes a suspend gate by itself. Reads JSON with python3.
# Usage: bash tests/cli/control_cli_test.sh path/to/flowrun
# shellcheck disable=SC2016  # backquotes in expected messages are literal
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

unset NO_COLOR

# fresh_state [DIR]: the case's own state directory, shared by the run and the control
# commands (as FLOWRUN_STATE_DIR).
fresh_state() {
  export FLOWRUN_STATE_DIR=${1:-$work/state-${FUNCNAME[1]}}
}

# write_gate FILE [NAME]: before -> approve (an indefinite suspend with a supplied output
# `answer`, default "no-answer") -> after (prints the answer); an exit handler `bye`.
write_gate() {
  write "$1" <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: ${2:-gate}
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    steps:
    - - name: before
        template: say
        arguments: {parameters: [{name: word, value: before}]}
    - - name: approve
        template: approve
    - - name: after
        template: say
        arguments:
          parameters: [{name: word, value: "{{steps.approve.outputs.parameters.answer}}"}]
  - name: approve
    suspend: {}
    outputs:
      parameters:
      - name: answer
        valueFrom: {supplied: {}, default: no-answer}
  - name: say
    inputs: {parameters: [{name: word}]}
    container: {image: alpine:3.19, command: [sh, -c, "echo said {{inputs.parameters.word}}"]}
  - name: bye
    container: {image: alpine:3.19, command: [sh, -c, "echo goodbye"]}
YAML
}

run_pid=""
# start_run FILE [FLAGS...]: `flowrun run FILE --runtime host -o json FLAGS` in the
# background; its output goes to $work/run.out and $work/run.err.
start_run() {
  "$flowrun_bin" run "$@" --runtime host -o json >"$work/run.out" 2>"$work/run.err" &
  run_pid=$!
}

# finish_run: waits (at most 30 s) for the background run; sets $rc, $out, $err to its.
finish_run() {
  local waited=0
  while kill -0 "$run_pid" 2>/dev/null && ((waited < 300)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$run_pid" 2>/dev/null; then
    kill -KILL "$run_pid"
    echo "     the run did not end within 30 s"
    case_failed=1
  fi
  rc=0
  wait "$run_pid" || rc=$?
  cp "$work/run.out" "$work/.out"
  cp "$work/run.err" "$work/.err"
  out=$(cat "$work/.out")
  err=$(cat "$work/.err")
}

# node_phase NAME DISPLAY-NAME: the phase of that node in the run's status.json ("" if none).
node_phase() {
  json_eval "([n['phase'] for n in d['status'].get('nodes', {}).values() if n['displayName'] == '$2'] + [''])[0]" \
    "$FLOWRUN_STATE_DIR/runs/$1/status.json" 2>/dev/null || true
}

# wait_node NAME DISPLAY-NAME PHASE: waits (at most 20 s) until status.json shows it.
wait_node() {
  local waited=0
  while [[ $(node_phase "$1" "$2") != "$3" ]] && ((waited < 200)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  [[ $(node_phase "$1" "$2") == "$3" ]] || fail "$2 of $1 never became $3 (run: $(cat "$work/run.err"))"
}

# node_json DISPLAY-NAME EXPR: EXPR over `n`, the node of that display name in the run's JSON.
node_json() {
  json_eval "[n for n in d['status']['nodes'].values() if n['displayName'] == '$1'][0]$2"
}

case_resume_releases_an_indefinite_suspend() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  [[ -S $FLOWRUN_STATE_DIR/runs/gate/control.sock ]] || fail "no control.sock while running"
  flowrun resume gate
  expect_rc 0
  expect_stdout "workflow gate resumed"
  finish_run
  expect_rc 0
  expect_json 'd["status"]["phase"]' Succeeded
  expect_json 'd["status"]["nodes"]["gate"]["phase"]' Succeeded
  [[ $(node_json approve '["type"]') == Suspend ]] || fail "approve is not a Suspend node"
  [[ $(node_json approve '["phase"]') == Succeeded ]] || fail "approve did not succeed"
  [[ $(node_json after '["phase"]') == Succeeded ]] || fail "after did not run"
  expect_stderr_has "after: said no-answer"
  expect_stderr_has "goodbye"
  expect_stderr_has 'flowrun: gate[1].approve is suspended: `flowrun resume gate` (from another shell) releases it'
  [[ ! -e $FLOWRUN_STATE_DIR/runs/gate/control.sock ]] || fail "control.sock left behind"
}

case_resume_with_set_supplies_the_suspend_outputs() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  flowrun resume gate --set "answer=yes please" --node-field-selector displayName=approve
  expect_rc 0
  expect_stdout "workflow gate resumed"
  finish_run
  expect_rc 0
  expect_stderr_has "after: said yes please"
  [[ $(node_json approve '["outputs"]["parameters"][0]["value"]') == "yes please" ]] ||
    fail "approve's output is not the supplied value"
}

case_node_set_then_resume() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  flowrun node set gate --node-field-selector displayName=approve -p answer=via-node-set \
    --message "checked by ops"
  expect_rc 0
  expect_stdout "workflow values set"
  # A selector that matches no suspend node: Argo's words.
  flowrun node set gate --node-field-selector displayName=before --phase Succeeded
  expect_rc 1
  expect_stderr "flowrun: currently, set only targets suspend nodes: no suspend nodes matching nodeFieldSelector: displayName=before"
  [[ $(node_phase gate approve) == Running ]] || fail "node set without --phase ended approve"
  flowrun resume gate
  expect_rc 0
  finish_run
  expect_rc 0
  expect_stderr_has "after: said via-node-set"
}

case_node_set_phase_fails_the_gate() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  flowrun node set gate --node-field-selector displayName=approve --phase Failed -m rejected
  expect_rc 0
  finish_run
  expect_rc 1
  expect_json 'd["status"]["phase"]' Failed
  [[ $(node_json approve '["phase"]') == Failed ]] || fail "approve is not Failed"
  [[ $(node_json approve '["message"]') == rejected ]] || fail "approve's message"
}

case_stop_fails_the_suspended_workflow_and_runs_the_exit_handler() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  flowrun stop gate
  expect_rc 0
  expect_stdout "workflow gate stopped"
  finish_run
  expect_rc 1
  expect_json 'd["status"]["phase"]' Failed
  expect_json 'd["status"]["message"]' "Stopped with strategy 'Stop'"
  [[ $(node_json approve '["phase"]') == Failed ]] || fail "approve is not Failed"
  [[ $(node_json approve '["message"]') == "Stopped with strategy 'Stop'" ]] ||
    fail "approve's message: $(node_json approve '["message"]')"
  [[ $(node_json after '["phase"]' 2>/dev/null) != Succeeded ]] || fail "after ran after a stop"
  expect_stderr_has "goodbye"  # Stop still runs exit handlers
}

case_stop_with_a_selector_fails_only_that_gate() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  flowrun stop gate --node-field-selector displayName=approve --message "not today"
  expect_rc 0
  expect_stdout "workflow gate stopped"
  finish_run
  expect_rc 1
  expect_json 'd["status"]["phase"]' Failed
  [[ $(node_json approve '["message"]') == "not today" ]] || fail "approve's message"
  expect_stderr_has "goodbye"
}

case_terminate_skips_the_exit_handler() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  flowrun terminate gate
  expect_rc 0
  expect_stdout "workflow gate terminated"
  finish_run
  expect_rc 1
  expect_json 'd["status"]["phase"]' Failed
  expect_json 'd["status"]["message"]' "Stopped with strategy 'Terminate'"
  [[ $(node_json approve '["phase"]') == Failed ]] || fail "approve is not Failed"
  expect_stderr_lacks "goodbye"
}

case_suspend_then_resume_around_a_step() {
  need_python3
  fresh_state
  write wf.yaml <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: pausable
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: first
        template: wait-for-go
    - - name: second
        template: mark
  - name: wait-for-go
    container:
      image: alpine:3.19
      command: [sh, -c, "touch '$work/started'; while [ ! -e '$work/go' ]; do sleep 0.1; done"]
  - name: mark
    container: {image: alpine:3.19, command: [sh, -c, "touch '$work/second-ran'"]}
YAML
  start_run wf.yaml
  local waited=0
  while [[ ! -e started ]] && ((waited < 100)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  flowrun suspend pausable
  expect_rc 0
  expect_stdout "workflow pausable suspended"
  touch go
  wait_node pausable first Succeeded
  sleep 1.5
  [[ ! -e second-ran ]] || fail "the second step started while the workflow was suspended"
  kill -0 "$run_pid" 2>/dev/null || fail "the suspended run ended"
  flowrun resume pausable
  expect_rc 0
  expect_stdout "workflow pausable resumed"
  finish_run
  expect_rc 0
  [[ -e second-ran ]] || fail "the second step never ran after the resume"
}

case_a_workflow_submitted_suspended_starts_on_resume() {
  need_python3
  fresh_state
  write wf.yaml <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: held
spec:
  entrypoint: main
  suspend: true
  templates:
  - name: main
    container: {image: alpine:3.19, command: [sh, -c, "touch '$work/ran'"]}
YAML
  start_run wf.yaml
  local waited=0
  while ! grep -q "submitted suspended" "$work/run.err" && ((waited < 100)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  sleep 1
  [[ ! -e ran ]] || fail "the step ran while the workflow was submitted suspended"
  flowrun resume held
  expect_rc 0
  expect_stdout "workflow held resumed"
  finish_run
  expect_rc 0
  expect_stderr_has 'flowrun: held is submitted suspended (spec.suspend): nothing starts until `flowrun resume held` (from another shell)'
  [[ -e ran ]] || fail "the step never ran after the resume"
}

case_unknown_workflow_is_an_error() {
  fresh_state
  local command
  for command in resume suspend stop terminate; do
    flowrun "$command" nope
    expect_rc 1
    expect_stdout ""
    expect_stderr "flowrun: workflow nope not found"
  done
  flowrun node set nope --node-field-selector displayName=x --phase Succeeded
  expect_rc 1
  expect_stderr "flowrun: workflow nope not found"
}

case_a_run_that_has_ended_says_so() {
  fresh_state
  write_gate wf.yaml done-wf
  # A run that ended (stopped while suspended, so it ends quickly).
  start_run wf.yaml
  wait_node done-wf approve Running
  flowrun terminate done-wf
  finish_run
  expect_rc 1
  flowrun stop done-wf
  expect_rc 1
  expect_stderr 'flowrun: cannot shutdown a completed workflow: workflow: "done-wf", namespace: "default"'
  flowrun terminate done-wf
  expect_rc 1
  expect_stderr 'flowrun: cannot shutdown a completed workflow: workflow: "done-wf", namespace: "default"'
  flowrun suspend done-wf
  expect_rc 1
  expect_stderr "flowrun: cannot suspend completed workflows"
  flowrun resume done-wf
  expect_rc 1
  expect_stderr "flowrun: cannot resume workflow done-wf: it has completed (Failed)"
}

case_several_names_each_answered() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  flowrun resume nope gate
  expect_rc 1
  expect_stdout "workflow gate resumed"
  expect_stderr "flowrun: workflow nope not found"
  finish_run
  expect_rc 0
}

case_a_killed_run_is_unreachable_and_gc_is_suggested() {
  need_python3
  fresh_state
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  kill -KILL "$run_pid"
  wait "$run_pid" 2>/dev/null || true
  # status.json keeps the last state: valid JSON, the gate still Running.
  [[ $(json_eval 'd["status"]["phase"]' "$FLOWRUN_STATE_DIR/runs/gate/status.json") == Running ]] ||
    fail "status.json after kill -9 does not say Running"
  flowrun resume gate
  expect_rc 5
  expect_stderr_has "flowrun: workflow gate is not running any more: its status.json still says Running, but no flowrun process answers on"
  expect_stderr_has '`flowrun gc` removes'
}

case_a_deep_state_directory_works() {
  need_python3
  fresh_state "$work/$(printf 'd%.0s' {1..80})/$(printf 'e%.0s' {1..40})/state"
  write_gate wf.yaml
  start_run wf.yaml
  wait_node gate approve Running
  [[ ${#FLOWRUN_STATE_DIR} -gt 110 ]] || fail "the state directory is not deep enough"
  flowrun resume gate --set answer=deep
  expect_rc 0
  expect_stdout "workflow gate resumed"
  finish_run
  expect_rc 0
  expect_stderr_has "after: said deep"
}

case_usage_errors() {
  fresh_state
  flowrun node set gate
  expect_rc 2
  expect_stderr "flowrun: 'set' currently only targets suspend nodes, use a node field selector to target them"
  flowrun node set gate --node-field-selector displayName=approve
  expect_rc 2
  expect_stderr "flowrun: nothing to set: give --phase, --message or --output-parameter"
  flowrun node set gate --node-field-selector displayName=approve --phase Running
  expect_rc 2
  flowrun resume gate --set novalue
  expect_rc 2
  expect_stderr_has "expected NAME=VALUE, got \"novalue\" (no '=')"
  flowrun resume
  expect_rc 2
  flowrun resume --help
  expect_rc 0
  expect_stdout_has "--node-field-selector"
  expect_stdout_has "Exit status: 0 done"
}

case_dry_run_passes_a_suspend_gate() {
  write_gate wf.yaml
  flowrun_within 20 run wf.yaml --dry-run
  expect_rc 0
  expect_stderr_has "flowrun: dry run: suspend node gate[1].approve resumed at once"
  expect_stdout_has "approve"
}

run_cases "$@"
