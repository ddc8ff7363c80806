#!/usr/bin/env bash
# Start, stop and describe the container engines flowrun's tests run on.
#
#   scripts/engines.sh start   start our own dockerd (or reuse ours if it
#                              already runs) and write a podman containers.conf
#   scripts/engines.sh stop    stop that dockerd; safe when nothing runs
#   scripts/engines.sh env     print export lines: eval "$(scripts/engines.sh env)"
#
# These machines have no systemd, so dockerd is started by hand, with every
# path under one state dir so it never collides with (or touches) a system
# docker daemon.  Podman needs no daemon, only a containers.conf: without it
# `podman run` fails here with "setrlimit RLIMIT_NOFILE: Operation not
# permitted" (crun) and "cgroups in hybrid mode not supported".
# See shared/notes/container-engines-here.md.
set -euo pipefail

dir=${FLOWRUN_ENGINES_DIR:-/tmp/flowrun-engines}
sock=$dir/docker.sock
pidfile=$dir/dockerd.pid
log=$dir/dockerd.log
containers_conf=$dir/containers.conf
start_timeout=${FLOWRUN_ENGINES_START_TIMEOUT:-60}
stop_timeout=${FLOWRUN_ENGINES_STOP_TIMEOUT:-30}

say() { echo "engines.sh: $*" >&2; }

# Pid of the dockerd *we* started, or nothing: the pid must be alive and its
# command line must name our socket, so a recycled pid or somebody else's
# daemon is never mistaken for ours.
our_dockerd_pid() {
  local pid
  [[ -r $pidfile ]] || return 0
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  if [[ -r /proc/$pid/cmdline ]] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "unix://$sock"; then
    echo "$pid"
  fi
}

# The given pids and all their descendants.
process_tree() {
  local -A seen=()
  local p pid ppid grew=1
  for p in "$@"; do seen[$p]=1; done
  while ((grew)); do
    grew=0
    while read -r pid ppid; do
      if [[ -n ${seen[$ppid]:-} && -z ${seen[$pid]:-} ]]; then
        seen[$pid]=1
        grew=1
      fi
    done < <(ps -e -o pid=,ppid=)
  done
  printf '%s\n' "${!seen[@]}"
}

docker_answers() {
  DOCKER_HOST=unix://$sock docker info >/dev/null 2>&1
}

write_containers_conf() {
  # runc instead of crun and explicit ulimits: the two settings the notes
  # found necessary for podman 4.3 on these machines.
  cat >"$containers_conf.tmp" <<'CONF'
# Written by scripts/engines.sh; used through CONTAINERS_CONF.
[containers]
default_ulimits = ["nofile=20000:20000","nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
  mv "$containers_conf.tmp" "$containers_conf"
}

start() {
  mkdir -p "$dir"
  write_containers_conf

  local pid
  pid=$(our_dockerd_pid)
  if [[ -n $pid ]]; then
    say "reusing dockerd (pid $pid) on $sock"
  else
    if docker_answers; then
      say "something else already answers on $sock; not touching it"
      exit 1
    fi
    # Leftovers of an earlier run; dockerd refuses to start while its pid
    # file names a live process, even an unrelated one.
    rm -f "$sock" "$pidfile"
    # Own (empty) config file so a /etc/docker/daemon.json on the machine
    # cannot change what the tests see.
    [[ -e $dir/daemon.json ]] || echo '{}' >"$dir/daemon.json"
    say "starting dockerd on $sock (log: $log)"
    # setsid + full redirection: the daemon must not hold the caller's
    # terminal or pipes open (make, CI's log capture would wait on it).
    setsid dockerd \
      --host "unix://$sock" \
      --config-file "$dir/daemon.json" \
      --data-root "$dir/docker-data" \
      --exec-root "$dir/docker-exec" \
      --pidfile "$pidfile" \
      </dev/null >"$log" 2>&1 &
    pid=$!
    disown "$pid" # no "Killed" job report from this shell if we must end it
  fi

  local waited=0
  until docker_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "dockerd exited during startup; last lines of $log:"
      tail -n 30 "$log" >&2 || true
      stop # its containerd may have outlived it
      exit 1
    fi
    if ((waited >= start_timeout)); then
      say "dockerd did not answer within ${start_timeout}s; last lines of $log:"
      tail -n 30 "$log" >&2 || true
      stop
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "dockerd ready after ~${waited}s: $(DOCKER_HOST=unix://$sock docker version --format 'server {{.Server.Version}}')"
}

stop() {
  local pid
  pid=$(our_dockerd_pid)
  if [[ -z $pid ]]; then
    say "no dockerd of ours is running (pid file: $pidfile)"
  else
    # TERM lets dockerd stop its containers and its containerd cleanly.
    say "stopping dockerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < stop_timeout)); do
      sleep 1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "dockerd still running after ${stop_timeout}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
    fi
  fi
  # After a KILL (or an earlier crash) dockerd's containerd, its shims and
  # the containers under them can outlive it.  Only containerd/dockerd
  # processes whose command line names our state dir are ours: end exactly
  # those and every process below them.
  local p comm roots=() leftovers=()
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    comm=$(cat "/proc/$p/comm" 2>/dev/null) || continue
    [[ $comm == containerd* || $comm == dockerd ]] || continue
    if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$dir/docker-"; then
      roots+=("$p")
    fi
  done
  if ((${#roots[@]} > 0)); then
    mapfile -t leftovers < <(process_tree "${roots[@]}")
    say "killing leftover processes of our dockerd: ${leftovers[*]}"
    kill -KILL "${leftovers[@]}" 2>/dev/null || true
    sleep 1
  fi
  # A killed dockerd also leaves its mounts (overlays, netns) behind.
  local mounts
  mapfile -t mounts < <(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
  for p in "${mounts[@]}"; do
    umount -l "$p" 2>/dev/null || true
  done
  rm -f "$pidfile" "$sock"
}

env_lines() {
  printf 'export DOCKER_HOST=%q\n' "unix://$sock"
  printf 'export CONTAINERS_CONF=%q\n' "$containers_conf"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) env_lines ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
