/// Keeps a running workflow's status.json current while the engine runs it.
///
/// The recorder holds its own copy of the workflow status and updates it node by node from
/// the engine's StatusSink reports. A background thread writes it (report::workflow_json,
/// replaced atomically) at most once per interval and soon after every change, so the file
/// lags the run by at most about one interval and a `kill -9` of flowrun leaves the last
/// state readable. finish() writes the engine's final status.
///
/// Known gap: the engine reports a node when it is created or changes phase, not when a
/// child is linked to it, so while a run goes on a parent's `children` can lag behind until
/// the parent's next report; the final status is complete.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "graph/node.hpp"
#include "graph/workflow_status.hpp"
#include "util/result.hpp"

namespace store {

/// Writes status.json during a run (see above). on_node() and finish() must be called from
/// one thread (the engine's); the writing happens on the recorder's own thread.
class StatusRecorder {
 public:
  /// Writes `initial` (its metadata, spec and phase; usually no nodes yet) to `path` at
  /// once, then starts the writer thread.
  StatusRecorder(std::string path, graph::WorkflowStatus initial,
                 std::chrono::milliseconds interval);
  /// Stops the writer; a change not written yet is written (unless finish() ran).
  ~StatusRecorder();
  StatusRecorder(const StatusRecorder&) = delete;
  StatusRecorder& operator=(const StatusRecorder&) = delete;

  /// Takes the node's new state (added, or replacing the node with its ID).
  void on_node(const graph::Node& node);

  /// Stops the writer thread and writes `final_status`, waiting for the write. Later
  /// on_node() calls are ignored.
  void finish(const graph::WorkflowStatus& final_status);

  /// The first failed write, if any (later writes are still attempted).
  std::optional<util::Error> first_error() const;

  /// How many times status.json has been written so far.
  std::size_t write_count() const;

 private:
  void writer_loop();
  void write(const graph::WorkflowStatus& status);
  void stop_writer();

  const std::string m_path;
  const std::chrono::milliseconds m_interval;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  graph::WorkflowStatus m_status;  ///< guarded by m_mutex
  bool m_dirty = false;            ///< m_status changed since it was last copied for writing
  bool m_stopping = false;
  bool m_finished = false;
  std::size_t m_writes = 0;
  std::optional<util::Error> m_first_error;
  std::mutex m_write_mutex;  ///< one write at a time: the thread's and finish()'s
  std::thread m_writer;
};

}  // namespace store
