// Hand-built workflow runs for the report tests, named as Argo names them (graph/naming).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "graph/naming.hpp"
#include "graph/node.hpp"
#include "graph/workflow_status.hpp"

namespace report_test {

/// 2024-01-02T03:04:05Z (a Tuesday) plus `seconds`.
inline graph::TimePoint at(int seconds) {
  using namespace std::chrono;
  const sys_days day = year{2024} / January / 2;
  return graph::TimePoint(day + hours{3} + minutes{4} + std::chrono::seconds{5 + seconds});
}

/// Builds a WorkflowStatus node by node.
class RunBuilder {
 public:
  explicit RunBuilder(std::string wf_name) {
    m_status.name = std::move(wf_name);
    m_status.uid = "9f0c6a7e-1b2d-4c3e-8f4a-5b6c7d8e9f00";
    m_status.created_at = at(0);
  }

  /// Adds the node `name` (a full node name) inside the boundary node `boundary` (a full
  /// node name, empty for none), with the ID, display name and v2 pod name Argo gives it.
  graph::Node& add(const std::string& name, graph::NodeType type, const std::string& boundary,
                   const std::string& template_name, graph::Phase phase,
                   std::optional<int> started = std::nullopt,
                   std::optional<int> finished = std::nullopt) {
    graph::Node node;
    node.id = graph::node_id(m_status.name, name);
    node.name = name;
    node.display_name = graph::display_name(name, boundary);
    node.boundary_id = boundary.empty() ? "" : graph::node_id(m_status.name, boundary);
    node.template_name = template_name;
    node.type = type;
    node.phase = phase;
    if (started) {
      node.started_at = at(*started);
    }
    if (finished) {
      node.finished_at = at(*finished);
    }
    if (type == graph::NodeType::pod) {
      node.pod_name = graph::pod_name(m_status.name, template_name, name);
    }
    m_status.nodes.add(std::move(node));
    return *m_status.nodes.find_by_name(name);
  }

  /// Links two nodes by name.
  RunBuilder& link(const std::string& parent, const std::string& child) {
    m_status.nodes.add_child(id(parent), id(child));
    return *this;
  }

  graph::Node& node(const std::string& name) { return *m_status.nodes.find_by_name(name); }
  std::string id(const std::string& name) const { return graph::node_id(m_status.name, name); }
  graph::WorkflowStatus& status() { return m_status; }

 private:
  graph::WorkflowStatus m_status;
};

/// docs/walk-through/steps.md: hello1, then hello2a and hello2b in parallel; all succeed.
/// Starts at 0 s, hello1 runs 0-2 s, the second group 3-6 s, the workflow ends at 8 s.
inline graph::WorkflowStatus steps_run() {
  using graph::NodeType;
  using graph::Phase;
  const std::string wf = "steps-z2zdn";
  RunBuilder run(wf);
  run.add(wf, NodeType::steps, "", "hello-hello-hello", Phase::succeeded, 0, 8);
  run.add(wf + "[0]", NodeType::step_group, wf, "hello-hello-hello", Phase::succeeded, 0, 2);
  run.add(wf + "[0].hello1", NodeType::pod, wf, "print-message", Phase::succeeded, 0, 2)
      .input_parameters = {{"message", "hello1"}};
  run.add(wf + "[1]", NodeType::step_group, wf, "hello-hello-hello", Phase::succeeded, 3, 6);
  run.add(wf + "[1].hello2a", NodeType::pod, wf, "print-message", Phase::succeeded, 3, 6)
      .input_parameters = {{"message", "hello2a"}};
  run.add(wf + "[1].hello2b", NodeType::pod, wf, "print-message", Phase::succeeded, 3, 6)
      .input_parameters = {{"message", "hello2b"}};
  run.link(wf, wf + "[0]")
      .link(wf + "[0]", wf + "[0].hello1")
      .link(wf + "[0].hello1", wf + "[1]")
      .link(wf + "[1]", wf + "[1].hello2a")
      .link(wf + "[1]", wf + "[1].hello2b");
  run.node(wf).outbound_nodes = {run.id(wf + "[1].hello2a"), run.id(wf + "[1].hello2b")};
  graph::WorkflowStatus& status = run.status();
  status.entrypoint = "hello-hello-hello";
  status.phase = graph::WorkflowPhase::succeeded;
  status.started_at = at(0);
  status.finished_at = at(8);
  return std::move(status);
}

}  // namespace report_test
