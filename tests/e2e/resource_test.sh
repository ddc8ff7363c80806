#!/usr/bin/env bash
# End-to-end: resource templates. On Podman (podman kube play): the seed's example
# (examples/resource-pod.yaml) creates a Pod, reads its generated name back by jsonPath and
# deletes it by label selector, leaving no pod; successCondition / failureCondition wait for
# a Pod's phase; setOwnerReference removes the pod when the run ends. On Docker the same
# workflow is refused before anything starts (exit 3), and with --kube-context it goes to
# kubectl, which fails the node clearly when there is no such context.
#
#   resource_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: resource_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never  # no registry may be contacted
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
flows=$repo/tests/e2e/workflows
example=$repo/examples/resource-pod.yaml
maps=(--image-map-file "$repo/tests/e2e/image_map.txt")
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-resource.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2eres$$

# pods ENGINE FILTER: names of podman pods matching a label filter (none on docker).
pods() {
  [[ $1 == podman ]] || return 0
  podman pod ps --filter "label=$2" --format '{{.Name}}' 2>/dev/null | tr '\n' ' ' | sed 's/ *$//'
}

cleanup() {
  if [[ " $engines " == *" podman "* ]]; then
    local name
    for name in $(podman pod ps --filter label=flowrun.workflow --format '{{.Name}} {{.Labels}}' \
      2>/dev/null | awk -v t="$tag" 'index($0, t) { print $1 }'); do
      podman pod rm -f -t 0 "$name" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# run_flow NAME ENGINE FILE [FLAGS...]: runs FILE as NAME with -o json; sets rc.
run_flow() {
  local name=$1 engine=$2 file=$3
  shift 3
  rc=0
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" -o json "$@" \
    "$file" >"$work/out.json" 2>"$work/err" || rc=$?
}

podman_example() {
  local name=$tag-example rc pod phase
  run_flow "$name" podman "$example"
  phase=$(json_field "$work/out.json" "doc['status']['phase']")
  pod=$(json_field "$work/out.json" "[n for n in doc['status']['nodes'].values()
    if n['displayName'] == 'create-pod'][0]['outputs']['parameters'][0]['value']")
  if [[ $rc -eq 0 && $phase == Succeeded && $pod == sleeper-* &&
    -z $(pods podman app=resource-pod-example) ]] && grep -q "created pod $pod" "$work/err"; then
    pass "podman: create a Pod, read its name by jsonPath ($pod), delete it by selector"
  else
    fail "podman: resource-pod example" "exit $rc, phase '$phase', pod '$pod'," \
      "pods left: '$(pods podman app=resource-pod-example)'" "$(tail -n 15 "$work/err")"
  fi
}

# podman_wait EXIT WANT_PHASE WANT_MESSAGE: the resource-wait workflow with the pod exiting EXIT.
podman_wait() {
  local code=$1 want=$2 want_message=$3 name=$tag-wait-$1 rc phase message
  run_flow "$name" podman "$flows/resource-wait.yaml" -p "exit=$code"
  phase=$(json_field "$work/out.json" "doc['status']['phase']")
  message=$(json_field "$work/out.json" "list(doc['status']['nodes'].values())[0].get('message', '')")
  if [[ $phase == "$want" && $message == "$want_message" &&
    -z $(pods podman "flowrun.workflow=$name") ]]; then
    pass "podman: conditions on a pod exiting $code: $want${want_message:+ ($want_message)}, pod removed"
  else
    fail "podman: conditions on a pod exiting $code" \
      "expected $want '$want_message', got '$phase' '$message' (exit $rc)" \
      "pods left: '$(pods podman "flowrun.workflow=$name")'" "$(tail -n 15 "$work/err")"
  fi
}

docker_refused() {
  local name=$tag-refused rc left
  run_flow "$name" docker "$example"
  left=$(docker ps -aq --filter "label=flowrun.workflow=$name" | tr '\n' ' ')
  if [[ $rc -eq 3 && -z $left ]] &&
    grep -q 'resource-pod.yaml:[0-9]*:[0-9]*: error: resource templates need Podman (podman kube play) or a cluster (--kube-context)' "$work/err" &&
    grep -q 'nothing was run' "$work/err"; then
    pass "docker: resource templates refused before anything starts (exit 3)"
  else
    fail "docker: resource templates refused" "exit $rc, left '$left'" "$(tail -n 8 "$work/err")"
  fi
}

docker_kube_context() {
  local name=$tag-kubectl rc message
  run_flow "$name" docker "$example" --kube-context flowrun-no-such-context
  message=$(json_field "$work/out.json" "[n for n in doc['status']['nodes'].values()
    if n['displayName'] == 'create-pod'][0].get('message', '')")
  if [[ $rc -eq 1 && $message == 'error: context "flowrun-no-such-context" does not exist' ]]; then
    pass "docker --kube-context: kubectl's error for a missing context fails the node"
  else
    fail "docker --kube-context" "exit $rc, message '$message'" "$(tail -n 8 "$work/err")"
  fi
}

for engine in $engines; do
  case $engine in
    podman)
      podman_example
      podman_wait 0 Succeeded ""
      podman_wait 3 Failed "failure condition 'status.phase==Failed' evaluated true"
      ;;
    docker)
      docker_refused
      if command -v kubectl >/dev/null; then docker_kube_context; fi
      ;;
  esac
done

summarize
