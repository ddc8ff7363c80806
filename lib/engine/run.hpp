/// The state of one run and the operations on it (internal to the engine; Engine is the
/// public face). Its member functions are split by concern:
///   run.cpp        the event loop, nodes, phases, the workflow's end and its exit handler
///   run_calls.cpp  executing a template for a step/task/hook call: inputs, loops, when
///   run_leaf.cpp   pod nodes: building PodRequests, pod events, outputs
///   run_steps.cpp  steps templates
///   run_dag.cpp    dag templates
///   run_retry.cpp  retryStrategy: Retry nodes and their attempts
///   deadlines.cpp  timeout, activeDeadlineSeconds, spec.activeDeadlineSeconds; node timers
///   run_async.cpp  work on other threads (http, data, resource) whose results come back here
///   run_control.cpp  control requests (resume, suspend, stop, terminate, node set)
///   run_suspend.cpp, run_http.cpp, run_data.cpp, run_resource.cpp  those template types
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/clock.hpp"
#include "engine/control.hpp"
#include "engine/deadline_timers.hpp"
#include "engine/executor.hpp"
#include "engine/loop_expansion.hpp"
#include "engine/pod_spec.hpp"
#include "engine/run_request.hpp"
#include "engine/status_sink.hpp"
#include "engine/synchronization.hpp"
#include "engine/template_lookup.hpp"
#include "expr/substitute.hpp"
#include "graph/workflow_status.hpp"

