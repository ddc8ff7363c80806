#!/usr/bin/env bash
# What flowrun asks docker and podman, checked against fake engines (bash scripts named
# docker and podman in a PATH of their own): `run -v` saying which engine it chose and why,
# and `flowrun gc` removing what a dead flowrun left while keeping what it cannot judge.
# Needs no container engine. The e2e tests run the same commands on real ones.
# Usage: bash tests/cli/engine_cli_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

export FLOWRUN_STATE_DIR="$work/state"
export XDG_CONFIG_HOME="$work/config"
unset FLOWRUN_IMAGE_MAP DOCKER_HOST CONTAINERS_CONF
host=$(cat /proc/sys/kernel/hostname)

# The fake engine: bash builtins only, so PATH may hold nothing but the fakes. Its state is
# in $FAKE_STATE/<engine>/: `calls` (every argv, one per line), `container`, `network` and
# `volume` (one resource per line: id, name, run, pid, host, tab-separated), `broken`
# (`version` fails with its text) and `fail-<verb>` (that verb fails with its text).
write_fake_engine() {
  mkdir -p "$work/bin"
  cat >"$work/bin/fake-engine" <<'FAKE'
#!/bin/bash
engine=${0##*/}
state=$FAKE_STATE/$engine
echo "$*" >>"$state/calls"
fail_if() {
  if [[ -e $state/fail-$1 ]]; then
    echo "$(<"$state/fail-$1")" >&2
    exit 1
  fi
}
ids() { # ids KIND: the first field of each line
  local line
  [[ -e $state/$1 ]] || return 0
  while IFS= read -r line; do echo "${line%%$'\t'*}"; done <"$state/$1"
}
inspect() { # inspect KIND ID...: the lines of those IDs
  local kind=$1 line id
  shift
  for id in "$@"; do
    while IFS= read -r line; do
      [[ ${line%%$'\t'*} == "$id" ]] && printf '%s\n' "$line"
    done <"$state/$kind"
  done
}
remove() { # remove KIND ID
  local line kept=()
  while IFS= read -r line; do
    [[ ${line%%$'\t'*} == "$2" ]] || kept+=("$line")
  done <"$state/$1"
  printf '%s\n' "${kept[@]}" >"$state/$1"
  [[ ${#kept[@]} -gt 0 ]] || : >"$state/$1"
  echo "$2"
}
case "$1 $2" in
  "version --format")
    if [[ -e $state/broken ]]; then echo "$(<"$state/broken")" >&2; exit 1; fi
    echo "${FAKE_VERSION:-1.2.3}" ;;
  "ps -aq") fail_if list; ids container ;;
  "network ls" | "volume ls") fail_if list; ids "$1" ;;
  "pod ps") echo -n ;;
  "container inspect" | "network inspect" | "volume inspect") inspect "$1" "${@:5}" ;;
  "rm -f") fail_if rm; remove container "${!#}" ;;
  "network rm") fail_if rm; remove network "$3" ;;
  "volume rm") fail_if rm; remove volume "${!#}" ;;
  *) echo "fake $engine: not faked: $*" >&2; exit 125 ;;
esac
FAKE
  chmod +x "$work/bin/fake-engine"
  export FAKE_STATE=$work/fake
  rm -rf "$FAKE_STATE"
  mkdir -p "$FAKE_STATE/docker" "$FAKE_STATE/podman"
}

# engines NAME...: only these fakes are installed (in $work/bin, the whole PATH).
engines() {
  write_fake_engine
  rm -f "$work/bin/docker" "$work/bin/podman"
  local name
  for name in "$@"; do
    ln -s fake-engine "$work/bin/$name"
  done
}

# resource ENGINE KIND ID NAME RUN PID HOST: a labelled resource in the fake engine.
resource() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$3" "$4" "$5" "$6" "$7" >>"$FAKE_STATE/$1/$2"
}

# fakerun ARGS...: as `flowrun ARGS...`, with only the fakes in flowrun's PATH.
fakerun() {
  rc=0
  PATH=$work/bin "$flowrun_bin" "$@" >"$work/.out" 2>"$work/.err" || rc=$?
  out=$(cat "$work/.out")
  err=$(cat "$work/.err")
}

