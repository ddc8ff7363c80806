#include "exec/host_executor.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "exec/artifact_copy.hpp"
#include "exec/line_tail.hpp"
#include "exec/poll_loop.hpp"
#include "exec/process.hpp"

#include <signal.h>
#include <stdlib.h>

namespace exec {
namespace {

namespace fs = std::filesystem;
using SteadyTime = std::chrono::steady_clock::time_point;

constexpr std::string_view k_stdout_file = ".flowrun-stdout";
constexpr std::string_view k_stderr_file = ".flowrun-stderr";
constexpr std::string_view k_script_file = "script";
constexpr auto k_min_poll = std::chrono::milliseconds(1);
constexpr auto k_max_poll = std::chrono::milliseconds(10);

engine::PodEvent not_started(const std::string& node_id, std::string message) {
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = node_id;
  event.started = false;
  event.message = std::move(message);
  return event;
}

util::Error io_error(const std::string& what, const std::error_code& error) {
  return util::make_error(util::ErrorCode::io, fmt::format("{}: {}", what, error.message()));
}

/// A fresh, empty directory at `path` (whatever was there before is removed).
util::Result<std::string> make_fresh_dir(const fs::path& path) {
  std::error_code error;
  fs::remove_all(path, error);
  if (!fs::create_directories(path, error) && error) {
    return io_error(fmt::format("cannot create work directory {}", path.string()), error);
  }
  return path.string();
}

util::Result<std::string> write_script(const fs::path& path, const std::string& source) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << source;
    if (!out) {
      return util::make_error(util::ErrorCode::io,
                              fmt::format("cannot write script {}", path.string()));
    }
  }
  std::error_code error;
  fs::permissions(path,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  error);
  return path.string();
}

}  // namespace

/// A started pod whose `exited` event has not been queued yet.
struct HostExecutor::Pod {
  std::string node_id;
  std::string pod_name;
  std::string cwd;
  std::vector<std::string> output_files;
  std::vector<engine::OutputArtifactRequest> output_artifacts;  ///< none for a daemon
  std::string stdout_path;
  Process process;
  engine::TimePoint started_at;
  std::optional<SteadyTime> kill_at;  ///< stop() was called: SIGKILL from then on
  std::optional<LineTail> out_tail;   ///< only with a log callback
  std::optional<LineTail> err_tail;
};

HostExecutor::HostExecutor(HostOptions options)
    : m_options(std::move(options)), m_host_env(current_environment()) {}

HostExecutor::~HostExecutor() {
  cancel_all();
}

