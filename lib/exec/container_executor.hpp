/// `--runtime docker|podman|auto`: runs each pod's main container with the engine's CLI.
///
/// Every container joins one network per run (created on first use; daemons are reached by
/// their IP on it). A pod runs its init containers one at a time (`start -a`), then starts
/// its sidecars detached and its main container attached in the first sidecar's network
/// namespace (so sidecars are reached on localhost), all sharing the pod's volumes: emptyDir
/// as an engine volume per pod, volumeClaimTemplates as one engine volume per run, hostPath,
/// secrets and configMaps as bind mounts, an existing PVC as the engine volume of that name.
/// Per container: `create` (labelled with the run, workflow, node, pid and host), `cp` of a
/// script's source to engine::k_script_path, then `start -a` as a child process whose stdout
/// and stderr files are the container's two streams (stdout alone becomes the result). After
/// main exits: `container inspect` for the exit code and OOM flag, `cp` of each output file
/// and output artifact, `rm -f` of the pod's containers and volumes. Containers are never
/// `--rm`: their files are read after exit.
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
#include "exec/process.hpp"
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
  /// stop(): seconds the engine waits after SIGTERM before SIGKILL (`stop -t`); short, so a
  /// timeout or Ctrl-C ends a container within about a second (a shell as PID 1 ignores
  /// SIGTERM).
  int stop_seconds = 1;
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
  using Status = util::Result<bool>;  ///< true, or why not

  /// Runs a short engine command to completion (bounded by command_timeout).
  util::Result<CliOutput> run_cli(const Argv& argv);
  /// Runs a short engine command that must succeed; its stderr is the error otherwise.
  util::Result<CliOutput> run_checked(const Argv& argv, std::string_view what);
  util::Result<std::string> ensure_root();
  /// The run's network, created on first use.
  util::Result<std::string> ensure_network();
  /// Labels of the flowrun process (pid, host), for `flowrun gc`.
  std::vector<std::string> host_labels() const;
  /// Labels of a volume or network of this run (run, workflow, pid, host).
  std::vector<std::string> run_labels() const;
  util::Result<std::unique_ptr<Pod>> launch(const engine::PodRequest& request);
  Status resolve_volumes(Pod& pod);
  /// `spec` with each subPath into an engine volume turned into a bind mount (added to
  /// `sources`).
  util::Result<engine::ContainerSpec> sub_path_binds(
      std::vector<std::pair<std::string, MountSource>>& sources, const engine::ContainerSpec& spec);
  /// Starts one container of `pod`: attached (init containers, main: `process` follows it,
  /// its streams in `<stream>stdout` / `<stream>stderr`) or detached (sidecars). One `run`
  /// call, unless a script must be copied in (a remote engine): create, cp, start.
  Status start_container(Pod& pod, const engine::ContainerSpec& spec, const std::string& name,
                         const std::string& network, bool attached, const std::string& stream);
  /// Launches `argv` (`run` or `start -a`) as the pod's attached process.
  Status attach(Pod& pod, const std::string& name, Argv argv, const std::string& stream);
  /// Starts the pod's next stage: the next init container, or sidecars and main.
  Status begin_stage(Pod& pod);
  /// The attached container of `pod` ended: moves it on, or queues its `exited` event.
  /// True when the pod is done.
  bool advance(Pod& pod, int cli_exit_code);
  /// Removes the pod's containers, volumes and files.
  void release(Pod& pod);
  bool sweep();
  void probe_ready(Pod& pod);
  bool probe_passes(Pod& pod, const engine::ProbeSpec& probe);
  engine::PodEvent finish(Pod& pod, int cli_exit_code);
  // What main left behind (container_outputs.cpp), copied out of its stopped container.
  /// Copies main's output files (PodRequest::output_files) out of container `pod.base`.
  void copy_outputs(Pod& pod, engine::PodEvent& event);
  /// Copies main's output artifacts to their host paths; event.artifacts says which were
  /// (none for a daemon).
  void copy_artifacts(Pod& pod, engine::PodEvent& event);
  /// `path` in main's container: a relative one below its working directory (asked of the
  /// engine when the request has none: docker's `cp` would take it relative to `/`).
  std::string container_path(Pod& pod, const std::string& path);

  // containerSet pods (container_set_pod.cpp): every member is a container of its own,
  // started with `run` once its dependencies exited 0, sharing the pod's volumes and the
  // network namespace of a member that is running when it starts.
  /// Starts the members without dependencies.
  Status begin_set(Pod& pod);
  /// Starts (or, for a retry, replaces and starts again) member `index`; in a network
  /// namespace of its own when `own_network`, else in a running member's if there is one.
  Status start_member(Pod& pod, std::size_t index, bool own_network = false);
  /// Whether member container `container` runs (waiting briefly for one being created).
  bool owner_running(const std::string& container);
  /// Member `index` joined a namespace whose owner ended before it started (the engine
  /// cannot join it then): true when it was started again with a namespace of its own.
  bool rejoin_failed(Pod& pod, std::size_t index, int cli_exit_code);
  /// Starts every member that may start; a member that cannot start fails.
  void start_ready_members(Pod& pod);
  /// Polls the members, records exits, schedules retries and dependents. True when the pod
  /// is done (its event queued).
  bool advance_set(Pod& pod);
  /// Member `index`'s attached process ended with `cli_exit_code`.
  void member_exited(Pod& pod, std::size_t index, int cli_exit_code);
  /// Stops every running member; nothing starts afterwards.
  void stop_set(Pod& pod);
  /// The pod's `exited` event: each member's result, main's exit code, stdout, files and
  /// artifacts.
  engine::PodEvent finish_set(Pod& pod);
  void echo_member_logs(Pod& pod, std::size_t index, bool final);
  /// Settles `event.exit_code` (the attached CLI's) from the container's state; false when
  /// the container never existed (`event` then says why it did not start).
  bool settle_exit(Pod& pod, engine::PodEvent& event);
  void echo_logs(Pod& pod, bool final);
  void remove_containers(const std::vector<std::string>& names);
  /// Lists with `list` and removes what it printed with `rm`; false when listing failed.
  bool remove_by_label(const Argv& list, const std::function<Argv(std::vector<std::string>)>& rm);

  ContainerOptions m_options;
  const EngineDialect& m_dialect;
  EnvList m_env;
  std::string m_root;
  std::size_t m_next_pod = 0;
  std::size_t m_next_cli = 0;
  bool m_created_any = false;  ///< a create was attempted: cancel_all() asks the engine
  std::string m_network;       ///< the run's network once created
  std::string m_workflow;      ///< the workflow's name, from the first pod (labels)
  /// The engine runs on this machine (no remote DOCKER_HOST / CONTAINER_HOST): scripts are
  /// bind-mounted rather than copied in.
  bool m_local_engine = true;
  std::vector<Process> m_removers;  ///< background `rm -f` of finished pods' containers
  /// Finished pods' containers not removed yet (EngineDialect::rm_batch).
  std::vector<std::string> m_finished;
  std::vector<std::pair<std::string, std::string>> m_claims;  ///< claim -> engine volume
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
