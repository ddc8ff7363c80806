# shellcheck shell=bash
# Reading Argo's examples manifest (../shared/argo/examples-manifest.tsv), sourced by the
# tests that run its rows (not a test itself). The rules are those of
# tests/cli/argo_manifest_dryrun_test.sh, which keeps its own copy:
#
# - A row is not runnable alone when its file is a template library (only
#   WorkflowTemplates/ClusterWorkflowTemplates), holds several Workflows/CronWorkflows
#   (`flowrun run` takes exactly one), or the row is a template next to its file's one
#   Workflow (that Workflow's row runs the file).
# - A file that uses templateRef or workflowTemplateRef runs together with the template
#   libraries of its directory, and every file under workflow-template/ and
#   cluster-workflow-template/ with both of those directories' libraries.
#
# Paths are relative to the manifest's directory: call these from there.

# Per file, from every row (any verdict): its kinds, its documents' names, and how many
# runnable documents.
declare -A manifest_kinds=() manifest_names=() manifest_runnable_docs=() manifest_dir_libraries=()
manifest_libraries=(examples/workflow-template/templates.yaml
  examples/cluster-workflow-template/clustertemplates.yaml)

# manifest_read TSV: fills the tables above.
manifest_read() {
  local file name kind
  while IFS=$'\t' read -r file name kind _; do
    [[ $file == file || -z $file ]] && continue
    manifest_kinds[$file]="${manifest_kinds[$file]:-} $kind"
    manifest_names[$file]="${manifest_names[$file]:-} $name"
    case $kind in
      Workflow | CronWorkflow)
        manifest_runnable_docs[$file]=$((${manifest_runnable_docs[$file]:-0} + 1))
        ;;
    esac
  done <"$1"
  for file in "${!manifest_kinds[@]}"; do
    if manifest_is_library "$file"; then
      manifest_dir_libraries[$(dirname "$file")]+=" $file"
    fi
  done
}

# manifest_is_library FILE: every document of FILE is a (Cluster)WorkflowTemplate.
manifest_is_library() {
  local kind
  for kind in ${manifest_kinds[$1]}; do
    [[ $kind == WorkflowTemplate || $kind == ClusterWorkflowTemplate ]] || return 1
  done
}

# manifest_not_alone FILE KIND: prints why the row cannot run by itself and returns 0;
# returns 1 (printing nothing) when it can.
manifest_not_alone() {
  local file=$1 kind=$2
  if manifest_is_library "$file"; then
    echo "a template library (only WorkflowTemplates/ClusterWorkflowTemplates)"
  elif [[ ${manifest_runnable_docs[$file]:-0} -gt 1 ]]; then
    echo "${manifest_runnable_docs[$file]} Workflows/CronWorkflows in one file"
  elif [[ $kind != Workflow && $kind != CronWorkflow ]]; then
    echo "a $kind (its file's Workflow row runs it)"
  else
    return 1
  fi
}

# manifest_run_args FILE: FILE and the template files to run it with, one per line.
manifest_run_args() {
  local file=$1 extra
  local -a extras=()
  echo "$file"
  if grep -qi 'templateRef' "$file"; then
    # shellcheck disable=SC2206  # space-separated paths without spaces
    extras=(${manifest_dir_libraries[$(dirname "$file")]:-})
  fi
  case $file in
    examples/workflow-template/* | examples/cluster-workflow-template/*)
      extras+=("${manifest_libraries[@]}")
      ;;
  esac
  printf '%s\n' "${extras[@]}" | LC_ALL=C sort -u | while IFS= read -r extra; do
    [[ -n $extra && $extra != "$file" ]] && echo "$extra"
  done
  return 0
}

# manifest_images COLUMN FILE [LIBRARY...]: the images a row needs, one per line,
# sorted: those of the manifest's images column (a templated image's "[resolves to A,B]"
# list stands for it; "(from referenced template)" adds nothing) and every literal
# `image:` key of FILE and of each LIBRARY that defines a template FILE names (values
# with {{...}} are left to the column). A library nobody names only rides along.
manifest_images() {
  local column=$1 file=$2 library name
  shift 2
  local -a files=("$file")
  for library in "$@"; do
    for name in ${manifest_names[$library]:-}; do
      if grep -qwF -- "$name" "$file"; then
        files+=("$library")
        break
      fi
    done
  done
  {
    if [[ $column == *'[resolves to '* ]]; then
      column=${column#*'[resolves to '}
      column=${column%%]*}
    fi
    tr ',' '\n' <<<"$column" | sed 's/^ *//; s/ *$//' | grep -v '^(' || true
    sed -nE "s/^[[:space:]]*(- )?image:[[:space:]]*['\"]?([^'\" #]+)['\"]?[[:space:]]*(#.*)?$/\2/p" \
      "${files[@]}" | grep -vF '{{' || true
  } | grep -v '^$' | LC_ALL=C sort -u
}

# manifest_json_summary FILE: for `flowrun run -o json` output in FILE, prints
# status.phase on the first line, then "displayName: message" of every Failed or Error
# node that is not a steps/dag/group node. Exit 1 (reason on stdout) when FILE is not
# exactly one JSON document with a status.phase.
manifest_json_summary() {
  python3 - "$1" <<'PY'
import json
import sys

try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    status = d["status"]
    lines = [status["phase"]]
    for node in sorted(status.get("nodes", {}).values(), key=lambda n: n.get("name", "")):
        if node.get("phase") in ("Failed", "Error") and node.get("type") not in (
                "Steps", "StepGroup", "DAG", "TaskGroup"):
            lines.append(f'{node.get("displayName", "")}: {node.get("message", "")}')
    print("\n".join(lines))
except (OSError, ValueError) as e:
    print(f"stdout is not one JSON document: {e}")
    sys.exit(1)
except (KeyError, TypeError) as e:
    print(f"no status.phase in the JSON document: {type(e).__name__}: {e}")
    sys.exit(1)
PY
}
