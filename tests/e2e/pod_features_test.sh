#!/usr/bin/env bash
# End-to-end: pod features on real Docker and Podman: a sidecar reached on localhost, a
# volumeClaimTemplate shared by two steps, an init container writing into an emptyDir,
# `$(VAR)` expansion, a daemon gated by its readinessProbe, and Kubernetes container fields
# (securityContext, resources, workingDir, secrets from --secrets-dir), and SIGINT in the
# middle of a run with a daemon and two running steps. After each run, nothing labelled with
# its workflow is left: no container, volume or network.
#
#   pod_features_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: pod_features_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never  # no registry may be contacted
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
flows=$repo/tests/e2e/workflows
maps=(--image-map busybox:1.36=localhost/flowrun-busybox:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-pod.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2epod$$

# leftovers ENGINE NAME: containers, volumes and networks of workflow NAME still there.
leftovers() {
  local engine=$1 name=$2
  {
    "$engine" ps -aq --filter "label=flowrun.workflow=$name" 2>/dev/null || echo "<ps failed>"
    "$engine" volume ls -q --filter "label=flowrun.workflow=$name" 2>/dev/null ||
      echo "<volume ls failed>"
    "$engine" network ls -q --filter "label=flowrun.workflow=$name" 2>/dev/null ||
      echo "<network ls failed>"
  } | tr '\n' ' ' | sed 's/ *$//'
}

cleanup() {
  local engine kind ids
  for engine in $engines; do
    for kind in container volume network; do
      ids=$("$engine" "$kind" ls -q --filter "label=flowrun.workflow" \
        --format '{{.Name}} {{.Labels}}' 2>/dev/null |
        awk -v t="$tag" 'index($0, t) { print $1 }' || true)
      # shellcheck disable=SC2086  # one argument per id
      [[ -z $ids ]] || "$engine" "$kind" rm -f $ids >/dev/null 2>&1 || true
    done
  done
  rm -rf "$work"
}
trap cleanup EXIT



# check ENGINE FILE WANT_PHASE [EXTRA_FLAGS...] -- NEEDLE...: runs FILE, expects WANT_PHASE,
# every NEEDLE in the combined log (stderr), and nothing left behind.
check() {
  local engine=$1 file=$2 want=$3
  shift 3
  local flags=()
  while [[ $# -gt 0 && $1 != -- ]]; do
    flags+=("$1")
    shift
  done
  [[ ${1:-} == -- ]] && shift
  local name=$tag-${file%.yaml}-$engine rc=0 phase left needle missing=()
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" "${flags[@]}" --name "$name" \
    -o json "$flows/$file" >"$work/out.json" 2>"$work/err" || rc=$?
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  left=$(leftovers "$engine" "$name")
  for needle in "$@"; do
    grep -qF -- "$needle" "$work/err" "$work/out.json" || missing+=("$needle")
  done
  if [[ $phase == "$want" && -z $left && ${#missing[@]} -eq 0 ]]; then
    pass "$engine: $file ($phase)"
  else
    fail "$engine: $file" "expected $want, got '$phase' (exit $rc)" "left behind: '$left'" \
      "missing from the output: ${missing[*]:-none}" "$(tail -n 20 "$work/err")"
  fi
}

secrets=$work/secrets
mkdir -p "$secrets/db"
printf 'app' >"$secrets/db/user"
printf 's3cret' >"$secrets/db/password"

# interrupt ENGINE: SIGINT once both slow steps print, then: exit 130, the exit handler ran
# (its echo is in the log), the workflow is Failed with Argo's Stop message, and nothing of
# the run is left.
interrupt() {
  local engine=$1 name=$tag-interrupt-$engine rc=0 pid phase message left i
  "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" -o json \
    "$flows/interrupt.yaml" >"$work/out.json" 2>"$work/err" &
  pid=$!
  for i in $(seq 1 200); do
    [[ $(grep -c 'step-running' "$work/err" 2>/dev/null) -ge 2 ]] && break
    sleep 0.1
  done
  kill -INT "$pid"
  wait "$pid" || rc=$?
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  message=$(json_field "$work/out.json" 'doc["status"].get("message", "")')
  left=$(leftovers "$engine" "$name")
  if [[ $rc -eq 130 && $phase == Failed && $message == "Stopped with strategy 'Stop'" &&
    -z $left ]] && grep -q 'exit-handler-ran Failed' "$work/err"; then
    pass "$engine: SIGINT with a daemon and two running steps (exit 130, exit handler ran)"
  else
    fail "$engine: SIGINT with a daemon and two running steps" \
      "expected exit 130, Failed, Stop message, exit handler output, nothing left;" \
      "got exit $rc, '$phase', '$message'; left: '$left'" "$(tail -n 20 "$work/err")"
  fi
}

for engine in $engines; do
  interrupt "$engine"
  check "$engine" sidecar-localhost.yaml Succeeded -- from-sidecar
  check "$engine" volume-claim.yaml Succeeded -- '"value": "shared-42"'
  check "$engine" init-container.yaml Succeeded -- 'note at /scratch/note' prepared-by-init \
    '$(NOT_EXPANDED)'
  check "$engine" daemon-probe.yaml Succeeded -- ready-page
  check "$engine" container-fields.yaml Succeeded --secrets-dir "$secrets" -- \
    'uid=1234 pwd=/tmp user=app password=s3cret'
  # Without a local secret the run is refused before anything starts (exit 3).
  name=$tag-nosecret-$engine
  rc=0
  "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" \
    "$flows/container-fields.yaml" >"$work/out" 2>"$work/err" || rc=$?
  if [[ $rc -eq 3 ]] && grep -q 'secret "db"' "$work/err" && [[ -z $(leftovers "$engine" "$name") ]]; then
    pass "$engine: missing secret refused before running"
  else
    fail "$engine: missing secret refused before running" "exit $rc" "$(tail -n 5 "$work/err")"
  fi
done

summarize
