#!/usr/bin/env bash
# `flowrun run`: its flags, validation before running, what it prints where (the result
# on stdout, progress and pod output on stderr), exit statuses, and the features it
# refuses before running anything. Runs workflows with --runtime host (plain `echo` and
# `sh`) and --dry-run only: needs no container engine. Reads JSON with python3.
# Usage: bash tests/cli/run_cli_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

# A generated name: the prefix and 5 characters of Argo's alphabet (no vowels, no 0 1 3).
generated='[bcdfghjklmnpqrstvwxz2456789]{5}'

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

# A workflow whose only step creates the file `ran` in the current directory (the work
# directory of the test), so a case can tell whether anything was run.
write_toucher() {
  write "$1" <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: toucher-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine:3.19
      command: [sh, -c, "touch '$work/ran'; echo touched"]
YAML
}

# spec.arguments.parameters "message" has no value: valid only when one is supplied.
# main echoes its input; other echoes the global parameter.
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
  - name: other
    container:
      image: alpine:3.19
      command: [echo, "other: {{workflow.parameters.message}}"]
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

# The outputs.result of the workflow's only Pod node, from -o json on stdout.
pod_result='[n for n in d["status"]["nodes"].values() if n["type"] == "Pod"][0]["outputs"]["result"]'

case_hello_world_on_the_host_prints_the_tree() {
  write_hello wf.yaml
  # The tree's icons and branches are UTF-8 under a UTF-8 locale.
  LC_ALL=C.UTF-8 flowrun run wf.yaml --runtime host
  expect_rc 0
  local name
  name=$(sed -n 's/^Name: *//p' <<<"$out")
  [[ $name =~ ^hello-$generated$ ]] || fail "expected 'Name:' to be hello- and 5 characters, got: $name"
  expect_stdout_has "Status:              Succeeded"
  expect_stdout_has "Progress:            1/1"
  grep -Eq '^STEP +TEMPLATE +PODNAME +DURATION +MESSAGE$' <<<"$out" ||
    fail "expected the STEP header line"
  # The root line: icon, workflow name, template, pod name (the workflow's own name for
  # a single-pod workflow), duration.
  grep -Eq "^ ✔ $name  +main  +$name  +[0-9]+s +$" <<<"$out" ||
    fail "expected the tree's root line ' ✔ $name  main  $name  0s'"
  # The pod's output is progress: on stderr, prefixed with the pod name.
  expect_stderr_has "$name: hello"
  [[ $out != *"$name: hello"* ]] || fail "pod output on stdout"
}

case_output_name_prints_the_generated_name() {
  write_hello wf.yaml
  flowrun run wf.yaml --runtime host -o name
  expect_rc 0
  [[ $out =~ ^hello-$generated$ ]] || fail "expected hello- and 5 characters of [$generated]"
  local first=$out
  flowrun run wf.yaml --runtime host -o name
  expect_rc 0
  [[ $out =~ ^hello-$generated$ ]] || fail "expected hello- and 5 characters of [$generated]"
  [[ $out != "$first" ]] || fail "two runs got the same generated name $out"
}

case_output_json_is_one_document_with_the_phase() {
  need_python3
  write_hello wf.yaml
  flowrun run wf.yaml --runtime host -o json
  expect_rc 0
  expect_json 'd["kind"]' Workflow
  expect_json 'd["status"]["phase"]' Succeeded
  expect_json 'd["metadata"]["labels"]["workflows.argoproj.io/phase"]' Succeeded
  expect_json 'len(d["status"]["nodes"])' 1
  expect_json "$pod_result" hello
  expect_json 'bool(__import__("re").fullmatch("hello-'"$generated"'", d["metadata"]["name"]))' true
  # -o yaml: the same object as YAML.
  flowrun run wf.yaml --runtime host -o yaml
  expect_rc 0
  [[ $out == "apiVersion: argoproj.io/v1alpha1"* ]] || fail "expected YAML starting with apiVersion"
  expect_stdout_has "kind: Workflow"
  expect_stdout_has "  phase: Succeeded"
}

case_progress_goes_to_stderr_and_results_to_stdout() {
  need_python3
  write_hello wf.yaml
  flowrun run wf.yaml --runtime host -o json --name split
  expect_rc 0
  # json_eval reads the whole of stdout: exactly one JSON document, nothing else.
  expect_json 'd["metadata"]["name"]' split
  grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2} Running   split$' <<<"$err" ||
    fail "expected a 'HH:MM:SS Running   split' progress line on stderr"
  grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2} Succeeded split$' <<<"$err" ||
    fail "expected a 'HH:MM:SS Succeeded split' progress line on stderr"
  expect_stderr_has "split: hello"
  [[ $out != *Running* ]] || fail "progress on stdout"
  flowrun run wf.yaml --runtime host -o name --name split
  expect_rc 0
  expect_stdout "split"
}

