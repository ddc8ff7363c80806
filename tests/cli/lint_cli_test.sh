#!/usr/bin/env bash
# `flowrun lint`, and the command line around it (help, usage errors, version, colour),
# through the real binary: stdout, stderr and exit status.
# Usage: bash tests/cli/lint_cli_test.sh path/to/flowrun
set -euo pipefail
# shellcheck source=tests/cli/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

# A workflow every check accepts (nothing in it is optional to Argo).
write_clean() {
  write "$1" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: clean
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine:3.19
      command: [echo, hello]
YAML
}

# The loader rejects the apiVersion (line 1, column 13).
write_bad_api_version() {
  write "$1" <<'YAML'
apiVersion: v1
kind: Workflow
metadata:
  name: bad
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine:3.19
YAML
}

# An unknown field (line 7, column 3): a warning, an error under --strict.
write_unknown_field() {
  write "$1" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: unknown-field
spec:
  entrypoint: main
  bogus: 1
  templates:
  - name: main
    container:
      image: alpine:3.19
YAML
}

case_clean_file_exits_0_with_nothing_on_stdout() {
  write_clean wf.yaml
  flowrun lint wf.yaml
  expect_rc 0
  expect_stdout ""
  expect_stderr "flowrun: no problems found in 1 file"
}

case_error_is_positioned_with_source_line_and_caret() {
  write_bad_api_version wf.yaml
  flowrun lint wf.yaml
  expect_rc 2
  expect_stdout ""
  expect_stderr_has "wf.yaml:1:13: error: apiVersion must be argoproj.io/v1alpha1, not v1
 1 | apiVersion: v1
   |             ^"
  expect_stderr_has "flowrun: 1 error, "
  [[ $(tail -n 1 <<<"$err") == "flowrun: 1 error, 0 warnings in 1 file" ]] ||
    fail "last stderr line should be the summary"
}

case_diagnostics_of_several_files_are_sorted_by_file() {
  write_bad_api_version b.yaml
  write_unknown_field a.yaml
  flowrun lint b.yaml a.yaml
  expect_rc 2
  local first second
  first=$(grep -n '^a.yaml:7:3: warning: unknown field "bogus" in spec' <<<"$err" | cut -d: -f1)
  second=$(grep -n '^b.yaml:1:13: error: apiVersion' <<<"$err" | cut -d: -f1)
  [[ -n $first && -n $second && $first -lt $second ]] ||
    fail "expected a.yaml's warning before b.yaml's error"
  expect_stderr_has "flowrun: 1 error, 1 warning in 2 files"
}

case_warnings_alone_exit_0() {
  write_unknown_field wf.yaml
  flowrun lint wf.yaml
  expect_rc 0
  expect_stderr_has "wf.yaml:7:3: warning: unknown field \"bogus\" in spec
 7 |   bogus: 1
   |   ^"
  expect_stderr_has "flowrun: 0 errors, 1 warning in 1 file"
}

case_strict_turns_unknown_field_into_error() {
  write_unknown_field wf.yaml
  flowrun lint --strict wf.yaml
  expect_rc 2
  expect_stderr_has "wf.yaml:7:3: error: unknown field \"bogus\" in spec"
  expect_stderr_has "flowrun: 1 error, 0 warnings in 1 file"
}

case_strict_turns_duplicate_key_into_error() {
  write_clean wf.yaml
  # A second `name:` under metadata (line 5).
  sed -i 's/^  name: clean$/  name: clean\n  name: clean-again/' wf.yaml
  flowrun lint wf.yaml
  expect_rc 0
  expect_stderr_has "wf.yaml:5:3: warning: "
  flowrun lint --strict wf.yaml
  expect_rc 2
  expect_stderr_has "wf.yaml:5:3: error: "
}

