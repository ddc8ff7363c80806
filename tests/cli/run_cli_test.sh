#!/usr/bin/env bash
# `flowrun run`: its flags, validation before running, and the exit status while the
# execution engine is not there yet (3, "not implemented"). Needs no container engine.
# Usage: bash tests/cli/run_cli_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

not_implemented='yet: the execution engine is not implemented in this version (validation passed)'

write_hello() {
  write "$1" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine:3.19
      command: [echo, hello]
YAML
}

# spec.arguments.parameters "message" has no value: valid only when one is supplied.
write_needs_message() {
  write "$1" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: needs-message
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: message
  templates:
  - name: main
    inputs:
      parameters:
      - name: message
    container:
      image: alpine:3.19
      command: [echo, "{{inputs.parameters.message}}"]
YAML
}

write_template() {
  write "$1" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: shared
spec:
  templates:
  - name: echo
    container:
      image: alpine:3.19
      command: [echo, shared]
YAML
}

case_valid_workflow_exits_3_not_implemented() {
  write_hello wf.yaml
  flowrun run wf.yaml
  expect_rc 3
  expect_stdout ""
  expect_stderr "flowrun: cannot run \"hello-\" $not_implemented"
}

case_every_run_flag_parses() {
  write_hello wf.yaml
  printf 'a: 1\n' | write params.yaml
  flowrun run -p first=1 wf.yaml --parameter second=x=y --parameter-file params.yaml \
    --entrypoint main --name my-run.1 --runtime podman --image-map alpine:3.19=busybox:1.36 \
    --image-map a=b -o json --parallelism 4 -v --no-color
  expect_rc 3
  expect_stdout ""
  # --name replaces the name in messages.
  expect_stderr "flowrun: cannot run \"my-run.1\" $not_implemented"
  local runtime output
  for runtime in auto docker podman host; do
    flowrun run --runtime "$runtime" wf.yaml
    expect_rc 3
  done
  for output in tree json yaml name; do
    flowrun run --output "$output" wf.yaml
    expect_rc 3
  done
}

case_parameter_without_equals_is_a_usage_error_naming_the_flag() {
  write_hello wf.yaml
  flowrun run -p x wf.yaml
  expect_rc 2
  expect_stdout ""
  expect_stderr "flowrun: --parameter: expected NAME=VALUE, got \"x\" (no '=') (see 'flowrun run --help')"
  flowrun run wf.yaml --parameter =value
  expect_rc 2
  expect_stderr_has "flowrun: --parameter: expected NAME=VALUE, got \"=value\""
}

case_parameter_splits_on_the_first_equals() {
  write_needs_message wf.yaml
  flowrun run wf.yaml -p 'message=a=b'
  expect_rc 3
  # An empty value is a value.
  flowrun run wf.yaml -p 'message='
  expect_rc 3
}

case_runtime_must_be_known() {
  write_hello wf.yaml
  flowrun run --runtime foo wf.yaml
  expect_rc 2
  expect_stderr "flowrun: --runtime: foo not in {auto,docker,podman,host} (see 'flowrun run --help')"
}

case_output_must_be_known() {
  write_hello wf.yaml
  flowrun run -o wide wf.yaml
  expect_rc 2
  expect_stderr_has "flowrun: --output: wide not in {tree,json,yaml,name}"
}

case_parallelism_must_be_a_positive_integer() {
  write_hello wf.yaml
  local bad
  for bad in 0 -1 abc 1.5 99999999999; do
    flowrun run --parallelism "$bad" wf.yaml
    expect_rc 2
    expect_stderr "flowrun: --parallelism: expected a positive integer (1 or more), got \"$bad\" (see 'flowrun run --help')"
  done
}

case_image_map_is_validated() {
  write_hello wf.yaml
  flowrun run --image-map alpine wf.yaml
  expect_rc 2
  expect_stderr_has "flowrun: --image-map: expected FROM=TO, got \"alpine\" (no '=')"
  flowrun run --image-map alpine= wf.yaml
  expect_rc 2
  expect_stderr_has "(nothing after '=')"
  flowrun run --image-map '=busybox' wf.yaml
  expect_rc 2
  expect_stderr_has "(the name before '=' is empty)"
  flowrun run --image-map 'a b=c' wf.yaml
  expect_rc 2
  expect_stderr_has "(image names have no spaces)"
}

case_name_must_be_a_valid_workflow_name() {
  write_hello wf.yaml
  flowrun run --name Upper wf.yaml
  expect_rc 2
  expect_stderr_has "flowrun: --name: \"Upper\" is not a valid name: a lowercase RFC 1123 subdomain"
  flowrun run --name "$(printf 'a%.0s' {1..64})" wf.yaml
  expect_rc 2
  expect_stderr_has "is 64 characters long; a workflow name has at most 63"
}

