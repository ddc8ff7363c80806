#!/usr/bin/env bash
# `flowrun lint` over Argo's own examples (read-only, from ../shared/argo next to the
# repository; skipped when absent). Files under workflow-template/ and
# cluster-workflow-template/ are linted together with the template libraries
# (workflow-template/templates.yaml, cluster-workflow-template/clustertemplates.yaml) so
# that templateRef resolves.
#
# examples-manifest.tsv has one row per workflow-kind document. A file whose rows all have
# kind Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow must lint with
# exit 0 (warnings allowed). Files without rows (ConfigMaps, event bindings ...) may exit
# 0 or 2. For every file, a signal (exit >= 128) or a timeout (5 s) is a failure.
# Prints each failure with its first diagnostics, then "N passed, M failed" and counts.
#
# Usage: bash tests/cli/argo_examples_test.sh path/to/flowrun
set -euo pipefail

if [[ $# -lt 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/flowrun" >&2
  exit 2
fi
flowrun_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
shared="$repo/../shared/argo"
if [[ ! -d $shared/examples || ! -f $shared/examples-manifest.tsv ]]; then
  echo "SKIP: ../shared/argo not found"
  exit 77  # ctest: skipped (SKIP_RETURN_CODE)
fi
shared=$(cd "$shared" && pwd)
cd "$shared"

seconds_allowed=5
shown_lines=6
workflow_kinds=" Workflow WorkflowTemplate ClusterWorkflowTemplate CronWorkflow "
libraries=(examples/workflow-template/templates.yaml
  examples/cluster-workflow-template/clustertemplates.yaml)

# file -> space-separated kinds of its manifest rows (column 1 is the file, column 3 the kind).
declare -A kinds=()
rows=0
while IFS=$'\t' read -r file _ kind _; do
  [[ $file == file || -z $file ]] && continue
  kinds[$file]="${kinds[$file]:-} $kind"
  rows=$((rows + 1))
done <examples-manifest.tsv

err=$(mktemp)
trap 'rm -f "$err"' EXIT

passed=0
failed=0
linted=0
must_pass=0
crash_only=0
while IFS= read -r file; do
  args=("$file")
  case $file in
    examples/workflow-template/* | examples/cluster-workflow-template/*)
      for library in "${libraries[@]}"; do
        [[ $library == "$file" ]] || args+=("$library")
      done
      ;;
  esac
  rc=0
  timeout "$seconds_allowed" "$flowrun_bin" lint "${args[@]}" </dev/null >/dev/null 2>"$err" ||
    rc=$?
  linted=$((linted + 1))

  strict=0
  if [[ -n ${kinds[$file]:-} ]]; then
    strict=1
    for kind in ${kinds[$file]}; do
      [[ $workflow_kinds == *" $kind "* ]] || strict=0
    done
  fi
  if [[ $strict -eq 1 ]]; then
    must_pass=$((must_pass + 1))
  else
    crash_only=$((crash_only + 1))
  fi

  problem=""
  if [[ $rc -eq 124 ]]; then
    problem="timed out after ${seconds_allowed} s"
  elif [[ $rc -ge 128 ]]; then
    problem="killed by signal $((rc - 128))"
  elif [[ $strict -eq 1 && $rc -ne 0 ]]; then
    problem="exit $rc; expected 0 (kinds:${kinds[$file]})"
  elif [[ $strict -eq 0 && $rc -ne 0 && $rc -ne 2 ]]; then
    problem="exit $rc; expected 0 or 2 (no workflow rows)"
  fi
  if [[ -z $problem ]]; then
    passed=$((passed + 1))
    continue
  fi
  failed=$((failed + 1))
  echo "FAIL $file: $problem"
  if [[ ${#args[@]} -gt 1 ]]; then
    echo "     (linted with ${args[*]:1})"
  fi
  # The positioned diagnostics first: errors, then warnings.
  { grep -E ': error: ' "$err" || true; grep -E ': warning: ' "$err" || true; } |
    head -n "$shown_lines" | sed 's/^/     /'
done < <(find examples -name '*.yaml' -type f | LC_ALL=C sort)

echo "$passed passed, $failed failed ($linted files linted: $must_pass with only workflow-kind" \
  "rows ($rows manifest rows) must lint clean, $crash_only others must only not crash)"
[[ $failed -eq 0 ]]
