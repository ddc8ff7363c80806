#!/usr/bin/env bash
# End-to-end: suspend templates and the control channel on real Docker and Podman. Per
# engine: an indefinite suspend released by `flowrun resume` from a second process (the
# container step after it runs), suspend outputs supplied at the resume (`--set`) and used
# by a later container step, a suspend with a duration ("2") that ends by itself, and a
# `kill -9` of flowrun while a container and a suspend gate run: status.json keeps the last
# phases (Running), `flowrun resume` says the process is gone (exit 5) and `flowrun gc`
# removes the container (gc itself is tested in gc_test.sh). Then Argo's suspend examples
# (../shared/argo/examples, skipped when absent), each resumed from a second process.
#
#   suspend_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: suspend_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never  # no registry may be contacted
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
flows=$repo/tests/e2e/workflows
examples=$repo/../shared/argo/examples
maps=(--image-map-file "$repo/tests/e2e/image_map.txt"
  --image-map busybox:1.36=localhost/flowrun-busybox:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-suspend.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2esusp$$
pids=()

cleanup() {
  local pid engine ids
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for engine in $engines; do
    ids=$("$engine" ps -a --filter label=flowrun.run --format '{{.ID}} {{.Labels}}' 2>/dev/null |
      grep -F "$tag-" | awk '{ print $1 }' || true)
    # shellcheck disable=SC2086  # one argument per id
    [[ -z $ids ]] || "$engine" rm -f $ids >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# start ENGINE FILE NAME: `flowrun run` in the background (its pid in $pid), output in
# $work/NAME.json and $work/NAME.err.
start() {
  "$flowrun" run --runtime "$1" "${maps[@]}" --name "$3" -o json "$2" \
    >"$work/$3.json" 2>"$work/$3.err" &
  pid=$!
  pids+=("$pid")
}

# finish NAME: waits (at most 120 s) for the run started last; sets rc.
finish() {
  local waited=0
  while kill -0 "$pid" 2>/dev/null && ((waited < 1200)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  wait "$pid" || rc=$?
}

# phase_of NAME DISPLAY-NAME: that node's phase in the run's status.json ("" when none).
phase_of() {
  json_field "$FLOWRUN_STATE_DIR/runs/$1/status.json" \
    "([n['phase'] for n in doc['status'].get('nodes', {}).values() if n['displayName'] == '$2'] + [''])[0]"
}

# wait_for NAME DISPLAY-NAME PHASE: waits (at most 60 s) for it in status.json; status 1 if never.
wait_for() {
  local waited=0
  while [[ $(phase_of "$1" "$2") != "$3" ]] && ((waited < 600)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
    waited=$((waited + 1))
  done
  [[ $(phase_of "$1" "$2") == "$3" ]]
}

# control ARGS...: a second flowrun process; sets crc, cout, cerr.
control() {
  crc=0
  "$flowrun" "$@" >"$work/control.out" 2>"$work/control.err" || crc=$?
  cout=$(cat "$work/control.out")
  cerr=$(cat "$work/control.err")
}

# workflow_phase NAME: status.phase of the run's printed JSON.
workflow_phase() {
  json_field "$work/$1.json" "doc['status']['phase']"
}

check_resume() {
  local engine=$1 name=$tag-gate-$1
  start "$engine" "$flows/suspend-gate.yaml" "$name"
  if ! wait_for "$name" approve Running; then
    fail "$engine: indefinite suspend" "approve never Running" "$(tail -n 5 "$work/$name.err")"
    finish
    return
  fi
  sleep 1  # still suspended a moment later
  control resume "$name"
  finish
  if [[ $crc -eq 0 && $cout == "workflow $name resumed" && $rc -eq 0 &&
    $(workflow_phase "$name") == Succeeded ]] &&
    grep -q "^release: answer=nobody-answered$" "$work/$name.err"; then
    pass "$engine: an indefinite suspend is released by flowrun resume from another process"
  else
    fail "$engine: indefinite suspend" "resume: exit $crc: $cout $cerr" \
      "run: exit $rc, phase $(workflow_phase "$name")" "$(tail -n 5 "$work/$name.err")"
  fi
}

check_supplied_output() {
  local engine=$1 name=$tag-set-$1 value
  start "$engine" "$flows/suspend-gate.yaml" "$name"
  wait_for "$name" approve Running || true
  control resume "$name" --set "answer=ship it"
  finish
  value=$(json_field "$work/$name.json" \
    "[n for n in doc['status']['nodes'].values() if n['displayName'] == 'approve'][0]['outputs']['parameters'][0]['value']")
  if [[ $crc -eq 0 && $rc -eq 0 && $value == "ship it" ]] &&
    grep -q "^release: answer=ship it$" "$work/$name.err"; then
    pass "$engine: a suspend output supplied with --set reaches a later container step"
  else
    fail "$engine: supplied output" "resume: exit $crc: $cout $cerr" \
      "run: exit $rc, approve's output: $value" "$(tail -n 5 "$work/$name.err")"
  fi
}

check_duration() {
  local engine=$1 name=$tag-dur-$1 took started=$SECONDS
  start "$engine" "$flows/suspend-duration.yaml" "$name"
  finish
  took=$((SECONDS - started))
  local waited
  waited=$(json_field "$work/$name.json" "[n for n in doc['status']['nodes'].values() if n['displayName'] == 'wait'][0]['phase']")
  if [[ $rc -eq 0 && $(workflow_phase "$name") == Succeeded && $waited == Succeeded && $took -ge 2 ]] &&
    grep -q "^after: waited$" "$work/$name.err"; then
    pass "$engine: a suspend with duration \"2\" ends by itself (${took} s)"
  else
    fail "$engine: suspend duration" "exit $rc in ${took} s, wait node: $waited" \
      "$(tail -n 5 "$work/$name.err")"
  fi
}

check_killed() {
  local engine=$1 name=$tag-kill-$1 phases left waited=0
  start "$engine" "$flows/suspend-killed.yaml" "$name"
  while ! grep -q "^sleeper: started" "$work/$name.err" && ((waited < 600)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  wait_for "$name" approve Running || true
  sleep 0.5  # status.json is rewritten at most every 200 ms
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  phases=$(json_field "$FLOWRUN_STATE_DIR/runs/$name/status.json" \
    "' '.join([doc['status']['phase']] + [doc['status']['nodes'][i]['phase'] for i in sorted(doc['status']['nodes'], key=lambda i: doc['status']['nodes'][i]['name'])])")
  control resume "$name"
  if [[ $phases == "Running Running Running Running Running" && $crc -eq 5 &&
    $cerr == *"is not running any more"*"flowrun gc"* ]]; then
    pass "$engine: after kill -9, status.json holds the last phases and resume says the process is gone"
  else
    fail "$engine: kill -9" "status.json phases: $phases" "resume: exit $crc: $cerr"
  fi
  left=$("$engine" ps -aq --filter "label=flowrun.workflow=$name")
  control gc --runtime "$engine"
  if [[ -n $left && -z $("$engine" ps -aq --filter "label=flowrun.workflow=$name") ]]; then
    pass "$engine: flowrun gc removes the container the killed run left"
  else
    fail "$engine: gc after kill -9" "before gc: ${left:-nothing}" "gc: exit $crc: $cout $cerr"
  fi
}

# Argo's examples: each waits at a suspend until a second process resumes it.
check_argo_examples() {
  local engine=$1 name
  name=$tag-st-$engine
  start "$engine" "$examples/suspend-template.yaml" "$name"
  wait_for "$name" approve Running || true
  control resume "$name"
  finish  # then the 20 s `delay` suspend ends by itself
  if [[ $crc -eq 0 && $rc -eq 0 && $(grep -c "hello world" "$work/$name.err") -eq 2 ]]; then
    pass "$engine: Argo's suspend-template.yaml: resumed, then its 20 s delay, Succeeded"
  else
    fail "$engine: suspend-template.yaml" "resume: exit $crc $cerr" "run: exit $rc" \
      "$(tail -n 5 "$work/$name.err")"
  fi

  name=$tag-so-$engine
  start "$engine" "$examples/suspend-template-outputs.yaml" "$name"
  wait_for "$name" approve Running || true
  control resume "$name"  # no value and no default: Argo's error, still suspended
  local refused=$crc:$cerr
  control node set "$name" --node-field-selector displayName=approve -p message=approved-here
  local set=$crc:$cout
  control resume "$name"
  finish
  if [[ $refused == "1:flowrun: raw output parameter 'message' has not been set and does not have a default value" &&
    $set == "0:workflow values set" && $crc -eq 0 && $rc -eq 0 ]] &&
    grep -q "^release: approved-here$" "$work/$name.err"; then
    pass "$engine: Argo's suspend-template-outputs.yaml: node set -p, resume, the value printed"
  else
    fail "$engine: suspend-template-outputs.yaml" "bare resume: $refused" "node set: $set" \
      "resume: exit $crc $cerr" "run: exit $rc" "$(tail -n 5 "$work/$name.err")"
  fi

  name=$tag-ip-$engine
  start "$engine" "$examples/intermediate-parameters.yaml" "$name"
  wait_for "$name" approval Running || true
  control resume "$name" --set approve=YES
  finish
  if [[ $crc -eq 0 && $rc -eq 0 && $(phase_of "$name" deploy-prod) == Succeeded ]]; then
    pass "$engine: Argo's intermediate-parameters.yaml: --set approve=YES deploys to prod"
  else
    fail "$engine: intermediate-parameters.yaml" "resume: exit $crc $cerr" \
      "run: exit $rc, deploy-prod: $(phase_of "$name" deploy-prod)" "$(tail -n 5 "$work/$name.err")"
  fi
}

skipped=0
for engine in $engines; do
  check_resume "$engine"
  check_supplied_output "$engine"
  check_duration "$engine"
  check_killed "$engine"
  if [[ -d $examples ]]; then
    check_argo_examples "$engine"
  else
    skipped=$((skipped + 1))
    echo "SKIP $engine: Argo's suspend examples (../shared/argo not found)"
  fi
done

summarize ", $skipped skipped"
