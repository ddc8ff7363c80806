#include "engine/resource_manifest.hpp"

#include <cctype>
#include <string>

#include <fmt/format.h>

#include "engine/resource_conditions.hpp"
#include "expr/expr_eval.hpp"
#include "expr/json_value.hpp"
#include "model/yaml_reader.hpp"

namespace engine {
namespace {

std::string text_at(const model::DocNode& root, std::string_view section, std::string_view key) {
  const model::DocNode* parent = section.empty() ? &root : root.find(section);
  if (parent == nullptr || !parent->is_mapping()) {
    return {};
  }
  const model::DocNode* value = parent->find(key);
  return value != nullptr && value->kind == model::DocKind::scalar ? value->text : std::string();
}

/// kubectl's `{.a.b}` as the JSONPath the expression language's `jsonpath()` takes.
std::string to_jsonpath(std::string_view inner) {
  if (!inner.empty() && inner.front() == '$') {
    return std::string(inner);
  }
  return inner.empty() || inner.front() == '.' || inner.front() == '[' ? "$" + std::string(inner)
                                                                       : "$." + std::string(inner);
}

util::Result<std::string> query(std::string_view object_json, std::string_view inner) {
  expr::ExprEnv env;
  env.set("obj", expr::ExprValue::string(std::string(object_json)));
  env.set("path", expr::ExprValue::string(to_jsonpath(inner)));
  auto value = expr::evaluate_expression("jsonpath(obj, path)", env);
  if (!value) {
    return value.error();
  }
  if (value->is_nil()) {
    return std::string();
  }
  return expr::render_expression_result(*value, inner);
}

}  // namespace

util::Result<ManifestInfo> read_manifest(std::string_view text) {
  const util::SourceFile file("manifest", std::string(text));
  model::Diagnostics diagnostics;
  std::vector<model::YamlDocument> documents = model::read_yaml(file, diagnostics);
  for (const model::Diagnostic& diagnostic : diagnostics.all()) {
    if (diagnostic.severity == model::Severity::error) {
      return util::make_error(util::ErrorCode::invalid_input, diagnostic.message);
    }
  }
  if (documents.empty() || documents.front().root.kind == model::DocKind::null) {
    return util::make_error(util::ErrorCode::invalid_input, "the manifest is empty");
  }
  const model::DocNode& root = documents.front().root;
  ManifestInfo info;
  info.api_version = text_at(root, "", "apiVersion");
  info.kind = text_at(root, "", "kind");
  info.name = text_at(root, "metadata", "name");
  info.generate_name = text_at(root, "metadata", "generateName");
  info.json = model::to_json(root, false);
  return info;
}

util::Result<std::string> evaluate_json_path(std::string_view object_json,
                                             std::string_view json_path) {
  std::string out;
  std::size_t i = 0;
  while (i < json_path.size()) {
    const std::size_t open = json_path.find('{', i);
    if (open == std::string_view::npos) {
      out += json_path.substr(i);
      break;
    }
    out += json_path.substr(i, open - i);
    const std::size_t close = json_path.find('}', open);
    if (close == std::string_view::npos) {
      return util::make_error(util::ErrorCode::invalid_input,
                              fmt::format("unclosed action in jsonpath '{}'", json_path));
    }
    const std::string_view inner = json_path.substr(open + 1, close - open - 1);
    if (inner.rfind("range", 0) == 0 || inner == "end") {
      return util::make_error(
          util::ErrorCode::not_supported,
          fmt::format("jsonpath '{}': {{range}} is not supported by this version of flowrun",
                      json_path));
    }
    auto value = query(object_json, inner);
    if (!value) {
      return value.error();
    }
    out += *value;
    i = close + 1;
  }
  return out;
}

bool jq_filter_supported(std::string_view filter) {
  if (filter == ".") {
    return true;
  }
  if (filter.empty() || filter.front() != '.') {
    return false;
  }
  bool after_dot = false;
  for (std::size_t i = 0; i < filter.size(); ++i) {
    const char c = filter[i];
    if (c == '.') {
      if (after_dot) {
        return false;
      }
      after_dot = true;
      continue;
    }
    if (c == '[') {
      const std::size_t close = filter.find(']', i);
      if (close == std::string_view::npos || close == i + 1) {
        return false;
      }
      for (std::size_t d = i + 1; d < close; ++d) {
        if (std::isdigit(static_cast<unsigned char>(filter[d])) == 0) {
          return false;
        }
      }
      i = close;
      after_dot = false;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') {
      return false;
    }
    after_dot = false;
  }
  return !after_dot;
}

util::Result<std::string> evaluate_jq_filter(std::string_view object_json,
                                             std::string_view filter) {
  if (!jq_filter_supported(filter)) {
    return util::make_error(
        util::ErrorCode::not_supported,
        fmt::format("jqFilter '{}' is not supported by this version of flowrun", filter));
  }
  auto object = expr::parse_json(object_json);
  if (!object) {
    return object.error();
  }
  if (filter == ".") {
    return expr::to_compact_json(*object);
  }
  // `.items[0].name` -> gjson's `items.0.name`.
  std::string path;
  for (std::size_t i = 1; i < filter.size(); ++i) {
    const char c = filter[i];
    if (c == '[') {
      path += '.';
    } else if (c != ']') {
      path += c;
    }
  }
  const expr::JsonValue* found = json_at_path(*object, path);
  if (found == nullptr) {
    return std::string("null");
  }
  return found->kind() == expr::JsonKind::string ? found->text() : expr::to_compact_json(*found);
}

}  // namespace engine
