/// The state of one run and the operations on it (internal to the engine; Engine is the
/// public face). Its member functions are split by concern:
///   run.cpp        the event loop, nodes, phases, the workflow's end and its exit handler
///   run_calls.cpp  executing a template for a step/task/hook call: inputs, loops, when
///   run_leaf.cpp   pod nodes: building PodRequests, pod events, outputs
///   run_steps.cpp  steps templates
///   run_dag.cpp    dag templates
#pragma once

#include <atomic>
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
#include "engine/executor.hpp"
#include "engine/loop_expansion.hpp"
#include "engine/run_request.hpp"
#include "engine/status_sink.hpp"
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

/// A call of a template (Argo's executeTemplate arguments).
struct Call {
  std::string node_name;
  std::string boundary_id;  ///< the enclosing steps/DAG node; empty at the top
  TemplateHandle handle;
  std::vector<ArgValue> arguments;
  std::string caller_name;  ///< `steps.name` / `tasks.name` in the callee
  int depth = 0;            ///< nesting of template calls, for the recursion limit
  bool hooked = false;      ///< an exit handler or hook node
  bool from_dag = false;    ///< the caller is a DAG task: `tasks.name`, else `steps.name`
};

/// Called once the node is fulfilled (from the notification queue, never re-entrantly).
using Done = std::function<void(const std::string& node_id)>;

/// Limits how many children of one steps/DAG node run at once (template `parallelism`).
struct Throttle {
  int limit = 0;  ///< 0: no limit
  int active = 0;
  std::deque<std::function<void()>> waiting;
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
};

/// How a step or task ended, for its steps/DAG node.
struct StepOutcome {
  std::string node_id;  ///< the step/task node, TaskGroup, or Skipped node; empty for a
                        ///< steps loop, which has no node of its own
  std::vector<std::string> loop_children;  ///< loop children in index order
  bool looped = false;
};
using StepDone = std::function<void(const StepOutcome&)>;

struct StepsFrame;
struct DagFrame;
struct PodState;

class Run {
 public:
  Run(RunRequest request, Executor& executor, Clock& clock, StatusSink& sink);
  ~Run();
  graph::WorkflowStatus run(const std::atomic<bool>* interrupted);

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
  /// The template-local scope of a composite node: inputs and `steps.name`/`tasks.name`.
  std::unique_ptr<expr::Scope> make_local_scope(
      const Call& call, const std::vector<std::pair<std::string, std::string>>& inputs) const;
  const expr::Scope& globals() const { return m_globals; }
  const TemplateLookup& lookup() const { return m_lookup; }

  // --- pods (run_leaf.cpp) ---
  void execute_leaf(const Call& call, const std::string& id,
                    const std::vector<std::pair<std::string, std::string>>& inputs);
  void handle_pod_event(const PodEvent& event);
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
  void dag_schedule(DagFrame& frame);
  void dag_start_task(DagFrame& frame, std::size_t index);
  void dag_task_done(DagFrame& frame, std::size_t index, const StepOutcome& outcome);
  void dag_finish(DagFrame& frame);
  void mark_dirty(DagFrame& frame);

  Clock& clock() { return m_clock; }
  const RunRequest& request() const { return m_request; }

 private:
  void drain();
  void start_workflow();
  void start_exit_handler();
  void finish_workflow();
  void interrupt();
  void stalled();
  std::string workflow_failures_json() const;

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

  std::string m_entry_id;
  bool m_entry_done = false;
  std::string m_exit_id;
  bool m_exit_started = false;
  bool m_exit_done = false;
};

}  // namespace engine