case_json_output_parses_and_has_the_counts() {
  write_bad_api_version bad.yaml
  write_unknown_field warn.yaml
  flowrun lint -o json bad.yaml warn.yaml
  expect_rc 2
  expect_stderr ""
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["files"] == ["bad.yaml", "warn.yaml"], doc["files"]
assert doc["errors"] == 1 and doc["warnings"] == 1, (doc["errors"], doc["warnings"])
first, second = doc["diagnostics"]
assert first == {"file": "bad.yaml", "line": 1, "column": 13, "severity": "error",
                 "check": "api-version",
                 "message": "apiVersion must be argoproj.io/v1alpha1, not v1"}, first
assert list(first) == ["file", "line", "column", "severity", "check", "message"], list(first)
assert second["check"] == "unknown-field" and second["severity"] == "warning", second
assert (second["line"], second["column"]) == (7, 3), second
' <<<"$out" || fail "lint -o json: unexpected JSON (see the assertion above)"
}

case_json_output_of_a_clean_file() {
  write_clean wf.yaml
  flowrun lint --output json wf.yaml
  expect_rc 0
  expect_stderr ""
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc == {"files": ["wf.yaml"], "diagnostics": [], "errors": 0, "warnings": 0}, doc
' <<<"$out" || fail "lint -o json of a clean file"
}

case_missing_file_is_reported_and_other_files_still_linted() {
  write_unknown_field wf.yaml
  flowrun lint missing.yaml wf.yaml
  expect_rc 2
  expect_stderr_has "missing.yaml: error: no such file"
  expect_stderr_has "wf.yaml:7:3: warning: unknown field \"bogus\" in spec"
  expect_stderr_has "flowrun: 1 error, 1 warning in 2 files"
}

case_missing_file_in_json_has_no_position() {
  flowrun lint -o json missing.yaml
  expect_rc 2
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["diagnostics"] == [{"file": "missing.yaml", "line": None, "column": None,
    "severity": "error", "check": "file-unreadable", "message": "no such file"}], doc
' <<<"$out" || fail "missing file in JSON"
}

case_directory_is_unreadable() {
  mkdir dir
  flowrun lint dir
  expect_rc 2
  expect_stderr_has "dir: error: is a directory"
}

case_stdin_is_read_for_dash() {
  write_bad_api_version wf.yaml
  flowrun lint - <wf.yaml
  expect_rc 2
  expect_stderr_has "<stdin>:1:13: error: apiVersion must be argoproj.io/v1alpha1, not v1"
}

case_verbose_shows_check_ids() {
  write_unknown_field wf.yaml
  flowrun lint -v wf.yaml
  expect_rc 0
  expect_stderr_has "wf.yaml:7:3: warning: unknown field \"bogus\" in spec [unknown-field]"
  flowrun -v lint wf.yaml
  expect_stderr_has "in spec [unknown-field]"
}

case_parameter_and_entrypoint_flags_are_accepted() {
  write_clean wf.yaml
  flowrun lint -p greeting=hi --parameter x=a=b --entrypoint main wf.yaml
  expect_rc 0
  expect_stderr "flowrun: no problems found in 1 file"
}

case_bad_parameter_file_is_an_error_in_that_file() {
  write_clean wf.yaml
  printf -- '- a\n- b\n' | write params.yaml
  flowrun lint --parameter-file params.yaml wf.yaml
  expect_rc 2
  expect_stderr_has "params.yaml:1:1: error: a parameter file must be a mapping of parameter names to values, found a list"
}

case_usage_errors_exit_2() {
  flowrun lint
  expect_rc 2
  expect_stdout ""
  expect_stderr "flowrun: FILE is required (see 'flowrun lint --help')"

  write_clean wf.yaml
  flowrun lint --no-such-flag wf.yaml
  expect_rc 2
  expect_stderr_has "--no-such-flag"
  expect_stderr_prefixed

  flowrun lint -o xml wf.yaml
  expect_rc 2
  expect_stderr_has "flowrun: --output: "
  expect_stderr_prefixed

  flowrun lint -p novalue wf.yaml
  expect_rc 2
  expect_stderr "flowrun: --parameter: expected NAME=VALUE, got \"novalue\" (no '=') (see 'flowrun lint --help')"
}

