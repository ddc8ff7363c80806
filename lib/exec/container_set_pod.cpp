// ContainerExecutor, containerSet pods (spec 1.9): each member is a container of its own,
// started (`run`, attached) once its dependencies exited 0, independent members at once.
// Members share the pod's volumes (emptyDir as one engine volume per pod, as for other pods)
// and a network namespace: a member joins (`--network container:<m>`) the namespace of the
// member that owns it while that one runs; a member starting when no owner runs owns a new
// one (an engine cannot join a stopped container's namespace, and then nothing is left to
// reach on localhost anyway). A failed member runs again while the set's retryStrategy
// allows, `duration` after its previous run: its container is replaced by a fresh one of the
// same name (Argo re-runs the process in the same container; the volumes are what persist).
#include <algorithm>
#include <filesystem>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "exec/container_pod.hpp"
#include "util/text.hpp"

#include <signal.h>

namespace exec {
namespace {

/// How long a joined member's stderr is held back (see echo_member_logs).
constexpr auto k_join_grace = std::chrono::seconds(3);

}  // namespace

bool ContainerExecutor::owner_running(const std::string& container) {
  // Its `run` was launched moments ago (members of one batch start together): the engine
  // may not have made or started it yet. Waits up to about 2 s for it to run (its attached
  // process is alive, so it has not been seen to end); false after that.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < give_up) {
    auto inspected = run_cli(inspect_ip_argv(m_options.binary, container));
    if (inspected && inspected->exit_code == 0 &&
        util::trim(inspected->out).substr(0, 4) == "true") {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

ContainerExecutor::Status ContainerExecutor::begin_set(Pod& pod) {
  pod.schedule.emplace(pod.request);
  pod.members.resize(pod.request.container_set.size());
  pod.results.resize(pod.request.container_set.size());
  for (std::size_t index = 0; index < pod.members.size(); ++index) {
    const std::string& name = pod.request.container_set[index].spec.name;
    // Main is `base`, as for other pods: output files are copied from there.
    pod.members[index].container = name == "main" ? pod.base : fmt::format("{}-{}", pod.base, name);
    pod.results[index].name = name;
  }
  pod.started_at = std::chrono::system_clock::now();
  start_ready_members(pod);
  return true;
}

void ContainerExecutor::start_ready_members(Pod& pod) {
  if (pod.set_stopping) {
    return;
  }
  // A member that cannot start fails, which may block others: look again until stable.
  for (std::vector<std::size_t> ready = pod.schedule->take_ready(); !ready.empty();
       ready = pod.schedule->take_ready()) {
    for (std::size_t index : ready) {
      if (Status started = start_member(pod, index); !started) {
        pod.results[index].message = started.error().message;
        pod.schedule->start_failed(index);
      }
    }
  }
}

ContainerExecutor::Status ContainerExecutor::start_member(Pod& pod, std::size_t index,
                                                          bool own_network) {
  Pod::Member& member = pod.members[index];
  util::Result<std::string> network = std::string();  // the engine's default network
  if (pod.request.run_network) {
    network = ensure_network();
    if (!network) {
      return network.error();
    }
  }
  // Join the namespace of a running member that owns one; otherwise own a new one.
  std::string joined = *network;
  if (!own_network && !pod.ip_container.empty()) {
    const auto owner =
        std::find_if(pod.members.begin(), pod.members.end(),
                     [&](const Pod::Member& m) { return m.container == pod.ip_container; });
    if (owner != pod.members.end() && owner->process && &*owner != &member &&
        owner_running(owner->container)) {
      joined = fmt::format("container:{}", pod.ip_container);
    }
  }
  member.joined = joined != *network;
  if (!member.joined) {
    pod.ip_container = member.container;
  }
  if (member.process || pod.results[index].started || own_network) {
    remove_containers({member.container});  // a retry or rejoin: the last container goes
  }
  if (std::find(pod.sidecars.begin(), pod.sidecars.end(), member.container) == pod.sidecars.end() &&
      member.container != pod.base) {
    pod.sidecars.push_back(member.container);  // removed with the pod (release)
  }
  const int run = pod.schedule->runs(index);
  member.stream = fmt::format("set-{}-{}{}.", index, run, own_network ? "-own" : "");
  Status started = start_container(pod, pod.request.container_set[index].spec, member.container,
                                   joined, true, member.stream);
  // start_container attaches the process to the pod (for a single main): move it over.
  member.process = std::move(pod.process);
  pod.process.reset();
  member.one_call = pod.one_call;
  member.out_tail = std::move(pod.out_tail);
  member.err_tail = std::move(pod.err_tail);
  pod.out_tail.reset();
  pod.err_tail.reset();
  pod.current.clear();
  member.restart_at.reset();
  member.launched = std::chrono::steady_clock::now();
  if (!started) {
    member.process.reset();
    return started;
  }
  engine::ContainerResult& result = pod.results[index];
  result.started_at = result.started_at.value_or(std::chrono::system_clock::now());
  return true;
}

void ContainerExecutor::echo_member_logs(Pod& pod, std::size_t index, bool final) {
  Pod::Member& member = pod.members[index];
  if (!m_options.log || !member.out_tail) {
    return;
  }
  auto emit = [&](std::string_view line) { m_options.log(pod.request.pod_name, line); };
  // A member in another's namespace may fail to join it (rejoin_failed): its stderr waits a
  // moment, so an engine complaint that is then retried is never shown.
  const bool hold_err =
      !final && member.joined && std::chrono::steady_clock::now() - member.launched < k_join_grace;
  for (auto* tail : {&*member.out_tail, &*member.err_tail}) {
    if (hold_err && tail == &*member.err_tail) {
      continue;
    }
    if (final) {
      tail->finish(emit);
    } else {
      tail->pump(emit);
    }
  }
  if (final) {
    member.out_tail.reset();
    member.err_tail.reset();
  }
}

bool ContainerExecutor::rejoin_failed(Pod& pod, std::size_t index, int cli_exit_code) {
  Pod::Member& member = pod.members[index];
  // docker: `namespace path: lstat /proc/N/ns/net: no such file or directory`; podman:
  // `... is not running` / `cannot join network`. The engine's own errors are 125-127.
  if (!member.joined || cli_exit_code < 125 || cli_exit_code > 127 || pod.set_stopping) {
    return false;
  }
  const std::string err =
      read_whole_file(fmt::format("{}/{}stderr", pod.dir, member.stream)).value_or("");
  if (err.find("ns/net") == std::string::npos && err.find("namespace") == std::string::npos &&
      err.find("not running") == std::string::npos &&
      err.find("join network") == std::string::npos) {
    return false;
  }
  // Its lines were held back (advance_set): the engine's complaint is not the member's log.
  member.out_tail.reset();
  member.err_tail.reset();
  member.process.reset();
  return static_cast<bool>(start_member(pod, index, true));
}

void ContainerExecutor::member_exited(Pod& pod, std::size_t index, int cli_exit_code) {
  Pod::Member& member = pod.members[index];
  if (rejoin_failed(pod, index, cli_exit_code)) {
    return;  // the same run, now in a namespace of its own
  }
  echo_member_logs(pod, index, true);
  member.process.reset();
  if (member.stopper) {
    member.stopper->poll();
  }
  engine::ContainerResult& result = pod.results[index];
  result.finished_at = std::chrono::system_clock::now();
  int exit_code = cli_exit_code;
  bool existed = true;
  if (cli_exit_code != 0) {
    // As settle_exit: the container's state decides; a `run` that made no container failed.
    auto inspected = run_cli(inspect_exit_argv(m_options.binary, member.container));
    if (inspected && inspected->exit_code == 0) {
      if (auto parsed = parse_inspect_exit(inspected->out)) {
        exit_code = parsed->exit_code;
        result.oom_killed = parsed->oom_killed;
      }
    } else if (member.one_call) {
      existed = false;
    }
  }
  if (!existed) {
    const auto err = read_whole_file(fmt::format("{}/{}stderr", pod.dir, member.stream));
    result.message =
        fmt::format("{} run {} failed (exit code {}): {}", m_dialect.name, member.container,
                    cli_exit_code, std::string(util::trim(err.value_or(""))));
    result.started = pod.schedule->runs(index) > 1;  // a retry keeps the previous run's code
    pod.schedule->start_failed(index);
    return;
  }
  result.started = true;
  result.exit_code = exit_code;
  result.message.clear();
  if (pod.schedule->exited(index, exit_code) && !pod.set_stopping) {
    member.restart_at = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            pod.schedule->retry_delay());
  }
}

bool ContainerExecutor::advance_set(Pod& pod) {
  const auto now = std::chrono::steady_clock::now();
  bool changed = false;
  for (std::size_t index = 0; index < pod.members.size(); ++index) {
    Pod::Member& member = pod.members[index];
    if (member.stopper) {
      member.stopper->poll();  // reap it; the member's end shows in its `run`
    }
    if (!member.process) {
      continue;
    }
    echo_member_logs(pod, index, false);
    if (auto status = member.process->poll()) {
      member_exited(pod, index, status->exit_code);
      changed = true;
    }
  }
  for (std::size_t index = 0; index < pod.members.size(); ++index) {
    Pod::Member& member = pod.members[index];
    if (!member.restart_at || (now < *member.restart_at && !pod.set_stopping)) {
      continue;
    }
    if (pod.set_stopping) {
      member.restart_at.reset();
      continue;
    }
    pod.schedule->restarted(index);
    if (Status started = start_member(pod, index); !started) {
      pod.results[index].message = started.error().message;
      pod.schedule->start_failed(index);
    }
    changed = true;
  }
  if (pod.set_stopping) {
    pod.schedule->abandon();
  }
  if (changed) {
    start_ready_members(pod);
  }
  const bool running = std::any_of(pod.members.begin(), pod.members.end(),
                                   [](const Pod::Member& m) { return m.process.has_value(); });
  if (running || !(pod.schedule->finished() || pod.set_stopping)) {
    return false;
  }
  m_events.push_back(finish_set(pod));
  return true;
}

void ContainerExecutor::stop_set(Pod& pod) {
  pod.set_stopping = true;
  for (Pod::Member& member : pod.members) {
    member.restart_at.reset();
    if (!member.process || member.stopper) {
      continue;
    }
    SpawnRequest spawn;
    spawn.argv = stop_argv(m_options.binary, member.container, m_options.stop_seconds);
    spawn.env = m_env;
    spawn.cwd = pod.dir;
    spawn.stdout_path = fmt::format("{}/stop-{}.out", pod.dir, member.container);
    spawn.stderr_path = fmt::format("{}/stop-{}.err", pod.dir, member.container);
    if (auto process = Process::spawn(spawn)) {
      member.stopper.emplace(std::move(*process));
    } else {
      member.process->signal_group(SIGTERM);  // at least end the attached CLI
    }
  }
}

engine::PodEvent ContainerExecutor::finish_set(Pod& pod) {
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = pod.request.node_id;
  event.started_at = pod.started_at;
  event.finished_at = std::chrono::system_clock::now();
  event.containers = pod.results;
  for (std::size_t index = 0; index < pod.members.size(); ++index) {
    if (pod.members[index].container != pod.base) {
      continue;
    }
    const engine::ContainerResult& main = pod.results[index];
    event.exit_code = main.exit_code;
    event.oom_killed = main.oom_killed;
    if (main.started) {
      event.stdout_text =
          read_whole_file(fmt::format("{}/{}stdout", pod.dir, pod.members[index].stream))
              .value_or("");
      copy_outputs(pod, event);
      copy_artifacts(pod, event);
    }
  }
  release(pod);
  return event;
}

}  // namespace exec
