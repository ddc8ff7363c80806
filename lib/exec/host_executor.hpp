/// `--runtime host`: runs each pod's main container as a plain process on this machine.
///
/// Limits of the host runtime (say so to users; it is a convenience, not a container):
/// - No image isolation: the image is ignored; command/args run with the host's programs,
///   which must exist on the host (a missing one fails the node as a runtime would:
///   `exec: "foo": executable file not found in $PATH`). An image's own ENTRYPOINT/CMD is
///   unknown, so a container needs command or args.
/// - One shared filesystem: each pod gets a work directory `<root>/<pod name>/` and starts in
///   it, but absolute paths are the host's: two nodes writing /tmp/x share one file, and
///   absolute output paths (parameter files, artifacts) are read from the host as they are;
///   output artifacts are copied (std::filesystem::copy) once the process ended. An absolute
///   workingDir is ignored (it names a directory of the image); a relative one is created in
///   the work dir.
/// - No network namespace, no resource limits, no user mapping: processes run as flowrun's
///   user with flowrun's network; `resources` and `securityContext` mean nothing here.
/// - Only the main container runs (no init or sidecar containers), as one process group;
///   when the main process ends, whatever it left running in its group is killed.
/// - Kubernetes' `$(VAR)` expansion in command and args is not done here.
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
#include "exec/host_launch.hpp"

namespace exec {

/// How HostExecutor runs pods.
struct HostOptions {
  /// Where the work directories go. Empty: a fresh `$TMPDIR/flowrun-host-XXXXXX` (/tmp when
  /// TMPDIR is unset), made at the first start and removed with the work directories.
  std::string root;
  /// Leave the work directories (and a root made by the executor) in place at the end.
  bool keep_workdirs = false;
  /// After stop() sends SIGTERM, how long before SIGKILL; cancel_all() waits this long at most.
  std::chrono::milliseconds grace_period{2000};
  /// Receives every line a pod writes to stdout or stderr while it runs (lines of one stream
  /// keep their order; the two streams interleave only roughly). May be empty.
  std::function<void(std::string_view pod, std::string_view line)> log;
};

/// Runs pods as host processes (see the limits above). Several run at once; wait_next()
/// polls them every few milliseconds. stdout and stderr go to files in the work directory
/// (`.flowrun-stdout`, `.flowrun-stderr`); a script's source is written to `script` there
/// and replaces engine::k_script_path in the argv. Events carry the process's start and end
/// times. A process ended by a signal reports 128 + the signal as its exit code (143 after
/// stop()'s SIGTERM), as container engines do, with an empty message (the engine words it).
class HostExecutor final : public engine::Executor {
 public:
  /// Takes a copy of flowrun's environment, which every pod inherits. Creates nothing on
  /// disk before the first start().
  explicit HostExecutor(HostOptions options = {});
  /// Stops everything and removes the work directories, as cancel_all().
  ~HostExecutor() override;
  HostExecutor(const HostExecutor&) = delete;
  HostExecutor& operator=(const HostExecutor&) = delete;

  /// Makes the work directory and spawns the process; a daemon's `ready` is queued at once.
  /// Anything that prevents the start becomes an `exited` event with `started == false`.
  void start(const engine::PodRequest& request) override;
  /// Queued events first; otherwise polls the running pods (every 1-10 ms) until one ends or
  /// the deadline passes. Pods that end in the same poll are queued starting from a rotating
  /// position, so none is always last.
  std::optional<engine::PodEvent> wait_next(std::optional<engine::TimePoint> deadline) override;
  /// Sends SIGTERM to the pod's process group now, and SIGKILL once the grace period has
  /// passed (checked while wait_next() polls). Returns at once.
  void stop(std::string_view node_id) override;
  /// SIGTERM to every process group, up to the grace period for them to end, SIGKILL to the
  /// rest; then removes the work directories (unless keep_workdirs).
  void cancel_all() override;
  /// Pods started whose `exited` event has not been returned yet.
  std::size_t outstanding() const override;

  /// The directory holding the work directories; empty until the first start() made it.
  const std::string& root() const { return m_root; }

 private:
  struct Pod;

  /// Starts `request`'s process; the error is the event's message.
  util::Result<std::unique_ptr<Pod>> launch(const engine::PodRequest& request);
  /// Makes the root directory when there is none yet.
  util::Result<std::string> ensure_root();
  /// Polls every running pod once, queueing the events of those that ended; true if any did.
  bool sweep();
  /// The `exited` event of a pod whose process has ended.
  engine::PodEvent finish(Pod& pod, int exit_code);
  void echo_logs(Pod& pod, bool final);
  void remove_work_dirs();

  HostOptions m_options;
  EnvList m_host_env;
  std::string m_root;
  bool m_root_owned = false;                    ///< the executor made m_root (and removes it)
  std::vector<std::string> m_work_dirs;         ///< made under a root given in the options
  std::vector<std::unique_ptr<Pod>> m_running;  ///< in start order
  std::size_t m_sweep_from = 0;  ///< where the next sweep starts, so no pod is always last
  std::deque<engine::PodEvent> m_events;
  std::size_t m_outstanding = 0;
};

}  // namespace exec
