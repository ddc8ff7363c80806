#!/usr/bin/env bash
# Smoke test of the container engines flowrun's e2e tests rely on: on docker
# and on podman, run the locally built test images (scripts/test-images.sh)
# and check output and exit codes.  Every container is named and labelled
# flowrun.test=smoke and removed by that label at the end, also on failure.
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman").  DOCKER_HOST and
# CONTAINERS_CONF default to what `scripts/engines.sh env` prints.
# Ends with "N passed, M failed"; exits non-zero if anything failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi

label=flowrun.test=smoke
busybox=localhost/flowrun-busybox:latest
python=localhost/flowrun-python:latest
passed=0
failed=0
failures=()
errfile=$(mktemp)

cleanup() {
  local engine ids
  for engine in $engines; do
    ids=$("$engine" ps -aq --filter "label=$label" 2>/dev/null || true)
    # Word splitting of $ids is wanted: one argument per container id.
    # shellcheck disable=SC2086
    [[ -z $ids ]] || "$engine" rm -f $ids >/dev/null 2>&1 || true
  done
  rm -f "$errfile"
}
trap cleanup EXIT

# check ENGINE DESCRIPTION EXPECTED-STDOUT EXPECTED-EXIT -- RUN-ARGS...
check() {
  local engine=$1 what=$2 want_out=$3 want_rc=$4
  shift 5
  local name out rc=0
  name=flowrun-smoke-$engine-$((passed + failed))-$$
  # Bounded, so a hung engine fails the test instead of the CI run.
  out=$(timeout 120 "$engine" run --name "$name" --label "$label" "$@" 2>"$errfile") || rc=$?
  if [[ $out == "$want_out" && $rc -eq $want_rc ]]; then
    passed=$((passed + 1))
    echo "PASS $engine: $what"
  else
    failed=$((failed + 1))
    failures+=("$engine: $what")
    echo "FAIL $engine: $what"
    echo "     expected exit $want_rc and stdout '$want_out'"
    echo "     got      exit $rc and stdout '$out'"
    sed 's/^/     stderr: /' "$errfile"
  fi
}

for engine in $engines; do
  check "$engine" "busybox echo" hello 0 -- "$busybox" echo hello
  check "$engine" "busybox exit code 3" "" 3 -- "$busybox" sh -c 'exit 3'
  check "$engine" "busybox --user nobody" 65534 0 -- --user nobody "$busybox" id -u
  check "$engine" "python3 json" "[1]" 0 -- "$python" python3 -c 'import json; print(json.dumps([1]))'
done

if ((failed > 0)); then
  echo "failed:"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
((failed == 0))
