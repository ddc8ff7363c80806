#!/usr/bin/env bash
# End-to-end: http templates against a local test server (tests/e2e/http_echo_server.py on
# 127.0.0.1), next to container steps on real Docker and Podman. The request itself is made
# in-process by flowrun; the engines run the container step that prints the http step's body.
# Checks: a GET and a POST (body and headers arrive, as the server's echo shows) with holding
# successConditions; the GET's result passed to a container step; a successCondition that
# does not hold and a 404 without one fail the workflow with Argo's exact messages; a dry run
# says what it would send and sends nothing.
#
#   http_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: http_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never  # no registry may be contacted
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
flows=$repo/tests/e2e/workflows
maps=(--image-map busybox:1.36=localhost/flowrun-busybox:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-http.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2ehttp$$
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$repo/tests/e2e/http_echo_server.py" "$work/port" &
server_pid=$!
for _ in $(seq 50); do
  [[ -s $work/port ]] && break
  sleep 0.1
done
if [[ ! -s $work/port ]]; then
  fail "the test server did not start"
  summarize
  exit 1
fi
base=http://127.0.0.1:$(cat "$work/port")

# node FIELD DISPLAY_NAME: a field of the node with that display name in $work/out.json.
node() {
  json_field "$work/out.json" \
    "[n.get('$1', n.get('outputs', {}).get('$1', '')) for n in doc['status']['nodes'].values() if n['displayName'] == '$2'][0]"
}

run() {  # run ENGINE FILE: runs it to $work/out.json; sets rc
  rc=0
  timeout 300 "$flowrun" run --runtime "$1" "${maps[@]}" --name "$tag-${2%.yaml}-$1" -o json \
    -p "base=$base" "$flows/$2" >"$work/out.json" 2>"$work/err" || rc=$?
}

for engine in $engines; do
  run "$engine" http-pass.yaml
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  get_type=$(node type get)
  got=$(node result get)
  echoed=$(node result post)
  shown=$(node result show)
  if [[ $rc -eq 0 && $phase == Succeeded && $get_type == HTTP && $got == hello-from-http ]]; then
    pass "$engine: GET with a holding successCondition; its body is outputs.result"
  else
    fail "$engine: GET" "exit $rc, phase '$phase', type '$get_type', result '$got'" \
      "$(tail -n 10 "$work/err")"
  fi
  if [[ $echoed == *'"method": "POST"'* && $echoed == *'"body": "hello-post"'* &&
    $echoed == *'"X-Flow": "e2e"'* && $(node phase post) == Succeeded ]]; then
    pass "$engine: POST: method, body and header arrived; successCondition held"
  else
    fail "$engine: POST" "phase '$(node phase post)', result '$echoed'"
  fi
  if [[ $shown == "got hello-from-http" ]]; then
    pass "$engine: the http result reached a container step"
  else
    fail "$engine: result to a container" "show's result: '$shown'" "$(tail -n 10 "$work/err")"
  fi

  run "$engine" http-fail.yaml
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  teapot=$(node message teapot)
  missing=$(node message missing)
  if [[ $rc -eq 1 && $phase == Failed &&
    $teapot == "successCondition 'response.statusCode == 200' evaluated false" &&
    $missing == "received non-2xx response code: 404" && $(node result teapot) == "status 418" ]]; then
    pass "$engine: a false successCondition and a 404 fail the workflow with Argo's messages"
  else
    fail "$engine: failing http steps" "exit $rc, phase '$phase'" "teapot: '$teapot'" \
      "missing: '$missing'" "$(tail -n 10 "$work/err")"
  fi
done

# A dry run sends nothing: pointed at a closed port it still reports the requests it would
# send (a real request there would fail with "Connection refused") and, as its pods do, the
# http steps succeed with the stub body, whatever their successCondition.
rc=0
"$flowrun" run --dry-run -p base=http://127.0.0.1:1 -o json "$flows/http-pass.yaml" \
  >"$work/out.json" 2>"$work/err" || rc=$?
phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
if [[ $rc -eq 0 && $phase == Succeeded ]] &&
  grep -qx 'would send GET http://127.0.0.1:1/text/hello-from-http' "$work/err" &&
  grep -qx 'would send POST http://127.0.0.1:1/echo, headers \[Content-Type, X-Flow\], body 10 bytes' \
    "$work/err" && ! grep -q 'refused' "$work/out.json" "$work/err"; then
  pass "dry run: says what it would send, sends nothing"
else
  fail "dry run" "exit $rc, phase '$phase'" "$(tail -n 10 "$work/err")"
fi

summarize
