#include "engine/global_scope.hpp"

#include <array>
#include <ctime>
#include <utility>

#include <fmt/format.h>

#include "expr/json_value.hpp"

namespace engine {
namespace {

std::tm utc_tm(graph::TimePoint when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return parts;
}

std::string strftime_one(const std::tm& parts, char conversion) {
  static constexpr std::array<std::pair<char, const char*>, 15> k_formats = {{
      {'B', "%B"},
      {'b', "%b"},
      {'m', "%m"},
      {'A', "%A"},
      {'a', "%a"},
      {'d', "%d"},
      {'H', "%H"},
      {'I', "%I"},
      {'M', "%M"},
      {'S', "%S"},
      {'Y', "%Y"},
      {'y', "%y"},
      {'p', "%p"},
      {'Z', "%Z"},
      {'z', "%z"},
  }};
  if (conversion == 'L') {
    return "000";  // milliseconds: creationTimestamp has second precision
  }
  for (const auto& [name, format] : k_formats) {
    if (name == conversion) {
      char buffer[64] = {};
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      // Each format is one of the literals above.
      const std::size_t length = std::strftime(buffer, sizeof buffer, format, &parts);
#pragma GCC diagnostic pop
      return std::string(buffer, length);
    }
  }
  return {};
}

std::string json_object(const std::vector<model::KeyValue>& values) {
  std::vector<expr::JsonValue::Member> members;
  for (const model::KeyValue& kv : values) {
    members.emplace_back(kv.key.value, expr::JsonValue::string(kv.value.value));
  }
  return expr::to_compact_json(expr::JsonValue::object(std::move(members)));
}

void set_map(expr::Scope& scope, const std::string& prefix,
             const std::vector<model::KeyValue>& values) {
  for (const model::KeyValue& kv : values) {
    scope.set(prefix + "." + kv.key.value, kv.value.value);
  }
  const std::string json = json_object(values);
  scope.set(prefix + ".json", json);
  scope.set(prefix, json);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> resolve_workflow_parameters(
    const RunRequest& request) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const model::Parameter& parameter : request.workflow->spec.arguments.parameters) {
    std::string value;
    if (parameter.value) {
      value = parameter.value->value;
    } else if (parameter.value_from && parameter.value_from->default_value) {
      value = parameter.value_from->default_value->value;
    }
    values.emplace_back(parameter.name.value, std::move(value));
  }
  for (const auto& [name, value] : request.parameters) {
    bool found = false;
    for (auto& [known, known_value] : values) {
      if (known == name) {
        known_value = value;
        found = true;
      }
    }
    if (!found) {
      values.emplace_back(name, value);
    }
  }
  return values;
}

std::string parameters_json(const model::Workflow& workflow,
                            const std::vector<std::pair<std::string, std::string>>& values) {
  std::vector<expr::JsonValue> items;
  for (const auto& [name, value] : values) {
    std::vector<expr::JsonValue::Member> members;
    members.emplace_back("name", expr::JsonValue::string(name));
    const model::Parameter* declared = nullptr;
    for (const model::Parameter& parameter : workflow.spec.arguments.parameters) {
      if (parameter.name.value == name) {
        declared = &parameter;
      }
    }
    if (declared != nullptr && declared->default_value) {
      members.emplace_back("default", expr::JsonValue::string(declared->default_value->value));
    }
    members.emplace_back("value", expr::JsonValue::string(value));
    if (declared != nullptr && !declared->enum_values.empty()) {
      std::vector<expr::JsonValue> choices;
      for (const model::Scalar& choice : declared->enum_values) {
        choices.push_back(expr::JsonValue::string(choice.value));
      }
      members.emplace_back("enum", expr::JsonValue::array(std::move(choices)));
    }
    if (declared != nullptr && declared->description) {
      members.emplace_back("description", expr::JsonValue::string(declared->description->value));
    }
    items.push_back(expr::JsonValue::object(std::move(members)));
  }
  return expr::to_compact_json(expr::JsonValue::array(std::move(items)));
}

std::string format_rfc3339(graph::TimePoint when) {
  const std::tm parts = utc_tm(when);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

expr::Scope build_global_scope(const RunRequest& request, const std::string& entrypoint,
                               const std::vector<std::pair<std::string, std::string>>& params,
                               graph::TimePoint created_at) {
  const model::Workflow& workflow = *request.workflow;
  expr::Scope scope;
  scope.set("workflow.name", request.name);
  scope.set("workflow.namespace", request.namespace_name);
  scope.set("workflow.uid", request.uid);
  scope.set("workflow.mainEntrypoint", entrypoint);
  scope.set("workflow.serviceAccountName", workflow.spec.service_account_name
                                               ? workflow.spec.service_account_name->value
                                               : std::string());
  if (workflow.spec.priority) {
    scope.set("workflow.priority", workflow.spec.priority->value);
  }
  const std::string created = format_rfc3339(created_at);
  scope.set("workflow.creationTimestamp", created);
  scope.set("workflow.creationTimestamp.RFC3339", created);
  const std::tm parts = utc_tm(created_at);
  for (const char conversion : std::string_view("BbmAadHIMSYypZzL")) {
    scope.set(fmt::format("workflow.creationTimestamp.{}", conversion),
              strftime_one(parts, conversion));
  }
  scope.set(
      "workflow.creationTimestamp.s",
      std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(created_at.time_since_epoch()).count()));
  for (const auto& [name, value] : params) {
    scope.set("workflow.parameters." + name, value);
  }
  const std::string json = parameters_json(workflow, params);
  scope.set("workflow.parameters.json", json);
  scope.set("workflow.parameters", json);
  set_map(scope, "workflow.labels", workflow.metadata.labels);
  set_map(scope, "workflow.annotations", workflow.metadata.annotations);
  scope.set("workflow.status", "Running");
  return scope;
}

}  // namespace engine
