#!/usr/bin/env bash
# End-to-end: `flowrun gc` on real docker and podman. Per engine: a container (running), a
# network and a volume labelled as a flowrun whose process is dead left them
# (flowrun.pid=999999 on this host) must be removed; an unlabelled container and a labelled
# one whose flowrun still runs must stay. Then a real `flowrun run` killed with SIGKILL: its
# status.json must be valid JSON, and gc must remove the container it left (skipped while
# flowrun does not label its containers with flowrun.pid yet).
#
#   gc_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). DOCKER_HOST and CONTAINERS_CONF
# default to what `scripts/engines.sh env` prints. Everything this test creates carries
# flowrun.test=gc-<pid> and is removed at the end, also on failure.
# Ends with "N passed, M failed, K skipped"; exits non-zero if anything failed.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: gc_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
image=localhost/flowrun-busybox:latest
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-gc.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=gc-$$
mark=flowrun.test=$tag
host=$(cat /proc/sys/kernel/hostname)
passed=0
failed=0
skipped=0
failures=()
live_pid=""

cleanup() {
  local engine ids
  [[ -z $live_pid ]] || kill "$live_pid" 2>/dev/null || true
  for engine in $engines; do
    ids=$("$engine" ps -aq --filter "label=$mark" 2>/dev/null || true)
    # shellcheck disable=SC2086  # one argument per id
    [[ -z $ids ]] || "$engine" rm -f $ids >/dev/null 2>&1 || true
    ids=$("$engine" ps -aq --filter "label=flowrun.workflow=$tag-killed-$engine" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -z $ids ]] || "$engine" rm -f $ids >/dev/null 2>&1 || true
    ids=$("$engine" network ls -q --filter "label=$mark" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -z $ids ]] || "$engine" network rm $ids >/dev/null 2>&1 || true
    ids=$("$engine" volume ls -q --filter "label=$mark" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -z $ids ]] || "$engine" volume rm -f $ids >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT


# exists ENGINE KIND NAME: the resource is there.
exists() {
  case $2 in
    container) "$1" container inspect "$3" >/dev/null 2>&1 ;;
    *) "$1" "$2" inspect "$3" >/dev/null 2>&1 ;;
  esac
}

# A process named flowrun that stays alive: its pid marks a run that is still going on.
mkdir -p "$work/live"
ln -s "$(command -v sleep)" "$work/live/flowrun"
"$work/live/flowrun" 600 >/dev/null 2>&1 &
live_pid=$!

check_labelled_leftovers() {
  local engine=$1
  local run=$tag-run-$engine rc=0 out err
  local dead=(--label "$mark" --label "flowrun.run=$run" --label flowrun.pid=999999
    --label "flowrun.host=$host")
  "$engine" run -d --name "$tag-dead-$engine" "${dead[@]}" "$image" sleep 300 >/dev/null
  "$engine" network create "${dead[@]}" "$tag-net-$engine" >/dev/null
  "$engine" volume create "${dead[@]}" "$tag-vol-$engine" >/dev/null
  "$engine" create --name "$tag-plain-$engine" --label "$mark" "$image" true >/dev/null
  "$engine" create --name "$tag-live-$engine" --label "$mark" --label "flowrun.run=$run-live" \
    --label "flowrun.pid=$live_pid" --label "flowrun.host=$host" "$image" true >/dev/null
  out=$("$flowrun" gc --runtime "$engine" 2>"$work/err") || rc=$?
  err=$(cat "$work/err")
  local problems=()
  [[ $rc -eq 0 ]] || problems+=("exit $rc")
  local line
  for line in "removed $engine container $tag-dead-$engine (run $run)" \
    "removed $engine network $tag-net-$engine (run $run)" \
    "removed $engine volume $tag-vol-$engine (run $run)"; do
    grep -qxF "$line" <<<"$out" || problems+=("stdout lacks: $line")
  done
  exists "$engine" container "$tag-dead-$engine" && problems+=("the dead run's container is still there")
  exists "$engine" network "$tag-net-$engine" && problems+=("the dead run's network is still there")
  exists "$engine" volume "$tag-vol-$engine" && problems+=("the dead run's volume is still there")
  exists "$engine" container "$tag-plain-$engine" || problems+=("gc removed an unlabelled container")
  exists "$engine" container "$tag-live-$engine" || problems+=("gc removed a live flowrun's container")
  grep -q "$tag-plain-$engine" <<<"$out" && problems+=("gc mentions the unlabelled container")
  if ((${#problems[@]} == 0)); then
    pass "$engine: gc removes a dead flowrun's container, network and volume, keeps the rest"
  else
    fail "$engine: gc" "${problems[@]}" "stdout: $out" "stderr: $err"
  fi
}

# kill -9 of a real run in the middle of a step, then gc.
check_killed_run() {
  local engine=$1
  local name=$tag-killed-$engine pid waited=0 dir status_ok left
  cat >"$work/killed.yaml" <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: $name}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox:1.36, command: [sh, -c, "echo started; sleep 300"]}
YAML
  "$flowrun" run --runtime "$engine" --image-map "busybox:1.36=$image" "$work/killed.yaml" \
    >"$work/killed.out" 2>"$work/killed.err" &
  pid=$!
  while ! grep -q "$name: started" "$work/killed.err" && ((waited < 300)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  sleep 0.5
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  dir=$FLOWRUN_STATE_DIR/runs/$name
  status_ok=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["status"]["phase"], d["status"]["nodes"][sys.argv[2]]["phase"])' "$dir/status.json" "$name" \
    2>&1 || true)
  if [[ $status_ok == "Running Running" ]]; then
    pass "$engine: status.json after kill -9 is valid JSON with the last phases ($status_ok)"
  else
    fail "$engine: status.json after kill -9" "got: $status_ok" "$(tail -n 5 "$work/killed.err")"
  fi
  left=$("$engine" ps -aq --filter "label=flowrun.workflow=$name")
  if [[ -z $left ]]; then
    fail "$engine: killed run" "no container left to collect: did the run start?"
    return
  fi
  local labels
  # shellcheck disable=SC2086  # one argument per id
  labels=$("$engine" container inspect --format '{{index .Config.Labels "flowrun.pid"}}' $left)
  if [[ -z $labels || $labels == "<no value>" ]]; then
    skipped=$((skipped + 1))
    echo "SKIP $engine: gc after kill -9 (flowrun does not label containers with flowrun.pid yet)"
    return
  fi
  "$flowrun" gc --runtime "$engine" >"$work/gc.out" 2>&1 || true
  left=$("$engine" ps -aq --filter "label=flowrun.workflow=$name")
  if [[ -z $left ]]; then
    pass "$engine: gc removes what a run killed with SIGKILL left"
  else
    fail "$engine: gc after kill -9" "still there: $left" "$(cat "$work/gc.out")"
  fi
}

for engine in $engines; do
  check_labelled_leftovers "$engine"
  check_killed_run "$engine"
done

summarize ", $skipped skipped"
