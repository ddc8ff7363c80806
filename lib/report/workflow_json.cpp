#include "report/workflow_json.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/progress.hpp"
#include "report/time_text.hpp"
#include "report/yaml_text.hpp"

namespace report {
namespace {

// ordered_json keeps insertion order, so objects come out in Go's struct field order.
using Json = nlohmann::ordered_json;

constexpr std::string_view k_phase_label = "workflows.argoproj.io/phase";
constexpr std::string_view k_completed_label = "workflows.argoproj.io/completed";

// ---------------------------------------------------------------------------------------
// Go's encoding/json text.

/// Length of the valid UTF-8 sequence at `text[i]`, or 0 when the byte starts none (Go
/// writes such a byte as \ufffd).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned min_second = 0x80;
  unsigned max_second = 0xBF;
  if (lead < 0x80U) {
    return 1;
  }
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    min_second = lead == 0xE0U ? 0xA0U : 0x80U;  // no overlong forms
    max_second = lead == 0xEDU ? 0x9FU : 0xBFU;  // no surrogates
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    min_second = lead == 0xF0U ? 0x90U : 0x80U;
    max_second = lead == 0xF4U ? 0x8FU : 0xBFU;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < min_second || byte(i + 1) > max_second) {
    return 0;
  }
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) {
      return 0;
    }
  }
  return length;
}

/// A JSON string as Go's encoder writes it, HTML-safe escaping included.
void append_go_string(std::string_view text, std::string& out) {
  constexpr std::string_view k_hex = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = utf8_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (length == 3 && c == 0xE2U && static_cast<unsigned char>(text[i + 1]) == 0x80U &&
        (static_cast<unsigned char>(text[i + 2]) & 0xFEU) == 0xA8U) {
      // U+2028 and U+2029 end lines in JavaScript, so Go escapes them.
      out += (static_cast<unsigned char>(text[i + 2]) == 0xA8U) ? "\\u2028" : "\\u2029";
      i += 3;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20U || c == '<' || c == '>' || c == '&') {
          out += "\\u00";
          out += k_hex[c >> 4U];
          out += k_hex[c & 0xFU];
        } else {
          out.append(text.substr(i, length));
        }
    }
    i += length;
  }
  out += '"';
}

