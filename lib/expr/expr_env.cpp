#include "expr/expr_env.hpp"

#include <map>
#include <optional>

namespace expr {
namespace {

/// A mutable tree used while expanding flat keys (ExprValue maps are immutable).
struct TreeNode {
  std::map<std::string, TreeNode, std::less<>> children;
  std::optional<std::string> leaf;
};

std::vector<std::string_view> split_dots(std::string_view key) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '.') {
      parts.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

ExprValue to_value(const TreeNode& node) {
  if (node.leaf) {
    return ExprValue::string(*node.leaf);
  }
  ExprValue::Map entries;
  for (const auto& [name, child] : node.children) {
    entries.emplace(name, to_value(child));
  }
  return ExprValue::map(std::move(entries));
}

ExprValue with_path(const ExprValue& base, const std::vector<std::string_view>& parts, size_t i,
                    ExprValue value) {
  if (i == parts.size()) {
    return value;
  }
  ExprValue::Map entries = base.as_map();  // empty when base is not a map: it is replaced
  const ExprValue* child = base.find(parts[i]);
  ExprValue nested = with_path(child != nullptr ? *child : ExprValue(), parts, i + 1, value);
  entries.insert_or_assign(std::string(parts[i]), std::move(nested));
  return ExprValue::map(std::move(entries));
}

}  // namespace

ExprEnv ExprEnv::from_strings(const std::vector<std::pair<std::string, std::string>>& variables) {
  std::map<std::string, std::string, std::less<>> flat;
  for (const auto& [name, value] : variables) {
    flat.insert_or_assign(name, value);
  }
  TreeNode root;
  for (const auto& [name, value] : flat) {
    // Argo's removeConflicts: a key with a more specific key below it is dropped. Every key
    // below `name.` sorts right after the prefix, so one lower_bound finds any of them.
    const std::string prefix = name + ".";
    const auto next = flat.lower_bound(prefix);
    if (next != flat.end() && next->first.compare(0, prefix.size(), prefix) == 0) {
      continue;
    }
    TreeNode* node = &root;
    for (std::string_view part : split_dots(name)) {
      node = &node->children[std::string(part)];
    }
    node->leaf = value;
  }
  ExprEnv env;
  env.m_root = to_value(root);
  return env;
}

ExprEnv ExprEnv::from_scope(const Scope& scope) {
  std::vector<const Scope*> chain;
  for (const Scope* s = &scope; s != nullptr; s = s->parent()) {
    chain.push_back(s);
  }
  std::vector<std::pair<std::string, std::string>> variables;
  // Outermost first, so that inner bindings come later and replace the outer ones.
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    for (const auto& [name, value] : (*it)->values()) {
      variables.emplace_back(name, value);
    }
  }
  return from_strings(variables);
}

void ExprEnv::set(std::string_view dotted_name, ExprValue value) {
  m_root = with_path(m_root, split_dots(dotted_name), 0, std::move(value));
}

const ExprValue* ExprEnv::find(std::string_view name) const {
  return m_root.find(name);
}

}  // namespace expr
