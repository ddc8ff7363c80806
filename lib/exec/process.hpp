/// One host process: the only place flowrun uses Boost.Process (process.cpp).
///
/// A process runs in its own process group so that stopping it also stops whatever it
/// started (a shell's children), as stopping a container does. When the process itself ends,
/// whatever it left running in its group is killed too: a container's processes end with it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace exec {

/// How a process ended.
struct ExitStatus {
  /// The exit status; 128 + the signal number when a signal ended it, as shells and
  /// container engines report it (143 for SIGTERM, 137 for SIGKILL).
  int exit_code = 0;
  int signal = 0;  ///< the signal that ended the process; 0 when it exited by itself
};

/// What to start.
struct SpawnRequest {
  /// argv[0] is the program: a name without a slash is looked up in the PATH of `env`
  /// (as a container runtime does), a name with one is taken relative to `cwd`.
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;  ///< the complete environment
  std::string cwd;                                       ///< must exist
  std::string stdout_path;  ///< replaced by a new file that receives the standard output
  std::string stderr_path;  ///< replaced by a new file that receives the standard error
};

/// A started child process. Move-only; destroying a running one kills its process group and
/// reaps it.
class Process {
 public:
  /// Starts `request`. Failures (no such program, not executable, cannot fork) are errors
  /// whose message follows Go's os/exec wording, as container runtimes print it, e.g.
  /// `exec: "foo": executable file not found in $PATH`.
  static util::Result<Process> spawn(const SpawnRequest& request);

  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  /// The exit status once the process has ended (never blocks); nullopt while it runs.
  std::optional<ExitStatus> poll();

  /// Waits up to `timeout` for the process to end, polling every few milliseconds.
  std::optional<ExitStatus> wait_for(std::chrono::milliseconds timeout);

  /// Sends `signal` to the process's whole group (nothing once the process has ended).
  void signal_group(int signal);

  /// The process ID (also its process group ID).
  int pid() const;

 private:
  struct Impl;
  explicit Process(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

/// Resolves `program` as execve would after a PATH search (`path_env` is a PATH value; a
/// name with a slash is taken relative to `cwd`). Returns the path to execute, or an error
/// worded as Go's os/exec does.
util::Result<std::string> find_program(const std::string& program, const std::string& path_env,
                                       const std::string& cwd);

}  // namespace exec
