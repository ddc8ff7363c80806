#!/usr/bin/env bash
# `flowrun run --dry-run -o json` over every row of Argo's examples manifest
# (../shared/argo/examples-manifest.tsv next to the repository, read-only; skipped when
# absent) whose verdict (column 9) is LOCAL: the examples a local runner should be able
# to run. A file that uses templateRef or workflowTemplateRef is run together with the
# WorkflowTemplate/ClusterWorkflowTemplate files of its directory, and every file under
# workflow-template/ and cluster-workflow-template/ with both template libraries (as
# argo_examples_test.sh does), so that the references resolve.
#
# A row is not runnable alone when it is a template library (its file holds only
# WorkflowTemplates/ClusterWorkflowTemplates) or its file holds several Workflows or
# CronWorkflows (`flowrun run` takes exactly one).
#
# What the dry run ends with is reported, not judged: a phase (exit 0/1), refused as
# unsupported (exit 3, listed with the features that block the most rows), or invalid
# (exit 2). A row fails the test only on an error of flowrun's own:
# - a crash, a signal or a timeout (20 s), or an exit status other than 0, 1, 2, 3;
# - exit 2 for files that `flowrun lint` finds clean (errors in run but not in lint);
# - on exit 0/1, stdout that is not exactly one JSON document with a status.phase that
#   matches the exit status (0 Succeeded, 1 Failed or Error);
# - the text "internal error" anywhere in the output.
# Ends with the tally line and passes when there are no flowrun errors.
#
# Usage: bash tests/cli/argo_manifest_dryrun_test.sh path/to/flowrun
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
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is needed to read the JSON output"
  exit 77  # ctest: skipped (SKIP_RETURN_CODE)
fi
shared=$(cd "$shared" && pwd)
cd "$shared"

seconds_allowed=20
shown_lines=4
libraries=(examples/workflow-template/templates.yaml
  examples/cluster-workflow-template/clustertemplates.yaml)

# Per file, from every row (any verdict): its kinds, and how many runnable documents.
declare -A kinds=() runnable_docs=()
while IFS=$'\t' read -r file _ kind _; do
  [[ $file == file || -z $file ]] && continue
  kinds[$file]="${kinds[$file]:-} $kind"
  case $kind in
    Workflow | CronWorkflow) runnable_docs[$file]=$((${runnable_docs[$file]:-0} + 1)) ;;
  esac
done <examples-manifest.tsv

# is_library FILE: every document of FILE is a WorkflowTemplate or ClusterWorkflowTemplate.
is_library() {
  local kind
  for kind in ${kinds[$1]}; do
    [[ $kind == WorkflowTemplate || $kind == ClusterWorkflowTemplate ]] || return 1
  done
}

# The template libraries of each directory.
declare -A dir_libraries=()
for file in "${!kinds[@]}"; do
  if is_library "$file"; then
    dir_libraries[$(dirname "$file")]+=" $file"
  fi
done

