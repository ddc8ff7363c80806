/// The node table of `argo get`: STEP TEMPLATE PODNAME DURATION MESSAGE, the workflow's
/// node graph drawn as a tree the way Argo's printer draws it.
#pragma once

#include <string>

#include "graph/workflow_status.hpp"
#include "report/tree.hpp"

namespace report {

/// The table, aligned like Go's tabwriter with padding 2, ending with a newline. Argo's
/// rules:
/// - The tree starts at the node whose ID is the workflow name (prefix " "); after it, if
///   `<wf>.onExit` exists, a row of empty cells and the exit handler's tree.
/// - Steps and DAG nodes hold the nodes whose boundaryID they are; StepGroup and Retry
///   nodes hold their children. Children are sorted by startedAt (to the second), then by
///   the loop index in the display name `(i:…)` when both have one, else by display name.
/// - StepGroup nodes are not drawn: their children hang under the group's branch with
///   `┬─`, `├─`, `└─` or `──` (one child). A Retry node with exactly one child and an
///   Omitted Skipped node are not drawn. TaskGroup and Container nodes never appear.
/// - PODNAME and DURATION are filled for Pod nodes only; DURATION is the largest unit of
///   startedAt to finishedAt (or to `now` while running).
std::string render_node_table(const graph::WorkflowStatus& status, const TreeOptions& options);

}  // namespace report
