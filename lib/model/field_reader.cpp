#include "model/field_reader.hpp"

#include <fmt/format.h>

namespace model {

bool DecodeContext::charge(size_t bytes, util::SourceLoc loc) {
  if (budget.exhausted) {
    return false;
  }
  if (bytes > budget.limit - budget.used) {
    budget.exhausted = true;
    diagnostics.error(loc, "document-too-large",
                      fmt::format("too much to load: the templates, steps, containers and "
                                  "parameters in this file would need more than {} MiB of memory "
                                  "(the rest of the file is not checked)",
                                  budget.limit >> 20));
    return false;
  }
  budget.used += bytes;
  return true;
}

Scalar to_scalar(const DocNode& node) {
  return Scalar{any_string(node), node.loc, node.scalar_type()};
}

FieldReader::FieldReader(const DocNode& node, std::string path, DecodeContext& context)
    : m_node(node), m_path(std::move(path)), m_context(context) {
  if (!node.is_mapping()) {
    m_ok = false;
    if (!node.is_null()) {
      m_context.diagnostics.error(
          node.loc, "type", fmt::format("{} must be a mapping, not {}", m_path, describe(node)));
    }
  }
  m_used.assign(node.entries.size(), false);
}

std::string FieldReader::child_path(std::string_view key) const {
  return m_path.empty() ? std::string(key) : fmt::format("{}.{}", m_path, key);
}

const DocNode* FieldReader::take(std::string_view key) {
  for (size_t i = 0; i < m_node.entries.size(); ++i) {
    if (m_node.entries[i].key == key) {
      m_used[i] = true;
      const DocNode& value = m_node.entries[i].value;
      if (value.scalar_type() == ScalarType::null && !value.is_mapping() && !value.is_sequence()) {
        return nullptr;
      }
      return &value;
    }
  }
  return nullptr;
}

void FieldReader::type_error(std::string_view key, const DocNode& value,
                             std::string_view expected) {
  m_context.diagnostics.error(
      value.loc, "type",
      fmt::format("{} must be {}, not {}", child_path(key), expected, describe(value)));
}

const DocNode* FieldReader::node(std::string_view key) {
  return take(key);
}

const DocNode* FieldReader::mapping(std::string_view key) {
  const DocNode* value = take(key);
  if (value != nullptr && !value->is_mapping()) {
    type_error(key, *value, "a mapping");
    return nullptr;
  }
  return value;
}

const DocNode* FieldReader::sequence(std::string_view key) {
  const DocNode* value = take(key);
  if (value != nullptr && !value->is_sequence()) {
    type_error(key, *value, "a list");
    return nullptr;
  }
  return value;
}

OptScalar FieldReader::scalar(std::string_view key) {
  const DocNode* value = take(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_scalar()) {
    type_error(key, *value, "a string");
    return std::nullopt;
  }
  return to_scalar(*value);
}

bool FieldReader::boolean(std::string_view key, bool fallback) {
  const OptScalar value = boolean_scalar(key);
  return value ? value->is_true() : fallback;
}

OptScalar FieldReader::boolean_scalar(std::string_view key) {
  const DocNode* value = take(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->scalar_type() != ScalarType::boolean) {
    type_error(key, *value, "a boolean (true or false)");
    return std::nullopt;
  }
  return to_scalar(*value);
}

OptScalar FieldReader::int_or_string(std::string_view key) {
  const DocNode* value = take(key);
  if (value == nullptr) {
    return std::nullopt;
  }
  const ScalarType type = value->scalar_type();
  if (!value->is_scalar() || type == ScalarType::boolean) {
    type_error(key, *value, "an integer or a string");
    return std::nullopt;
  }
  return to_scalar(*value);
}

std::vector<Scalar> FieldReader::strings(std::string_view key, bool* present) {
  std::vector<Scalar> out;
  const DocNode* list = take(key);
  if (present != nullptr) {
    *present = list != nullptr;
  }
  if (list == nullptr) {
    return out;
  }
  if (!list->is_sequence()) {
    type_error(key, *list, "a list of strings");
    return out;
  }
  for (size_t i = 0; i < list->items.size(); ++i) {
    const DocNode& item = list->items[i];
    if (item.is_mapping() || item.is_sequence()) {
      type_error(fmt::format("{}[{}]", key, i), item, "a string");
      continue;
    }
    out.push_back(to_scalar(item));
  }
  return out;
}

std::vector<KeyValue> FieldReader::string_map(std::string_view key) {
  std::vector<KeyValue> out;
  const DocNode* map = mapping(key);
  if (map == nullptr) {
    return out;
  }
  for (const DocEntry& e : map->entries) {
    if (e.value.is_mapping() || e.value.is_sequence()) {
      type_error(fmt::format("{}.{}", key, e.key), e.value, "a string");
      continue;
    }
    out.push_back({Scalar{e.key, e.key_loc, ScalarType::string}, to_scalar(e.value)});
  }
  return out;
}

void FieldReader::k8s_only(std::string_view key) {
  for (size_t i = 0; i < m_node.entries.size(); ++i) {
    if (m_node.entries[i].key == key) {
      m_used[i] = true;
      m_context.ignored.push_back({child_path(key), m_node.entries[i].key_loc});
    }
  }
}

void FieldReader::accept(std::string_view key) {
  take(key);
}

void FieldReader::finish() {
  if (!m_ok) {
    return;
  }
  for (size_t i = 0; i < m_node.entries.size(); ++i) {
    if (!m_used[i]) {
      const DocEntry& e = m_node.entries[i];
      m_context.diagnostics.warning(
          e.key_loc, "unknown-field",
          fmt::format("unknown field \"{}\" in {}", e.key, m_path.empty() ? "document" : m_path));
    }
  }
}

}  // namespace model
