#!/usr/bin/env bash
# Run a command with the container engines up, then stop them, whatever the
# command did; exits with the command's exit code.
#
#   scripts/with-engines.sh CMD [ARG...]
#
# CMD sees DOCKER_HOST and CONTAINERS_CONF (from scripts/engines.sh env).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi

# The EXIT trap also covers a failed start; INT/TERM are turned into a normal
# exit so that the EXIT trap runs for them too.
trap '"$here/engines.sh" stop || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$here/engines.sh" start
eval "$("$here/engines.sh" env)"

rc=0
"$@" || rc=$?
exit "$rc"
