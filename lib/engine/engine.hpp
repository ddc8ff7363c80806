/// The engine: walks a workflow from its entrypoint, builds Argo's node graph, decides what
/// runs when, passes values between nodes and ends in the phase Argo would end in.
///
/// It never prints and never sleeps: pods go to an Executor, time comes from a Clock, and
/// progress goes to a StatusSink, so tests drive it with fakes. Work is event-driven: a node
/// that becomes fulfilled wakes the steps or DAG node that waits for it, through a queue (not
/// recursion), so long chains and wide fan-outs cost time linear in their size.
#pragma once

#include <atomic>
#include <memory>

#include "engine/clock.hpp"
#include "engine/executor.hpp"
#include "engine/run_request.hpp"
#include "engine/status_sink.hpp"
#include "graph/workflow_status.hpp"

namespace engine {

class Run;

/// Runs one workflow. Not reusable: make one Engine per run.
class Engine {
 public:
  /// `request.workflow` must have passed model::validate. The executor, clock and sink must
  /// outlive the engine.
  Engine(RunRequest request, Executor& executor, Clock& clock, StatusSink& sink);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs the workflow to its end and returns the final status. When `interrupted` becomes
  /// true (Ctrl-C), every pod is cancelled, running nodes fail with `interrupted`, and the
  /// workflow ends Failed with message `interrupted`.
  graph::WorkflowStatus run(const std::atomic<bool>* interrupted = nullptr);

 private:
  std::unique_ptr<Run> m_run;
};

}  // namespace engine
