#!/usr/bin/env bash
# `flowrun run --runtime podman` over every LOCAL and LOCAL-WITH-ARTIFACTS row (the latter
# use the local artifact repository, which every run has) of Argo's examples manifest
# (../shared/argo/examples-manifest.tsv next to the repository, read-only; skipped when
# absent) whose images all map to the local test images (tests/e2e/image_map.txt, built
# by scripts/test-images.sh): each row must end in the manifest's expected phase, and
# leave nothing of flowrun behind. Which rows run alone, and with which template files,
# follows tests/cli/argo_manifest_dryrun_test.sh (see manifest_lib.sh).
#
#   argo_manifest_podman_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Each row is one of:
#   passed          ended in the expected phase (rows whose determinism column is DET...
#                   or TIMING are judged);
#   nondet          NON-DETERMINISTIC rows: the phase is reported, never judged
#                   (INTERACTIVE rows, which wait at a suspend, are resumed from a second
#                   process by resume_interactive and must then end Succeeded);
#   refused         exit 3 before anything ran, listed with the blocking features;
#   invalid         exit 2 (flowrun finds the example invalid; the dry-run test covers it);
#   unmappable      an image the image map does not cover;
#   not alone       not runnable by itself (template library, several Workflows);
#   FAIL            a judged row in the wrong phase (exit 0/1), a leftover container,
#                   volume or network, a timeout, a crash, an exit status other than
#                   0-3, output that is not the workflow's JSON, "internal error".
# The test fails when any row FAILs.
#
#   too long        a row that runs for many minutes by design (see long_rows).
# Environment: FLOWRUN_MANIFEST_JOBS (rows run at once, default 2),
# FLOWRUN_MANIFEST_ROW_TIMEOUT (seconds per row, default 240; a row whose notes say it
# takes "~N s" gets 2N when that is more), FLOWRUN_MANIFEST_ONLY (a
# regex: only rows whose file matches it), FLOWRUN_MANIFEST_LONG=1 (run the long rows). CONTAINERS_CONF defaults to what
# `scripts/engines.sh env` prints. Needs python3 to read the JSON output.
set -euo pipefail

