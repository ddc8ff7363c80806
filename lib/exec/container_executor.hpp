/// `--runtime docker|podman|auto`: runs each pod's main container with the engine's CLI.
///
/// One container per pod (no init, wait or sidecar containers in this version), on the
/// engine's default network. Per pod: `create` (labelled with the run, workflow and node),
/// `cp` of a script's source to engine::k_script_path, then `start -a` as a child process
/// whose stdout and stderr files are the container's two streams (stdout alone becomes the
/// result). After it exits: `container inspect` for the exit code and OOM flag, `cp` of each
/// output file, `rm -f`. Containers are never `--rm`: their files are read after exit.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/executor.hpp"
#include "exec/container_cli.hpp"
#include "exec/host_launch.hpp"
#include "util/result.hpp"

namespace exec {

/// How ContainerExecutor runs pods.
struct ContainerOptions {
  ContainerEngine engine = ContainerEngine::docker;
  /// The engine program: a name looked up in PATH, or a path.
  std::string binary = "docker";
  /// Labels every container `flowrun.run=<run_id>`; cancel_all() removes by this label, so
  /// it must be unique per run (a UUID).
  std::string run_id;
  /// `--pull` policy for create; empty: the engine's default (pull when missing).
  std::string pull;
  /// stop(): seconds the engine waits after SIGTERM before SIGKILL (`stop -t`).
  int stop_seconds = 2;
  /// Bound on each short engine command (create, cp, inspect, rm).
  std::chrono::milliseconds command_timeout{60000};
  /// Receives every line a pod writes to stdout or stderr while it runs. May be empty.
  std::function<void(std::string_view pod, std::string_view line)> log;
};

/// What a short engine command printed, and how it ended.
struct CliOutput {
  int exit_code = 0;
  std::string out;  ///< stdout, untouched
  std::string err;  ///< stderr without trailing newlines
};

/// Runs pods as docker or podman containers (see above). Several run at once; wait_next()
/// polls their `start -a` processes every 1-10 ms. create/cp/inspect/rm run synchronously
/// (tens of milliseconds each). A pod that cannot be created or started (no such image,
/// engine error) becomes an `exited` event with `started == false` and the engine's stderr.
class ContainerExecutor final : public engine::Executor {
 public:
  /// Creates nothing (no directory, no engine call) before the first start().
  explicit ContainerExecutor(ContainerOptions options);
  /// Removes every container of the run and the temporary files, as cancel_all().
  ~ContainerExecutor() override;
  ContainerExecutor(const ContainerExecutor&) = delete;
  ContainerExecutor& operator=(const ContainerExecutor&) = delete;

  /// create + cp + launches `start -a`; a daemon's `ready` comes once the container runs and
  /// has an IP (polled by wait_next()).
  void start(const engine::PodRequest& request) override;
  /// Queued events first; otherwise polls the running pods until one ends, a daemon becomes
  /// ready, or the deadline passes.
  std::optional<engine::PodEvent> wait_next(std::optional<engine::TimePoint> deadline) override;
  /// Launches `stop -t <stop_seconds>` in the background; the `exited` event follows.
  void stop(std::string_view node_id) override;
  /// `rm -f` of every container labelled with the run, then removes the temporary files.
  void cancel_all() override;
  /// Pods started whose `exited` event has not been returned yet.
  std::size_t outstanding() const override;

 private:
  struct Pod;

  /// Runs a short engine command to completion (bounded by command_timeout).
  util::Result<CliOutput> run_cli(const Argv& argv);
  util::Result<std::unique_ptr<Pod>> launch(const engine::PodRequest& request);
  util::Result<std::string> ensure_root();
  bool sweep();
  void probe_ready(Pod& pod);
  engine::PodEvent finish(Pod& pod, int cli_exit_code);
  void echo_logs(Pod& pod, bool final);
  void remove_containers(const std::vector<std::string>& names);

  ContainerOptions m_options;
  const EngineDialect& m_dialect;
  EnvList m_env;
  std::string m_root;
  std::size_t m_next_pod = 0;
  std::size_t m_next_cli = 0;
  bool m_created_any = false;  ///< a create was attempted: cancel_all() asks the engine
  std::vector<std::unique_ptr<Pod>> m_running;
  std::size_t m_sweep_from = 0;
  std::deque<engine::PodEvent> m_events;
  std::size_t m_outstanding = 0;
};

/// Which engine `--runtime` asked for.
enum class EngineChoice { auto_detect, docker, podman };

/// A working engine found by detect_engine().
struct DetectedEngine {
  ContainerEngine engine = ContainerEngine::docker;
  std::string binary;   ///< the resolved program path
  std::string version;  ///< what `version --format` printed
};

/// Finds an engine that can run containers: `docker version` (its daemon must answer, at
/// DOCKER_HOST when set) and/or `podman version` (with CONTAINERS_CONF when set); auto tries
/// docker first. The error says, for each engine tried, why it does not work.
util::Result<DetectedEngine> detect_engine(EngineChoice choice);

}  // namespace exec