namespace engine {

/// One argument as a caller passes it; nullopt is an absent optional (a skipped producer's
/// output without a default), which the callee's input default replaces.
struct ArgValue {
  std::string name;
  std::optional<std::string> value;
};

/// An artifact argument as a caller passes it; nullopt is an absent optional (a skipped
/// producer's artifact, an optional `from` that resolved to nothing).
struct ArtifactArg {
  std::string name;
  std::optional<graph::ArtifactRef> value;
};

/// A call of a template (Argo's executeTemplate arguments).
struct Call {
  std::string node_name;
  std::string boundary_id;  ///< the enclosing steps/DAG node; empty at the top
  TemplateHandle handle;
  std::vector<ArgValue> arguments;
  std::vector<ArtifactArg> artifact_arguments;
  /// The callee's input artifacts as execute() bound them (those supplied, in order).
  std::vector<graph::ArtifactRef> input_artifacts;
  std::string caller_name;  ///< `steps.name` / `tasks.name` in the callee
  int depth = 0;            ///< nesting of template calls, for the recursion limit
  bool hooked = false;      ///< an exit handler or hook node
  bool from_dag = false;    ///< the caller is a DAG task: `tasks.name`, else `steps.name`
  /// Part of an exit handler (the workflow's or a step's): exempt from the workflow deadline.
  bool on_exit = false;
  /// More template-local variables: `retries` and `lastRetry.*` in a retry attempt.
  std::vector<std::pair<std::string, std::string>> locals;
  /// The latest this call's pod may run (backoff.maxDuration; Argo's executionDeadline).
  std::optional<TimePoint> execution_deadline;
};

/// A template's inputs as bound for one call: name/value pairs in declaration order.
using BoundInputs = std::vector<std::pair<std::string, std::string>>;

/// Called once the node is fulfilled (from the notification queue, never re-entrantly).
using Done = std::function<void(const std::string& node_id)>;

/// Limits how many children of one steps/DAG node run at once (template `parallelism`), and
/// stops starting them once one failed (template `failFast`).
struct Throttle {
  int limit = 0;  ///< 0: no limit
  int active = 0;
  std::deque<std::function<void()>> waiting;
  /// Set for template `failFast: true`: runs once a child failed (`tripped`) and no started
  /// child is active any more; it fails the steps/DAG node.
  std::function<void()> fail_fast;
  bool tripped = false;  ///< a child failed under failFast: nothing new starts
};

/// What a step or task calls, with the caller's context.
struct StepSite {
  const model::Step* step = nullptr;
  const model::Workflow* document = nullptr;      ///< resolves `template:` names
  const expr::Scope* scope = nullptr;             ///< the caller's variables
  const std::set<std::string>* absent = nullptr;  ///< absent-optional variable names
  std::string node_name;                          ///< `<group>.<step>` or `<dag>.<task>`
  std::string boundary_id;                        ///< the steps/DAG node
  std::vector<std::string> parents;               ///< nodes that get the new node(s) as child
  int depth = 0;
  bool in_dag = false;  ///< loops get a TaskGroup node; `tasks.name` instead of `steps.name`
  Throttle* throttle = nullptr;
  bool on_exit = false;  ///< the steps/DAG node is part of an exit handler
};

/// How a step or task ended, for its steps/DAG node.
struct StepOutcome {
  std::string node_id;  ///< the step/task node, TaskGroup, or Skipped node; empty for a
                        ///< steps loop, which has no node of its own
  std::vector<std::string> loop_children;  ///< loop children in index order
  bool looped = false;
};
using StepDone = std::function<void(const StepOutcome&)>;

/// An active suspend node: waiting for a resume, `flowrun node set` or its duration.
struct SuspendState {
  const model::Template* tmpl = nullptr;
  bool on_exit = false;  ///< part of an exit handler: Stop spares it
  /// Output values set so far (`flowrun node set -p`), taken at the resume.
  std::vector<std::pair<std::string, std::string>> supplied;
};

/// The node type Argo gives a template's node: Steps, DAG, Suspend, HTTP, Plugin, else Pod.
graph::NodeType node_type_of(const model::Template& tmpl);

/// A lock as a node holds it: Argo's lock name and its number of slots.
struct HeldLock {
  std::string name;  ///< `<namespace>/Mutex/<name>`, `<namespace>/ConfigMap/<name>/<key>`
  int limit = 1;
};

/// The holder name of workflow-level locks (no node ID has a space).
inline constexpr std::string_view k_workflow_holder = "workflow lock";

/// A node (or the workflow) waiting for its locks.
struct LockWaiter {
  std::string holder;
  std::vector<HeldLock> locks;
  std::function<void()> start;
};

struct StepsFrame;
struct DagFrame;
struct AsyncWork;
struct PodState;
struct RetryFrame;

class Run {
 public:
  Run(RunRequest request, Executor& executor, Clock& clock, StatusSink& sink);
  ~Run();
  graph::WorkflowStatus run(const std::atomic<int>* shutdown, ControlInbox* inbox);

  // --- nodes (run.cpp) ---
  /// Creates a node (Pending unless `phase` says otherwise) and reports it.
  std::string create_node(const std::string& name, graph::NodeType type,
                          const std::string& boundary_id, const TemplateHandle* handle,
                          graph::Phase phase = graph::Phase::pending, std::string message = {});
  /// Sets the phase; stamps times; queues the node's Done when it becomes fulfilled.
  void set_phase(const std::string& id, graph::Phase phase, std::string message = {});
  void mark_running(const std::string& id);
  void add_child(const std::string& parent_id, const std::string& child_id);
  /// Argo's getOutboundNodes.
  std::vector<std::string> outbound_nodes(const std::string& id) const;
  /// getOutboundNodes of a containerSet pod or Container node: its leaf containers.
  std::vector<std::string> container_outbound_nodes(const graph::Node& start) const;
  graph::Node& node(const std::string& id);
  void on_done(const std::string& id, Done done);
  /// A node that errored before it ran: type Skipped, phase Error.
  std::string error_node(const std::string& name, const std::string& boundary_id,
                         const TemplateHandle* handle, std::string message);

