# shellcheck shell=bash
# Shared helpers for tests/cli/*_test.sh (sourced, not run; not a test itself).
#
# A test script defines one function per case, named case_<what>, then calls
# `run_cases "$@"`. Each case runs the binary with `flowrun ARGS...` (which sets
# $out, $err and $rc) and checks the results with the expect_* helpers. A failed
# expectation marks the case failed and the case goes on, so one run shows every
# difference. The script ends with the line "N passed, M failed, K skipped" and exits 1 if
# anything failed.
#
# Usage: bash tests/cli/<name>_test.sh path/to/flowrun

if [[ $# -lt 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/flowrun" >&2
  exit 2
fi
flowrun_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# Never pull an image in a test: no registry may be contacted (a missing image fails).
export FLOWRUN_PULL=never
# The repository (for examples/); the test scripts read it.
# shellcheck disable=SC2034
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Every run keeps a run directory, and a workflow name can be used once per state directory
# (exit 4 after that): unless a test sets FLOWRUN_STATE_DIR itself, each flowrun call gets a
# fresh one (lib_state_dir), so a case may run a workflow with a fixed name twice, and
# nothing lands in ~/.local/state. Neither the user's config nor environment may change the
# image map.
lib_default_state="$work/.state"
export FLOWRUN_STATE_DIR=$lib_default_state
export XDG_CONFIG_HOME="$work/.config"
unset FLOWRUN_IMAGE_MAP
mkdir -p "$work/.states"
lib_state_dir() {
  if [[ ${FLOWRUN_STATE_DIR:-} == "$lib_default_state" ]]; then
    mktemp -d "$work/.states/XXXXXX"
  else
    echo "${FLOWRUN_STATE_DIR:-}"
  fi
}

out=""
err=""
rc=0
case_failed=0

# flowrun ARGS...: runs the binary with stdin from /dev/null unless redirected by
# the caller; sets $out, $err (trailing newlines removed, as $(...) does) and $rc.
flowrun() {
  rc=0
  FLOWRUN_STATE_DIR=$(lib_state_dir) "$flowrun_bin" "$@" >"$work/.out" 2>"$work/.err" || rc=$?
  out=$(cat "$work/.out")
  err=$(cat "$work/.err")
}

# fail MESSAGE: records a failed expectation, with what the last command printed.
fail() {
  case_failed=1
  echo "     $1"
  echo "     exit status: $rc"
  sed 's/^/     stdout: /' "$work/.out"
  sed 's/^/     stderr: /' "$work/.err"
}

expect_rc() {
  [[ $rc -eq $1 ]] || fail "expected exit status $1, got $rc"
}

expect_stdout() {
  [[ $out == "$1" ]] || fail "expected stdout exactly: $1"
}

expect_stderr() {
  [[ $err == "$1" ]] || fail "expected stderr exactly: $1"
}

# expect_stdout_has TEXT / expect_stderr_has TEXT: TEXT (may span lines) is a substring.
expect_stdout_has() {
  [[ $out == *"$1"* ]] || fail "expected stdout to contain: $1"
}

expect_stderr_has() {
  [[ $err == *"$1"* ]] || fail "expected stderr to contain: $1"
}

expect_stderr_lacks() {
  [[ $err != *"$1"* ]] || fail "expected stderr not to contain: $1"
}

# expect_stderr_prefixed: every stderr line starts with "flowrun: " (no positioned
# diagnostics expected).
expect_stderr_prefixed() {
  local line
  while IFS= read -r line; do
    [[ $line == "flowrun: "* ]] || fail "stderr line without 'flowrun: ': $line"
  done <<<"$err"
}

# write FILE: writes standard input to $work/FILE.
write() {
  cat >"$work/$1"
}

# skip REASON: ends the current case as skipped (exit 77), with the reason.
skip() {
  echo "     SKIP: $*"
  exit 77
}

# run_cases: runs every case_* function defined by the script, in name order.
run_cases() {
  local passed=0 failed=0 skipped=0 name status
  local -a failures=()
  for name in $(declare -F | awk '$3 ~ /^case_/ {print $3}'); do
    case_failed=0
    # A case runs in a subshell so `cd` or an unexpected `exit` cannot leak. Not as an `if`
    # condition: bash ignores `set -e` there, and an unexpected failure must end the case.
    set +e
    (
      set -euo pipefail
      "$name"
      exit "$case_failed"
    )
    status=$?
    set -e
    if [[ $status -eq 0 ]]; then
      passed=$((passed + 1))
      echo "PASS ${name#case_}"
    elif [[ $status -eq 77 ]]; then
      # `skip REASON` was called: reported apart, never counted as passed.
      skipped=$((skipped + 1))
      echo "SKIP ${name#case_}"
    else
      failed=$((failed + 1))
      failures+=("${name#case_}")
      echo "FAIL ${name#case_}"
    fi
  done
  if [[ $failed -gt 0 ]]; then
    printf 'failed: %s\n' "${failures[@]}"
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [[ $failed -eq 0 ]]
}

# --- Helpers for the run tests (run_cli_test.sh, run_examples_test.sh) ---

# need_python3: skips the current case when python3 (used to read JSON) is missing.
need_python3() {
  command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read JSON output"
}

# flowrun_within SECONDS ARGS...: as `flowrun ARGS...`, but the binary is killed after
# SECONDS (then $rc is 124, or 128+signal), so a hang fails the case instead of the run.
flowrun_within() {
  local seconds=$1
  shift
  rc=0
  FLOWRUN_STATE_DIR=$(lib_state_dir) timeout "$seconds" "$flowrun_bin" "$@" >"$work/.out" \
    2>"$work/.err" || rc=$?
  out=$(cat "$work/.out")
  err=$(cat "$work/.err")
}

# json_eval EXPR [FILE]: evaluates the Python expression EXPR with `d` bound to the JSON
# document in FILE (default: the last command's stdout) and prints the result: a string
# as is, anything else as compact JSON. Exit 2 when FILE is not exactly one JSON
# document (nothing else before or after it), 1 when EXPR fails (e.g. a missing key);
# the reason goes to stderr.
json_eval() {
  python3 - "$1" "${2:-$work/.out}" <<'PY'
import json
import sys

expr, path = sys.argv[1], sys.argv[2]
try:
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
except (OSError, ValueError) as e:
    print(f"not one JSON document: {e}", file=sys.stderr)
    sys.exit(2)
try:
    value = eval(expr, {"json": json}, {"d": d})
except Exception as e:  # any failure of the expression: report it, do not crash
    print(f"{expr}: {type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(1)
print(value if isinstance(value, str) else json.dumps(value, separators=(",", ":")))
PY
}

# expect_json EXPR EXPECTED: the last command's stdout is one JSON document and EXPR
# (see json_eval) gives EXPECTED.
expect_json() {
  local got status=0
  got=$(json_eval "$1" 2>"$work/.json_err") || status=$?
  if [[ $status -ne 0 ]]; then
    fail "expected JSON with $1 == $2: $(cat "$work/.json_err")"
  elif [[ $got != "$2" ]]; then
    fail "expected $1 == $2, got: $got"
  fi
}
