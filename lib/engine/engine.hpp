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
#include "engine/control.hpp"
#include "engine/executor.hpp"
#include "engine/run_request.hpp"
#include "engine/status_sink.hpp"
#include "graph/workflow_status.hpp"

namespace engine {

class Run;

/// Values of the shutdown flag Engine::run polls.
inline constexpr int k_shutdown_none = 0;
inline constexpr int k_shutdown_stop = 1;
inline constexpr int k_shutdown_terminate = 2;

/// Runs one workflow. Not reusable: make one Engine per run.
class Engine {
 public:
  /// `request.workflow` must have passed model::validate. The executor, clock and sink must
  /// outlive the engine.
  Engine(RunRequest request, Executor& executor, Clock& clock, StatusSink& sink);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs the workflow to its end and returns the final status. `shutdown` (may be null) is
  /// polled: k_shutdown_stop is Argo's Stop (pods outside exit handlers are stopped and fail
  /// with `workflow shutdown with strategy:  Stop`, nothing new starts but exit handlers,
  /// which still run); k_shutdown_terminate is Terminate, at once (every pod is cancelled,
  /// no exit handler runs). Either way the workflow ends Failed with `Stopped with strategy
  /// '<S>'`. `inbox` (may be null) is polled for control requests (resume, suspend, stop,
  /// terminate, node set), each answered; without one, nothing can resume a suspend node.
  graph::WorkflowStatus run(const std::atomic<int>* shutdown = nullptr,
                            ControlInbox* inbox = nullptr);

 private:
  std::unique_ptr<Run> m_run;
};

}  // namespace engine