  // --- calls (run_calls.cpp) ---
  /// Executes `call` as a new node; `done` runs when it is fulfilled. Returns the node ID.
  std::string execute(Call call, Done done);
  /// Runs a step or task: when, loops, arguments, exit hook.
  void start_step(const StepSite& site, StepDone done);
  /// Runs one (expanded) step as node `name`, within the site's throttle; `item_scope` holds
  /// `item` for loop children (null otherwise).
  void start_one(const StepSite& site, std::shared_ptr<const expr::Scope> item_scope,
                 const std::string& name, const std::vector<std::string>& parents, Done done);
  /// start_one without the throttle.
  void run_one(const StepSite& site, const expr::Scope& scope, const std::string& name,
               const std::vector<std::string>& parents, Done done);
  /// Runs the step's exit hook once its node completed, then `done`.
  void run_exit_hook(const StepSite& site, const expr::Scope& scope, const std::string& id,
                     Done done);
  /// Binds the callee's inputs from the arguments (Argo's ProcessArgs).
  util::Result<std::vector<std::pair<std::string, std::string>>> bind_inputs(
      const model::Template& tmpl, const std::vector<ArgValue>& arguments) const;
  /// Binds the callee's input artifacts from the arguments (or their own locations); the
  /// error `inputs.artifacts.<n> was not supplied` (run_artifacts.cpp).
  util::Result<std::vector<graph::ArtifactRef>> bind_input_artifacts(
      const model::Template& tmpl, const std::vector<ArtifactArg>& arguments,
      const BoundInputs& parameters) const;
  /// A caller's `arguments.artifacts` resolved in its scope: `from`, `fromExpression` or a
  /// location; `absent` names the scope's absent optionals (may be null).
  util::Result<std::vector<ArtifactArg>> resolve_artifact_arguments(
      const std::vector<model::Artifact>& arguments, const expr::Scope& scope,
      const std::set<std::string>* absent) const;
  /// A steps/DAG template's `outputs.artifacts` (`from` / `fromExpression`) from its scope.
  util::Result<std::vector<graph::ArtifactRef>> template_output_artifacts(
      const model::Template& tmpl, const expr::Scope& scope) const;
  /// The template-local scope of a composite node: inputs and `steps.name`/`tasks.name`.
  std::unique_ptr<expr::Scope> make_local_scope(
      const Call& call, const std::vector<std::pair<std::string, std::string>>& inputs) const;
  const expr::Scope& globals() const { return m_globals; }
  const TemplateLookup& lookup() const { return m_lookup; }

  // --- pods (run_leaf.cpp) ---
  /// Fills `request`'s containers and volumes; the message when the pod cannot be built.
  /// `container` is the container or script block; null for a containerSet.
  std::optional<std::string> build_pod(const model::Template& tmpl,
                                       const model::Container* container,
                                       const FieldSubstituter& sub, const std::string& pod,
                                       PodRequest& request) const;
  /// Stages a leaf's input artifacts in a pod directory and mounts them on its main
  /// container, and asks for its output artifacts; the message when that fails.
  std::optional<std::string> stage_artifacts(const Call& call, const FieldSubstituter& sub,
                                             PodState& state);
  /// Saves the output artifacts a finished pod's executor copied out into the repository, as
  /// `pod.outputs.artifacts`; the message when a required one is missing or cannot be saved.
  std::optional<std::string> save_output_artifacts(PodState& state, const PodEvent& event,
                                                   graph::Node& pod);
  /// Removes a pod's artifact directory, if it has one.
  void discard_artifact_dir(PodState& state);
  void execute_leaf(const Call& call, const std::string& id,
                    const std::vector<std::pair<std::string, std::string>>& inputs);
  void handle_pod_event(const PodEvent& event);
  /// Whether any template of the run is a daemon (then pods share a network of the run's).
  bool uses_daemons();
  void pump_pods();
  /// Stops the daemons whose scope ended: those with this boundary (all when empty). They
  /// end Succeeded, as Argo marks daemons it kills.
  void stop_daemons(const std::string& boundary_id);

