#!/usr/bin/env bash
# Container steps, side by side in one run: flowrun vs the plain engine loop.
#
#   bench/containers_bench.sh path/to/flowrun [ROUNDS]
#
# For each engine in $FLOWRUN_TEST_ENGINES (default "docker podman"): a 20-step sequential
# workflow and a 16-way parallel one (withSequence), each step `echo`, run with flowrun;
# then the same steps as a plain shell loop of `<engine> run --rm` (sequential: one after
# the other; parallel: 16 background runs and `wait`). Prints the median of ROUNDS
# (default 3) wall-clock times and the ratio flowrun / plain. A benchmark, not a test: it
# asserts nothing. Needs the engines up and the test images built (make bench-containers
# does both).
set -euo pipefail

flowrun=${1:?usage: containers_bench.sh FLOWRUN_BINARY [ROUNDS]}
rounds=${2:-3}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
image=localhost/flowrun-busybox:latest
export FLOWRUN_PULL=never
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-bench.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state  # run records stay out of ~/.local
trap 'rm -rf "$work"' EXIT

cat >"$work/sequential.yaml" <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: bench-seq-}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
$(for i in $(seq 1 20); do printf '    - - {name: s%d, template: echo, arguments: {parameters: [{name: m, value: "%d"}]}}\n' "$i" "$i"; done)
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: $image, command: [echo, "{{inputs.parameters.m}}"]}
YAML

cat >"$work/parallel.yaml" <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: bench-par-}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: p, template: echo, withSequence: {count: "16"}, arguments: {parameters: [{name: m, value: "{{item}}"}]}}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: $image, command: [echo, "{{inputs.parameters.m}}"]}
YAML

now() { date +%s.%N; }

# seconds CMD...: wall-clock seconds of one run of CMD (its output discarded); a failed run
# is reported on stderr, since its time would mean nothing.
seconds() {
  local start end rc=0
  start=$(now)
  "$@" >/dev/null 2>"$work/stderr" || rc=$?
  end=$(now)
  if ((rc != 0)); then
    echo "containers_bench: '$*' failed (exit $rc):" >&2
    tail -5 "$work/stderr" >&2
  fi
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

plain_sequential() {
  local engine=$1 i
  for i in $(seq 1 20); do "$engine" run --rm --pull never "$image" echo "$i"; done
}

plain_parallel() {
  local engine=$1 i
  for i in $(seq 0 15); do "$engine" run --rm --pull never "$image" echo "$i" & done
  wait
}

printf '%-8s %-22s %10s %10s %7s\n' engine workflow flowrun plain ratio
for engine in $engines; do
  for shape in sequential parallel; do
    ours=() theirs=()
    for _ in $(seq 1 "$rounds"); do
      ours+=("$(seconds "$flowrun" run --runtime "$engine" -o name "$work/$shape.yaml")")
      theirs+=("$(seconds "plain_$shape" "$engine")")
    done
    a=$(median "${ours[@]}")
    b=$(median "${theirs[@]}")
    printf '%-8s %-22s %9.2fs %9.2fs %7.2f\n' "$engine" "$shape ($([[ $shape == sequential ]] && echo 20 || echo 16) steps)" \
      "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')"
  done
done
