/// Test helper: run a workflow given as YAML text through the engine with the fake executor
/// and clock, and look at the resulting node graph compactly.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/control.hpp"
#include "engine/run_request.hpp"
#include "graph/workflow_status.hpp"

#include "support/fake_artifact_store.hpp"
#include "support/fake_executor.hpp"
#include "support/lint_fixture.hpp"

namespace testing {

/// One run: the loaded files, the fakes (configure them before run()) and the result.
class EngineRun {
 public:
  /// Loads and validates `yaml`; REQUIREs that it is valid.
  explicit EngineRun(const std::string& yaml);

  FakeClock clock;
  FakeExecutor executor{clock};
  FakeArtifactStore artifacts;  ///< request.artifacts points here
  engine::RunRequest request;   ///< workflow, name "wf" unless the YAML names it, ...
  /// The shutdown flag Engine::run polls (Ctrl-C); null: none.
  std::atomic<int>* shutdown = nullptr;
  /// Control requests (resume, stop, ...) Engine::run polls; null: none.
  engine::ControlInbox* inbox = nullptr;

  /// Runs the workflow; the status is kept in `status`.
  const graph::WorkflowStatus& run();
  graph::WorkflowStatus status;

  /// The node named `name`; REQUIREs that it exists.
  const graph::Node& node(const std::string& name) const;
  /// True when a node of that name exists.
  bool has(const std::string& name) const;
  /// "name phase [message]" for every node in creation order.
  std::vector<std::string> summary() const;
  /// Node names in creation order.
  std::vector<std::string> names() const;
  /// Phase name of `name`.
  std::string phase(const std::string& name) const;
  /// Names of the children of `name`, in order.
  std::vector<std::string> children(const std::string& name) const;
  /// Seconds on the fake clock at which node `name` started / finished (REQUIREs the time).
  long long started(const std::string& name) const;
  long long finished(const std::string& name) const;
  /// Every state the sink was told about, as "name phase [message]", in order: shows
  /// intermediate states such as a Retry node's `Backoff for ...`.
  const std::vector<std::string>& transitions() const { return m_transitions; }

 private:
  std::unique_ptr<Linted> m_linted;
  std::vector<std::string> m_transitions;
};

}  // namespace testing
