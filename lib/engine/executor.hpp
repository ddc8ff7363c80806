/// The Executor interface: how the engine runs pods without knowing what runs them
/// (docker, podman, host processes, a dry run, or a test's fake).
///
/// The engine resolves everything first (substitution, images, script placement), so an
/// executor only starts what it is given and reports what happened. Calls come from one
/// thread; start() never blocks on the pod itself.
#pragma once

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
};

/// Everything needed to run one pod node.
struct PodRequest {
  std::string workflow_name;
  std::string node_id;
  std::string node_name;
  std::string pod_name;       ///< Argo's v2 pod name; container names derive from it
  std::string template_name;  ///< for labels and messages
  ContainerSpec main;
  /// In-container paths to read once the main container has exited (output parameters);
  /// PodResult::files answers them in this order.
  std::vector<std::string> output_files;
  bool daemon = false;  ///< keep running; report `ready`, then `exited` only if it ends
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
  std::string stdout_text;  ///< the main container's stdout, untrimmed
  std::string message;      ///< why it never started; optional detail otherwise
  bool oom_killed = false;
  /// `ready` events: the address other pods reach this daemon at (`steps.X.ip`).
  std::string ip;
  /// The contents of PodRequest::output_files, in order; nullopt when a file is missing.
  std::vector<std::pair<std::string, std::optional<std::string>>> files;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
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
