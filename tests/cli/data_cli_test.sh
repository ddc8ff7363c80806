#!/usr/bin/env bash
# `flowrun run` with data templates: where the local artifact repository is (--artifact-repo,
# else FLOWRUN_ARTIFACT_REPO, else $FLOWRUN_STATE_DIR/artifacts), the result on the node,
# a missing repository, and the data sources refused before anything runs. Data templates
# run inside flowrun, so --runtime host needs no container engine. Reads JSON with python3.
# Usage: bash tests/cli/data_cli_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"
unset FLOWRUN_ARTIFACT_REPO

# repo DIR FILE...: a repository DIR holding the given files (paths relative to DIR).
repo_with() {
  local dir=$1 file
  shift
  for file in "$@"; do
    mkdir -p "$(dirname "$dir/$file")"
    echo x >"$dir/$file"
  done
}

# A workflow named data-cli listing bucket `docs` and keeping the .pdf files.
write_lister() {
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: data-cli
spec:
  entrypoint: list
  templates:
  - name: list
    data:
      source:
        artifactPaths:
          s3: {bucket: docs}
      transformation:
      - expression: 'filter(data, {# endsWith ".pdf"})'
YAML
}

result='d["status"]["nodes"]["data-cli"]["outputs"]["result"]'

case_the_flag_wins_over_the_environment() {
  need_python3
  write_lister
  repo_with "$work/flag" docs/from-flag.pdf docs/skip.txt
  repo_with "$work/env" docs/from-env.pdf
  FLOWRUN_ARTIFACT_REPO=$work/env flowrun run wf.yaml --runtime host --artifact-repo "$work/flag" -o json
  expect_rc 0
  expect_json "$result" '["from-flag.pdf"]'
  expect_json 'd["status"]["nodes"]["data-cli"]["type"]' Pod
}

case_the_environment_wins_over_the_state_dir() {
  need_python3
  write_lister
  repo_with "$work/env" docs/from-env.pdf docs/sub/deeper.pdf
  repo_with "$work/state-env/artifacts" docs/from-state.pdf
  FLOWRUN_STATE_DIR=$work/state-env FLOWRUN_ARTIFACT_REPO=$work/env flowrun run wf.yaml --runtime host -o json
  expect_rc 0
  expect_json "$result" '["from-env.pdf","sub/deeper.pdf"]'
}

case_the_default_is_the_state_dir_artifacts() {
  need_python3
  write_lister
  repo_with "$work/state-default/artifacts" docs/from-state.pdf
  FLOWRUN_STATE_DIR=$work/state-default flowrun run wf.yaml --runtime host -o json
  expect_rc 0
  expect_json "$result" '["from-state.pdf"]'
}

case_a_relative_repository_is_found_from_the_current_directory() {
  need_python3
  write_lister
  repo_with "$work/rel" docs/here.pdf
  flowrun run wf.yaml --runtime host --artifact-repo rel -o json
  expect_rc 0
  expect_json "$result" '["here.pdf"]'
}

case_a_missing_bucket_fails_the_node_and_the_run() {
  need_python3
  write_lister
  mkdir -p "$work/empty"
  flowrun run wf.yaml --runtime host --artifact-repo "$work/empty" -o json
  expect_rc 1
  expect_json 'd["status"]["nodes"]["data-cli"]["phase"]' Error
  expect_json 'd["status"]["nodes"]["data-cli"]["message"]' "unable to process data template: unable to process data source: unable to source artifact paths: The specified bucket does not exist (the local artifact repository has no directory $work/empty/docs)"
}

case_help_names_the_flag_and_its_variable() {
  flowrun run --help
  expect_rc 0
  expect_stdout_has "--artifact-repo DIR"
  expect_stdout_has "FLOWRUN_ARTIFACT_REPO"
}

case_sources_that_cannot_be_listed_are_refused_before_running() {
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: data-http
spec:
  entrypoint: list
  templates:
  - name: list
    data:
      source:
        artifactPaths:
          http: {url: "https://example.com/listing"}
YAML
  local mode
  for mode in "--runtime host" --dry-run; do
    # shellcheck disable=SC2086  # $mode is one flag and its value
    flowrun run wf.yaml $mode -o json
    expect_rc 3
    expect_stdout ""
    expect_stderr_has "wf.yaml:12:17: error: data artifactPaths on http is not supported by this version of flowrun: only s3, gcs, oss and azure locations map to the local artifact repository"
    expect_stderr_has 'cannot run "data-http": 1 feature above is not supported'
  done
}

case_argos_data_example_lists_a_local_bucket_and_passes_its_files() {
  local example=$repo/../shared/argo/examples/data-transformations.yaml
  [[ -f $example ]] || skip "Argo's examples are not next to the repository"
  need_python3
  repo_with "$work/repo" my-bucket/a/main.log my-bucket/b/other.log my-bucket/c/main.log
  # A dry run lists the real repository (the data step runs in flowrun) and passes each key
  # to a pod as a key-only s3 input artifact, which names the default bucket (the
  # repository's root), as in Argo; the pods themselves are the dry run's.
  flowrun run "$example" --dry-run --artifact-repo "$work/repo" -o json
  expect_rc 0
  expect_json '[n["outputs"]["result"] for n in d["status"]["nodes"].values() if n["displayName"] == "list-log-files"][0]' \
    '["a/main.log","c/main.log"]'
  expect_json 'sorted(n["inputs"]["artifacts"][0]["s3"]["key"] for n in d["status"]["nodes"].values() if n["displayName"].startswith("process-logs("))' \
    '["a/main.log","c/main.log"]'
}

run_cases "$@"