case_missing_file_argument_is_a_usage_error() {
  flowrun run
  expect_rc 2
  expect_stderr "flowrun: FILE is required (see 'flowrun run --help')"
}

case_invalid_workflow_exits_2_with_diagnostics() {
  write_hello wf.yaml
  sed -i 's|^apiVersion: argoproj.io/v1alpha1$|apiVersion: v1|' wf.yaml
  flowrun run wf.yaml
  expect_rc 2
  expect_stdout ""
  expect_stderr_has "wf.yaml:1:13: error: apiVersion must be argoproj.io/v1alpha1, not v1
 1 | apiVersion: v1
   |             ^"
  expect_stderr_has "flowrun: 1 error, 0 warnings in 1 file"
  expect_stderr_lacks "cannot run"
}

case_missing_file_exits_2() {
  flowrun run missing.yaml
  expect_rc 2
  expect_stderr_has "missing.yaml: error: no such file"
  expect_stderr_lacks "cannot run"
}

case_parameter_supplies_a_missing_value() {
  write_needs_message wf.yaml
  flowrun run wf.yaml
  expect_rc 2
  expect_stderr_has "wf.yaml:9:"
  flowrun run wf.yaml -p message=hi
  expect_rc 3
  expect_stderr "flowrun: cannot run \"needs-message\" $not_implemented"
}

case_parameter_file_supplies_a_missing_value() {
  write_needs_message wf.yaml
  printf 'message: from the file\n' | write params.yaml
  flowrun run wf.yaml --parameter-file params.yaml
  expect_rc 3
  expect_stderr "flowrun: cannot run \"needs-message\" $not_implemented"
  printf '{"message": 42}\n' | write params.json
  flowrun run --parameter-file params.json wf.yaml
  expect_rc 3
}

case_bad_parameter_file_exits_2() {
  write_hello wf.yaml
  printf '[1, 2]\n' | write params.yaml
  flowrun run wf.yaml --parameter-file params.yaml
  expect_rc 2
  expect_stderr_has "params.yaml:1:1: error: a parameter file must be a mapping of parameter names to values, found a list
 1 | [1, 2]
   | ^"
  expect_stderr_has "flowrun: 1 error, 0 warnings in 2 files"
  flowrun run wf.yaml --parameter-file nope.yaml
  expect_rc 2
  expect_stderr_has "nope.yaml: error: no such file"
}

case_exactly_one_workflow_is_required() {
  write_hello one.yaml
  write_hello two.yaml
  flowrun run one.yaml two.yaml
  expect_rc 2
  expect_stderr_has "two.yaml:1:1: error: flowrun run takes exactly one Workflow or CronWorkflow, and this is a second one (the first is at one.yaml:1:1)"
  write_template tpl.yaml
  flowrun run tpl.yaml
  expect_rc 2
  expect_stderr "flowrun: nothing to run: no Workflow or CronWorkflow in the given files"
}

case_templates_in_other_files_feed_the_library() {
  write_template tpl.yaml
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: uses-shared
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        templateRef:
          name: shared
          template: echo
YAML
  flowrun run wf.yaml tpl.yaml
  expect_rc 3
  expect_stderr "flowrun: cannot run \"uses-shared\" $not_implemented"
  # run requires the referenced template (lint only warns).
  flowrun run wf.yaml
  expect_rc 2
  expect_stderr_has "wf.yaml:12:"
}

case_cron_workflow_runs_its_workflow_spec() {
  write cron.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedule: "0 1 * * *"
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container:
        image: alpine:3.19
YAML
  flowrun run cron.yaml
  expect_rc 3
  expect_stderr "flowrun: cannot run \"nightly\" $not_implemented"
}

case_stdin_workflow() {
  write_hello wf.yaml
  flowrun run - <wf.yaml
  expect_rc 3
}

case_dry_run_validates_without_running() {
  write_hello wf.yaml
  flowrun run --dry-run -o name --name dry wf.yaml
  expect_rc 0
  expect_stdout "dry"
  expect_stderr ""
  flowrun run --dry-run wf.yaml
  expect_rc 0
  expect_stdout ""
  expect_stderr "flowrun: dry run: \"hello-\" is valid; nothing was run"
  sed -i 's|^apiVersion: argoproj.io/v1alpha1$|apiVersion: v1|' wf.yaml
  flowrun run --dry-run -o name wf.yaml
  expect_rc 2
  expect_stdout ""
}

case_help_lists_every_flag() {
  flowrun run --help
  expect_rc 0
  expect_stderr ""
  local flag
  for flag in "-p,--parameter NAME=VALUE" "--parameter-file FILE" "--entrypoint NAME" \
    "--name NAME" "--runtime RUNTIME" "--image-map FROM=TO" "-o,--output FORMAT" \
    "--dry-run" "--parallelism N" "Examples:" "Exit status:"; do
    expect_stdout_has "$flag"
  done
}

run_cases "$@"
