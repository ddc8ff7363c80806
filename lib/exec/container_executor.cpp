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

#include "exec/line_tail.hpp"
#include "exec/poll_loop.hpp"
#include "exec/process.hpp"

#include <signal.h>
#include <stdlib.h>

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

util::Result<std::string> write_script(const fs::path& path, const std::string& source) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << source;
    if (!out) {
      return util::make_error(util::ErrorCode::io,
                              fmt::format("cannot write script {}", path.string()));
    }
  }
  fs::permissions(path,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  error);
  return path.string();
}

}  // namespace

/// A started pod whose `exited` event has not been queued yet.
struct ContainerExecutor::Pod {
  std::string node_id;
  std::string pod_name;
  std::string container;
  std::string dir;  ///< this pod's temporary files
  std::string working_dir;
  std::vector<std::string> output_files;
  Process process;  ///< `start -a`
  engine::TimePoint started_at;
  bool ready_pending = false;
  SteadyTime next_probe{};
  std::optional<Process> stopper;    ///< `stop -t N` launched by stop()
  std::optional<LineTail> out_tail;  ///< only with a log callback
  std::optional<LineTail> err_tail;
};

ContainerExecutor::ContainerExecutor(ContainerOptions options)
    : m_options(std::move(options)),
      m_dialect(dialect(m_options.engine)),
      m_env(current_environment()) {}

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

util::Result<std::unique_ptr<ContainerExecutor::Pod>> ContainerExecutor::launch(
    const engine::PodRequest& request) {
  auto root = ensure_root();
  if (!root) {
    return root.error();
  }
  const std::string dir = fmt::format("{}/pod-{}", *root, m_next_pod++);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot create {}: {}", dir, error.message()));
  }
  const std::string name = container_name(request, m_options.run_id);
  CreateOptions create{m_options.binary, name, m_options.run_id, m_options.pull};
  m_created_any = true;
  auto created = run_cli(create_argv(m_dialect, create, request));
  if (!created) {
    return created.error();
  }
  if (created->exit_code != 0) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("{} create {} failed (exit code {}): {}", m_dialect.name,
                                        name, created->exit_code, created->err));
  }
  auto fail = [&](std::string message) -> util::Error {
    remove_containers({name});
    return util::make_error(util::ErrorCode::io, std::move(message));
  };
  if (request.main.script_source) {
    // Copying the directory `argo` to `/` creates /argo/staging/script, whose parents the
    // image does not have (cp into a missing directory fails).
    const fs::path stage = fs::path(dir) / "stage";
    auto script = write_script(stage / std::string(engine::k_script_path).substr(1),
                               *request.main.script_source);
    if (!script) {
      return fail(script.error().message);
    }
    auto copied =
        run_cli(cp_to_container_argv(m_options.binary, (stage / "argo").string(), name, "/"));
    if (!copied || copied->exit_code != 0) {
      return fail(fmt::format("cannot copy the script into {}: {}", name,
                              copied ? copied->err : copied.error().message));
    }
  }
  SpawnRequest spawn;
  spawn.argv = start_attached_argv(m_options.binary, name);
  spawn.env = m_env;
  spawn.cwd = dir;
  spawn.stdout_path = dir + "/stdout";
  spawn.stderr_path = dir + "/stderr";
  auto process = Process::spawn(spawn);
  if (!process) {
    return fail(process.error().message);
  }
  auto pod = std::unique_ptr<Pod>(new Pod{
      request.node_id, request.pod_name, name, dir, request.main.working_dir, request.output_files,
      std::move(*process), std::chrono::system_clock::now(), request.daemon,
      std::chrono::steady_clock::now(), std::nullopt, std::nullopt, std::nullopt});
  if (m_options.log) {
    pod->out_tail.emplace(spawn.stdout_path);
    pod->err_tail.emplace(spawn.stderr_path);
  }
  return pod;
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
  auto emit = [&](std::string_view line) { m_options.log(pod.pod_name, line); };
  for (auto* tail : {&*pod.out_tail, &*pod.err_tail}) {
    if (final) {
      tail->finish(emit);
    } else {
      tail->pump(emit);
    }
  }
}

