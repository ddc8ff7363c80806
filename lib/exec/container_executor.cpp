#include "exec/container_executor.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "exec/container_pod.hpp"
#include "exec/gc.hpp"
#include "exec/line_tail.hpp"
#include "exec/poll_loop.hpp"
#include "exec/probe.hpp"
#include "exec/process.hpp"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

namespace exec {
namespace {

namespace fs = std::filesystem;
using SteadyTime = std::chrono::steady_clock::time_point;

/// How often a daemon that is not ready yet is inspected (each look is an engine command).
constexpr auto k_ready_probe_interval = std::chrono::milliseconds(50);

engine::PodEvent not_started(const std::string& node_id, std::string message) {
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = node_id;
  event.started = false;
  event.message = std::move(message);
  return event;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

/// A fresh temporary directory `$TMPDIR/<prefix>-XXXXXX`.
util::Result<std::string> make_temp_dir(std::string_view prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = fmt::format("{}/{}-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
  if (::mkdtemp(templ.data()) == nullptr) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot create a directory like {}: {}", templ,
                                        std::error_code(errno, std::generic_category()).message()));
  }
  return templ;
}

/// Runs `argv` to completion with stdout/stderr in files `<dir>/<tag>.out|.err` (removed
/// after). An error when it cannot start or outlives `timeout` (then it is killed).
util::Result<CliOutput> run_command(const Argv& argv, const EnvList& env, const std::string& dir,
                                    const std::string& tag, std::chrono::milliseconds timeout) {
  SpawnRequest spawn;
  spawn.argv = argv;
  spawn.env = env;
  spawn.cwd = dir;
  spawn.stdout_path = fmt::format("{}/{}.out", dir, tag);
  spawn.stderr_path = fmt::format("{}/{}.err", dir, tag);
  auto process = Process::spawn(spawn);
  if (!process) {
    return process.error();
  }
  auto status = process->wait_for(timeout);
  CliOutput output;
  output.out = read_whole_file(spawn.stdout_path).value_or("");
  output.err = trimmed(read_whole_file(spawn.stderr_path).value_or(""));
  std::error_code ignored;
  fs::remove(spawn.stdout_path, ignored);
  fs::remove(spawn.stderr_path, ignored);
  if (!status) {
    process->signal_group(SIGKILL);
    return util::make_error(util::ErrorCode::io, fmt::format("`{} {}` did not finish within {} ms",
                                                             argv[0], argv[1], timeout.count()));
  }
  output.exit_code = status->exit_code;
  return output;
}

std::string host_name() {
  char buffer[256] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0) {
    return "localhost";
  }
  return buffer;
}

}  // namespace

ContainerExecutor::ContainerExecutor(ContainerOptions options)
    : m_options(std::move(options)),
      m_dialect(dialect(m_options.engine)),
      m_env(current_environment()) {
  // A remote engine (DOCKER_HOST=tcp://..., CONTAINER_HOST) cannot see this machine's files.
  for (const auto& [name, value] : m_env) {
    if ((name == "DOCKER_HOST" && m_options.engine == ContainerEngine::docker && !value.empty() &&
         value.rfind("unix://", 0) != 0) ||
        (name == "CONTAINER_HOST" && m_options.engine == ContainerEngine::podman &&
         !value.empty())) {
      m_local_engine = false;
    }
  }
}

ContainerExecutor::~ContainerExecutor() {
  cancel_all();
}

util::Result<std::string> ContainerExecutor::ensure_root() {
  if (m_root.empty()) {
    auto made = make_temp_dir("flowrun-ctr");
    if (!made) {
      return made.error();
    }
    m_root = *made;
  }
  return m_root;
}

util::Result<CliOutput> ContainerExecutor::run_cli(const Argv& argv) {
  auto root = ensure_root();
  if (!root) {
    return root.error();
  }
  return run_command(argv, m_env, *root, fmt::format("cli-{}", m_next_cli++),
                     m_options.command_timeout);
}

void ContainerExecutor::start(const engine::PodRequest& request) {
  ++m_outstanding;
  auto pod = launch(request);
  if (!pod) {
    m_events.push_back(not_started(request.node_id, pod.error().message));
    return;
  }
  m_running.push_back(std::move(*pod));
}

void ContainerExecutor::echo_logs(Pod& pod, bool final) {
  if (!m_options.log || !pod.out_tail) {
    return;
  }
  auto emit = [&](std::string_view line) { m_options.log(pod.request.pod_name, line); };
  for (auto* tail : {&*pod.out_tail, &*pod.err_tail}) {
    if (final) {
      tail->finish(emit);
    } else {
      tail->pump(emit);
    }
  }
  if (final) {
    pod.out_tail.reset();
    pod.err_tail.reset();
  }
}

std::vector<std::string> ContainerExecutor::host_labels() const {
  return {fmt::format("{}={}", k_label_pid, ::getpid()),
          fmt::format("{}={}", k_label_host, host_name())};
}

