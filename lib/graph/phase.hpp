/// Node phases, node types and the workflow phase derived from the entry node
/// (spec sections 0, 6.1 and 6.3; Argo's workflow_types.go and workflow_phase.go).
#pragma once

#include <optional>
#include <string_view>

namespace graph {

/// The phase of one node, as in `status.nodes[*].phase`.
enum class Phase { pending, running, succeeded, skipped, failed, error, omitted };

/// "Pending", "Running", "Succeeded", "Skipped", "Failed", "Error", "Omitted".
std::string_view to_string(Phase phase);
/// The phase spelled exactly as to_string() spells it (case-sensitive, as Argo), or nullopt.
std::optional<Phase> parse_phase(std::string_view text);

/// Succeeded, Failed or Error: the node ran and will not change again.
bool is_completed(Phase phase);
/// Completed, Skipped or Omitted; a daemoned node also counts once it is no longer Pending,
/// because its dependents may start while the daemon keeps running.
bool is_fulfilled(Phase phase, bool daemoned);

/// The kind of a node, as in `status.nodes[*].type`.
enum class NodeType {
  pod,
  container,  ///< one container of a containerSet pod
  steps,
  step_group,
  dag,
  task_group,  ///< the parent of a DAG task's loop children
  retry,
  skipped,  ///< Skipped and Omitted nodes, and nodes that errored before running
  suspend,
  http,
  plugin,
};

/// "Pod", "Container", "Steps", "StepGroup", "DAG", "TaskGroup", "Retry", "Skipped",
/// "Suspend", "HTTP", "Plugin".
std::string_view to_string(NodeType type);
/// The type spelled exactly as to_string() spells it, or nullopt.
std::optional<NodeType> parse_node_type(std::string_view text);

/// The workflow's `status.phase`; `unknown` is the empty phase of a workflow not yet started.
enum class WorkflowPhase { unknown, pending, running, succeeded, failed, error };

/// "", "Pending", "Running", "Succeeded", "Failed", "Error".
std::string_view to_string(WorkflowPhase phase);

/// The workflow phase implied by the entry node's phase, before any exit-handler override:
/// Skipped and Omitted entry nodes count as Succeeded (spec 6.3).
WorkflowPhase workflow_phase_from_entry(Phase entry);

}  // namespace graph
