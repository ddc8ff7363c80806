#include "model/dag_ancestry.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "expr/depends.hpp"

namespace model {
namespace {

bool is_task_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

}  // namespace

std::vector<std::string> DagAncestry::direct_dependencies(const Step& task) {
  std::vector<std::string> names;
  for (const Scalar& dependency : task.dependencies) {
    names.push_back(dependency.value);
  }
  if (!task.depends) {
    return names;
  }
  const expr::DependsParse parsed = expr::parse_depends(task.depends->value);
  const bool syntax_error = std::any_of(
      parsed.errors.begin(), parsed.errors.end(),
      [](const expr::DependsError& e) { return e.kind == expr::DependsErrorKind::syntax; });
  if (!syntax_error) {
    for (const expr::DependsOperand& operand : parsed.operands) {
      names.push_back(operand.task);
    }
    return names;
  }
  // After a syntax error (reported by check_dag) take every word that is not a result, so
  // as many ancestors as possible are known and no reference is blamed on the typo.
  const std::string_view text = task.depends->value;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_task_name_char(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && is_task_name_char(text[i])) {
      ++i;
    }
    if (start == 0 || text[start - 1] != '.') {
      names.emplace_back(text.substr(start, i - start));
    }
  }
  return names;
}

DagAncestry::DagAncestry(const std::vector<Step>& tasks, size_t bitset_limit)
    : m_parents(tasks.size()), m_use_bitsets(tasks.size() <= bitset_limit) {
  for (size_t i = 0; i < tasks.size(); ++i) {
    m_index.emplace(tasks[i].name.value, i);  // the first of duplicate names wins
  }
  for (size_t i = 0; i < tasks.size(); ++i) {
    for (const std::string& name : direct_dependencies(tasks[i])) {
      const size_t parent = index_of(name);
      if (parent != npos) {
        m_parents[i].push_back(parent);
      }
    }
  }
  if (m_use_bitsets) {
    m_words = (tasks.size() + 63) / 64;
    m_state.assign(tasks.size(), 0);
  } else {
    m_seen.assign(tasks.size(), 0);
  }
}

size_t DagAncestry::index_of(std::string_view name) const {
  const auto it = m_index.find(name);
  return it == m_index.end() ? npos : it->second;
}

bool DagAncestry::is_ancestor(size_t ancestor, size_t task) const {
  if (ancestor >= m_parents.size() || task >= m_parents.size()) {
    return false;
  }
  if (!m_use_bitsets) {
    return search(ancestor, task);
  }
  if (m_rows.empty()) {
    m_rows.assign(m_words * m_parents.size(), 0);
  }
  if (m_state[task] != 2) {
    compute_row(task);
  }
  return (m_rows[task * m_words + ancestor / 64] >> (ancestor % 64)) & 1U;
}

void DagAncestry::compute_row(size_t task) const {
  // Depth-first over dependencies without recursion (DAGs can be deep); a row is the union
  // of its parents' rows and the parents themselves, filled once every parent is done.
  std::vector<std::pair<size_t, size_t>> stack{{task, 0}};
  m_state[task] = 1;
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (next < m_parents[node].size()) {
      const size_t parent = m_parents[node][next++];
      if (m_state[parent] == 0) {
        m_state[parent] = 1;
        stack.emplace_back(parent, 0);
      }
      continue;
    }
    uint64_t* row = &m_rows[node * m_words];
    for (const size_t parent : m_parents[node]) {
      row[parent / 64] |= uint64_t{1} << (parent % 64);
      if (m_state[parent] == 2) {
        const uint64_t* parent_row = &m_rows[parent * m_words];
        for (size_t w = 0; w < m_words; ++w) {
          row[w] |= parent_row[w];
        }
      }
    }
    m_state[node] = 2;
    stack.pop_back();
  }
}

bool DagAncestry::search(size_t ancestor, size_t task) const {
  if (++m_stamp == 0) {
    m_seen.assign(m_seen.size(), 0);
    m_stamp = 1;
  }
  std::vector<size_t> pending{task};
  while (!pending.empty()) {
    const size_t node = pending.back();
    pending.pop_back();
    for (const size_t parent : m_parents[node]) {
      if (parent == ancestor) {
        return true;
      }
      if (m_seen[parent] != m_stamp) {
        m_seen[parent] = m_stamp;
        pending.push_back(parent);
      }
    }
  }
  return false;
}

}  // namespace model