# run_args FILE: FILE and the template files to run it with, one per line.
run_args() {
  local file=$1 extra
  local -a extras=()
  echo "$file"
  # The directory's libraries, for a file that refers to templates elsewhere.
  if grep -qi 'templateRef' "$file"; then
    # shellcheck disable=SC2206  # space-separated paths without spaces
    extras=(${dir_libraries[$(dirname "$file")]:-})
  fi
  case $file in
    examples/workflow-template/* | examples/cluster-workflow-template/*)
      extras+=("${libraries[@]}")
      ;;
  esac
  printf '%s\n' "${extras[@]}" | LC_ALL=C sort -u | while IFS= read -r extra; do
    [[ -n $extra && $extra != "$file" ]] && echo "$extra"
  done
  return 0
}

# json_phase FILE: status.phase of the one JSON document in FILE, a tab, and the first
# failure's "node: message" (a failed node that is not a steps/dag/group node), if any;
# exit 1 (reason on stdout) when FILE is not exactly one JSON document with a status.phase.
json_phase() {
  python3 - "$1" <<'PY'
import json
import sys

try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    status = d["status"]
    why = ""
    for node in sorted(status.get("nodes", {}).values(), key=lambda n: n.get("name", "")):
        if node.get("phase") in ("Failed", "Error") and node.get("type") not in (
                "Steps", "StepGroup", "DAG", "TaskGroup"):
            why = f'{node.get("displayName", "")}: {node.get("message", "")}'
            break
    print(f'{status["phase"]}\t{why}')
except (OSError, ValueError) as e:
    print(f"stdout is not one JSON document: {e}")
    sys.exit(1)
except (KeyError, TypeError) as e:
    print(f"no status.phase in the JSON document: {type(e).__name__}: {e}")
    sys.exit(1)
PY
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rows=0
finished=0
succeeded=0
failed=0
errored=0
unsupported=0
alone=0
invalid=0
flowrun_errors=0
declare -A feature_rows=() only_blocker=()
refused_lines=()
alone_lines=()
invalid_lines=()
unsuccessful_lines=()

# flowrun_error ROW MESSAGE: reports an error of flowrun's own, with the first stderr lines.
flowrun_error() {
  flowrun_errors=$((flowrun_errors + 1))
  echo "FAIL $1: $2"
  if [[ ${#args[@]} -gt 1 ]]; then
    echo "     (run with ${args[*]:1})"
  fi
  head -n "$shown_lines" "$tmp/err" | sed 's/^/     stderr: /'
}

# Columns 1 (file), 2 (name), 3 (kind) and 9 (verdict), joined by the unit separator: a tab
# is whitespace to `read`, which would merge the empty columns before the verdict.
while IFS=$'\x1f' read -r file name kind verdict; do
  [[ $file == file || $verdict != LOCAL ]] && continue
  rows=$((rows + 1))
  row="$file ($kind ${name:-?})"
  if is_library "$file"; then
    alone=$((alone + 1))
    alone_lines+=("$row: a template library (only WorkflowTemplates/ClusterWorkflowTemplates)")
    continue
  fi
  if [[ ${runnable_docs[$file]:-0} -gt 1 ]]; then
    alone=$((alone + 1))
    alone_lines+=("$row: ${runnable_docs[$file]} Workflows/CronWorkflows in one file")
    continue
  fi
  if [[ $kind != Workflow && $kind != CronWorkflow ]]; then
    # A WorkflowTemplate next to one Workflow: that Workflow's row runs the file.
    alone=$((alone + 1))
    alone_lines+=("$row: a $kind (its file's Workflow row runs it)")
    continue
  fi

  mapfile -t args < <(run_args "$file")
  rc=0
  timeout "$seconds_allowed" "$flowrun_bin" run --dry-run -o json "${args[@]}" </dev/null \
    >"$tmp/out" 2>"$tmp/err" || rc=$?

  if [[ $rc -eq 124 ]]; then
    flowrun_error "$row" "timed out after ${seconds_allowed} s"
    continue
  elif [[ $rc -ge 128 ]]; then
    flowrun_error "$row" "killed by signal $((rc - 128))"
    continue
  elif [[ $rc -gt 3 ]]; then
    flowrun_error "$row" "exit $rc (expected 0, 1, 2 or 3)"
    continue
  elif grep -qiF "internal error" "$tmp/out" "$tmp/err"; then
    flowrun_error "$row" "exit $rc with 'internal error' in the output: $(grep -hiF -m 1 "internal error" "$tmp/out" "$tmp/err" | head -n 1)"
    continue
  fi

  case $rc in
    0 | 1)
      if ! phase=$(json_phase "$tmp/out"); then
        flowrun_error "$row" "exit $rc: $phase"
        continue
      fi
      why=${phase#*$'\t'}
      phase=${phase%%$'\t'*}
      if [[ $phase != Succeeded ]]; then
        # Every pod succeeds in a dry run: these end on their own logic (or a stub output).
        unsuccessful_lines+=("$row: $phase; $why")
      fi
      case "$rc:$phase" in
        0:Succeeded) succeeded=$((succeeded + 1)) ;;
        1:Failed) failed=$((failed + 1)) ;;
        1:Error) errored=$((errored + 1)) ;;
        *)
          flowrun_error "$row" "exit $rc with status.phase '$phase'"
          continue
          ;;
      esac
      finished=$((finished + 1))
      ;;
    2)
      lint_rc=0
      timeout "$seconds_allowed" "$flowrun_bin" lint "${args[@]}" </dev/null >/dev/null 2>&1 ||
        lint_rc=$?
      if [[ $lint_rc -eq 0 ]]; then
        flowrun_error "$row" "run exits 2 (invalid) but flowrun lint finds the same files clean"
        continue
      fi
      invalid=$((invalid + 1))
      invalid_lines+=("$row: $(grep -m 1 ': error: ' "$tmp/err" || head -n 1 "$tmp/err")")
      ;;
    3)
      unsupported=$((unsupported + 1))
      refused_lines+=("$row: $(grep -m 1 ': error: ' "$tmp/err" || head -n 1 "$tmp/err")")
      # Each feature once per row: "... error: <feature> is not supported by this version".
      mapfile -t features < <(sed -n 's/.*: error: \(.*\) is not supported by this version of flowrun$/\1/p' "$tmp/err" |
        sed "s/^the lifecycle hook '[^']*'/the lifecycle hook '...'/" | LC_ALL=C sort -u)
      for feature in "${features[@]}"; do
        feature_rows[$feature]=$((${feature_rows[$feature]:-0} + 1))
        if [[ ${#features[@]} -eq 1 ]]; then
          only_blocker[$feature]=$((${only_blocker[$feature]:-0} + 1))
        fi
      done
      ;;
  esac
done < <(awk -F'\t' -v OFS=$'\x1f' '{print $1, $2, $3, $9}' examples-manifest.tsv)

if [[ ${#refused_lines[@]} -gt 0 ]]; then
  echo "Refused as unsupported (exit 3), first error of each row:"
  printf '  %s\n' "${refused_lines[@]}"
  echo "Unsupported features, by the number of rows they block (alone: the row's only blocker):"
  for feature in "${!feature_rows[@]}"; do
    printf '%5d rows (alone %d): %s\n' "${feature_rows[$feature]}" "${only_blocker[$feature]:-0}" \
      "$feature"
  done | LC_ALL=C sort -k1,1nr -k4
fi
if [[ ${#unsuccessful_lines[@]} -gt 0 ]]; then
  echo "Dry runs that finished Failed or Error (first failed node):"
  printf '  %s\n' "${unsuccessful_lines[@]}"
fi
if [[ ${#alone_lines[@]} -gt 0 ]]; then
  echo "Not runnable alone:"
  printf '  %s\n' "${alone_lines[@]}"
fi
if [[ ${#invalid_lines[@]} -gt 0 ]]; then
  echo "Invalid (exit 2; flowrun lint finds errors too):"
  printf '  %s\n' "${invalid_lines[@]}"
fi
tally="LOCAL rows: $rows; dry run finished: $finished (Succeeded $succeeded, Failed $failed, Error $errored); refused as unsupported (exit 3): $unsupported; not runnable alone: $alone; flowrun errors: $flowrun_errors"
if [[ $invalid -gt 0 ]]; then
  tally+="; invalid (exit 2, lint agrees): $invalid"
fi
echo "$tally"
[[ $flowrun_errors -eq 0 ]]
