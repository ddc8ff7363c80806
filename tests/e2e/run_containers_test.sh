#!/usr/bin/env bash
# End-to-end: `flowrun run --runtime docker|podman` on the repository's examples, with the
# locally built test images (scripts/test-images.sh) standing in for the public ones.
# Checks each example's documented phase (its `# Expected phase:` line), a failing step's
# node message, and that no container of the run is left behind. Every run is labelled by
# flowrun (flowrun.workflow=<name>); whatever a failed run leaves is removed at the end.
#
#   run_containers_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). DOCKER_HOST and CONTAINERS_CONF
# default to what `scripts/engines.sh env` prints. Needs python3 to read the JSON output.
# Ends with "N passed, M failed"; exits non-zero if anything failed.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: run_containers_test.sh FLOWRUN_BINARY}
# Never pull: no registry may be contacted; every image is mapped to a local test image.
export FLOWRUN_PULL=never
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi

maps=(--image-map busybox:1.36=localhost/flowrun-busybox:latest
  --image-map python:3.12-alpine=localhost/flowrun-python:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-ctr.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state  # run directories stay out of ~/.local
# Workflow names of this test carry this, so cleanup finds exactly ours.
tag=e2ectr$$

cleanup() {
  local engine ids
  for engine in $engines; do
    ids=$("$engine" ps -aq --filter "label=flowrun.workflow" \
      --format '{{.ID}} {{.Labels}}' 2>/dev/null | awk -v t="$tag" 'index($0, t) { print $1 }' ||
      true)
    # shellcheck disable=SC2086  # one argument per id
    [[ -z $ids ]] || "$engine" rm -f $ids >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT



# leftovers ENGINE NAME: containers of workflow NAME still there.
leftovers() {
  "$1" ps -aq --filter "label=flowrun.workflow=$2" 2>/dev/null || echo "<ps failed>"
}

# run_example ENGINE FILE: runs it and checks the phase and that nothing is left.
run_example() {
  local engine=$1 file=$2 want name rc=0 phase left
  want=$(sed -n 's/^# Expected phase: *\([A-Za-z]*\).*/\1/p' "$repo/examples/$file" | head -n 1)
  name=$tag-${file%.yaml}-$engine
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" -o json \
    "$repo/examples/$file" >"$work/out.json" 2>"$work/err" || rc=$?
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  left=$(leftovers "$engine" "$name")
  if [[ -n $want && $phase == "$want" && -z $left ]]; then
    pass "$engine: $file ($phase, exit $rc)"
  else
    fail "$engine: $file" "expected phase '${want:-<none documented>}', got '$phase' (exit $rc)" \
      "containers left: '${left//$'\n'/ }'" "$(tail -n 15 "$work/err")"
  fi
}

# A workflow whose only step exits 3.
cat >"$work/fail.yaml" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: exit-three-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: busybox:1.36
      command: [sh, -c, "echo going; exit 3"]
YAML

run_failing_step() {
  local engine=$1
  local name=$tag-fail-$engine rc=0 phase message left
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" -o json \
    "$work/fail.yaml" >"$work/out.json" 2>"$work/err" || rc=$?
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  message=$(json_field "$work/out.json" \
    '[n.get("message", "") for n in doc["status"]["nodes"].values()][0]')
  left=$(leftovers "$engine" "$name")
  if [[ $phase == Failed && $message == "main: Error (exit code 3)" && $rc -ne 0 && -z $left ]]; then
    pass "$engine: failing step ($message)"
  else
    fail "$engine: failing step" "expected Failed / 'main: Error (exit code 3)' / exit != 0," \
      "got '$phase' / '$message' / exit $rc; containers left: '${left//$'\n'/ }'" \
      "$(tail -n 15 "$work/err")"
  fi
}

# A daemon (busybox httpd) and a step that fetches from it by {{steps.server.ip}}; the
# daemon is stopped when the steps end. Traffic stays between the run's own containers.
cat >"$work/daemon.yaml" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: daemon-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: server
        template: server
    - - name: client
        template: client
        arguments:
          parameters: [{name: ip, value: "{{steps.server.ip}}"}]
  - name: server
    daemon: true
    container:
      image: busybox:1.36
      command: [sh, -c, "mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 8080 -h /www"]
  - name: client
    inputs:
      parameters: [{name: ip}]
    container:
      image: busybox:1.36
      command: [sh, -c]
      args: ["for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O- http://{{inputs.parameters.ip}}:8080/ && exit 0; sleep 0.5; done; exit 1"]
YAML

run_daemon() {
  local engine=$1
  local name=$tag-daemon-$engine rc=0 phase left
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" -o json \
    "$work/daemon.yaml" >"$work/out.json" 2>"$work/err" || rc=$?
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  left=$(leftovers "$engine" "$name")
  if [[ $phase == Succeeded && $rc -eq 0 && -z $left ]] && grep -q 'served' "$work/err"; then
    pass "$engine: daemon reached by its ip"
  else
    fail "$engine: daemon reached by its ip" \
      "expected Succeeded, exit 0, 'served' in the log; got '$phase' / exit $rc;" \
      "containers left: '${left//$'\n'/ }'" "$(tail -n 15 "$work/err")"
  fi
}

# A step whose image does not exist: the node errors at once (flowrun never pulls) with
# the engine's own words.
sed 's|busybox:1.36|localhost/flowrun-no-such-image:1|' "$work/fail.yaml" >"$work/missing.yaml"

run_missing_image() {
  local engine=$1
  local name=$tag-missing-$engine rc=0 phase message left
  timeout 300 "$flowrun" run --runtime "$engine" --name "$name" -o json \
    "$work/missing.yaml" >"$work/out.json" 2>"$work/err" || rc=$?
  phase=$(json_field "$work/out.json" '[n["phase"] for n in doc["status"]["nodes"].values()][0]')
  message=$(json_field "$work/out.json" \
    '[n.get("message", "") for n in doc["status"]["nodes"].values()][0]')
  left=$(leftovers "$engine" "$name")
  if [[ $phase == Error && $message == "$engine run "*"flowrun-no-such-image"* && $rc -ne 0 &&
    -z $left ]]; then
    pass "$engine: missing image ($message)"
  else
    fail "$engine: missing image" "expected an Error node naming the image, exit != 0;" \
      "got '$phase' / '$message' / exit $rc; containers left: '${left//$'\n'/ }'"
  fi
}

for engine in $engines; do
  for file in hello-world.yaml steps.yaml script-result.yaml output-parameters.yaml \
    dag-diamond.yaml exit-handler.yaml; do
    run_example "$engine" "$file"
  done
  run_failing_step "$engine"
  run_daemon "$engine"
  run_missing_image "$engine"
done

summarize
