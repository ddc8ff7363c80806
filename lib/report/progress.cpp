#include "report/progress.hpp"

#include <string_view>
#include <unordered_set>

namespace report {
namespace {

Progress own_progress(const graph::Node& node) {
  switch (node.phase) {
    case graph::Phase::succeeded:
    case graph::Phase::skipped:
    case graph::Phase::omitted: return Progress{1, 1};
    default: return Progress{0, 1};
  }
}

void add(Progress& sum, const Progress& part) {
  sum.done += part.done;
  sum.total += part.total;
}

/// Argo's sumProgress: depth first through `children`; `visited` keeps a node that several
/// parents list (a DAG diamond) from counting twice.
Progress sum_children(const graph::NodeGraph& graph, const graph::Node& node,
                      std::unordered_set<std::string_view>& visited) {
  Progress sum;
  for (const std::string& child_id : node.children) {
    if (!visited.insert(child_id).second) {
      continue;
    }
    const graph::Node* child = graph.find(child_id);
    if (child == nullptr) {
      continue;
    }
    add(sum, sum_children(graph, *child, visited));
    if (is_executable(child->type)) {
      add(sum, own_progress(*child));
    }
  }
  return sum;
}

}  // namespace

std::string Progress::to_string() const {
  return std::to_string(done) + "/" + std::to_string(total);
}

bool is_executable(graph::NodeType type) {
  switch (type) {
    case graph::NodeType::pod:
    case graph::NodeType::http:
    case graph::NodeType::plugin:
    case graph::NodeType::container:
    case graph::NodeType::suspend: return true;
    default: return false;
  }
}

Progress node_progress(const graph::NodeGraph& graph, const graph::Node& node) {
  if (is_executable(node.type)) {
    return own_progress(node);
  }
  std::unordered_set<std::string_view> visited;
  return sum_children(graph, node, visited);
}

Progress workflow_progress(const graph::NodeGraph& graph) {
  Progress sum;
  for (const graph::Node& node : graph.nodes()) {
    if (is_executable(node.type)) {
      add(sum, own_progress(node));
    }
  }
  return sum;
}

}  // namespace report