case_failing_container_exits_1() {
  need_python3
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: failing
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine:3.19
      command: [sh, -c, "echo about to fail; exit 3"]
YAML
  flowrun run wf.yaml --runtime host -o json
  expect_rc 1
  expect_json 'd["status"]["phase"]' Failed
  expect_json 'd["status"]["message"]' "main: Error (exit code 3)"
  expect_json 'd["status"]["nodes"]["failing"]["phase"]' Failed
  expect_json 'd["status"]["nodes"]["failing"]["message"]' "main: Error (exit code 3)"
  expect_json 'd["status"]["nodes"]["failing"]["outputs"]["exitCode"]' 3
  expect_stderr_has "failing: about to fail"
  flowrun run wf.yaml --runtime host
  expect_rc 1
  expect_stdout_has "Status:              Failed"
  expect_stdout_has "Message:             main: Error (exit code 3)"
}

case_parameter_overrides_a_workflow_argument() {
  need_python3
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: say-
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: message
      value: from the file
  templates:
  - name: main
    inputs:
      parameters:
      - name: message
    container:
      image: alpine:3.19
      command: [echo, "{{inputs.parameters.message}}"]
YAML
  flowrun run wf.yaml --runtime host -o json
  expect_rc 0
  expect_json "$pod_result" "from the file"
  flowrun run wf.yaml --runtime host -o json -p message=overridden
  expect_rc 0
  expect_json "$pod_result" overridden
  expect_json '[p["value"] for p in d["spec"]["arguments"]["parameters"] if p["name"] == "message"][0]' \
    overridden
  # The value is everything after the first '='.
  flowrun run wf.yaml --runtime host -o json --parameter 'message=a=b'
  expect_rc 0
  expect_json "$pod_result" "a=b"
}

case_parameter_supplies_a_missing_value() {
  need_python3
  write_needs_message wf.yaml
  flowrun run wf.yaml --runtime host
  expect_rc 2
  expect_stderr_has "wf.yaml:9:"
  flowrun run wf.yaml --runtime host -p message=hi -o json
  expect_rc 0
  expect_json "$pod_result" hi
  # An empty value is a value.
  flowrun run wf.yaml --runtime host -p message= -o json
  expect_rc 0
  expect_json "$pod_result" ""
}

case_parameter_file_supplies_a_missing_value() {
  need_python3
  write_needs_message wf.yaml
  printf 'message: from the parameter file\n' | write params.yaml
  flowrun run wf.yaml --runtime host --parameter-file params.yaml -o json
  expect_rc 0
  expect_json "$pod_result" "from the parameter file"
  # -p wins over the file.
  flowrun run wf.yaml --runtime host --parameter-file params.yaml -p message=flag -o json
  expect_rc 0
  expect_json "$pod_result" flag
  # A value that is not a string: its JSON text.
  printf '{"message": 42}\n' | write params.json
  flowrun run --parameter-file params.json wf.yaml --runtime host -o json
  expect_rc 0
  expect_json "$pod_result" 42
}

case_entrypoint_selects_the_template() {
  need_python3
  write_needs_message wf.yaml
  flowrun run wf.yaml --runtime host -p message=hi --entrypoint other -o json
  expect_rc 0
  expect_json 'd["spec"]["entrypoint"]' other
  expect_json 'd["status"]["nodes"]["needs-message"]["templateName"]' other
  expect_json "$pod_result" "other: hi"
  flowrun run wf.yaml --runtime host -p message=hi --entrypoint nope
  expect_rc 2
  expect_stderr_has "error: --entrypoint: template name 'nope' undefined"
  [[ ! -e ran ]] || fail "something ran"
}

case_name_replaces_the_generated_name() {
  need_python3
  write_hello wf.yaml
  flowrun run wf.yaml --runtime host --name my-run.1 -o json
  expect_rc 0
  expect_json 'd["metadata"]["name"]' my-run.1
  expect_json 'list(d["status"]["nodes"])' '["my-run.1"]'
  expect_stderr_has "my-run.1: hello"
}

