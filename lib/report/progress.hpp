/// Argo's `progress` fields (docs/progress.md; the code in workflow/progress/updater.go is
/// what is followed here): every executable node (Pod, Container, HTTP, Plugin, Suspend)
/// counts `0/1`, or `1/1` once Succeeded, Skipped or Omitted; any other node sums its
/// descendants; the workflow sums its executable nodes.
#pragma once

#include <cstdint>
#include <string>

#include "graph/node.hpp"
#include "graph/node_graph.hpp"

namespace report {

/// `N/M`: N of M units of work done.
struct Progress {
  std::int64_t done = 0;   ///< N: units finished
  std::int64_t total = 0;  ///< M: units known so far

  /// "N/M".
  std::string to_string() const;
  /// Argo prints a node's progress only when valid: 0 <= N <= M and M > 0.
  bool is_valid() const { return done >= 0 && done <= total && total > 0; }
};

/// Whether Argo tracks progress on the node itself rather than summing its children.
bool is_executable(graph::NodeType type);

/// The progress of one node: its own for executable nodes, else the sum over the nodes
/// reachable through `children` (each counted once). May be invalid (`0/0`): then Argo
/// leaves the field out.
Progress node_progress(const graph::NodeGraph& graph, const graph::Node& node);

/// The workflow's `status.progress`: the sum over all executable nodes (`0/0` when none).
Progress workflow_progress(const graph::NodeGraph& graph);

}  // namespace report
