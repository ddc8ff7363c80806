#include "engine/outputs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/artifacts.hpp"
#include "engine/global_scope.hpp"
#include "expr/json_value.hpp"

namespace engine {
namespace {

std::string without_one_newline(std::string_view text) {
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  return std::string(text);
}

bool is_json_container(std::string_view text) {
  const util::Result<expr::JsonValue> parsed = expr::parse_json(text);
  return parsed.ok() &&
         (parsed->kind() == expr::JsonKind::object || parsed->kind() == expr::JsonKind::array);
}

}  // namespace

std::string capture_result(std::string_view stdout_text) {
  if (stdout_text.size() > k_max_result_bytes) {
    stdout_text.remove_prefix(stdout_text.size() - k_max_result_bytes);
  }
  return without_one_newline(stdout_text);
}

std::string trim_parameter_file(std::string_view content) {
  return without_one_newline(content);
}

util::Result<std::vector<std::pair<std::string, std::string>>> collect_output_parameters(
    const model::Outputs& outputs, const std::vector<std::string>& paths, const PodEvent& event) {
  std::vector<std::pair<std::string, std::string>> values;
  std::size_t path_index = 0;
  for (const model::Parameter& parameter : outputs.parameters) {
    const std::string& name = parameter.name.value;
    if (parameter.value) {
      values.emplace_back(name, parameter.value->value);
      continue;
    }
    if (!parameter.value_from || !parameter.value_from->path) {
      continue;  // supplied, expression, parameter: not a leaf's file
    }
    const std::size_t index = path_index++;
    const std::optional<std::string>* content =
        index < event.files.size() ? &event.files[index].second : nullptr;
    if (content != nullptr && content->has_value()) {
      values.emplace_back(name, trim_parameter_file(**content));
    } else if (parameter.value_from->default_value) {
      values.emplace_back(name, parameter.value_from->default_value->value);
    } else {
      const std::string path = index < paths.size() ? paths[index] : std::string();
      return util::make_error(
          util::ErrorCode::invalid_input,
          fmt::format("failed to save outputs: open {}: no such file or directory", path));
    }
  }
  return values;
}

void bind_node_outputs(expr::Scope& scope, const std::string& prefix, const graph::Node& node) {
  scope.set(prefix + ".id", node.id);
  scope.set(prefix + ".status", std::string(graph::to_string(node.phase)));
  if (node.started_at) {
    scope.set(prefix + ".startedAt", format_rfc3339(*node.started_at));
  }
  if (node.finished_at) {
    scope.set(prefix + ".finishedAt", format_rfc3339(*node.finished_at));
  }
  if (node.outputs.exit_code) {
    scope.set(prefix + ".exitCode", *node.outputs.exit_code);
  }
  if (!node.pod_ip.empty()) {
    scope.set(prefix + ".ip", node.pod_ip);
  }
  if (!node.host_node_name.empty()) {
    scope.set(prefix + ".hostNodeName", node.host_node_name);
  }
  if (node.outputs.result) {
    scope.set(prefix + ".outputs.result", *node.outputs.result);
  }
  for (const auto& [name, value] : node.outputs.parameters) {
    scope.set(prefix + ".outputs.parameters." + name, value);
  }
  for (const graph::ArtifactRef& artifact : node.outputs.artifacts) {
    scope.set(prefix + ".outputs.artifacts." + artifact.name, artifact_text(artifact));
  }
}

void bind_loop_outputs(expr::Scope& scope, const std::string& prefix, const graph::Node& group,
                       const std::vector<const graph::Node*>& children) {
  scope.set(prefix + ".id", group.id);
  scope.set(prefix + ".status", std::string(graph::to_string(group.phase)));
  if (group.started_at) {
    scope.set(prefix + ".startedAt", format_rfc3339(*group.started_at));
  }
  if (group.finished_at) {
    scope.set(prefix + ".finishedAt", format_rfc3339(*group.finished_at));
  }
  std::vector<expr::JsonValue> results;
  bool results_ok = true;
  std::vector<expr::JsonValue> parameter_maps;
  std::vector<std::string> parameter_names;
  for (const graph::Node* child : children) {
    if (child->phase != graph::Phase::succeeded) {
      continue;
    }
    if (child->outputs.result) {
      util::Result<expr::JsonValue> parsed = expr::parse_json(*child->outputs.result);
      if (parsed.ok()) {
        results.push_back(std::move(parsed.value()));
      } else {
        results_ok = false;
      }
    }
    if (!child->outputs.parameters.empty()) {
      std::vector<expr::JsonValue::Member> members;
      for (const auto& [name, value] : child->outputs.parameters) {
        members.emplace_back(name, expr::JsonValue::string(value));
        if (std::find(parameter_names.begin(), parameter_names.end(), name) ==
            parameter_names.end()) {
          parameter_names.push_back(name);
        }
      }
      parameter_maps.push_back(expr::JsonValue::object(std::move(members)));
    }
  }
  if (results_ok) {
    scope.set(prefix + ".outputs.result",
              expr::to_compact_json(expr::JsonValue::array(std::move(results))));
  }
  scope.set(prefix + ".outputs.parameters",
            expr::to_compact_json(expr::JsonValue::array(parameter_maps)));
  for (const std::string& name : parameter_names) {
    std::vector<std::string> values;
    bool all_containers = true;
    for (const expr::JsonValue& map : parameter_maps) {
      if (const expr::JsonValue* value = map.find(name)) {
        values.push_back(value->text());
        all_containers = all_containers && is_json_container(value->text());
      }
    }
    std::vector<expr::JsonValue> items;
    for (const std::string& value : values) {
      items.push_back(all_containers ? expr::parse_json(value).value()
                                     : expr::JsonValue::string(value));
    }
    scope.set(prefix + ".outputs.parameters." + name,
              expr::to_compact_json(expr::JsonValue::array(std::move(items))));
  }
}

}  // namespace engine
