/// The engine's one StatusSink during `flowrun run`: hands each node report to the progress
/// lines, the live log router and the status.json recorder.
#pragma once

#include "engine/status_sink.hpp"
#include "store/status_recorder.hpp"

#include "live_logs.hpp"
#include "progress_sink.hpp"

namespace cli {

/// Forwards every report to the parts it was given (null ones are skipped).
class RunSink final : public engine::StatusSink {
 public:
  RunSink(ProgressSink& progress, LiveLogs& logs, store::StatusRecorder* recorder)
      : m_progress(progress), m_logs(logs), m_recorder(recorder) {}
  void on_node(const graph::Node& node) override;

 private:
  ProgressSink& m_progress;
  LiveLogs& m_logs;
  store::StatusRecorder* m_recorder;
};

}  // namespace cli