/// json.MarshalIndent(v, "", "    "): empty containers stay on one line.
void append_go_json(const Json& value, std::size_t depth, std::string& out) {
  const auto indent = [&](std::size_t level) { out.append(level * 4, ' '); };
  switch (value.type()) {
    case Json::value_t::object: {
      if (value.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      std::size_t i = 0;
      for (const auto& item : value.items()) {
        indent(depth + 1);
        append_go_string(item.key(), out);
        out += ": ";
        append_go_json(item.value(), depth + 1, out);
        out += ++i < value.size() ? ",\n" : "\n";
      }
      indent(depth);
      out += '}';
      return;
    }
    case Json::value_t::array: {
      if (value.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < value.size(); ++i) {
        indent(depth + 1);
        append_go_json(value[i], depth + 1, out);
        out += i + 1 < value.size() ? ",\n" : "\n";
      }
      indent(depth);
      out += ']';
      return;
    }
    case Json::value_t::string: append_go_string(value.get_ref<const std::string&>(), out); return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::number_integer: out += std::to_string(value.get<std::int64_t>()); return;
    case Json::value_t::number_unsigned: out += std::to_string(value.get<std::uint64_t>()); return;
    case Json::value_t::number_float: out += value.dump(); return;
    default: out += "null"; return;
  }
}

// ---------------------------------------------------------------------------------------
// The Workflow object.

/// `[{name, value}]`, Argo's Parameter list with values.
Json parameter_list(const std::vector<std::pair<std::string, std::string>>& parameters) {
  Json list = Json::array();
  for (const auto& [name, value] : parameters) {
    list.push_back(Json{{"name", name}, {"value", value}});
  }
  return list;
}

/// A Go map[string]string: later duplicates win, keys sorted.
Json string_map(const std::map<std::string, std::string>& values) {
  Json object = Json::object();
  for (const auto& [key, value] : values) {
    object[key] = value;
  }
  return object;
}

bool is_finished(graph::WorkflowPhase phase) {
  return phase == graph::WorkflowPhase::succeeded || phase == graph::WorkflowPhase::failed ||
         phase == graph::WorkflowPhase::error;
}

Json metadata(const graph::WorkflowStatus& status) {
  Json meta = Json::object();
  if (!status.name.empty()) {
    meta["name"] = status.name;
  }
  if (!status.namespace_name.empty()) {
    meta["namespace"] = status.namespace_name;
  }
  if (!status.uid.empty()) {
    meta["uid"] = status.uid;
  }
  meta["creationTimestamp"] = rfc3339(status.created_at);
  std::map<std::string, std::string> labels;
  for (const auto& [key, value] : status.labels) {
    labels[key] = value;  // a repeated key keeps its last value, as in a Go map
  }
  // The controller labels every workflow it has started with its phase, and marks it
  // completed (which `argo list --running` and the archive rely on).
  if (status.phase != graph::WorkflowPhase::unknown) {
    labels[std::string(k_phase_label)] = std::string(graph::to_string(status.phase));
    labels[std::string(k_completed_label)] = is_finished(status.phase) ? "true" : "false";
  }
  if (!labels.empty()) {
    meta["labels"] = string_map(labels);
  }
  std::map<std::string, std::string> annotations;
  for (const auto& [key, value] : status.annotations) {
    annotations[key] = value;
  }
  if (!annotations.empty()) {
    meta["annotations"] = string_map(annotations);
  }
  return meta;
}

/// Sets `object[key]`, inserting a missing key right after the last of `after` present
/// (or first), so that a spec keeps Go's field order where it matters.
void set_after(Json& object, const std::string& key, Json value,
               std::initializer_list<std::string_view> after) {
  if (object.contains(key)) {
    object[key] = std::move(value);
    return;
  }
  Json rebuilt = Json::object();
  std::size_t insert_at = 0;
  std::size_t index = 0;
  for (const auto& item : object.items()) {
    ++index;
    if (std::find(after.begin(), after.end(), item.key()) != after.end()) {
      insert_at = index;
    }
  }
  index = 0;
  if (insert_at == 0) {
    rebuilt[key] = value;
  }
  for (const auto& item : object.items()) {
    rebuilt[item.key()] = item.value();
    if (++index == insert_at) {
      rebuilt[key] = value;
    }
  }
  object = std::move(rebuilt);
}

Json spec(const graph::WorkflowStatus& status) {
  Json result = Json::object();
  if (!status.spec_json.empty()) {
    Json parsed = Json::parse(status.spec_json, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) {
      result = std::move(parsed);
    }
  }
  if (!status.entrypoint.empty()) {
    set_after(result, "entrypoint", status.entrypoint, {"templates"});
  }
  // Go writes the Arguments struct even when empty: "arguments": {}.
  Json arguments = result.contains("arguments") && result["arguments"].is_object()
                       ? result["arguments"]
                       : Json::object();
  if (status.parameters.empty()) {
    arguments.erase("parameters");
  } else {
    arguments["parameters"] = parameter_list(status.parameters);
  }
  set_after(result, "arguments", std::move(arguments), {"templates", "entrypoint"});
  return result;
}

Json template_ref(const graph::Node::TemplateRef& ref) {
  Json out = Json::object();
  if (!ref.name.empty()) {
    out["name"] = ref.name;
  }
  if (!ref.template_name.empty()) {
    out["template"] = ref.template_name;
  }
  if (ref.cluster_scope) {
    out["clusterScope"] = true;
  }
  return out;
}

/// Artifacts as Argo's status lists them: name, path, and where they are.
Json artifact_list(const std::vector<graph::ArtifactRef>& artifacts) {
  Json list = Json::array();
  for (const graph::ArtifactRef& artifact : artifacts) {
    Json item = Json{{"name", artifact.name}};
    if (!artifact.path.empty()) {
      item["path"] = artifact.path;
    }
    if (artifact.kind == "raw") {
      item["raw"] = Json{{"data", artifact.data}};
    } else if (artifact.kind == "http") {
      item["http"] = Json{{"url", artifact.url}};
    } else {
      item[artifact.kind] = Json{{"key", artifact.key}};
    }
    list.push_back(std::move(item));
  }
  return list;
}

Json node_outputs(const graph::NodeOutputs& outputs) {
  Json out = Json::object();
  if (!outputs.parameters.empty()) {
    out["parameters"] = parameter_list(outputs.parameters);
  }
  if (!outputs.artifacts.empty()) {
    out["artifacts"] = artifact_list(outputs.artifacts);
  }
  if (outputs.result) {
    out["result"] = *outputs.result;
  }
  if (outputs.exit_code) {
    out["exitCode"] = *outputs.exit_code;
  }
  return out;
}

Json id_list(const std::vector<std::string>& ids) {
  Json list = Json::array();
  for (const std::string& id : ids) {
    list.push_back(id);
  }
  return list;
}

/// One NodeStatus, fields in Argo's struct order.
Json node_json(const graph::NodeGraph& graph, const graph::Node& node, bool retried) {
  Json out = Json::object();
  out["id"] = node.id;
  out["name"] = node.name;
  if (!node.display_name.empty()) {
    out["displayName"] = node.display_name;
  }
  out["type"] = std::string(graph::to_string(node.type));
  if (!node.template_name.empty()) {
    out["templateName"] = node.template_name;
  }
  if (node.template_ref) {
    out["templateRef"] = template_ref(*node.template_ref);
  }
  out["phase"] = std::string(graph::to_string(node.phase));
  if (!node.boundary_id.empty()) {
    out["boundaryID"] = node.boundary_id;
  }
  if (!node.message.empty()) {
    out["message"] = node.message;
  }
  if (node.started_at) {
    out["startedAt"] = rfc3339(*node.started_at);
  }
  if (node.finished_at) {
    out["finishedAt"] = rfc3339(*node.finished_at);
  }
  if (const Progress progress = node_progress(graph, node); progress.is_valid()) {
    out["progress"] = progress.to_string();
  }
  if (node.daemoned) {
    out["daemoned"] = true;
  }
  if (node.hooked || retried) {
    Json flag = Json::object();
    if (node.hooked) {
      flag["hooked"] = true;
    }
    if (retried) {
      flag["retried"] = true;
    }
    out["nodeFlag"] = std::move(flag);
  }
  if (!node.input_parameters.empty()) {
    out["inputs"]["parameters"] = parameter_list(node.input_parameters);
  }
  if (!node.input_artifacts.empty()) {
    out["inputs"]["artifacts"] = artifact_list(node.input_artifacts);
  }
  if (Json outputs = node_outputs(node.outputs); !outputs.empty()) {
    out["outputs"] = std::move(outputs);
  }
  if (!node.children.empty()) {
    out["children"] = id_list(node.children);
  }
  if (!node.outbound_nodes.empty()) {
    out["outboundNodes"] = id_list(node.outbound_nodes);
  }
  if (node.memoization) {
    out["memoizationStatus"] = Json{{"hit", node.memoization->hit},
                                    {"key", node.memoization->key},
                                    {"cacheName", node.memoization->cache_name}};
  }
  return out;
}

Json nodes_json(const graph::NodeGraph& graph) {
  // Argo marks the attempts under a Retry node as retried (nodeFlag.retried).
  std::unordered_set<std::string_view> retried;
  for (const graph::Node& node : graph.nodes()) {
    if (node.type == graph::NodeType::retry) {
      retried.insert(node.children.begin(), node.children.end());
    }
  }
  std::vector<const graph::Node*> sorted;
  for (const graph::Node& node : graph.nodes()) {
    sorted.push_back(&node);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const graph::Node* a, const graph::Node* b) { return a->id < b->id; });
  Json out = Json::object();
  for (const graph::Node* node : sorted) {
    out[node->id] = node_json(graph, *node, retried.count(node->id) > 0);
  }
  return out;
}