case_unsupported_feature_exits_3_and_nothing_runs() {
  write wf.yaml <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: retry-me
spec:
  entrypoint: main
  templates:
  - name: main
    inputs: {parameters: [{name: p, valueFrom: {configMapKeyRef: {name: c, key: k}}}]}
    container:
      image: alpine:3.19
      command: [sh, -c, "touch '$work/ran'"]
YAML
  local mode
  for mode in "--runtime host" --dry-run ""; do
    # shellcheck disable=SC2086  # $mode is one flag and its value, or nothing
    flowrun run wf.yaml $mode -o json
    expect_rc 3
    expect_stdout ""
    expect_stderr_has "wf.yaml:9:66: error: configMapKeyRef is not supported by this version of flowrun
 9 |     inputs: {parameters: [{name: p, valueFrom: {configMapKeyRef: {name: c, key: k}}}]}
   |                                                                  ^"
    expect_stderr_has 'flowrun: cannot run "retry-me": 1 feature above is not supported by this version (nothing was run)'
    expect_stderr_lacks "Running"
    [[ ! -e ran ]] || fail "the step ran"
  done
}

case_every_unsupported_feature_is_listed_in_order() {
  write wf.yaml <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: many
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: wait
        template: pause
      - name: work
        template: work
  - name: pause
    plugin: {hello: {}}
  - name: work
    inputs: {parameters: [{name: p, valueFrom: {configMapKeyRef: {name: c, key: k}}}]}
    synchronization: {semaphore: {configMapKeyRef: {name: sem, key: limit}}}
    container:
      image: alpine:3.19
      command: [echo, "{{=1 + 1}}"]
YAML
  flowrun run wf.yaml --runtime host
  expect_rc 3
  expect_stdout ""
  expect_stderr_has "wf.yaml:15:5: error: the plugin template type is not supported by this version of flowrun"
  expect_stderr_has "wf.yaml:17:66: error: configMapKeyRef is not supported by this version of flowrun"
  # Reported at the value of the field.
  expect_stderr_has 'wf.yaml:18:34: error: the semaphore'"'"'s limit, configmap "sem" key "limit", is not available: put it in --configmaps-dir DIR/sem/limit'
  # Expression tags are supported: not listed.
  expect_stderr_lacks "{{="
  expect_stderr_has 'flowrun: cannot run "many": 3 features above are not supported by this version (nothing was run)'
  # In source order.
  local positions
  positions=$(grep -o '^wf.yaml:[0-9]*:[0-9]*' <<<"$err" | tr '\n' ' ')
  [[ $positions == "wf.yaml:15:5 wf.yaml:17:66 wf.yaml:18:34 " ]] ||
    fail "expected the three positions in order, got: $positions"
}

case_no_container_engine_exits_3_before_running() {
  write_toucher wf.yaml
  # A PATH with neither docker nor podman (only what the test helpers need).
  mkdir -p nobin
  ln -s "$(command -v cat)" nobin/cat
  local runtime
  for runtime in auto docker podman; do
    PATH="$work/nobin" flowrun run --runtime "$runtime" wf.yaml -o name
    expect_rc 3
    expect_stdout ""
    expect_stderr_has "flowrun: cannot run containers: "
    expect_stderr_has "flowrun: cannot run \"toucher-\" (nothing was run); use --runtime host"
  done
  [[ ! -e ran ]] || fail "the step ran"
}

case_dry_run_prints_what_would_run_and_runs_nothing() {
  need_python3
  write_toucher wf.yaml
  flowrun run --dry-run wf.yaml --name dry
  expect_rc 0
  expect_stderr_has "would run dry (dry): image alpine:3.19, command [\"sh\", \"-c\", \"touch '$work/ran'; echo touched\"], args []"
  expect_stdout_has "Status:              Succeeded"
  [[ ! -e ran ]] || fail "the dry run ran the step"
  # Every pod succeeds and prints ["dry-run"].
  flowrun run --dry-run -o json wf.yaml --name dry
  expect_rc 0
  expect_json 'd["status"]["phase"]' Succeeded
  expect_json "$pod_result" '["dry-run"]'
  flowrun run --dry-run -o name --name dry wf.yaml
  expect_rc 0
  expect_stdout "dry"
  # A dry run still validates first.
  sed -i 's|^apiVersion: argoproj.io/v1alpha1$|apiVersion: v1|' wf.yaml
  flowrun run --dry-run -o name wf.yaml
  expect_rc 2
  expect_stdout ""
  expect_stderr_lacks "would run"
}

case_interrupt_stops_the_run_and_exits_130() {
  need_python3
  write wf.yaml <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: sleepy
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine:3.19
      command: [sh, -c, "echo started; sleep 3; touch '$work/ran'"]
YAML
  rc=0
  "$flowrun_bin" run wf.yaml --runtime host -o json >"$work/.out" 2>"$work/.err" &
  local pid=$! waited=0
  # Interrupt once the pod has started (its output reached stderr).
  while ! grep -q "sleepy: started" "$work/.err" && [[ $waited -lt 50 ]]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -INT "$pid"
  wait "$pid" || rc=$?
  out=$(cat "$work/.out")
  err=$(cat "$work/.err")
  expect_rc 130
  expect_stderr_has 'flowrun: "sleepy" interrupted; every process it started was stopped'
  expect_json 'd["status"]["phase"]' Failed
  # Ctrl-C once is Argo's Stop: the running step is stopped with Argo's shutdown message.
  expect_json 'd["status"]["message"]' "Stopped with strategy 'Stop'"
  expect_json 'd["status"]["nodes"]["sleepy"]["message"]' "workflow shutdown with strategy:  Stop"
  # The step's process was stopped too: it never gets to touch the file.
  sleep 3.5
  [[ ! -e ran ]] || fail "the step kept running after the interrupt"
}

