#!/usr/bin/env bash
# Runs every examples/*.yaml twice, `flowrun run FILE --runtime host -o json` and
# `flowrun run FILE --dry-run -o json`, and checks the workflow's status.phase and the
# exit status against what the example documents in its comments:
#   # Expected phase: <Phase>
#   # Expected dry-run phase: <Phase> (why)     <- only where a dry run ends differently
# An example without an "Expected phase" line fails. Exit status 0 goes with Succeeded,
# 1 with Failed or Error. One case per example; the host run needs sh, echo, sleep and
# python3 on this machine (the examples' commands), and python3 reads the JSON.
# Usage: bash tests/cli/run_examples_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

# A run that takes longer than this has hung (the slowest example takes a few seconds).
seconds_allowed=60

# problem MESSAGE: fails the case with MESSAGE alone (cli_lib's fail also prints the last
# command's output, which would be a whole Workflow object here).
problem() {
  case_failed=1
  echo "     $1"
}

# documented_phase FILE LABEL: the phase word after "# LABEL:" in FILE, or nothing.
documented_phase() {
  sed -n "s/^# $2: *\([A-Za-z]*\).*/\1/p" "$1" | head -n 1
}

# check_run FILE EXPECTED WHAT ARGS...: runs `flowrun run FILE ARGS... -o json` and
# checks the phase and exit status. WHAT names the run in messages.
check_run() {
  local file=$1 expected=$2 what=$3 phase status=0 want_rc
  shift 3
  flowrun_within "$seconds_allowed" run "$file" "$@" -o json
  if [[ $rc -eq 124 || $rc -ge 128 ]]; then
    problem "$what: killed (exit $rc): hung or crashed"
    tail -n 20 "$work/.err" | sed 's/^/       stderr: /'
    return
  fi
  phase=$(json_eval 'd["status"]["phase"]' 2>"$work/.json_err") || status=$?
  if [[ $status -ne 0 ]]; then
    problem "$what: exit $rc, no status.phase in stdout: $(cat "$work/.json_err")"
    tail -n 20 "$work/.err" | sed 's/^/       stderr: /'
    return
  fi
  case $expected in
    Succeeded) want_rc=0 ;;
    *) want_rc=1 ;;
  esac
  if [[ $phase != "$expected" || $rc -ne $want_rc ]]; then
    # The nodes' phases and messages say more than the whole Workflow object.
    problem "$what: expected phase $expected (exit $want_rc), got $phase (exit $rc)"
    json_eval '"\n".join(n["name"] + ": " + n["phase"] + " " + n.get("message", "")
                         for n in d["status"]["nodes"].values())' | sed 's/^/       node /'
    tail -n 20 "$work/.err" | sed 's/^/       stderr: /'
  fi
}

# check_example FILE: both runs of one example.
check_example() {
  need_python3
  local file=$1 expected dry_expected phase
  expected=$(documented_phase "$file" "Expected phase")
  dry_expected=$(documented_phase "$file" "Expected dry-run phase")
  if [[ -z $expected ]]; then
    problem "no '# Expected phase: <Phase>' line in ${file#"$repo"/}"
    return
  fi
  for phase in "$expected" ${dry_expected:+"$dry_expected"}; do
    case $phase in
      Succeeded | Failed | Error) ;;
      *)
        problem "${file#"$repo"/}: '$phase' is not a workflow phase (Succeeded, Failed or Error)"
        return
        ;;
    esac
  done
  if grep -q '^# Needs: podman' "$file"; then
    # Resource templates need podman kube play (tests/e2e/resource_test.sh runs this one):
    # here, where only the host runtime is certain, flowrun must refuse it before running.
    local out
    out=$("$flowrun_bin" run "$file" --runtime host 2>&1) && problem "${file#"$repo"/}: ran on the host runtime"
    grep -q 'resource templates need Podman' <<<"$out" ||
      problem "${file#"$repo"/}: no clear refusal on the host runtime: $out"
    return
  fi
  check_run "$file" "$expected" "--runtime host" --runtime host
  check_run "$file" "${dry_expected:-$expected}" "--dry-run" --dry-run
}

shopt -s nullglob
examples=("$repo"/examples/*.yaml)
shopt -u nullglob
if [[ ${#examples[@]} -eq 0 ]]; then
  echo "no examples found in $repo/examples" >&2
  exit 1
fi
for example in "${examples[@]}"; do
  name=$(basename "$example" .yaml)
  # One case_<example> function per file; run_cases runs them in name order.
  eval "case_${name//[^A-Za-z0-9_-]/_}() { check_example $(printf '%q' "$example"); }"
done

run_cases "$@"
