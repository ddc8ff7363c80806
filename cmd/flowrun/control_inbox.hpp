/// Where a `flowrun run` takes control requests from: the run's control socket (so that
/// `flowrun resume NAME` from another shell reaches it), or, for a dry run, a stand-in that
/// resumes every suspend node at once.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "engine/control.hpp"
#include "engine/status_sink.hpp"
#include "model/workflow.hpp"

#include "control/auto_resume.hpp"
#include "control/control_server.hpp"
#include "run_record.hpp"

namespace cli {

/// The control side of one run; lives as long as the run, closed after its final status.
class RunControl {
 public:
  /// For a real run (`record` set): starts the control socket in the run directory (a
  /// failure is a warning: the run goes on, but nothing can resume it) and says on stderr
  /// how to resume each suspend node that starts waiting. For a dry run (`record` null):
  /// auto-resume. `sink` is the run's own sink; use sink() for the engine.
  RunControl(const model::Workflow& workflow, const std::string& name, RunRecord* record,
             engine::StatusSink& sink);
  /// close().
  ~RunControl();
  RunControl(const RunControl&) = delete;
  RunControl& operator=(const RunControl&) = delete;

  /// The sink the engine reports to (the dry run's auto-resume watches it).
  engine::StatusSink& sink();
  /// The inbox the engine polls; null when there is none.
  engine::ControlInbox* inbox();
  /// Removes the socket and answers what is still queued (`workflow NAME has ended`).
  /// Call after the final status.json is written, so that a client that finds no socket
  /// reads the final phase.
  void close();

 private:
  /// Passes every report on; tells the user how to release a suspend node that waits.
  class ResumeHint final : public engine::StatusSink {
   public:
    ResumeHint(engine::StatusSink& next, std::string workflow_name)
        : m_next(next), m_workflow_name(std::move(workflow_name)) {}
    void on_node(const graph::Node& node) override;

   private:
    engine::StatusSink& m_next;
    std::string m_workflow_name;
    std::set<std::string> m_told;  ///< suspend node IDs already mentioned
  };

  engine::StatusSink& m_sink;
  std::optional<ResumeHint> m_hint;
  std::unique_ptr<control::ControlServer> m_server;
  std::unique_ptr<control::AutoResume> m_auto_resume;
};

}  // namespace cli