std::vector<std::string> ContainerExecutor::run_labels() const {
  std::vector<std::string> labels{fmt::format("{}={}", k_label_run, m_options.run_id),
                                  fmt::format("{}={}", k_label_workflow, m_workflow)};
  for (std::string& label : host_labels()) {
    labels.push_back(std::move(label));
  }
  return labels;
}

void ContainerExecutor::probe_ready(Pod& pod) {
  auto now = std::chrono::steady_clock::now();
  if (!pod.ready_pending || pod.stage != Pod::Stage::main || now < pod.next_probe) {
    return;
  }
  pod.next_probe = now + k_ready_probe_interval;
  const std::optional<engine::ProbeSpec>& probe = pod.request.main.readiness_probe;
  if (pod.ip.empty()) {
    auto inspected = run_cli(inspect_ip_argv(m_options.binary, pod.ip_container));
    if (!inspected || inspected->exit_code != 0) {
      return;
    }
    pod.ip = parse_inspect_ip(inspected->out);
    if (pod.ip.empty()) {
      return;  // not running yet: look again later
    }
    if (probe) {
      // The kubelet's first probe comes initialDelaySeconds after the container started.
      pod.next_probe = now + std::chrono::seconds(probe->initial_delay_seconds);
      return;
    }
  }
  if (probe && !probe_passes(pod, *probe)) {
    pod.next_probe = std::chrono::steady_clock::now() + std::chrono::seconds(probe->period_seconds);
    return;
  }
  pod.ready_pending = false;
  engine::PodEvent ready;
  ready.kind = engine::PodEvent::Kind::ready;
  ready.node_id = pod.request.node_id;
  ready.ip = pod.ip;
  ready.started_at = pod.started_at;
  m_events.push_back(std::move(ready));
}

bool ContainerExecutor::probe_passes(Pod& pod, const engine::ProbeSpec& probe) {
  const auto timeout = std::chrono::seconds(probe.timeout_seconds);
  switch (probe.kind) {
    case engine::ProbeSpec::Kind::exec: {
      auto ran = run_command(exec_argv(m_options.binary, pod.base, probe.command), m_env, m_root,
                             fmt::format("probe-{}", m_next_cli++), timeout);
      return ran && ran->exit_code == 0;
    }
    case engine::ProbeSpec::Kind::http_get:
      if (probe.scheme == "HTTPS") {
        return tcp_probe(pod.ip, probe.port, timeout);
      }
      return http_probe(pod.ip, probe.port, probe.path, timeout);
    case engine::ProbeSpec::Kind::tcp_socket: return tcp_probe(pod.ip, probe.port, timeout);
  }
  return false;
}

bool ContainerExecutor::sweep() {
  std::erase_if(m_removers, [](Process& remover) { return remover.poll().has_value(); });
  std::size_t count = m_running.size();
  if (count == 0) {
    return false;
  }
  std::vector<bool> ended(count, false);
  bool any = false;
  for (std::size_t step = 0; step < count; ++step) {
    std::size_t index = (m_sweep_from + step) % count;
    Pod& pod = *m_running[index];
    echo_logs(pod, false);
    if (!pod.members.empty()) {
      const std::size_t before = m_events.size();
      ended[index] = advance_set(pod);
      any = any || m_events.size() != before;
      continue;
    }
    if (pod.stopper) {
      pod.stopper->poll();  // reap it; the container's end shows in `start -a`
    }
    if (auto status = pod.process->poll()) {
      const std::size_t before = m_events.size();
      ended[index] = advance(pod, status->exit_code);
      any = any || m_events.size() != before;
    } else {
      std::size_t before = m_events.size();
      probe_ready(pod);
      any = any || m_events.size() != before;
    }
  }
  m_sweep_from = (m_sweep_from + 1) % count;
  std::size_t kept = 0;
  for (std::size_t index = 0; index < count; ++index) {
    if (!ended[index]) {
      m_running[kept++] = std::move(m_running[index]);
    }
  }
  m_running.resize(kept);
  m_sweep_from = m_running.empty() ? 0 : m_sweep_from % m_running.size();
  return any;
}

std::optional<engine::PodEvent> ContainerExecutor::wait_next(
    std::optional<engine::TimePoint> deadline) {
  return wait_polling(
      m_events, m_outstanding, [this] { return m_running.empty(); }, [this] { return sweep(); },
      deadline);
}

void ContainerExecutor::stop(std::string_view node_id) {
  for (auto& pod : m_running) {
    if (pod->request.node_id != node_id || pod->stopper) {
      continue;
    }
    if (!pod->members.empty()) {
      stop_set(*pod);
      continue;
    }
    pod->ready_pending = false;
    SpawnRequest spawn;
    spawn.argv = stop_argv(m_options.binary, pod->current, m_options.stop_seconds);
    spawn.env = m_env;
    spawn.cwd = pod->dir;
    spawn.stdout_path = pod->dir + "/stop.out";
    spawn.stderr_path = pod->dir + "/stop.err";
    if (auto process = Process::spawn(spawn)) {
      pod->stopper.emplace(std::move(*process));
    } else {
      pod->process->signal_group(SIGTERM);  // at least end the attached CLI
    }
  }
}