void ContainerExecutor::probe_ready(Pod& pod) {
  auto now = std::chrono::steady_clock::now();
  if (!pod.ready_pending || now < pod.next_probe) {
    return;
  }
  pod.next_probe = now + k_ready_probe_interval;
  auto inspected = run_cli(inspect_ip_argv(m_options.binary, pod.container));
  if (!inspected || inspected->exit_code != 0) {
    return;
  }
  std::string ip = parse_inspect_ip(inspected->out);
  if (ip.empty()) {
    return;  // not running yet (or no network): look again later
  }
  pod.ready_pending = false;
  engine::PodEvent ready;
  ready.kind = engine::PodEvent::Kind::ready;
  ready.node_id = pod.node_id;
  ready.ip = std::move(ip);
  ready.started_at = pod.started_at;
  m_events.push_back(std::move(ready));
}

engine::PodEvent ContainerExecutor::finish(Pod& pod, int cli_exit_code) {
  echo_logs(pod, true);
  engine::PodEvent event;
  event.kind = engine::PodEvent::Kind::exited;
  event.node_id = pod.node_id;
  event.finished_at = std::chrono::system_clock::now();
  event.started_at = pod.started_at;
  // `start -a` exits with the container's code, but also with its own on an engine error:
  // the container's state is the authority.
  event.exit_code = cli_exit_code;
  if (auto inspected = run_cli(inspect_exit_argv(m_options.binary, pod.container));
      inspected && inspected->exit_code == 0) {
    if (auto parsed = parse_inspect_exit(inspected->out)) {
      event.exit_code = parsed->exit_code;
      event.oom_killed = parsed->oom_killed;
    }
  }
  event.stdout_text = read_whole_file(pod.dir + "/stdout").value_or("");
  event.files.reserve(pod.output_files.size());
  for (std::size_t index = 0; index < pod.output_files.size(); ++index) {
    const std::string& path = pod.output_files[index];
    // Relative paths are relative to the working directory, as for a process in it.
    std::string in_container = path;
    if (!path.empty() && path.front() != '/' && !pod.working_dir.empty()) {
      in_container = pod.working_dir + "/" + path;
    }
    const std::string host = fmt::format("{}/output-{}", pod.dir, index);
    auto copied =
        run_cli(cp_from_container_argv(m_options.binary, pod.container, in_container, host));
    std::optional<std::string> content;
    if (copied && copied->exit_code == 0) {
      content = read_whole_file(host);  // a directory is not a parameter's file: nullopt
    }
    event.files.emplace_back(path, std::move(content));
  }
  remove_containers({pod.container});
  std::error_code ignored;
  fs::remove_all(pod.dir, ignored);
  return event;
}

bool ContainerExecutor::sweep() {
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
    if (pod.stopper) {
      pod.stopper->poll();  // reap it; the container's end shows in `start -a`
    }
    if (auto status = pod.process.poll()) {
      m_events.push_back(finish(pod, status->exit_code));
      ended[index] = true;
      any = true;
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
    if (pod->node_id != node_id || pod->stopper) {
      continue;
    }
    pod->ready_pending = false;
    SpawnRequest spawn;
    spawn.argv = stop_argv(m_options.binary, pod->container, m_options.stop_seconds);
    spawn.env = m_env;
    spawn.cwd = pod->dir;
    spawn.stdout_path = pod->dir + "/stop.out";
    spawn.stderr_path = pod->dir + "/stop.err";
    if (auto process = Process::spawn(spawn)) {
      pod->stopper.emplace(std::move(*process));
    } else {
      pod->process.signal_group(SIGTERM);  // at least end the attached CLI
    }
  }
}

void ContainerExecutor::remove_containers(const std::vector<std::string>& names) {
  if (!names.empty()) {
    (void)run_cli(rm_argv(m_dialect, m_options.binary, names));
  }
}

void ContainerExecutor::cancel_all() {
  if (m_created_any) {
    // By label, so containers whose create half-failed or whose pod was lost go too.
    std::vector<std::string> ids;
    if (auto listed = run_cli(ps_run_argv(m_options.binary, m_options.run_id));
        listed && listed->exit_code == 0) {
      std::string_view text = listed->out;
      while (!text.empty()) {
        auto end = text.find('\n');
        std::string id(text.substr(0, end));
        if (!trimmed(id).empty()) {
          ids.push_back(trimmed(id));
        }
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      }
    } else {
      for (const auto& pod : m_running) {
        ids.push_back(pod->container);
      }
    }
    remove_containers(ids);
    m_created_any = false;
  }
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
