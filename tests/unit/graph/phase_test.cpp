#include "graph/phase.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

using graph::NodeType;
using graph::Phase;
using graph::WorkflowPhase;

TEST_CASE("phase names round-trip with Argo's spelling", "[graph][phase]") {
  const std::vector<std::pair<Phase, std::string>> cases{
      {Phase::pending, "Pending"}, {Phase::running, "Running"}, {Phase::succeeded, "Succeeded"},
      {Phase::skipped, "Skipped"}, {Phase::failed, "Failed"},   {Phase::error, "Error"},
      {Phase::omitted, "Omitted"},
  };
  for (const auto& [phase, name] : cases) {
    CAPTURE(name);
    CHECK(graph::to_string(phase) == name);
    REQUIRE(graph::parse_phase(name).has_value());
    CHECK(*graph::parse_phase(name) == phase);
  }
  CHECK_FALSE(graph::parse_phase("succeeded").has_value());
  CHECK_FALSE(graph::parse_phase("").has_value());
  CHECK_FALSE(graph::parse_phase("Errored").has_value());
}

TEST_CASE("is_completed is Succeeded, Failed or Error only", "[graph][phase]") {
  CHECK(graph::is_completed(Phase::succeeded));
  CHECK(graph::is_completed(Phase::failed));
  CHECK(graph::is_completed(Phase::error));
  CHECK_FALSE(graph::is_completed(Phase::pending));
  CHECK_FALSE(graph::is_completed(Phase::running));
  CHECK_FALSE(graph::is_completed(Phase::skipped));
  CHECK_FALSE(graph::is_completed(Phase::omitted));
}

TEST_CASE("is_fulfilled adds Skipped, Omitted and running daemons", "[graph][phase]") {
  for (const bool daemoned : {false, true}) {
    CAPTURE(daemoned);
    CHECK(graph::is_fulfilled(Phase::succeeded, daemoned));
    CHECK(graph::is_fulfilled(Phase::failed, daemoned));
    CHECK(graph::is_fulfilled(Phase::error, daemoned));
    CHECK(graph::is_fulfilled(Phase::skipped, daemoned));
    CHECK(graph::is_fulfilled(Phase::omitted, daemoned));
    CHECK_FALSE(graph::is_fulfilled(Phase::pending, daemoned));
  }
  CHECK_FALSE(graph::is_fulfilled(Phase::running, false));
  CHECK(graph::is_fulfilled(Phase::running, true));
}

TEST_CASE("node type names round-trip with Argo's spelling", "[graph][phase]") {
  const std::vector<std::pair<NodeType, std::string>> cases{
      {NodeType::pod, "Pod"},         {NodeType::container, "Container"},
      {NodeType::steps, "Steps"},     {NodeType::step_group, "StepGroup"},
      {NodeType::dag, "DAG"},         {NodeType::task_group, "TaskGroup"},
      {NodeType::retry, "Retry"},     {NodeType::skipped, "Skipped"},
      {NodeType::suspend, "Suspend"}, {NodeType::http, "HTTP"},
      {NodeType::plugin, "Plugin"},
  };
  for (const auto& [type, name] : cases) {
    CAPTURE(name);
    CHECK(graph::to_string(type) == name);
    REQUIRE(graph::parse_node_type(name).has_value());
    CHECK(*graph::parse_node_type(name) == type);
  }
  CHECK_FALSE(graph::parse_node_type("Dag").has_value());
  CHECK_FALSE(graph::parse_node_type("Step Group").has_value());
}

TEST_CASE("workflow phase follows the entry node, Skipped and Omitted succeed", "[graph][phase]") {
  CHECK(graph::workflow_phase_from_entry(Phase::pending) == WorkflowPhase::pending);
  CHECK(graph::workflow_phase_from_entry(Phase::running) == WorkflowPhase::running);
  CHECK(graph::workflow_phase_from_entry(Phase::succeeded) == WorkflowPhase::succeeded);
  CHECK(graph::workflow_phase_from_entry(Phase::skipped) == WorkflowPhase::succeeded);
  CHECK(graph::workflow_phase_from_entry(Phase::omitted) == WorkflowPhase::succeeded);
  CHECK(graph::workflow_phase_from_entry(Phase::failed) == WorkflowPhase::failed);
  CHECK(graph::workflow_phase_from_entry(Phase::error) == WorkflowPhase::error);

  CHECK(graph::to_string(WorkflowPhase::unknown).empty());
  CHECK(graph::to_string(WorkflowPhase::pending) == "Pending");
  CHECK(graph::to_string(WorkflowPhase::running) == "Running");
  CHECK(graph::to_string(WorkflowPhase::succeeded) == "Succeeded");
  CHECK(graph::to_string(WorkflowPhase::failed) == "Failed");
  CHECK(graph::to_string(WorkflowPhase::error) == "Error");
}