Json status_json(const graph::WorkflowStatus& status) {
  Json out = Json::object();
  if (status.phase != graph::WorkflowPhase::unknown) {
    out["phase"] = std::string(graph::to_string(status.phase));
  }
  if (status.started_at) {
    out["startedAt"] = rfc3339(*status.started_at);
  }
  if (status.finished_at) {
    out["finishedAt"] = rfc3339(*status.finished_at);
  }
  // The controller computes progress from its first pass on; a workflow not yet started has
  // none.
  if (status.phase != graph::WorkflowPhase::unknown) {
    out["progress"] = workflow_progress(status.nodes).to_string();
  }
  if (!status.message.empty()) {
    out["message"] = status.message;
  }
  if (status.nodes.size() > 0) {
    out["nodes"] = nodes_json(status.nodes);
  }
  if (!status.output_parameters.empty()) {
    out["outputs"]["parameters"] = parameter_list(status.output_parameters);
  }
  if (!status.output_artifacts.empty()) {
    out["outputs"]["artifacts"] = artifact_list(status.output_artifacts);
  }
  return out;
}

Json workflow_object(const graph::WorkflowStatus& status) {
  Json out = Json::object();
  // metav1.TypeMeta declares kind before apiVersion.
  out["kind"] = "Workflow";
  out["apiVersion"] = "argoproj.io/v1alpha1";
  out["metadata"] = metadata(status);
  out["spec"] = spec(status);
  out["status"] = status_json(status);
  return out;
}

}  // namespace

std::string workflow_json(const graph::WorkflowStatus& status) {
  std::string out;
  append_go_json(workflow_object(status), 0, out);
  out += '\n';
  return out;
}

std::string workflow_yaml(const graph::WorkflowStatus& status) {
  // Argo goes through JSON too (sigs.k8s.io/yaml); the JSON written above always parses.
  util::Result<std::string> yaml = json_to_yaml(workflow_json(status));
  return yaml ? std::move(yaml).value() : std::string();
}

}  // namespace report