util::Result<std::string> HostExecutor::ensure_root() {
  if (!m_root.empty()) {
    return m_root;
  }
  if (!m_options.root.empty()) {
    std::error_code error;
    if (!fs::create_directories(m_options.root, error) && error) {
      return io_error(fmt::format("cannot create {}", m_options.root), error);
    }
    // Absolute, because the processes start elsewhere and get paths inside it (the script).
    m_root = fs::absolute(m_options.root, error).lexically_normal().string();
    if (error) {
      return io_error(fmt::format("cannot find {}", m_options.root), error);
    }
    m_root_owned = false;
    return m_root;
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = fmt::format("{}/flowrun-host-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (::mkdtemp(templ.data()) == nullptr) {
    return io_error(fmt::format("cannot create a directory like {}", templ),
                    std::error_code(errno, std::generic_category()));
  }
  m_root = templ;
  m_root_owned = true;
  return m_root;
}

util::Result<std::unique_ptr<HostExecutor::Pod>> HostExecutor::launch(
    const engine::PodRequest& request) {
  auto root = ensure_root();
  if (!root) {
    return root.error();
  }
  fs::path work_dir = fs::path(*root) / work_dir_name(request);
  auto argv = host_argv(request.main, (work_dir / k_script_file).string());
  if (!argv) {
    return argv.error();
  }
  auto made = make_fresh_dir(work_dir);
  if (!made) {
    return made.error();
  }
  if (!m_root_owned) {
    m_work_dirs.push_back(*made);
  }
  if (request.main.script_source) {
    auto script = write_script(work_dir / k_script_file, *request.main.script_source);
    if (!script) {
      return script.error();
    }
  }
  SpawnRequest spawn;
  spawn.argv = std::move(*argv);
  spawn.env = host_environment(m_host_env, request);
  spawn.cwd = host_cwd(work_dir.string(), request.main);
  spawn.stdout_path = (work_dir / k_stdout_file).string();
  spawn.stderr_path = (work_dir / k_stderr_file).string();
  std::error_code error;
  fs::create_directories(spawn.cwd, error);
  auto process = Process::spawn(spawn);
  if (!process) {
    return process.error();
  }
  // A daemon is stopped rather than finished: no executor reports its artifacts.
  auto pod = std::unique_ptr<Pod>(new Pod{
      request.node_id, request.pod_name, spawn.cwd, request.output_files,
      request.daemon ? std::vector<engine::OutputArtifactRequest>() : request.output_artifacts,
      spawn.stdout_path, std::move(*process), std::chrono::system_clock::now(), std::nullopt,
      std::nullopt, std::nullopt});
  if (m_options.log) {
    pod->out_tail.emplace(spawn.stdout_path);
    pod->err_tail.emplace(spawn.stderr_path);
  }
  return pod;
}

void HostExecutor::start(const engine::PodRequest& request) {
  ++m_outstanding;
  if (!request.init_containers.empty() || !request.sidecars.empty() || !request.volumes.empty()) {
    // A host process has no pod to share: say so instead of running main alone.
    m_events.push_back(
        not_started(request.node_id,
                    "--runtime host cannot run init containers, sidecars or volumes; "
                    "use --runtime docker or podman"));
    return;
  }
  if (!request.container_set.empty()) {
    m_events.push_back(not_started(request.node_id,
                                   "--runtime host cannot run containerSet templates (several "
                                   "containers in one pod); use --runtime docker or podman"));
    return;
  }
  auto pod = launch(request);
  if (!pod) {
    m_events.push_back(not_started(request.node_id, pod.error().message));
    return;
  }
  if (request.daemon) {
    engine::PodEvent ready;
    ready.kind = engine::PodEvent::Kind::ready;
    ready.ip = "127.0.0.1";  // host processes share this machine's network
    ready.node_id = request.node_id;
    ready.started_at = (*pod)->started_at;
    m_events.push_back(std::move(ready));
  }
  m_running.push_back(std::move(*pod));
}

void HostExecutor::echo_logs(Pod& pod, bool final) {
  if (!m_options.log || !pod.out_tail) {
    return;
  }
  auto emit = [&](std::string_view line) { m_options.log(pod.pod_name, line); };
  for (auto* tail : {&*pod.out_tail, &*pod.err_tail}) {
    if (final) {
      tail->finish(emit);
    } else {
      tail->pump(emit);
    }
  }
}

engine::PodEvent HostExecutor::finish(Pod& pod, int exit_code) {
  echo_logs(pod, true);
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = pod.node_id;
  event.exit_code = exit_code;
  event.stdout_text = read_whole_file(pod.stdout_path).value_or("");
  event.files.reserve(pod.output_files.size());
  for (const std::string& path : pod.output_files) {
    event.files.emplace_back(path, read_whole_file(host_output_path(path, pod.cwd)));
  }
  event.artifacts.reserve(pod.output_artifacts.size());
  for (const engine::OutputArtifactRequest& artifact : pod.output_artifacts) {
    event.artifacts.push_back(
        copy_local_artifact(host_output_path(artifact.path, pod.cwd), artifact.host_path));
  }
  event.started_at = pod.started_at;
  event.finished_at = std::chrono::system_clock::now();
  return event;
}

bool HostExecutor::sweep() {
  std::size_t count = m_running.size();
  if (count == 0) {
    return false;
  }
  auto now = std::chrono::steady_clock::now();
  std::vector<bool> ended(count, false);
  bool any = false;
  for (std::size_t step = 0; step < count; ++step) {
    std::size_t index = (m_sweep_from + step) % count;
    Pod& pod = *m_running[index];
    echo_logs(pod, false);
    if (auto status = pod.process.poll()) {
      m_events.push_back(finish(pod, status->exit_code));
      ended[index] = true;
      any = true;
    } else if (pod.kill_at && now >= *pod.kill_at) {
      pod.process.signal_group(SIGKILL);
    }
  }
  m_sweep_from = (m_sweep_from + 1) % count;
  if (any) {
    std::size_t kept = 0;
    for (std::size_t index = 0; index < count; ++index) {
      if (!ended[index]) {
        m_running[kept++] = std::move(m_running[index]);
      }
    }
    m_running.resize(kept);
    m_sweep_from = m_running.empty() ? 0 : m_sweep_from % m_running.size();
  }
  return any;
}

std::optional<engine::PodEvent> HostExecutor::wait_next(std::optional<engine::TimePoint> deadline) {
  return wait_polling(
      m_events, m_outstanding, [this] { return m_running.empty(); }, [this] { return sweep(); },
      deadline);
}

void HostExecutor::stop(std::string_view node_id) {
  for (auto& pod : m_running) {
    if (pod->node_id == node_id && !pod->kill_at) {
      pod->process.signal_group(SIGTERM);
      pod->kill_at = std::chrono::steady_clock::now() + m_options.grace_period;
      if (m_options.grace_period.count() <= 0) {
        pod->process.signal_group(SIGKILL);
      }
    }
  }
}

void HostExecutor::cancel_all() {
  for (auto& pod : m_running) {
    pod->process.signal_group(SIGTERM);
  }
  auto until = std::chrono::steady_clock::now() + m_options.grace_period;
  auto interval = k_min_poll;
  while (true) {
    bool all_ended = std::all_of(m_running.begin(), m_running.end(),
                                 [](auto& pod) { return pod->process.poll().has_value(); });
    if (all_ended || std::chrono::steady_clock::now() >= until) {
      break;
    }
    std::this_thread::sleep_for(interval);
    interval = std::min(interval * 2, std::chrono::duration_cast<decltype(interval)>(k_max_poll));
  }
  m_running.clear();  // ~Process kills what is left with SIGKILL and reaps it
  m_events.clear();
  m_outstanding = 0;
  m_sweep_from = 0;
  remove_work_dirs();
}

void HostExecutor::remove_work_dirs() {
  if (m_options.keep_workdirs) {
    m_work_dirs.clear();
    return;
  }
  std::error_code error;
  if (m_root_owned && !m_root.empty()) {
    fs::remove_all(m_root, error);
    m_root.clear();
    m_root_owned = false;
  }
  for (const std::string& dir : m_work_dirs) {
    fs::remove_all(dir, error);
  }
  m_work_dirs.clear();
}

std::size_t HostExecutor::outstanding() const {
  return m_outstanding;
}

}  // namespace exec