write_wf() {
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: chosen-}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine:3.19, command: [echo, hi]}
YAML
}

# --- run -v: the engine and why ---

case_verbose_auto_falls_back_to_podman_when_docker_is_missing() {
  engines podman
  write_wf
  FAKE_VERSION=4.3.1 fakerun run wf.yaml -v
  # The fake cannot create containers: the pod fails, which is not what is tested here.
  expect_stderr_has "flowrun: using podman 4.3.1 ($work/bin/podman): docker: not installed (exec: \"docker\": executable file not found in \$PATH)"
}

case_verbose_auto_says_why_docker_was_passed_over() {
  engines docker podman
  write_wf
  echo "Cannot connect to the Docker daemon" >"$FAKE_STATE/docker/broken"
  FAKE_VERSION=4.3.1 fakerun run wf.yaml -v
  expect_stderr_has "flowrun: using podman 4.3.1 ($work/bin/podman): docker: \`$work/bin/docker version\` failed (DOCKER_HOST=unset): Cannot connect to the Docker daemon"
}

case_verbose_auto_prefers_docker() {
  engines docker podman
  write_wf
  FAKE_VERSION=20.10.24 fakerun run wf.yaml -v
  expect_stderr_has "flowrun: using docker 20.10.24 ($work/bin/docker): --runtime auto tries docker first, and it answers"
}

case_verbose_explicit_runtime() {
  engines docker podman
  write_wf
  FAKE_VERSION=4.3.1 fakerun run wf.yaml -v --runtime podman
  expect_stderr_has "flowrun: using podman 4.3.1 ($work/bin/podman): --runtime podman"
  [[ ! -s $FAKE_STATE/docker/calls ]] || fail "docker was asked although podman was chosen"
}

case_no_engine_choice_line_without_verbose() {
  engines podman
  write_wf
  fakerun run wf.yaml
  expect_stderr_lacks "flowrun: using"
}