  // --- composite templates ---
  void execute_steps(const Call& call, const std::string& id,
                     const std::vector<std::pair<std::string, std::string>>& inputs);
  void execute_dag(const Call& call, const std::string& id,
                   const std::vector<std::pair<std::string, std::string>>& inputs);
  /// Computes a steps/DAG template's outputs (valueFrom.parameter / value) from its scope.
  util::Result<std::vector<std::pair<std::string, std::string>>> template_outputs(
      const model::Template& tmpl, const expr::Scope& scope) const;
  /// Binds `<prefix>.*` for a finished step or task node. A Skipped or Omitted node produced
  /// nothing: its declared output parameters resolve to their `valueFrom.default`, else they
  /// are absent optionals (spec 5.7), recorded in `absent`.
  void bind_skipped_or_outputs(expr::Scope& scope, std::set<std::string>& absent,
                               const std::string& prefix, const model::Step& step,
                               const model::Workflow& document, const graph::Node& finished);
  /// Records `globalName` outputs of a node into workflow.outputs.parameters.
  void export_globals(const model::Template& tmpl, const graph::Node& node);
  void step_frame_group_done(StepsFrame& frame);
  void steps_next_group(StepsFrame& frame);
  /// Template `failFast`: a child failed and none is active any more; fails the node.
  void steps_fail_fast(StepsFrame& frame);
  void dag_fail_fast(DagFrame& frame);
  void dag_schedule(DagFrame& frame);
  void dag_start_task(DagFrame& frame, std::size_t index);
  void dag_task_done(DagFrame& frame, std::size_t index, const StepOutcome& outcome);
  void dag_finish(DagFrame& frame);
  void mark_dirty(DagFrame& frame);

  // --- retries (run_retry.cpp) ---
  /// The retryStrategy `tmpl` runs with: its own (merged over templateDefaults'), else
  /// spec.retryStrategy; nullptr for none.
  const model::RetryStrategy* retry_strategy_for(const model::Template& tmpl);
  /// Runs `call` under a Retry node named `call.node_name` with attempts `<name>(0)`, ...
  std::string execute_retry(Call call, const model::RetryStrategy& strategy, BoundInputs inputs,
                            Done done);
  void start_attempt(RetryFrame& frame);
  /// The last attempt is fulfilled (or a daemon attempt is ready): decide what comes next.
  void attempt_done(RetryFrame& frame);
  void decide_retry(RetryFrame& frame);
  void finish_retry(RetryFrame& frame, graph::Phase phase, std::string message);
  /// The node `steps.X.*` / `tasks.X.*` describe: a Retry node's last attempt (Argo's
  /// possiblyGetRetryChildNode), otherwise `finished` itself.
  const graph::Node& scope_node(const graph::Node& finished);
  /// Creates the node for one execution of `call` (an attempt, or a call without retries)
  /// and starts it (once it holds its locks, when the template has `synchronization`).
  std::string run_template(const Call& call, const BoundInputs& inputs, Done done);
  /// Starts node `id` by template type.
  void start_template(const Call& call, const std::string& id, const BoundInputs& inputs);

  // --- synchronization (run_sync.cpp) ---
  /// The locks a `synchronization` field asks for, names substituted from `scope`; the error
  /// when a semaphore's limit cannot be read.
  util::Result<std::vector<HeldLock>> resolve_locks(const model::DocNode& synchronization,
                                                    const expr::Scope& scope) const;
  /// Runs `start` once `holder` (a node ID, or the workflow's name) holds `locks`; until then
  /// the node (or the workflow) is Pending with Argo's `Waiting for <lock> lock` message.
  void with_locks(const std::string& holder, std::vector<HeldLock> locks,
                  std::function<void()> start);
  /// Releases what `holder` holds; waiters are tried again.
  void release_locks(const std::string& holder);
  /// Starts the waiters whose locks are free now, in order; true when any started.
  bool retry_lock_waiters();

