#include "graph/phase.hpp"

#include <array>
#include <utility>

namespace graph {
namespace {

constexpr std::array<std::pair<Phase, std::string_view>, 7> k_phase_names{{
    {Phase::pending, "Pending"},
    {Phase::running, "Running"},
    {Phase::succeeded, "Succeeded"},
    {Phase::skipped, "Skipped"},
    {Phase::failed, "Failed"},
    {Phase::error, "Error"},
    {Phase::omitted, "Omitted"},
}};

constexpr std::array<std::pair<NodeType, std::string_view>, 11> k_type_names{{
    {NodeType::pod, "Pod"},
    {NodeType::container, "Container"},
    {NodeType::steps, "Steps"},
    {NodeType::step_group, "StepGroup"},
    {NodeType::dag, "DAG"},
    {NodeType::task_group, "TaskGroup"},
    {NodeType::retry, "Retry"},
    {NodeType::skipped, "Skipped"},
    {NodeType::suspend, "Suspend"},
    {NodeType::http, "HTTP"},
    {NodeType::plugin, "Plugin"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) {
      return name;
    }
  }
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Phase phase) {
  return name_of(k_phase_names, phase);
}

std::optional<Phase> parse_phase(std::string_view text) {
  return value_of(k_phase_names, text);
}

bool is_completed(Phase phase) {
  return phase == Phase::succeeded || phase == Phase::failed || phase == Phase::error;
}

bool is_fulfilled(Phase phase, bool daemoned) {
  if (is_completed(phase) || phase == Phase::skipped || phase == Phase::omitted) {
    return true;
  }
  return daemoned && phase != Phase::pending;
}

std::string_view to_string(NodeType type) {
  return name_of(k_type_names, type);
}

std::optional<NodeType> parse_node_type(std::string_view text) {
  return value_of(k_type_names, text);
}

std::string_view to_string(WorkflowPhase phase) {
  switch (phase) {
    case WorkflowPhase::unknown: return "";
    case WorkflowPhase::pending: return "Pending";
    case WorkflowPhase::running: return "Running";
    case WorkflowPhase::succeeded: return "Succeeded";
    case WorkflowPhase::failed: return "Failed";
    case WorkflowPhase::error: return "Error";
  }
  return "";
}

WorkflowPhase workflow_phase_from_entry(Phase entry) {
  switch (entry) {
    case Phase::pending: return WorkflowPhase::pending;
    case Phase::running: return WorkflowPhase::running;
    case Phase::succeeded:
    case Phase::skipped:
    case Phase::omitted: return WorkflowPhase::succeeded;
    case Phase::failed: return WorkflowPhase::failed;
    case Phase::error: return WorkflowPhase::error;
  }
  return WorkflowPhase::unknown;
}

}  // namespace graph
