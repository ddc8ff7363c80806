#!/usr/bin/env bash
# spec.workflowTemplateRef: a Workflow runs a WorkflowTemplate given in the files on the
# command line, the workflow's entrypoint and arguments merged over the template's.
# Runs with --runtime host only: needs no container engine.
# Usage: bash tests/cli/workflow_template_ref_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

write_library() {
  write library.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: greetings
spec:
  entrypoint: hello
  arguments:
    parameters:
    - name: message
      value: from the template
    - name: who
      value: world
  templates:
  - name: hello
    container:
      image: busybox
      command: [echo, "hello {{workflow.parameters.who}}: {{workflow.parameters.message}}"]
  - name: bye
    container:
      image: busybox
      command: [echo, "bye {{workflow.parameters.who}}"]
YAML
}

case_the_template_runs_with_the_workflows_arguments() {
  write_library
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: by-ref
spec:
  arguments:
    parameters:
    - name: message
      value: from the workflow
  workflowTemplateRef:
    name: greetings
YAML
  flowrun run wf.yaml library.yaml --runtime host
  expect_rc 0
  expect_stderr_has "hello world: from the workflow"
  expect_stdout_has "Status:              Succeeded"
}

case_the_workflows_entrypoint_and_p_win() {
  write_library
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: by-ref-bye
spec:
  entrypoint: bye
  workflowTemplateRef:
    name: greetings
YAML
  flowrun run wf.yaml library.yaml --runtime host -p who=flowrun
  expect_rc 0
  expect_stderr_has "bye flowrun"
  expect_stderr_lacks "hello"
}

case_a_missing_template_is_an_error_before_anything_runs() {
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: lost
spec:
  workflowTemplateRef:
    name: greetings
YAML
  flowrun run wf.yaml --runtime host
  expect_rc 2
  expect_stderr_has "wf.yaml:7:11: error:"
  expect_stderr_has "greetings"
}

run_cases "$@"