if [[ $# -lt 1 || ! -x $1 ]]; then
  echo "usage: $0 path/to/flowrun" >&2
  exit 2
fi
flowrun_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
here="$repo/tests/e2e"
shared="$repo/../shared/argo"
if [[ ! -d $shared/examples || ! -f $shared/examples-manifest.tsv ]]; then
  echo "SKIP: ../shared/argo not found"
  exit 77  # ctest: skipped (SKIP_RETURN_CODE)
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is needed to read the JSON output"
  exit 77  # ctest: skipped (SKIP_RETURN_CODE)
fi
if ! command -v podman >/dev/null 2>&1; then
  echo "SKIP: podman is not installed (scripts/deps.sh engines installs it)"
  exit 77  # ctest: skipped (SKIP_RETURN_CODE)
fi
if [[ -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
# Never pull: no registry may be contacted; every image is mapped to a local test image.
export FLOWRUN_PULL=never

jobs_max=${FLOWRUN_MANIFEST_JOBS:-2}
# The slowest row sleeps 4 x 30 s in a row (parallelism-nested-workflow.yaml).
row_timeout=${FLOWRUN_MANIFEST_ROW_TIMEOUT:-240}
only=${FLOWRUN_MANIFEST_ONLY:-}
# Rows far longer than a row's time (the manifest says how long): reported as too long
# for CI and run (with 20 minutes each) only when FLOWRUN_MANIFEST_LONG=1.
declare -A long_rows=(
  [examples/forever.yaml]="counts to 1000 with sleep 1s: about 17 minutes"
)
long_timeout=1200
# Rows whose images map, but which need what the stand-in image lacks: reported with the
# unmappable ones, never run.
declare -A image_gaps=(
  [examples/variables-showcase.yaml]="its daemon runs 'nc -lk'; the busybox stand-in for alpine has no nc -k (busybox sh runs its own applet, so no shim can add it)"
)
length_re='~([0-9]+) ?s'
shown_lines=6
t0=$SECONDS

work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-manifest-podman.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state  # run directories stay out of ~/.local
mkdir -p "$work/rows" "$work/xdg"
# Workflow names of this test start with this, so leftovers are found (and removed)
# exactly, even while other runs use the same podman.
tag=amp$$x

# ours KIND: "ID LABELS" of every podman container/volume/network labelled flowrun.run
# whose flowrun.workflow label is one of this test's names.
ours() {
  local what=$1 id_field=.Name
  [[ $what == container ]] && id_field=.ID
  local -a list=(podman "$what" ls)
  [[ $what == container ]] && list=(podman ps -a)
  "${list[@]}" --filter label=flowrun.run --format "{{$id_field}} {{.Labels}}" 2>/dev/null |
    grep -E "flowrun\.workflow[=:]$tag-" || true
}

# remove_ours: removes whatever ours finds; prints what it removed.
remove_ours() {
  local what ids
  for what in container volume network; do
    ids=$(ours "$what" | awk '{ print $1 }')
    [[ -n $ids ]] || continue
    echo "$what: ${ids//$'\n'/ }"
    # shellcheck disable=SC2086  # one argument per id
    case $what in
      container) podman rm -f $ids >/dev/null 2>&1 || true ;;
      *) podman "$what" rm -f $ids >/dev/null 2>&1 || true ;;
    esac
  done
}

# unlabelled: "KIND ID" of every object labelled flowrun.run without a flowrun.workflow
# label (flowrun labels all three; one without it cannot be told apart from another
# run's, so only those that appear while this test runs count).
unlabelled() {
  local what id_field
  for what in container volume network; do
    id_field=.Name
    local -a list=(podman "$what" ls)
    if [[ $what == container ]]; then
      id_field=.ID
      list=(podman ps -a)
    fi
    "${list[@]}" --filter label=flowrun.run --format "{{$id_field}} {{.Labels}}" 2>/dev/null |
      grep -v 'flowrun\.workflow[=:]' | awk -v w="$what" '{ print w, $1 }' || true
  done | LC_ALL=C sort
}

# On the way out (also on Ctrl-C): stop the row jobs' runs (TERM to `timeout`, which
# passes it to flowrun, which removes its containers), then remove what is left.
cleanup() {
  local job child children=() waited=0
  for job in $(jobs -p); do
    for child in $(ps -o pid= --ppid "$job" 2>/dev/null); do children+=("$child"); done
    kill "$job" 2>/dev/null || true
  done
  if [[ ${#children[@]} -gt 0 ]]; then
    kill "${children[@]}" 2>/dev/null || true
    while kill -0 "${children[@]}" 2>/dev/null && ((waited < 30)); do
      sleep 1
      waited=$((waited + 1))
    done
  fi
  wait 2>/dev/null || true
  remove_ours >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Podman must be able to run a container here (see shared/notes/container-engines-here.md).
if ! podman info >"$work/podman-info" 2>&1; then
  echo "SKIP: podman is not usable here: $(tail -n 1 "$work/podman-info")"
  exit 77  # ctest: skipped (SKIP_RETURN_CODE)
fi

# The image map, and the local images it needs (scripts/test-images.sh builds them).
declare -A image_to=()
maps=()
while IFS= read -r line; do
  line=${line%%#*}
  line=${line//[[:space:]]/}
  [[ -n $line ]] || continue
  image_to[${line%%=*}]=${line#*=}
  maps+=(--image-map "$line")
done <"$here/image_map.txt"
missing=()
for image in $(printf '%s\n' "${image_to[@]}" | sort -u); do
  podman image exists "$image" || missing+=("$image")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "FAIL: test images missing in podman: ${missing[*]} (run scripts/test-images.sh)"
  exit 1
fi
if ! podman run --rm --network none localhost/flowrun-busybox:latest true >"$work/smoke" 2>&1; then
  echo "SKIP: podman cannot run a container here: $(tail -n 1 "$work/smoke")"
  exit 77  # ctest: skipped (SKIP_RETURN_CODE)
fi

unlabelled_before=$(unlabelled)

# shellcheck source=tests/e2e/manifest_lib.sh
source "$here/manifest_lib.sh"
shared=$(cd "$shared" && pwd)
cd "$shared"
manifest_read examples-manifest.tsv

# resume_interactive NAME: `flowrun resume NAME` from a second process every second until
# the run has ended, supplying a value for any output the resume says has none.
resume_interactive() {
  local name=$1 answer output
  local -a supplied=()
  while sleep 1; do
    answer=$("$flowrun_bin" resume "$name" "${supplied[@]}" 2>&1) && continue
    output=$(sed -n "s/.*raw output parameter '\([^']*\)' has not been set.*/\1/p" <<<"$answer")
    if [[ -n $output ]]; then
      supplied+=(--set "$output=resumed-by-test")
    elif [[ $answer != *"workflow $name not found"* ]]; then
      return 0  # ended (or gone); "not found": not started yet
    fi
  done
}

# run_row OUT NAME DETERMINISM EXPECTED SECONDS FILE...: runs one row (killed after
# SECONDS), writes its verdict to OUT (first line: category; second: one-line reason;
# then details) and prints it.
run_row() {
  local out=$1 name=$2 determinism=$3 expected=$4 seconds=$5
  shift 5
  local row="$1" rc=0 judged=0 started=$SECONDS resumer=""
  local category reason summary phase left
  local -a details=()
  [[ $determinism == DET* || $determinism == TIMING ]] && judged=1
  if [[ $determinism == INTERACTIVE* ]]; then
    judged=1
    expected=Succeeded
    resume_interactive "$name" &
    resumer=$!
  fi
  # -k: a run that ignores SIGTERM is killed 15 s later. Other image-map sources (the
  # user's ~/.config/flowrun/image-map, FLOWRUN_IMAGE_MAP) must not change what runs.
  timeout -k 15 "$seconds" env -u FLOWRUN_IMAGE_MAP XDG_CONFIG_HOME="$work/xdg" \
    "$flowrun_bin" run --runtime podman "${maps[@]}" --name "$name" -o json "$@" \
    </dev/null >"$out.json" 2>"$out.err" || rc=$?
  local took=$((SECONDS - started))
  if [[ -n $resumer ]]; then
    kill "$resumer" 2>/dev/null || true
    wait "$resumer" 2>/dev/null || true
  fi

  if [[ $rc -eq 124 || $rc -eq 137 ]]; then
    category=FAIL
    reason="timed out after ${seconds} s"
  elif [[ $rc -ge 128 ]]; then
    category=FAIL
    reason="killed by signal $((rc - 128))"
  elif [[ $rc -gt 3 ]]; then
    category=FAIL
    reason="exit $rc (expected 0, 1, 2 or 3)"
  elif grep -qiF "internal error" "$out.json" "$out.err"; then
    category=FAIL
    reason="exit $rc with 'internal error': $(grep -hiF -m 1 "internal error" "$out.json" "$out.err" | head -n 1)"
  elif [[ $rc -eq 3 ]]; then
    if grep -q 'is not supported by this version of flowrun$' "$out.err"; then
      category=refused
      reason=$(grep -m 1 ': error: ' "$out.err" || head -n 1 "$out.err")
    else
      category=FAIL
      reason="exit 3 without a refused feature: $(head -n 1 "$out.err")"
    fi
  elif [[ $rc -eq 2 ]]; then
    category=invalid
    reason=$(grep -m 1 ': error: ' "$out.err" || head -n 1 "$out.err")
  elif ! summary=$(manifest_json_summary "$out.json"); then
    category=FAIL
    reason="exit $rc: $summary"
  else
    phase=$(head -n 1 <<<"$summary")
    mapfile -t details < <(tail -n +2 <<<"$summary")
    if [[ "$rc:$phase" != 0:Succeeded && "$rc:$phase" != 1:Failed && "$rc:$phase" != 1:Error ]]; then
      category=FAIL
      reason="exit $rc with status.phase '$phase'"
    elif ((judged)) && [[ $phase == "$expected" ]]; then
      category=passed
      reason=$phase
    elif ((judged)); then
      category=FAIL
      reason="wrong phase: $phase, expected $expected"
    else
      category=nondet
      if grep -qw -- "$phase" <<<"$expected"; then
        reason="$phase (expected: $expected)"
      else
        reason="$phase, differs from the expected '$expected' ($determinism)"
      fi
    fi
  fi

  # Nothing of the run may be left: containers, volumes, networks with its name.
  left=$(for what in container volume network; do
    ours "$what" | grep -E "flowrun\.workflow[=:]$name( |,|\]|$)" | sed "s/^/$what /" || true
  done)
  if [[ -n $left ]]; then
    [[ $category == FAIL ]] && reason+="; "
    [[ $category == FAIL ]] || reason=""
    category=FAIL
    reason+="left behind: $(awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }' <<<"$left")"
    # Removed now, so that no later row (or run) meets them.
    local what id
    while read -r what id _; do
      case $what in
        container) podman rm -f "$id" >/dev/null 2>&1 || true ;;
        *) podman "$what" rm -f "$id" >/dev/null 2>&1 || true ;;
      esac
    done <<<"$left"
  fi

  {
    echo "$category"
    echo "$reason"
    if [[ $category == FAIL || $category == refused || $category == nondet ]]; then
      [[ ${#details[@]} -eq 0 ]] || printf '%s\n' "${details[@]}"
      if [[ $category == FAIL ]]; then
        tail -n "$shown_lines" "$out.err" | sed 's/^/stderr: /'
      fi
      if [[ $category == refused ]]; then
        sed -n 's/.*: error: \(.*\) is not supported by this version of flowrun$/feature: \1/p' \
          "$out.err" | sed "s/^feature: the lifecycle hook '[^']*'/feature: the lifecycle hook '...'/" |
          LC_ALL=C sort -u
      fi
    fi
  } >"$out"
  printf '%-7s %s (%d s): %s\n' "$category" "$row" "$took" "$reason"
  if [[ $category == FAIL ]]; then
    tail -n +3 "$out" | grep -v '^feature: ' | sed 's/^/        /'
  fi
}

# --- the rows -------------------------------------------------------------------------

declare -A row_label=()
order=()
alone_lines=()
unmappable_lines=()
long_lines=()
rows=0
index=0
# Columns 1 (file), 2 (name), 3 (kind), 6 (images), 9 (verdict), 10 (expected phase),
# 11 (determinism), 14 (notes), joined by the unit separator (a tab is whitespace to `read`).
while IFS=$'\x1f' read -r file name kind images verdict expected determinism notes; do
  [[ $file == file || ($verdict != LOCAL && $verdict != LOCAL-WITH-ARTIFACTS) ]] && continue
  [[ -z $only || $file =~ $only ]] || continue
  rows=$((rows + 1))
  row="$file ($kind ${name:-?})"
  if why=$(manifest_not_alone "$file" "$kind"); then
    alone_lines+=("$row: $why")
    continue
  fi
  mapfile -t args < <(manifest_run_args "$file")
  unmapped=()
  while IFS= read -r image; do
    [[ -n $image && -z ${image_to[$image]:-} ]] && unmapped+=("$image")
  done < <(manifest_images "$images" "${args[@]}")
  if [[ ${#unmapped[@]} -gt 0 ]]; then
    unmappable_lines+=("$row: ${unmapped[*]}")
    continue
  fi
  if [[ -n ${image_gaps[$file]:-} ]]; then
    unmappable_lines+=("$row: ${image_gaps[$file]}")
    continue
  fi
  seconds=$row_timeout
  if [[ -n ${long_rows[$file]:-} ]]; then
    if [[ ${FLOWRUN_MANIFEST_LONG:-0} != 1 ]]; then
      long_lines+=("$row: ${long_rows[$file]}")
      continue
    fi
    seconds=$long_timeout
  fi
  # A row whose notes give its length ("~250s": a mutex serializes 5 x 50 s by design)
  # gets twice that when it is more than the usual row time.
  if [[ $notes =~ $length_re ]] && ((2 * BASH_REMATCH[1] > seconds)); then
    seconds=$((2 * BASH_REMATCH[1]))
  fi
  # "Succeeded (per run)" and the like: the phase is the first word.
  [[ $determinism == DET* || $determinism == TIMING ]] && expected=${expected%% *}
  index=$((index + 1))
  id=$(printf '%03d' "$index")
  order+=("$id")
  row_label[$id]=$row
  while [[ $(jobs -rp | wc -l) -ge $jobs_max ]]; do
    wait -n || true
  done
  run_row "$work/rows/$id" "$tag-$id" "$determinism" "$expected" "$seconds" "${args[@]}" &
done < <(awk -F'\t' -v OFS=$'\x1f' '{print $1, $2, $3, $6, $9, $10, $11, $14}' examples-manifest.tsv)
wait

# After every row: nothing of this test's runs may be left anywhere.
sweep=$(remove_ours)
unlabelled_new=$(LC_ALL=C comm -13 <(echo "$unlabelled_before") <(unlabelled))

# --- the report -----------------------------------------------------------------------

passed=0
nondet=0
refused=0
invalid=0
failed=0
declare -A feature_rows=()
refused_lines=()
nondet_lines=()
invalid_lines=()
fail_lines=()
for id in "${order[@]}"; do
  if [[ ! -f $work/rows/$id ]]; then
    failed=$((failed + 1))
    fail_lines+=("${row_label[$id]}: no verdict (the row's job died)")
    continue
  fi
  category=$(sed -n 1p "$work/rows/$id")
  reason=$(sed -n 2p "$work/rows/$id")
  case $category in
    passed) passed=$((passed + 1)) ;;
    nondet)
      nondet=$((nondet + 1))
      nondet_lines+=("${row_label[$id]}: $reason")
      ;;
    refused)
      refused=$((refused + 1))
      mapfile -t features < <(sed -n 's/^feature: //p' "$work/rows/$id")
      refused_lines+=("${row_label[$id]}: $(printf '%s; ' "${features[@]}" | sed 's/; $//')")
      for feature in "${features[@]}"; do
        feature_rows[$feature]=$((${feature_rows[$feature]:-0} + 1))
      done
      ;;
    invalid)
      invalid=$((invalid + 1))
      invalid_lines+=("${row_label[$id]}: $reason")
      ;;
    *)
      failed=$((failed + 1))
      fail_lines+=("${row_label[$id]}: $reason")
      while IFS= read -r detail; do
        fail_lines+=("    $detail")
      done < <(tail -n +3 "$work/rows/$id")
      ;;
  esac
done
if [[ -n $sweep ]]; then
  failed=$((failed + 1))
  fail_lines+=("left behind after all rows (removed now): ${sweep//$'\n'/; }")
fi
if [[ -n $unlabelled_new ]]; then
  failed=$((failed + 1))
  fail_lines+=("labelled flowrun.run without flowrun.workflow, new since the test started (not removed; another run's?): ${unlabelled_new//$'\n'/, }")
fi

echo
if [[ ${#refused_lines[@]} -gt 0 ]]; then
  echo "Refused as unsupported (exit 3), with every blocking feature:"
  printf '  %s\n' "${refused_lines[@]}"
  echo "Unsupported features, by the number of rows they block:"
  for feature in "${!feature_rows[@]}"; do
    printf '%5d rows: %s\n' "${feature_rows[$feature]}" "$feature"
  done | LC_ALL=C sort -k1,1nr -k3
fi
if [[ ${#nondet_lines[@]} -gt 0 ]]; then
  echo "Not judged (NON-DETERMINISTIC or INTERACTIVE in the manifest):"
  printf '  %s\n' "${nondet_lines[@]}"
fi
if [[ ${#invalid_lines[@]} -gt 0 ]]; then
  echo "Invalid (exit 2):"
  printf '  %s\n' "${invalid_lines[@]}"
fi
if [[ ${#unmappable_lines[@]} -gt 0 ]]; then
  echo "Images not mappable to the test images (tests/e2e/image_map.txt):"
  printf '  %s\n' "${unmappable_lines[@]}"
fi
if [[ ${#long_lines[@]} -gt 0 ]]; then
  echo "Too long for CI, not run (FLOWRUN_MANIFEST_LONG=1 runs them):"
  printf '  %s\n' "${long_lines[@]}"
fi
if [[ ${#alone_lines[@]} -gt 0 ]]; then
  echo "Not runnable alone:"
  printf '  %s\n' "${alone_lines[@]}"
fi
if [[ ${#fail_lines[@]} -gt 0 ]]; then
  echo "FAILURES:"
  printf '  %s\n' "${fail_lines[@]}"
fi
echo "LOCAL and LOCAL-WITH-ARTIFACTS rows: $rows; passed: $passed; not judged (nondet): $nondet; refused as unsupported (exit 3): $refused; invalid (exit 2): $invalid; images not mappable: ${#unmappable_lines[@]}; not runnable alone: ${#alone_lines[@]}; too long for CI: ${#long_lines[@]}; FAILED: $failed"
echo "total time: $((SECONDS - t0)) s (${jobs_max} rows at a time)"
[[ $failed -eq 0 ]]
