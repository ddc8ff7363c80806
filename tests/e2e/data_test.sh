#!/usr/bin/env bash
# End-to-end: a data template on real Docker and Podman. The test fills a temporary local
# artifact repository (--artifact-repo) with files; the workflow's data step lists bucket
# `reports`, keeps the .pdf files, and a withParam step runs one busybox container per file
# echoing its key. Checks the data node's JSON result, the loop's children and each one's
# output, and that a missing bucket fails the data node with its message.
#
#   data_test.sh FLOWRUN_BINARY      (FLOWRUN_SOURCE_DIR: the repository)
#
# Engines: $FLOWRUN_TEST_ENGINES (default "docker podman"). Needs python3.
set -euo pipefail
# shellcheck source=tests/e2e/e2e_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/e2e_lib.sh"

flowrun=${1:?usage: data_test.sh FLOWRUN_BINARY}
export FLOWRUN_PULL=never  # no registry may be contacted
unset FLOWRUN_ARTIFACT_REPO
repo=${FLOWRUN_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
engines=${FLOWRUN_TEST_ENGINES:-docker podman}
if [[ -z ${DOCKER_HOST:-} || -z ${CONTAINERS_CONF:-} ]]; then
  eval "$("$repo/scripts/engines.sh" env)"
fi
flow=$repo/tests/e2e/workflows/data-filter.yaml
maps=(--image-map busybox:1.36=localhost/flowrun-busybox:latest)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowrun-e2e-data.XXXXXX")
export FLOWRUN_STATE_DIR=$work/state
tag=e2edata$$
trap 'rm -rf "$work"' EXIT

artifacts=$work/artifacts
for file in reports/q1.pdf reports/notes.txt "reports/2024/annual report.pdf" \
  reports/2024/raw.csv other/elsewhere.pdf; do
  mkdir -p "$(dirname "$artifacts/$file")"
  echo "content of $file" >"$artifacts/$file"
done
mkdir -p "$work/empty"

# outputs FILE: "<data result>|<child display name>=<its result>;..." of the run in FILE.
outputs() {
  python3 - "$1" <<'PY' 2>/dev/null || echo "<unreadable JSON>"
import json, sys
nodes = json.load(open(sys.argv[1]))["status"]["nodes"].values()
data = [n for n in nodes if n["displayName"] == "list"]
each = sorted((n for n in nodes if n["displayName"].startswith("each(")),
              key=lambda n: n["displayName"])
print(data[0]["type"], data[0]["phase"], data[0].get("outputs", {}).get("result", "-"), "|",
      ";".join(f'{n["displayName"]}={n["phase"]}:{n.get("outputs", {}).get("result", "-")}'
               for n in each))
PY
}

for engine in $engines; do
  name=$tag-$engine
  rc=0
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --artifact-repo "$artifacts" \
    --name "$name" -o json "$flow" >"$work/out.json" 2>"$work/err" || rc=$?
  got=$(outputs "$work/out.json")
  # Keys are the objects' keys in the bucket: no `reports/` in front.
  want='Pod Succeeded ["2024/annual report.pdf","q1.pdf"] | '
  want+='each(0:2024/annual report.pdf)=Succeeded:file: 2024/annual report.pdf;'
  want+='each(1:q1.pdf)=Succeeded:file: q1.pdf'
  if [[ $rc -eq 0 && $got == "$want" ]]; then
    pass "$engine: the data step keeps the .pdf keys and a container echoes each one"
  else
    fail "$engine: data filter and withParam" "exit $rc" "got:  $got" "want: $want" \
      "$(tail -n 10 "$work/err")"
  fi

  rc=0
  timeout 300 "$flowrun" run --runtime "$engine" "${maps[@]}" --artifact-repo "$work/empty" \
    --name "$name-missing" -o json "$flow" >"$work/out.json" 2>"$work/err" || rc=$?
  phase=$(json_field "$work/out.json" \
    '[n["phase"] + ": " + n["message"] for n in doc["status"]["nodes"].values() if n["displayName"] == "list"][0]')
  started=$(json_field "$work/out.json" \
    'len([n for n in doc["status"]["nodes"].values() if n["displayName"].startswith("each")])')
  if [[ $rc -eq 1 && $phase == "Error: "*"The specified bucket does not exist"*"$work/empty/reports)" &&
    $started == 0 ]]; then
    pass "$engine: a missing bucket errors the data step and nothing after it runs"
  else
    fail "$engine: missing bucket" "exit $rc, data node: $phase, loop children: $started" \
      "$(tail -n 10 "$work/err")"
  fi
done

summarize
