/// The run directory of one `flowrun run` (lib/store): made before the run starts, fed while
/// it runs, completed when it ends. Dry runs have none.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engine/run_request.hpp"
#include "graph/workflow_status.hpp"
#include "store/node_logs.hpp"
#include "store/run_directory.hpp"
#include "store/status_recorder.hpp"
#include "util/result.hpp"

namespace cli {

/// How often status.json is rewritten at most while nodes change.
inline constexpr std::chrono::milliseconds k_status_interval{200};

/// The run directory with its open parts: node log files and the status.json recorder.
class RunRecord {
 public:
  /// Creates `<state_dir>/runs/<request.name>/`, writes workflow.yaml (the file the Workflow
  /// was read from) and a first status.json (phase Running, no nodes), and sets
  /// `request.created_at` so both agree on creationTimestamp. When the name is taken and
  /// `rename` is set (the name was generated), up to 5 names from `rename` are tried and
  /// `request.name` is updated. Errors: invalid_input when the name is taken, io otherwise.
  static util::Result<std::unique_ptr<RunRecord>> open(const std::string& state_dir,
                                                       engine::RunRequest& request,
                                                       const std::function<std::string()>& rename);

  const store::RunDirectory& directory() const { return m_directory; }
  store::NodeLogs& logs() { return m_logs; }
  store::StatusRecorder& recorder() { return m_recorder; }

  /// Writes the final status; returns the first error any status.json write met.
  std::optional<util::Error> finish(const graph::WorkflowStatus& final_status);

 private:
  RunRecord(store::RunDirectory directory, graph::WorkflowStatus initial);

  store::RunDirectory m_directory;
  store::NodeLogs m_logs;
  store::StatusRecorder m_recorder;
};

}  // namespace cli