  // --- deadlines and timers (deadlines.cpp) ---
  /// Starts a pod node: the workflow deadline, template `timeout` and `activeDeadlineSeconds`
  /// and the attempt's execution deadline around execute_leaf.
  void execute_pod(const Call& call, const std::string& id, const BoundInputs& inputs);
  /// The pod of `id` was handed to the executor: its activeDeadlineSeconds starts now.
  void on_pod_started(const std::string& id);
  /// Ends a pod stopped for a deadline with its deadline message; false for other pods.
  bool finish_killed_pod(graph::Node& pod, const PodEvent& event);
  /// Runs `action` at `when` unless node `id` has completed by then.
  void add_node_timer(const std::string& id, TimePoint when, std::function<void()> action);
  /// Runs `action` (from the run loop) once node `id` completes; one watcher per node.
  void watch_completion(const std::string& id, std::function<void()> action);
  /// spec.activeDeadlineSeconds' deadline, when set.
  const std::optional<TimePoint>& workflow_deadline() const { return m_workflow_deadline; }

  // --- work off the run's thread (run_async.cpp) ---
  /// What a piece of async work hands back: run on the run's thread, where it may change nodes.
  using Continuation = std::function<void()>;
  /// Runs `work` on a thread of its own (it must not touch the Run); its continuation runs
  /// later from the run loop. `cancelled` becomes true when the run is terminated: long work
  /// (an HTTP call) should give up then. The run does not end while work is in flight.
  void start_async(std::function<Continuation(const std::atomic<bool>& cancelled)> work);
  /// Runs the continuations of finished work; true when any ran.
  bool finish_async();
  /// Work started whose continuation has not run yet.
  std::size_t async_in_flight() const;
  /// Blocks (real time) up to `limit` for work to finish.
  void wait_async(std::chrono::milliseconds limit);

  // --- template types run in-process ---
  /// suspend (run_suspend.cpp): a Suspend node, Running until its duration passes or a
  /// resume; supplied outputs at resume.
  void execute_suspend(const Call& call, const std::string& id, const BoundInputs& inputs);
  /// Ends an active suspend node with `phase`, taking `supplied` outputs (else defaults). The
  /// error when an output has no value (the node is left as it is).
  std::optional<std::string> resume_suspend_node(
      const std::string& id, graph::Phase phase, std::string message,
      const std::vector<std::pair<std::string, std::string>>& supplied);
  /// http (run_http.cpp).
  void execute_http(const Call& call, const std::string& id, const BoundInputs& inputs);
  /// data (run_data.cpp).
  void execute_data(const Call& call, const std::string& id, const BoundInputs& inputs);
  /// resource (run_resource.cpp).
  void execute_resource(const Call& call, const std::string& id, const BoundInputs& inputs);

  // --- memoize (run_memo.cpp) ---
  /// Executes a call of a template with `memoize` (spec 2.6), its inputs bound: a cache hit
  /// creates the node Succeeded with the cached outputs; a miss runs it (under its Retry node
  /// when it retries) and saves its outputs once it Succeeded. Returns the node ID.
  std::string execute_memoized(Call call, BoundInputs inputs, Done done);
  /// Saves the outputs of memoized node `id` when it Succeeded; a failed save makes it Error.
  void save_memoized(const std::string& id, const graph::MemoizationStatus& status);

  // --- control requests (run_control.cpp) ---
  /// Takes every waiting request from `inbox` and answers it; true when any was taken.
  bool poll_control(ControlInbox* inbox);
  ControlReply handle_control(const ControlRequest& request);
  /// Whether the workflow is suspended (`flowrun suspend`, spec.suspend): no pod starts.
  bool suspended() const { return m_suspended; }

  Clock& clock() { return m_clock; }
  const RunRequest& request() const { return m_request; }

