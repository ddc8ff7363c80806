#include "report/tree.hpp"

#include <algorithm>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/humanize.hpp"
#include "report/node_tree.hpp"
#include "report/progress.hpp"
#include "report/time_text.hpp"

namespace report {
namespace {

/// The few spec fields the header reads.
struct SpecFacts {
  std::string service_account;
  bool has_workflow_template_ref = false;
  bool suspend = false;
  bool shutdown = false;
};

SpecFacts spec_facts(const std::string& spec_json) {
  SpecFacts facts;
  if (spec_json.empty()) {
    return facts;
  }
  const nlohmann::json spec = nlohmann::json::parse(spec_json, nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) {
    return facts;
  }
  if (const auto it = spec.find("serviceAccountName"); it != spec.end() && it->is_string()) {
    facts.service_account = it->get<std::string>();
  }
  if (const auto it = spec.find("workflowTemplateRef"); it != spec.end() && !it->is_null()) {
    facts.has_workflow_template_ref = true;
  }
  if (const auto it = spec.find("suspend"); it != spec.end() && it->is_boolean()) {
    facts.suspend = it->get<bool>();
  }
  if (const auto it = spec.find("shutdown"); it != spec.end() && it->is_string()) {
    facts.shutdown = !it->get_ref<const std::string&>().empty();
  }
  return facts;
}

/// Go's `fmt.Sprintf("%-20s %v\n", label, value)`: the label padded to 20 characters.
void header_line(std::string& out, std::string_view label, std::string_view value) {
  const auto width = static_cast<std::size_t>(std::count_if(label.begin(), label.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
  out.append(label);
  out.append(width < 20 ? 20 - width : 0, ' ');
  out += ' ';
  out.append(value);
  out += '\n';
}

/// Argo's printer.WorkflowStatus: the phase, qualified when suspended or terminated.
std::string status_text(const graph::WorkflowStatus& status, const SpecFacts& spec) {
  switch (status.phase) {
    case graph::WorkflowPhase::running: {
      const bool suspended =
          spec.suspend || std::any_of(status.nodes.nodes().begin(), status.nodes.nodes().end(),
                                      [](const graph::Node& node) {
                                        return node.type == graph::NodeType::suspend &&
                                               node.phase == graph::Phase::running;
                                      });
      return suspended ? "Running (Suspended)" : "Running";
    }
    case graph::WorkflowPhase::failed: return spec.shutdown ? "Failed (Terminated)" : "Failed";
    case graph::WorkflowPhase::unknown:
    case graph::WorkflowPhase::pending:
      return status.created_at != graph::TimePoint{} ? "Pending" : "Unknown";
    default: return std::string(graph::to_string(status.phase));
  }
}

std::string timestamp_text(graph::TimePoint t, graph::TimePoint now) {
  const graph::TimePoint shown = truncate_to_seconds(t);
  return argo_timestamp(shown) + " (" + time_ago(shown, now) + ")";
}

}  // namespace

std::string render_tree(const graph::WorkflowStatus& status, const TreeOptions& options) {
  const SpecFacts spec = spec_facts(status.spec_json);
  std::string out;
  header_line(out, "Name:", status.name);
  header_line(out, "Namespace:", status.namespace_name);
  std::string service_account = spec.service_account;
  if (service_account.empty()) {
    service_account = spec.has_workflow_template_ref
                          ? "unset"
                          : "unset (will run with the default ServiceAccount)";
  }
  header_line(out, "ServiceAccount:", service_account);
  header_line(out, "Status:", status_text(status, spec));
  if (!status.message.empty()) {
    header_line(out, "Message:", status.message);
  }
  header_line(out, "Created:", timestamp_text(status.created_at, options.now));
  if (status.started_at) {
    header_line(out, "Started:", timestamp_text(*status.started_at, options.now));
  }
  if (status.finished_at) {
    header_line(out, "Finished:", timestamp_text(*status.finished_at, options.now));
  }
  if (status.started_at) {
    const graph::TimePoint start = truncate_to_seconds(*status.started_at);
    const graph::TimePoint finish =
        status.finished_at ? truncate_to_seconds(*status.finished_at) : options.now;
    header_line(out, "Duration:",
                humanize_duration(std::chrono::duration_cast<Nanoseconds>(finish - start)));
  }
  // A workflow the controller has not picked up yet has no progress.
  header_line(out, "Progress:",
              status.phase == graph::WorkflowPhase::unknown
                  ? std::string()
                  : workflow_progress(status.nodes).to_string());
  if (!status.parameters.empty()) {
    header_line(out, "Parameters:", "");
    for (const auto& [name, value] : status.parameters) {
      header_line(out, "  " + name + ":", value);
    }
  }
  if (!status.output_parameters.empty()) {
    header_line(out, "Output Parameters:", "");
    for (const auto& [name, value] : status.output_parameters) {
      header_line(out, "  " + name + ":", value);
    }
  }
  if (status.nodes.find(status.name) != nullptr) {
    out += '\n';
    out += render_node_table(status, options);
  }
  return out;
}

}  // namespace report
