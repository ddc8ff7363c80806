#!/usr/bin/env bash
# End-to-end: retryStrategy and timeouts on real Docker and Podman. A step that fails twice
# then succeeds under an absent limit (its counter in a volumeClaimTemplate), OnError not
# retrying a failed step while Always does, a retry expression that stops on one exit code
# and not another, backoff waits visible in the attempts' start times, and a template
# timeout that stops a sleeping container within a couple of seconds of its deadline.
#
#   retries_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: retries_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never  # no registry may be contacted
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
flows=$repo/tests/e2e/workflows
maps=(--image-map busybox:1.36=localhost/flowrun-busybox:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-retry.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2eretry$$
trap 'rm -rf "$work"' EXIT

# attempts FILE PREFIX: "<count> <phase of the Retry node> <message>" for the Retry node whose
# display name is PREFIX (or the workflow's root when PREFIX is empty).
attempts() {
  python3 - "$1" "$2" <<'PY' 2>/dev/null || echo "<unreadable JSON>"
import json, sys
doc = json.load(open(sys.argv[1]))
nodes = doc["status"]["nodes"].values()
want = sys.argv[2]
for n in nodes:
    if n["type"] == "Retry" and (n["displayName"] == want or (not want and n["name"] == doc["metadata"]["name"])):
        print(len(n.get("children", [])), n["phase"], n.get("message", ""))
        break
else:
    print("no Retry node", want)
PY
}

# starts FILE: the attempts' start times in seconds since the epoch, in order.
starts() {
  python3 - "$1" <<'PY' 2>/dev/null || echo "<unreadable JSON>"
import json, sys, datetime
doc = json.load(open(sys.argv[1]))
pods = sorted((n for n in doc["status"]["nodes"].values() if n["type"] == "Pod"),
              key=lambda n: n["name"])
print(" ".join(str(int(datetime.datetime.strptime(n["startedAt"], "%Y-%m-%dT%H:%M:%SZ")
                        .replace(tzinfo=datetime.timezone.utc).timestamp())) for n in pods))
PY
}

run() {  # run ENGINE FILE: runs it to $work/out.json; sets rc and name
  name=$tag-${2%.yaml}-$1
  rc=0
  timeout 300 "$flowrun" run --runtime "$1" "${maps[@]}" --name "$name" -o json \
    "$flows/$2" >"$work/out.json" 2>"$work/err" || rc=$?
}

for engine in $engines; do
  run "$engine" retry-until-third.yaml
  got=$(attempts "$work/out.json" "")
  if [[ $rc -eq 0 && $got == "3 Succeeded"* ]] && grep -q 'attempt 3' "$work/err"; then
    pass "$engine: absent limit: failed twice, then succeeded ($got)"
  else
    fail "$engine: absent limit" "exit $rc, Retry node: $got" "$(tail -n 10 "$work/err")"
  fi

  run "$engine" retry-policies.yaml
  on_error=$(attempts "$work/out.json" on-error)
  always=$(attempts "$work/out.json" always)
  if [[ $rc -eq 1 && $on_error == "1 Failed main: Error (exit code 1)" &&
    $always == "3 Failed No more retries left" ]]; then
    pass "$engine: OnError does not retry a failed step, Always does"
  else
    fail "$engine: OnError / Always" "exit $rc; on-error: $on_error; always: $always"
  fi

  run "$engine" retry-expression.yaml
  two=$(attempts "$work/out.json" exit-two)
  one=$(attempts "$work/out.json" exit-one)
  if [[ $two == "1 Failed retryStrategy.expression evaluated to false" &&
    $one == "3 Failed No more retries left" ]]; then
    pass "$engine: the expression stops on exit code 2, not on 1"
  else
    fail "$engine: retry expression" "exit $rc; exit-two: $two; exit-one: $one" \
      "$(tail -n 10 "$work/err")"
  fi

  run "$engine" retry-backoff.yaml
  read -r -a at <<<"$(starts "$work/out.json")"
  if [[ ${#at[@]} -eq 3 ]] && ((at[1] - at[0] >= 1 && at[2] - at[1] >= 2)); then
    pass "$engine: backoff waits 1 s, then 2 s (starts ${at[*]})"
  else
    fail "$engine: backoff" "attempt starts: ${at[*]:-none}" "$(tail -n 10 "$work/err")"
  fi

  run "$engine" timeout-sleep.yaml
  read -r -a at <<<"$(starts "$work/out.json")"
  ended=$(json_field "$work/out.json" \
    'int(__import__("datetime").datetime.strptime(doc["status"]["finishedAt"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=__import__("datetime").timezone.utc).timestamp())')
  phase=$(json_field "$work/out.json" 'doc["status"]["phase"]')
  # The deadline is 3 s after the node starts; the container must be gone within 2 s more
  # (whole seconds in the JSON, hence <= 5 + 1).
  if [[ $phase == Failed && ${#at[@]} -eq 1 && $ended =~ ^[0-9]+$ ]] && ((ended - at[0] <= 6)); then
    pass "$engine: a 3 s timeout stops a sleeping container ($((ended - at[0])) s after start)"
  else
    fail "$engine: timeout" "phase '$phase', started ${at[*]:-?}, ended $ended" \
      "$(tail -n 10 "$work/err")"
  fi
done

summarize
