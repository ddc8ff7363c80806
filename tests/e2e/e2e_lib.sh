# Shared by the end-to-end test scripts (sourced, not run): the PASS/FAIL tally, a JSON
# field reader and the final summary. Sourcing sets passed=0, failed=0, failures=().
# shellcheck shell=bash

passed=0
failed=0
failures=()

# pass NAME: one check passed.
pass() {
  passed=$((passed + 1))
  echo "PASS $1"
}

# fail NAME [DETAIL...]: one check failed; each DETAIL is printed on its own line.
fail() {
  failed=$((failed + 1))
  failures+=("$1")
  echo "FAIL $1"
  shift
  local line
  for line in "$@"; do echo "     $line"; done
}

# json_field FILE EXPR: a python expression over `doc` (the JSON in FILE), or
# "<unreadable JSON>".
json_field() {
  python3 -c 'import json, sys
doc = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null || echo "<unreadable JSON>"
}

# summarize [EXTRA]: lists the failures and prints "N passed, M failed[EXTRA]"; its status
# is the test's (0 when nothing failed).
summarize() {
  if ((failed > 0)); then
    echo "failed:"
    printf '  %s\n' "${failures[@]}"
  fi
  echo "$passed passed, $failed failed${1:-}"
  ((failed == 0))
}