case_every_run_flag_parses() {
  write_hello wf.yaml
  printf 'a: 1\n' | write params.yaml
  flowrun run -p first=1 wf.yaml --parameter second=x=y --parameter-file params.yaml \
    --entrypoint main --name my-run.1 --runtime host --image-map alpine:3.19=busybox:1.36 \
    --image-map a=b -o name --parallelism 4 -v --no-color
  expect_rc 0
  # --name replaces the generated name.
  expect_stdout "my-run.1"
  local output
  for output in tree json yaml name; do
    flowrun run --output "$output" --runtime host wf.yaml
    expect_rc 0
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
  write_toucher wf.yaml
  sed -i 's|^apiVersion: argoproj.io/v1alpha1$|apiVersion: v1|' wf.yaml
  flowrun run wf.yaml --runtime host
  expect_rc 2
  expect_stdout ""
  expect_stderr_has "wf.yaml:1:13: error: apiVersion must be argoproj.io/v1alpha1, not v1
 1 | apiVersion: v1
   |             ^"
  expect_stderr_has "flowrun: 1 error, 0 warnings in 1 file"
  expect_stderr_lacks "cannot run"
  expect_stderr_lacks "Running"
  [[ ! -e ran ]] || fail "an invalid workflow ran"
}

case_missing_file_exits_2() {
  flowrun run missing.yaml --runtime host
  expect_rc 2
  expect_stderr_has "missing.yaml: error: no such file"
  expect_stderr_lacks "cannot run"
}

case_bad_parameter_file_exits_2() {
  write_hello wf.yaml
  printf '[1, 2]\n' | write params.yaml
  flowrun run wf.yaml --runtime host --parameter-file params.yaml
  expect_rc 2
  expect_stderr_has "params.yaml:1:1: error: a parameter file must be a mapping of parameter names to values, found a list
 1 | [1, 2]
   | ^"
  expect_stderr_has "flowrun: 1 error, 0 warnings in 2 files"
  flowrun run wf.yaml --runtime host --parameter-file nope.yaml
  expect_rc 2
  expect_stderr_has "nope.yaml: error: no such file"
}

case_exactly_one_workflow_is_required() {
  write_hello one.yaml
  write_hello two.yaml
  flowrun run one.yaml two.yaml --runtime host
  expect_rc 2
  expect_stderr_has "two.yaml:1:1: error: flowrun run takes exactly one Workflow or CronWorkflow, and this is a second one (the first is at one.yaml:1:1)"
  write_template tpl.yaml
  flowrun run tpl.yaml --runtime host
  expect_rc 2
  expect_stderr "flowrun: nothing to run: no Workflow or CronWorkflow in the given files"
}

case_templates_in_other_files_feed_the_library() {
  need_python3
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
  flowrun run wf.yaml tpl.yaml --runtime host -o json
  expect_rc 0
  expect_json "$pod_result" shared
  expect_json '[n["templateRef"] for n in d["status"]["nodes"].values() if n["type"] == "Pod"][0]' \
    '{"name":"shared","template":"echo"}'
  # run requires the referenced template (lint only warns).
  flowrun run wf.yaml --runtime host
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
        command: [echo, from cron]
YAML
  flowrun run cron.yaml --runtime host
  expect_rc 0
  expect_stdout_has "Status:              Succeeded"
  expect_stderr_has ": from cron"
}

case_stdin_workflow() {
  write_hello wf.yaml
  flowrun run - --runtime host -o name <wf.yaml
  expect_rc 0
  [[ $out =~ ^hello-$generated$ ]] || fail "expected a generated hello- name"
}

case_help_lists_every_flag() {
  flowrun run --help
  expect_rc 0
  expect_stderr ""
  local flag
  for flag in "-p,--parameter NAME=VALUE" "--parameter-file FILE" "--entrypoint NAME" \
    "--name NAME" "--runtime RUNTIME" "--image-map FROM=TO" "--image-map-file FILE" \
    "-o,--output FORMAT" \
    "--dry-run" "--parallelism N" "Examples:" "Exit status:"; do
    expect_stdout_has "$flag"
  done
}

run_cases "$@"
