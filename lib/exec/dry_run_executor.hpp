/// The dry run: an Executor that runs nothing and says what it would have run.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/executor.hpp"

namespace exec {

/// What a dry run reports for every pod, so that a run can proceed as if pods succeeded
/// (and later, a `test` command can mock what a node prints).
struct DryRunOptions {
  std::string stdout_stub;  ///< every pod's stdout
  std::string file_stub;    ///< the content of every requested output file
};

/// Describes `request` in one line, as the dry run prints it:
/// `would run <pod> (<node>): image <image>, command ["sh", "-c"], args ["echo hi"]`, then
/// `, env [NAME, ...]` when there is an environment, `, script "<first line>…"` for scripts,
/// `, daemon` for daemons, then init containers, sidecars, volumes and
/// `, output artifacts ["<path>", ...]`. Strings are quoted with \" \\ \n \t \r and \xNN
/// escapes.
std::string describe_pod(const engine::PodRequest& request);

/// Runs nothing. Every started pod is reported, in start order, as exited with exit code 0,
/// the stub stdout, every output file present with the stub content and every output
/// artifact copied (though nothing is written: a dry run makes no files). A daemon is
/// reported `ready`, then `exited` (exit code 0, as if it stopped cleanly; no artifacts) only
/// once stop() is called for it. Times are left unset: the engine stamps them from its Clock.
class DryRunExecutor final : public engine::Executor {
 public:
  /// Called with one line per started pod (describe_pod()); may be empty.
  using LineSink = std::function<void(std::string_view line)>;

  explicit DryRunExecutor(LineSink sink, DryRunOptions options = {});

  /// Prints the pod's line and queues its events (`ready` for a daemon, else `exited`).
  void start(const engine::PodRequest& request) override;
  /// The oldest queued event. Never waits: nothing runs, so an empty queue (only daemons left)
  /// gives nullopt at once, whatever the deadline.
  std::optional<engine::PodEvent> wait_next(std::optional<engine::TimePoint> deadline) override;
  /// Queues a running daemon's `exited` event; other pods have theirs queued already.
  void stop(std::string_view node_id) override;
  /// Drops every queued event and running daemon.
  void cancel_all() override;
  /// Pods started whose `exited` event has not been returned yet.
  std::size_t outstanding() const override;

 private:
  /// The `exited` event of a pod that ran as stubbed, with `artifacts` output artifacts.
  engine::PodEvent exited_event(std::string node_id, const std::vector<std::string>& output_files,
                                std::size_t artifacts) const;

  LineSink m_sink;
  DryRunOptions m_options;
  std::deque<engine::PodEvent> m_events;
  /// Running daemons: node ID -> the output files to report when stopped.
  std::unordered_map<std::string, std::vector<std::string>> m_daemons;
  std::size_t m_outstanding = 0;
};

}  // namespace exec