case_unknown_or_missing_command_exits_2() {
  flowrun
  expect_rc 2
  expect_stdout ""
  expect_stderr "flowrun: a command is required; the commands are: lint, run, gc, resume, suspend, stop, terminate, node, version (see 'flowrun --help')"
  flowrun frobnicate
  expect_rc 2
  expect_stderr "flowrun: unknown command \"frobnicate\"; the commands are: lint, run, gc, resume, suspend, stop, terminate, node, version (see 'flowrun --help')"
  flowrun --frobnicate
  expect_rc 2
  expect_stderr_has "flowrun: unknown option \"--frobnicate\""
}

case_help_exits_0_on_stdout() {
  flowrun lint --help
  expect_rc 0
  expect_stderr ""
  expect_stdout_has "Usage: flowrun lint [OPTIONS] FILE..."
  expect_stdout_has "--strict"
  expect_stdout_has "Examples:"

  flowrun --help
  expect_rc 0
  expect_stdout_has "Exit status:"
  expect_stdout_has "  2    invalid input or usage"
  expect_stdout_has "  130  interrupted"
  local command
  for command in lint run version; do
    expect_stdout_has "  $command "
  done
}

case_version_command_and_flag_agree() {
  flowrun version
  expect_rc 0
  local version_out=$out
  [[ $(head -n 1 <<<"$out") =~ ^flowrun\ [0-9]+\.[0-9]+\.[0-9]+$ ]] ||
    fail "first line should be 'flowrun X.Y.Z'"
  expect_stdout_has "CLI11 "
  expect_stdout_has "nlohmann_json "
  expect_stdout_has "fmt "
  expect_stdout_has "compiler "
  flowrun --version
  expect_rc 0
  expect_stdout "$version_out"
}

# Colour needs a terminal: run under a pseudo-terminal (python's pty), where stdout and
# stderr arrive together.
run_in_pty() {
  python3 - "$@" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
chunks = []
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    chunks.append(data)
os.waitpid(pid, 0)
sys.stdout.write(b"".join(chunks).decode("utf-8", "replace"))
PY
}

case_colour_only_on_a_terminal_without_no_color() {
  write_bad_api_version wf.yaml
  flowrun lint wf.yaml
  [[ $err != *$'\x1b['* ]] || fail "no escape codes expected when stderr is not a terminal"

  local tty_out
  tty_out=$(TERM=xterm run_in_pty "$flowrun_bin" lint wf.yaml || true)
  [[ $tty_out == *$'\x1b['*"error"* ]] || fail "expected colour on a terminal, got: $tty_out"
  tty_out=$(TERM=xterm NO_COLOR=1 run_in_pty "$flowrun_bin" lint wf.yaml || true)
  [[ $tty_out != *$'\x1b['* && $tty_out == *"error"* ]] || fail "NO_COLOR should turn colour off"
  tty_out=$(TERM=dumb run_in_pty "$flowrun_bin" lint wf.yaml || true)
  [[ $tty_out != *$'\x1b['* && $tty_out == *"error"* ]] || fail "TERM=dumb should turn colour off"
  tty_out=$(TERM=xterm run_in_pty "$flowrun_bin" --no-color lint wf.yaml || true)
  [[ $tty_out != *$'\x1b['* && $tty_out == *"error"* ]] || fail "--no-color should turn colour off"
}

case_repository_examples_lint_clean() {
  local examples=("$repo"/examples/*.yaml)
  if [[ ! -e ${examples[0]} ]]; then
    echo "     (no examples/ in $repo: nothing to check)"
    return 0
  fi
  flowrun lint "${examples[@]}"
  expect_rc 0
  expect_stderr_has "flowrun: "
  expect_stderr_lacks ": error: "
}

run_cases "$@"
