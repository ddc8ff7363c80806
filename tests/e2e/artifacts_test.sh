#!/usr/bin/env bash
# End-to-end: artifacts on real Docker and Podman (tests/e2e/workflows/artifacts.yaml). A
# file (tar+gzip, Argo's default) and a directory (archive none) are passed between steps by
# `from`; a key-only output is written to the local artifact repository and read back by key;
# a raw input is placed with mode 0755 and run; a steps output exported by globalName is read
# by the exit handler. Checks each reader's output, the repository's files (the .tgz holds one
# entry named after the file, as Argo's executor writes it), that a missing required output
# errors its node with the path in the message, and that nothing of the runs is left: no
# containers, no volumes, no staging directories.
#
#   artifacts_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: artifacts_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never  # no registry may be contacted
unset FLOWRUN_ARTIFACT_REPO
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
maps=(--image-map busybox:1.36=localhost/flowrun-busybox:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-artifacts.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2eart$$
trap 'rm -rf "$work"' EXIT

# results FILE: "<display name>=<phase>:<result>;..." of the reader nodes in the run in FILE.
results() {
  python3 - "$1" <<'PY' 2>/dev/null || echo "<unreadable JSON>"
import json, sys
nodes = json.load(open(sys.argv[1]))["status"]["nodes"].values()
wanted = ("read-file", "read-dir", "read-key", "read-raw", "read-global")
print(";".join(sorted(f'{n["displayName"]}={n["phase"]}:{n.get("outputs", {}).get("result", "-").strip()}'
                      for n in nodes if n["displayName"] in wanted)))
PY
}

# leftovers ENGINE WORKFLOW: ids of containers and volumes labelled with the workflow.
leftovers() {
  {
    "$1" ps -aq --filter "label=flowrun.workflow=$2"
    "$1" volume ls -q --filter "label=flowrun.workflow=$2"
  } 2>&1 | tr '\n' ' ' | sed 's/ *$//'
}

# archive_names FILE: the entry names of the tarball FILE, or "<not a tarball>".
archive_names() {
  python3 - "$1" <<'PY' 2>/dev/null || echo "<not a tarball>"
import sys, tarfile
with tarfile.open(sys.argv[1]) as tar:
    print(",".join(sorted(tar.getnames())))
PY
}

for engine in $engines; do
  name=$tag-$engine
  rc=0
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name" -o json \
    "$repo/tests/e2e/workflows/artifacts.yaml" >"$work/out.json" 2>"$work/err" || rc=$?
  got=$(results "$work/out.json")
  want='read-dir=Succeeded:a b;read-file=Succeeded:hello artifacts;'
  want+='read-global=Succeeded:hello artifacts;read-key=Succeeded:kept by key;'
  want+='read-raw=Succeeded:raw ran with mode 755'
  if [[ $rc -eq 0 && $got == "$want" ]]; then
    pass "$engine: file, directory, key-only, raw and globalName artifacts reach their readers"
  else
    fail "$engine: artifact passing" "exit $rc" "got:  $got" "want: $want" \
      "$(tail -n 10 "$work/err")"
  fi

  store=$FLOWRUN_STATE_DIR/artifacts
  produce_pod=$(json_field "$work/out.json" \
    '[n["id"] for n in doc["status"]["nodes"].values() if n["displayName"] == "produce"][0]' |
    sed "s/^$name-/$name-produce-/")
  file_entries=$(archive_names "$store/$name/$produce_pod/file.tgz")
  kept_entries=$(archive_names "$store/$name/kept.txt")
  tree=$(cd "$store/$name/$produce_pod/tree" 2>/dev/null && find . -type f | sort | tr '\n' ' ')
  if [[ $file_entries == hello.txt && $kept_entries == kept.txt &&
    $tree == "./a.txt ./sub/b.txt " && ! -e $store/$name/$produce_pod/absent.tgz ]]; then
    pass "$engine: the repository holds Argo's layout (<wf>/<pod>/file.tgz, key-only, archive none)"
  else
    fail "$engine: repository layout" "file.tgz: $file_entries" "kept.txt: $kept_entries" \
      "tree: $tree" "$(find "$store" | head -n 20)"
  fi

  rc=0
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --name "$name-missing" -o json \
    "$repo/tests/e2e/workflows/artifacts-missing.yaml" >"$work/out.json" 2>"$work/err" || rc=$?
  produce=$(json_field "$work/out.json" \
    '[n["phase"] + ": " + n["message"] for n in doc["status"]["nodes"].values() if n["displayName"] == "produce"][0]')
  after=$(json_field "$work/out.json" \
    'len([n for n in doc["status"]["nodes"].values() if n["displayName"] == "after"])')
  if [[ $rc -eq 1 && $produce == "Error: failed to save outputs: artifact 'report': /tmp/report.txt does not exist" &&
    $after == 0 ]]; then
    pass "$engine: a missing required output artifact errors its node; nothing after it runs"
  else
    fail "$engine: missing output" "exit $rc, produce: $produce, after: $after" \
      "$(tail -n 10 "$work/err")"
  fi

  left="$(leftovers "$engine" "$name")$(leftovers "$engine" "$name-missing")"
  staging=$(find "$FLOWRUN_STATE_DIR" -path '*artifacts-staging/*' 2>/dev/null | head -n 5)
  if [[ -z $left && -z $staging ]]; then
    pass "$engine: no container, volume or staging directory of the runs is left"
  else
    fail "$engine: leftovers" "engine: $left" "staging: $staging"
  fi
done

summarize
