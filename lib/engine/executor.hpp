/// The Executor interface: how the engine runs pods without knowing what runs them
/// (docker, podman, host processes, a dry run, or a test's fake).
///
/// The engine resolves everything first (substitution, images, script placement), so an
/// executor only starts what it is given and reports what happened. Calls come from one
/// thread; start() never blocks on the pod itself.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/node.hpp"

namespace engine {

using graph::TimePoint;

/// Where Argo puts a script template's source inside the container; the engine appends this
/// path to the container's args, as Argo's controller does.
inline constexpr std::string_view k_script_path = "/argo/staging/script";

/// Where a pod volume's files come from.
enum class VolumeKind {
  empty_dir,  ///< a fresh engine volume per pod, removed with the pod (`emptyDir`)
  claim,      ///< an engine volume per run, shared by its pods, removed at the end
              ///< (`volumeClaimTemplates`)
  named,      ///< an existing engine volume, never created or removed (`persistentVolumeClaim`)
  host_path,  ///< a host file or directory, bind-mounted (`hostPath`, local secrets/configMaps)
};

/// One volume of a pod, resolved by the engine.
struct VolumeSpec {
  std::string name;  ///< the pod's name for it; MountSpec::volume refers to it
  VolumeKind kind = VolumeKind::empty_dir;
  /// host_path: the host path; named and claim: the volume's name in the Workflow (the
  /// executor derives the engine volume's name); empty_dir: unused.
  std::string source;
  bool read_only = false;  ///< the source itself is read-only (secrets, configMaps, PVC readOnly)
};

/// One `volumeMounts` entry of a container.
struct MountSpec {
  std::string volume;    ///< VolumeSpec::name
  std::string path;      ///< mountPath in the container
  std::string sub_path;  ///< a path inside the volume to mount instead of its root
  bool read_only = false;
};

/// A Kubernetes readinessProbe (daemons only).
struct ProbeSpec {
  enum class Kind { exec, http_get, tcp_socket };
  Kind kind = Kind::exec;
  std::vector<std::string> command;  ///< exec
  std::string path = "/";            ///< http_get
  std::string scheme = "HTTP";       ///< http_get: HTTP or HTTPS
  int port = 0;                      ///< http_get, tcp_socket
  int initial_delay_seconds = 0;
  int period_seconds = 10;
  int timeout_seconds = 1;
  int failure_threshold = 3;  ///< informational: a daemon is only ever "not ready yet"
};

/// One container, fully substituted.
struct ContainerSpec {
  std::string name = "main";
  std::string image;
  std::vector<std::string> command;  ///< replaces the image ENTRYPOINT when non-empty
  std::vector<std::string> args;     ///< replaces the image CMD when non-empty
  std::vector<std::pair<std::string, std::string>> env;
  std::string working_dir;  ///< empty: the image's
  /// Script templates: the source to place at k_script_path before the container starts.
  std::optional<std::string> script_source;
  /// imagePullPolicy as an engine `--pull` value: always, missing, never; empty: default.
  std::string pull;
  std::string cpu_limit;     ///< resources.limits.cpu as written ("500m", "2"); empty: none
  std::string memory_limit;  ///< resources.limits.memory as written ("64Mi"); empty: none
  std::string user;          ///< securityContext runAsUser[:runAsGroup]; empty: the image's
  bool privileged = false;
  bool read_only_root = false;  ///< securityContext.readOnlyRootFilesystem
  std::vector<MountSpec> mounts;
  std::optional<ProbeSpec> readiness_probe;
};

/// One container of a containerSet pod.
struct ContainerSetMember {
  ContainerSpec spec;                     ///< spec.name is the container's own name
  std::vector<std::string> dependencies;  ///< members that must exit 0 before it starts
};

/// A containerSet's own retryStrategy (Argo's process-level re-run): a member that exits
/// non-zero runs again, up to `retries` more times, `duration` after its previous run ended.
struct ContainerSetRetry {
  int retries = 0;
  std::chrono::milliseconds duration{0};  ///< the wait between runs
};

/// An output artifact to copy out of the main container once it has exited (spec 2.2).
struct OutputArtifactRequest {
  std::string path;  ///< in the container; relative paths are relative to its workingDir
  /// Where to copy it on this machine: a path that does not exist yet, below a directory
  /// the engine made (the executor makes the parents). A directory in the container becomes
  /// a directory there.
  std::string host_path;
};

/// Everything needed to run one pod node.
struct PodRequest {
  std::string workflow_name;
  std::string node_id;
  std::string node_name;
  std::string pod_name;       ///< Argo's v2 pod name; container names derive from it
  std::string template_name;  ///< for labels and messages
  ContainerSpec main;
  /// Run to completion, in order, before anything else starts; a failure fails the pod.
  std::vector<ContainerSpec> init_containers;
  /// Started before main, sharing its network namespace and volumes; stopped once main ends
  /// (their exit codes do not matter).
  std::vector<ContainerSpec> sidecars;
  /// The volumes the containers mount (only those some mount refers to).
  std::vector<VolumeSpec> volumes;
  /// In-container paths to read once the main container has exited (output parameters);
  /// PodResult::files answers them in this order.
  std::vector<std::string> output_files;
  /// Output artifacts to copy out of the main container (even when it failed); PodEvent::
  /// artifacts answers them in this order. Input artifacts need nothing here: the engine
  /// stages them on this machine and mounts them (VolumeKind::host_path).
  std::vector<OutputArtifactRequest> output_artifacts;
  bool daemon = false;  ///< keep running; report `ready`, then `exited` only if it ends
  /// The workflow has daemons, which its other pods reach by IP: every pod of the run joins
  /// one network of its own. Without daemons pods use the engine's default network, which
  /// starts containers faster (docker: ~0.1 s less per container).
  bool run_network = false;
  /// containerSet pods: the members in template order, each started once its dependencies
  /// exited 0 (empty for other pods, and then init_containers, sidecars and main apply).
  /// `main` is then a copy of the member named `main`, if any: output files are read there.
  std::vector<ContainerSetMember> container_set;
  ContainerSetRetry container_set_retry;
};

/// How one member of a containerSet pod ended.
struct ContainerResult {
  std::string name;
  /// False when it never ran: a dependency failed, or the pod ended before its turn.
  bool started = false;
  int exit_code = 0;  ///< the last run's
  bool oom_killed = false;
  std::string message;  ///< optional detail (the engine's error when it could not start)
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
};

/// What happened to a pod. `ready` is only reported for daemons.
struct PodEvent {
  enum class Kind {
    ready,   ///< a daemon is running (and ready): its dependents may start
    exited,  ///< the main container ended (or never started: see `started`)
  };
  Kind kind = Kind::exited;
  std::string node_id;
  /// False when the pod never ran (no such image, engine failure, cannot start): the node
  /// errors with `message`.
  bool started = true;
  int exit_code = 0;
  /// The container whose exit decided the pod: "main", or an init container that failed.
  std::string container = "main";
  std::string stdout_text;  ///< the main container's stdout, untrimmed
  std::string message;      ///< why it never started; optional detail otherwise
  bool oom_killed = false;
  /// `ready` events: the address other pods reach this daemon at (`steps.X.ip`).
  std::string ip;
  /// The contents of PodRequest::output_files, in order; nullopt when a file is missing.
  std::vector<std::pair<std::string, std::optional<std::string>>> files;
  /// PodRequest::output_artifacts in order: true when it was copied to its host_path, false
  /// when the path does not exist in the container (or could not be copied). Empty when the
  /// pod never ran.
  std::vector<bool> artifacts;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  /// containerSet pods: one result per member, in PodRequest::container_set order. The
  /// event's exit_code, stdout_text and files are then main's (0 and empty without main).
  std::vector<ContainerResult> containers;
};

/// Runs pods. Implementations: exec::DryRunExecutor, exec::HostExecutor, the container
/// executors, and the tests' FakeExecutor.
class Executor {
 public:
  virtual ~Executor() = default;

  /// Starts a pod. Failures to start are reported later as an `exited` event with
  /// `started == false`, never thrown.
  virtual void start(const PodRequest& request) = 0;

  /// Waits for the next event of any started pod, until `deadline` (forever when nullopt).
  /// Returns nullopt when the deadline passed first or when no pod is outstanding.
  virtual std::optional<PodEvent> wait_next(std::optional<TimePoint> deadline) = 0;

  /// Stops one pod (a daemon whose scope ended, a timeout). Its `exited` event still comes.
  virtual void stop(std::string_view node_id) = 0;

  /// Stops every pod and releases what the executor created (containers, networks, work
  /// directories). Safe to call more than once; no events come afterwards.
  virtual void cancel_all() = 0;

  /// Pods started whose `exited` event has not been returned yet.
  virtual std::size_t outstanding() const = 0;
};

}  // namespace engine