void ContainerExecutor::remove_containers(const std::vector<std::string>& names) {
  if (!names.empty()) {
    (void)run_cli(rm_argv(m_dialect, m_options.binary, names));
  }
}

bool ContainerExecutor::remove_by_label(const Argv& list,
                                        const std::function<Argv(std::vector<std::string>)>& rm) {
  auto listed = run_cli(list);
  if (!listed || listed->exit_code != 0) {
    return false;
  }
  std::vector<std::string> ids = parse_lines(listed->out);
  if (!ids.empty()) {
    (void)run_cli(rm(std::move(ids)));
  }
  return true;
}

void ContainerExecutor::cancel_all() {
  for (Process& remover : m_removers) {
    (void)remover.wait_for(m_options.command_timeout);
  }
  m_removers.clear();
  if (m_created_any) {
    // By label, so resources whose creation half-failed or whose pod was lost go too:
    // containers first (they hold the volumes and the network), then volumes and network.
    const std::string& binary = m_options.binary;
    if (!remove_by_label(ps_run_argv(binary, m_options.run_id), [&](std::vector<std::string> ids) {
          return rm_argv(m_dialect, binary, ids);
        })) {
      std::vector<std::string> known = m_finished;  // the engine cannot list: what we know
      for (const auto& pod : m_running) {
        known.push_back(pod->base);
        known.insert(known.end(), pod->sidecars.begin(), pod->sidecars.end());
      }
      remove_containers(known);
    }
    remove_by_label(volume_ls_run_argv(binary, m_options.run_id),
                    [&](std::vector<std::string> ids) { return volume_rm_argv(binary, ids); });
    remove_by_label(network_ls_run_argv(binary, m_options.run_id),
                    [&](std::vector<std::string> ids) { return network_rm_argv(binary, ids); });
    m_network.clear();
    m_claims.clear();
    m_created_any = false;
  }
  m_finished.clear();
  m_running.clear();  // ~Process kills the attached CLIs (the containers are gone)
  m_events.clear();
  m_outstanding = 0;
  m_sweep_from = 0;
  if (!m_root.empty()) {
    std::error_code ignored;
    fs::remove_all(m_root, ignored);
    m_root.clear();
  }
}

std::size_t ContainerExecutor::outstanding() const {
  return m_outstanding;
}

util::Result<DetectedEngine> detect_engine(EngineChoice choice) {
  std::vector<ContainerEngine> candidates;
  if (choice != EngineChoice::podman) {
    candidates.push_back(ContainerEngine::docker);
  }
  if (choice != EngineChoice::docker) {
    candidates.push_back(ContainerEngine::podman);
  }
  EnvList env = current_environment();
  std::string path_env;
  for (const auto& [name, value] : env) {
    if (name == "PATH") {
      path_env = value;
    }
  }
  auto dir = make_temp_dir("flowrun-detect");
  if (!dir) {
    return dir.error();
  }
  std::vector<std::string> reasons;
  std::optional<DetectedEngine> found;
  for (ContainerEngine engine : candidates) {
    const EngineDialect& d = dialect(engine);
    auto binary = find_program(std::string(d.name), path_env, *dir);
    if (!binary) {
      reasons.push_back(fmt::format("{}: not installed ({})", d.name, binary.error().message));
      continue;
    }
    auto output = run_command(version_argv(d, *binary), env, *dir, std::string(d.name),
                              std::chrono::seconds(20));
    if (!output) {
      reasons.push_back(fmt::format("{}: {}", d.name, output.error().message));
    } else if (output->exit_code != 0 || trimmed(output->out).empty()) {
      std::string where;
      if (engine == ContainerEngine::docker) {
        const char* host = std::getenv("DOCKER_HOST");
        where = fmt::format(" (DOCKER_HOST={})", host ? host : "unset");
      } else {
        const char* conf = std::getenv("CONTAINERS_CONF");
        where = fmt::format(" (CONTAINERS_CONF={})", conf ? conf : "unset");
      }
      reasons.push_back(fmt::format("{}: `{} version` failed{}: {}", d.name, *binary, where,
                                    output->err.empty() ? "no output" : output->err));
    } else {
      found = DetectedEngine{engine, *binary, trimmed(output->out)};
      break;
    }
  }
  std::error_code ignored;
  fs::remove_all(*dir, ignored);
  if (found) {
    return *found;
  }
  std::string message = "no container engine answers";
  for (const std::string& reason : reasons) {
    message += "\n  " + reason;
  }
  return util::make_error(util::ErrorCode::not_supported, std::move(message));
}

}  // namespace exec