case_no_working_engine_lists_both_reasons() {
  export FLOWRUN_STATE_DIR=$work/state-unused
  engines podman
  write_wf
  echo "cannot set up namespace" >"$FAKE_STATE/podman/broken"
  fakerun run wf.yaml -v
  expect_rc 3
  expect_stderr_has "flowrun: cannot run containers: no container engine answers
  docker: not installed (exec: \"docker\": executable file not found in \$PATH)
  podman: \`$work/bin/podman version\` failed (CONTAINERS_CONF=unset): cannot set up namespace"
  [[ ! -e $FLOWRUN_STATE_DIR ]] || fail "a run directory was made for a run that cannot start"
}

# --- gc ---

# A process whose comm is "flowrun" (a `sleep` run through a link of that name); prints its pid.
start_live_flowrun() {
  mkdir -p "$work/live"
  ln -sf "$(command -v sleep)" "$work/live/flowrun"
  "$work/live/flowrun" 30 >/dev/null 2>&1 &
  echo $!
}

case_gc_removes_a_dead_flowruns_resources() {
  engines docker
  resource docker container c1 /dead-ctr r1 999999 "$host"
  resource docker network n1 dead-net r1 999999 "$host"
  resource docker volume v1 dead-vol r1 999999 "$host"
  fakerun gc
  expect_rc 0
  expect_stdout "removed docker container dead-ctr (run r1)
removed docker network dead-net (run r1)
removed docker volume dead-vol (run r1)"
  expect_stderr ""
  grep -qx "rm -f c1" "$FAKE_STATE/docker/calls" || fail "no 'rm -f c1'"
  grep -qx "network rm n1" "$FAKE_STATE/docker/calls" || fail "no 'network rm n1'"
  grep -qx "volume rm -f v1" "$FAKE_STATE/docker/calls" || fail "no 'volume rm -f v1'"
  [[ ! -s $FAKE_STATE/docker/container ]] || fail "the container is still there"
}

case_gc_keeps_what_it_cannot_judge() {
  engines podman
  local live
  live=$(start_live_flowrun)
  resource podman container c1 running r1 "$live" "$host"
  resource podman container c2 elsewhere r2 999999 other-host
  resource podman container c3 old r3 "" ""
  resource podman volume v1 dead-vol r4 999999 "$host"
  fakerun gc
  expect_rc 0
  expect_stdout "removed podman volume dead-vol (run r4)"
  expect_stderr "flowrun: kept 3 resources of runs that may still be going on (-v says which and why; --all removes them too)"
  fakerun gc -v
  expect_rc 0
  expect_stdout ""
  expect_stderr_has "flowrun: kept podman container running (run r1): flowrun (pid $live) still runs"
  expect_stderr_has "flowrun: kept podman container elsewhere (run r2): made on host other-host, which gc cannot check"
  expect_stderr_has "flowrun: kept podman container old (run r3): no flowrun.pid and flowrun.host labels, so gc cannot tell whether its run is over"
  fakerun gc --all
  expect_rc 0
  expect_stdout "removed podman container running (run r1)
removed podman container elsewhere (run r2)
removed podman container old (run r3)"
  grep -qx "rm -f -t 0 c1" "$FAKE_STATE/podman/calls" || fail "podman's rm lacks -t 0"
  kill "$live" 2>/dev/null || true
}

case_gc_dry_run_removes_nothing() {
  engines docker
  resource docker container c1 dead-ctr r1 999999 "$host"
  fakerun gc --dry-run
  expect_rc 0
  expect_stdout "would remove docker container dead-ctr (run r1)"
  ! grep -q "^rm" "$FAKE_STATE/docker/calls" || fail "--dry-run removed something"
  [[ -s $FAKE_STATE/docker/container ]] || fail "--dry-run removed the container"
}

case_gc_auto_cleans_every_working_engine() {
  engines docker podman
  resource docker container c1 d-ctr r1 999999 "$host"
  resource podman container c2 p-ctr r2 999999 "$host"
  fakerun gc
  expect_rc 0
  expect_stdout "removed docker container d-ctr (run r1)
removed podman container p-ctr (run r2)"
  echo "daemon down" >"$FAKE_STATE/docker/broken"
  resource podman volume v1 p-vol r2 999999 "$host"
  fakerun gc -v
  expect_rc 0
  expect_stdout "removed podman volume p-vol (run r2)"
  expect_stderr_has "flowrun: skipping docker: \`$work/bin/docker version\` failed (DOCKER_HOST=unset): daemon down"
}

case_gc_without_engine_exits_3() {
  engines docker
  fakerun gc --runtime podman
  expect_rc 3
  expect_stderr "flowrun: cannot collect garbage: no container engine answers
  podman: not installed (exec: \"podman\": executable file not found in \$PATH)"
  engines
  fakerun gc
  expect_rc 3
  expect_stderr_has "flowrun: cannot collect garbage: no container engine answers"
}

case_gc_engine_failures_exit_1() {
  engines docker
  resource docker container c1 dead-ctr r1 999999 "$host"
  resource docker volume v1 dead-vol r1 999999 "$host"
  echo "boom" >"$FAKE_STATE/docker/fail-rm"
  fakerun gc
  expect_rc 1
  expect_stderr_has "flowrun: cannot remove docker container dead-ctr (run r1): boom"
  expect_stderr_has "flowrun: cannot remove docker volume dead-vol (run r1): boom"
  rm "$FAKE_STATE/docker/fail-rm"
  echo "listing broke" >"$FAKE_STATE/docker/fail-list"
  fakerun gc
  expect_rc 1
  expect_stderr_has "flowrun: cannot list docker containers: listing broke"
  expect_stderr_has "flowrun: cannot list docker volumes: listing broke"
}

case_gc_help() {
  flowrun gc --help
  expect_rc 0
  expect_stdout_has "--all"
  expect_stdout_has "--dry-run"
  expect_stdout_has "--runtime RUNTIME"
  expect_stdout_has "Exit status:"
  flowrun --help
  expect_stdout_has "  gc "
  expect_stdout_has "  4    run: a run of that workflow name exists already"
}

run_cases "$@"