 private:
  void drain();
  void start_workflow();
  /// Executes the entrypoint (once the workflow holds its locks).
  void start_entry();
  void start_exit_handler();
  void finish_workflow();
  /// Argo's Terminate, at once: every pod is cancelled and running nodes fail.
  void interrupt();
  void stalled();
  std::string workflow_failures_json() const;
  /// Fires the earliest due timer; false when none is due.
  bool fire_due_timer();
  /// Nothing is running: waits (on the clock) for the next timer, at most one poll interval
  /// when `responsive`. False when there is no timer.
  bool wait_for_timer(bool responsive);
  /// Only a control request can move the run on: a suspend node or a suspended workflow.
  bool waiting_for_control() const;
  /// Argo's Stop: pods outside exit handlers stop, nothing new starts but exit handlers.
  void stop_workflow();
  void node_completed(const std::string& id);
  void kill_pod(const std::string& id, std::string message);
  void pod_deadline(const std::string& id, const std::string& running_message,
                    const std::string& pending_message);
  /// Arms spec.activeDeadlineSeconds; the message when its value is not an integer.
  std::optional<std::string> start_workflow_deadline();
  void workflow_deadline_reached();
  /// Stops every pod outside exit handlers with `message` (pending ones fail) and ends the
  /// backoffs of Retry nodes: the workflow deadline and Stop.
  void halt_non_exit_work(const std::string& message);
  bool workflow_deadline_passed() const;

  RunRequest m_request;
  Executor& m_executor;
  Clock& m_clock;
  StatusSink& m_sink;
  TemplateLookup m_lookup;
  graph::WorkflowStatus m_status;
  expr::Scope m_globals;

  std::unordered_map<std::string, Done> m_done;
  std::deque<std::string> m_fulfilled;  ///< nodes whose Done is due
  std::vector<DagFrame*> m_dirty_dags;

  std::unordered_map<std::string, std::unique_ptr<StepsFrame>> m_steps_frames;
  std::unordered_map<std::string, std::unique_ptr<DagFrame>> m_dag_frames;
  std::unordered_map<std::string, std::unique_ptr<PodState>> m_pods;
  std::set<std::string> m_stopping;     ///< daemons stopped because their scope ended
  std::deque<std::string> m_pod_queue;  ///< pods waiting for a parallelism slot
  int m_pod_limit = 0;
  int m_pods_active = 0;

  TimerQueue m_timers;
  std::unordered_map<std::string, std::vector<TimerQueue::Id>> m_node_timers;
  std::unordered_map<std::string, std::function<void()>> m_completion_watch;
  std::deque<std::function<void()>> m_deferred;  ///< completion watchers that are due
  std::unordered_map<std::string, std::unique_ptr<RetryFrame>> m_retry_frames;
  std::unordered_map<const model::Template*, std::optional<model::RetryStrategy>>
      m_retry_strategies;  ///< retry_strategy_for's answers
  std::optional<TimePoint> m_workflow_deadline;
  std::optional<std::string> m_shutdown;                  ///< "Stop" or "Terminate" once asked
  std::optional<bool> m_uses_daemons;                     ///< uses_daemons(), once computed
  std::unordered_map<std::string, std::string> m_killed;  ///< pods stopped for a deadline
  std::unordered_map<std::string, long long> m_active_deadlines;  ///< seconds, until started
  std::set<std::string> m_exit_pods;   ///< exit-handler pods: the workflow deadline spares them
  std::unique_ptr<AsyncWork> m_async;  ///< work on other threads (run_async.cpp)
  bool m_suspended = false;            ///< spec.suspend / `flowrun suspend`
  std::unordered_map<std::string, SuspendState> m_active_suspends;  ///< by node ID
  bool m_terminated = false;                 ///< Terminate was carried out: the loop ends
  std::unique_ptr<LockService> m_own_locks;  ///< used when the request brings no LockService
  LockService* m_locks = nullptr;
  std::deque<LockWaiter> m_lock_waiters;

  std::string m_entry_id;
  bool m_entry_done = false;
  std::string m_exit_id;
  bool m_exit_started = false;
  bool m_exit_done = false;
};

}  // namespace engine
