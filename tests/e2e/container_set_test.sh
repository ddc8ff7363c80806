#!/usr/bin/env bash
# End-to-end: containerSet templates on real Docker and Podman. A graph a -> (b, c) -> main
# in one pod sharing an emptyDir (main reads what a, b and c wrote) with main's stdout and a
# file as outputs and the Container nodes linked as Argo links them; a failing member (its
# exit code in the pod's message, its dependent an Error node that never ran); the set's
# retryStrategy re-running a member until it succeeds; members running together reaching
# each other on localhost; Ctrl-C while two members run. After
# each run nothing of it may be left (containers, volumes, networks).
#
#   container_set_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: container_set_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never # no registry may be contacted
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
flows=$repo/tests/e2e/workflows
maps=(--image-map busybox:1.36=localhost/flowrun-busybox:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-cset.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2ecset$$
trap 'rm -rf "$work"' EXIT

# leftovers ENGINE NAME: ids of containers, volumes and networks of workflow NAME still there.
leftovers() {
  local engine=$1 name=$2
  {
    "$engine" ps -aq --filter "label=flowrun.workflow=$name" 2>/dev/null || echo "<ps failed>"
    "$engine" ps -aq --filter "name=$name" 2>/dev/null || echo "<ps failed>"
    "$engine" volume ls -q --filter "label=flowrun.workflow=$name" 2>/dev/null ||
      echo "<volume ls failed>"
    "$engine" volume ls -q --filter "name=$name" 2>/dev/null || echo "<volume ls failed>"
    "$engine" network ls -q --filter "label=flowrun.workflow=$name" 2>/dev/null ||
      echo "<network ls failed>"
  } | sort -u | tr '\n' ' ' | sed 's/^ *//; s/ *$//'
}

# nodes FILE: one line per node, "<displayName> <type> <phase> <message>|<children's
# displayNames>", sorted.
nodes() {
  python3 - "$1" <<'PY' 2>/dev/null || echo "<unreadable JSON>"
import json, sys
doc = json.load(open(sys.argv[1]))
nodes = doc["status"]["nodes"]
for n in sorted(nodes.values(), key=lambda n: n["displayName"]):
    kids = ",".join(sorted(nodes[c]["displayName"] for c in n.get("children", [])))
    print(n["displayName"], n["type"], n["phase"], n.get("message", "") + "|" + kids)
PY
}

run() { # run ENGINE FILE: runs it to $work/out.json (stderr $work/err); sets rc and name
  name=$tag-${2%.yaml}-$1
  rc=0
  timeout 300 "$flowrun" run --runtime "$1" "${maps[@]}" --name "$name" -o json \
    "$flows/$2" >"$work/out.json" 2>"$work/err" || rc=$?
}

# clean ENGINE WHAT: passes when nothing of the last run is left.
clean() {
  local left
  left=$(leftovers "$1" "$name")
  if [[ -z $left ]]; then
    pass "$1: $2: nothing left behind"
  else
    fail "$1: $2: left behind" "$left"
  fi
}

graph_checks() {
  local engine=$1 got want joined result
  run "$engine" container-set-graph.yaml
  got=$(nodes "$work/out.json")
  want="a Container Succeeded |b,c
b Container Succeeded |main
c Container Succeeded |main
$name Pod Succeeded |a
main Container Succeeded |"
  if [[ $rc -eq 0 && $got == "$want" ]]; then
    pass "$engine: graph: one Pod node, Container nodes linked by dependencies"
  else
    fail "$engine: graph nodes" "exit $rc; got:" "$got" "$(tail -n 10 "$work/err")"
  fi
  joined=$(json_field "$work/out.json" \
    '[p["value"] for p in doc["status"]["nodes"][doc["metadata"]["name"]]["outputs"]["parameters"]][0]')
  result=$(json_field "$work/out.json" \
    'doc["status"]["nodes"][doc["metadata"]["name"]]["outputs"]["result"]')
  if [[ $joined == "a b a c " && $result == done-a ]]; then
    pass "$engine: graph: main read a, b and c's files from the emptyDir; result and parameter"
  else
    fail "$engine: graph outputs" "parameter '$joined' (want 'a b a c '), result '$result'"
  fi
  clean "$engine" graph
}

fail_checks() {
  local engine=$1 got message
  run "$engine" container-set-fail.yaml
  got=$(nodes "$work/out.json")
  message=$(json_field "$work/out.json" 'doc["status"].get("message", "")')
  if [[ $rc -eq 1 && $message == "b: Error (exit code 3)" &&
    $got == *"b Container Failed b: Error (exit code 3)|d"* &&
    $got == *'d Container Error d: Error (exit code 64): dependency "b" exited with non-zero code: 3|'* &&
    $got == *"a Container Succeeded |b"* ]] && ! grep -q '^[^ ]*: d$' "$work/err"; then
    pass "$engine: a failing member fails the pod with its exit code; its dependent never runs"
  else
    fail "$engine: failing member" "exit $rc, message '$message'; nodes:" "$got" \
      "$(tail -n 10 "$work/err")"
  fi
  clean "$engine" failing member
}

retry_checks() {
  local engine=$1 got result
  run "$engine" container-set-retry.yaml
  got=$(nodes "$work/out.json")
  result=$(json_field "$work/out.json" \
    'doc["status"]["nodes"][doc["metadata"]["name"]]["outputs"]["result"]')
  if [[ $rc -eq 0 && $result == 3 && $got == *"flaky Container Succeeded |main"* ]]; then
    pass "$engine: the set's retryStrategy re-ran a member until its third run succeeded"
  else
    fail "$engine: set retryStrategy" "exit $rc, result '$result' (want 3); nodes:" "$got" \
      "$(tail -n 10 "$work/err")"
  fi
  clean "$engine" retries
}

network_checks() {
  local engine=$1 result
  run "$engine" container-set-network.yaml
  result=$(json_field "$work/out.json" \
    'doc["status"]["nodes"][doc["metadata"]["name"]]["outputs"]["result"]')
  if [[ $rc -eq 0 && $result == shared-net ]]; then
    pass "$engine: members running together share localhost"
  else
    fail "$engine: shared network" "exit $rc, result '$result'" "$(tail -n 10 "$work/err")"
  fi
  clean "$engine" network
}

interrupt_checks() {
  local engine=$1 pid i count
  name=$tag-container-set-sleep-$engine
  rc=0
  "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" -o json \
    "$flows/container-set-sleep.yaml" >"$work/out.json" 2>"$work/err" &
  pid=$!
  for i in $(seq 1 300); do
    count=$("$engine" ps -q --filter "name=$name" 2>/dev/null | wc -l)
    [[ $count -ge 2 ]] && break
    sleep 0.1
  done
  kill -INT "$pid"
  wait "$pid" || rc=$?
  if [[ $rc -eq 130 && $count -ge 2 ]]; then
    pass "$engine: Ctrl-C while two members run ends the run (exit 130)"
  else
    fail "$engine: Ctrl-C" "exit $rc (want 130), members running before: $count" \
      "$(tail -n 10 "$work/err")"
  fi
  clean "$engine" Ctrl-C
}

for engine in $engines; do
  graph_checks "$engine"
  fail_checks "$engine"
  retry_checks "$engine"
  network_checks "$engine"
  interrupt_checks "$engine"
done

summarize
