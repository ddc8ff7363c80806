// Validation checks: dag templates (see validation_context.hpp). Task names, `dependencies`
// and `depends`, task results, cycles and targets, as Argo's validate.go:validateDAG checks
// them, except that every problem is reported instead of only the first.
#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "expr/depends.hpp"
#include "model/validation_context.hpp"
#include "model/validation_util.hpp"

namespace model {
namespace {

constexpr size_t k_none = static_cast<size_t>(-1);

// ---------------------------------------------------------------------------------------------
// Positions inside a scalar: diagnostics about part of a `depends` or `target` value point at
// that part. This works for scalars written on one line, plain or quoted; anything else
// (block scalars, folded lines, tags, anchors) falls back to the start of the scalar.

uint32_t utf8_length(uint32_t code_point) {
  return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
}

uint32_t hex_value(std::string_view digits) {
  uint32_t value = 0;
  for (char c : digits) {
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : 0;
    value = value * 16 + static_cast<uint32_t>(d);
  }
  return value;
}

// One escape of a double-quoted scalar: how many raw bytes it spans (after the backslash)
// and how many value bytes it produces. {0, 0} for an escape this mapping does not handle.
std::pair<size_t, size_t> escape_size(std::string_view raw, size_t at) {
  const char c = raw[at];
  const size_t hex_digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
  if (hex_digits > 0) {
    if (at + hex_digits >= raw.size()) {
      return {0, 0};
    }
    return {1 + hex_digits, utf8_length(hex_value(raw.substr(at + 1, hex_digits)))};
  }
  if (c == 'N' || c == '_') {
    return {1, 2};  // U+0085, U+00A0
  }
  if (c == 'L' || c == 'P') {
    return {1, 3};  // U+2028, U+2029
  }
  return {1, 1};
}

// Raw offset (from the opening quote) of each value byte of a quoted scalar, plus one entry
// for the end; empty when the scalar does not close on this line or does not match `value`.
std::vector<size_t> quoted_offsets(std::string_view raw, std::string_view value) {
  const char quote = raw[0];
  std::vector<size_t> offsets;
  size_t i = 1;
  while (i < raw.size()) {
    const char c = raw[i];
    if (c == quote && !(quote == '\'' && i + 1 < raw.size() && raw[i + 1] == '\'')) {
      offsets.push_back(i);
      return offsets.size() == value.size() + 1 ? offsets : std::vector<size_t>{};
    }
    if (c == '\\' && quote == '"' && i + 1 < raw.size()) {
      const auto [raw_size, value_size] = escape_size(raw, i + 1);
      if (raw_size == 0) {
        return {};
      }
      offsets.insert(offsets.end(), value_size, i);
      i += 1 + raw_size;
      continue;
    }
    if (offsets.size() >= value.size() || value[offsets.size()] != c) {
      return {};
    }
    offsets.push_back(i);
    i += c == '\'' && quote == '\'' ? 2 : 1;
  }
  return {};
}

// Where byte `offset` of `scalar.value` is in the source.
util::SourceLoc loc_in_scalar(const Scalar& scalar, size_t offset) {
  util::SourceLoc loc = scalar.loc;
  if (!loc.valid() || loc.column == 0 || offset > scalar.value.size()) {
    return scalar.loc;
  }
  const std::string_view line = loc.file->line_text(loc.line);
  if (loc.column > line.size()) {
    return scalar.loc;
  }
  const std::string_view raw = line.substr(loc.column - 1);
  if (raw[0] == '\'' || raw[0] == '"') {
    const std::vector<size_t> offsets = quoted_offsets(raw, scalar.value);
    if (offsets.empty()) {
      return scalar.loc;
    }
    loc.column += static_cast<uint32_t>(offsets[offset]);
    return loc;
  }
  if (raw.substr(0, scalar.value.size()) != scalar.value) {
    return scalar.loc;
  }
  loc.column += static_cast<uint32_t>(offset);
  return loc;
}

// ---------------------------------------------------------------------------------------------

// True when `text` contains a tag like `{{inputs.parameters.x}}`: Argo's isParameter
// (`{{[-a-zA-Z0-9]+(\.[-a-zA-Z0-9_]+)*}}`, unanchored). Such targets are known only at run time.
bool contains_parameter(std::string_view text) {
  auto word_char = [](char c, bool underscore) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           (underscore && c == '_');
  };
  for (size_t start = text.find("{{"); start != std::string_view::npos;
       start = text.find("{{", start + 1)) {
    size_t i = start + 2;
    bool underscore = false;  // the first segment may not contain '_'
    bool ok = true;
    while (ok) {
      const size_t segment = i;
      while (i < text.size() && word_char(text[i], underscore)) {
        ++i;
      }
      ok = i > segment;
      if (!ok || i >= text.size() || text[i] != '.') {
        break;
      }
      ++i;
      underscore = true;
    }
    if (ok && text.substr(i, 2) == "}}") {
      return true;
    }
  }
  return false;
}

bool has_items(const Step& task) {
  return (task.with_items && !task.with_items->items.empty()) ||
         (task.with_param && !task.with_param->value.empty()) || task.with_sequence.has_value();
}

bool has_depends(const Step& task) {
  return task.depends && !task.depends->value.empty();
}

/// An edge of the dependency graph: the task depended on and where the reference is.
struct Edge {
  size_t to = 0;
  util::SourceLoc loc;
};

/// The checks of one dag template. `m_path` is "templates.<name>" (or an inline path).
class DagChecker {
 public:
  DagChecker(const ValidationContext& context, const DagTemplate& dag, std::string path)
      : m_context(context), m_dag(dag), m_path(std::move(path)) {}

  void run() {
    if (m_dag.tasks.empty()) {
      m_context.error(m_dag.loc, "dag-no-tasks",
                      fmt::format("{} must have at least one task", m_path));
      return;
    }
    index_tasks();
    m_edges.resize(m_dag.tasks.size());
    for (size_t i = 0; i < m_dag.tasks.size(); ++i) {
      check_task_fields(m_dag.tasks[i]);
      std::set<std::string> undefined;  // reported once per task, whichever field names it
      check_dependencies(i, undefined);
      check_depends(i, undefined);
    }
    check_cycles();
    check_targets();
  }

 private:
  void index_tasks() {
    for (size_t i = 0; i < m_dag.tasks.size(); ++i) {
      const Step& task = m_dag.tasks[i];
      m_using_depends = m_using_depends || has_depends(task);
      if (!task.name.value.empty()) {
        // The first of two tasks with the same name wins; check_names reports the duplicate.
        m_index.emplace(task.name.value, i);
        m_names.push_back(task.name.value);
      }
    }
  }

  size_t index_of(const std::string& name) const {
    auto it = m_index.find(name);
    return it == m_index.end() ? k_none : it->second;
  }

  std::string task_path(const Step& task) const {
    return fmt::format("{}.tasks.{}", m_path, task.name.value);
  }

  // Argo's per-task rules; `depends` on any task of the template makes them stricter.
  void check_task_fields(const Step& task) {
    const std::string& name = task.name.value;
    if ((m_using_depends || !task.dependencies.empty()) && !name.empty() && name[0] >= '0' &&
        name[0] <= '9') {
      m_context.error(task.name.loc, "dag-task-name-digit",
                      fmt::format("{} name cannot begin with a digit when using either "
                                  "'depends' or 'dependencies'",
                                  task_path(task)));
    }
    if (m_using_depends && !task.dependencies.empty()) {
      m_context.error(task.dependencies.front().loc, "dag-depends-and-dependencies",
                      fmt::format("{} cannot use both 'depends' and 'dependencies' in the same "
                                  "DAG template",
                                  m_path));
    }
    if (m_using_depends && task.continue_on) {
      m_context.error(task.continue_on->loc, "dag-continue-on-with-depends",
                      fmt::format("{} cannot use 'continueOn' when using 'depends'. Instead use "
                                  "'dep-task.Failed'/'dep-task.Errored'",
                                  m_path));
    }
  }

  // Records an edge from task `from` to the task named `name`, or reports that it is not
  // defined (once per name and task).
  void add_dependency(size_t from, const std::string& name, util::SourceLoc loc,
                      std::set<std::string>& reported) {
    const size_t to = index_of(name);
    if (to == k_none) {
      if (reported.insert(name).second) {
        m_context.error(
            loc, "dag-undefined-dependency",
            fmt::format("{} dependency '{}' not defined{}", task_path(m_dag.tasks[from]), name,
                        did_you_mean(name, m_names)));
      }
      return;
    }
    std::vector<Edge>& edges = m_edges[from];
    if (std::none_of(edges.begin(), edges.end(), [&](const Edge& e) { return e.to == to; })) {
      edges.push_back({to, loc});
    }
  }

  void check_dependencies(size_t i, std::set<std::string>& undefined) {
    for (const Scalar& dependency : m_dag.tasks[i].dependencies) {
      add_dependency(i, dependency.value, dependency.loc, undefined);
    }
  }

  void check_depends(size_t i, std::set<std::string>& undefined) {
    const Step& task = m_dag.tasks[i];
    if (!has_depends(task)) {
      return;
    }
    const Scalar& depends = *task.depends;
    const expr::DependsParse parsed = expr::parse_depends(depends.value);
    for (const expr::DependsError& error : parsed.errors) {
      const util::SourceLoc loc = loc_in_scalar(depends, error.column - 1);
      if (error.kind == expr::DependsErrorKind::invalid_result) {
        m_context.error(loc, "dag-task-result",
                        fmt::format("{} {}", task_path(task), error.message));
      } else {
        m_context.error(loc, "dag-depends-syntax",
                        fmt::format("{}.depends: {}", task_path(task), error.message));
      }
    }
    std::set<std::string> reported_items;
    for (const expr::DependsOperand& operand : parsed.operands) {
      add_dependency(i, operand.task, loc_in_scalar(depends, operand.column - 1), undefined);
      const size_t to = index_of(operand.task);
      if (to != k_none && operand.result && expr::is_items_result(*operand.result) &&
          !has_items(m_dag.tasks[to]) && reported_items.insert(operand.task).second) {
        m_context.error(loc_in_scalar(depends, operand.result_column - 1), "dag-items-condition",
                        fmt::format("{} dependency '{}' uses an items-based condition such as "
                                    ".AnySucceeded or .AllFailed but does not contain any items",
                                    task_path(task), operand.task));
      }
    }
  }

  void check_cycles();
  std::vector<size_t> find_cycle(size_t start, const std::vector<size_t>& component) const;

  void check_targets() {
    if (!m_dag.target || m_dag.target->value.empty()) {
      return;
    }
    const Scalar& target = *m_dag.target;
    const std::string_view text = target.value;
    // Argo splits on single spaces, so two spaces in a row make an empty target name.
    size_t start = 0;
    while (true) {
      const size_t end = std::min(text.find(' ', start), text.size());
      const std::string name(text.substr(start, end - start));
      if (!contains_parameter(name) && index_of(name) == k_none) {
        m_context.error(loc_in_scalar(target, start), "dag-target",
                        fmt::format("{}.targets: target '{}' is not defined{}", m_path, name,
                                    name.empty() ? std::string() : did_you_mean(name, m_names)));
      }
      if (end == text.size()) {
        break;
      }
      start = end + 1;
    }
  }

  const ValidationContext& m_context;
  const DagTemplate& m_dag;
  std::string m_path;
  bool m_using_depends = false;
  std::unordered_map<std::string, size_t> m_index;  ///< task name -> first task with it
  std::vector<std::string> m_names;                 ///< for "did you mean"
  std::vector<std::vector<Edge>> m_edges;           ///< per task: what it depends on
};

// Strongly connected components by Kosaraju's algorithm, iteratively so a long chain of
// tasks cannot exhaust the stack. Returns each task's component number.
std::vector<size_t> components(const std::vector<std::vector<Edge>>& edges) {
  const size_t n = edges.size();
  std::vector<size_t> order;
  std::vector<bool> seen(n, false);
  for (size_t root = 0; root < n; ++root) {
    if (seen[root]) {
      continue;
    }
    std::vector<std::pair<size_t, size_t>> stack{{root, 0}};  // node, next edge
    seen[root] = true;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < edges[node].size()) {
        const size_t to = edges[node][next++].to;
        if (!seen[to]) {
          seen[to] = true;
          stack.push_back({to, 0});
        }
      } else {
        order.push_back(node);
        stack.pop_back();
      }
    }
  }
  std::vector<std::vector<size_t>> reverse(n);
  for (size_t from = 0; from < n; ++from) {
    for (const Edge& e : edges[from]) {
      reverse[e.to].push_back(from);
    }
  }
  std::vector<size_t> component(n, k_none);
  size_t count = 0;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (component[*it] != k_none) {
      continue;
    }
    std::vector<size_t> stack{*it};
    component[*it] = count++;
    while (!stack.empty()) {
      const size_t node = stack.back();
      stack.pop_back();
      for (size_t from : reverse[node]) {
        if (component[from] == k_none) {
          component[from] = component[*it];
          stack.push_back(from);
        }
      }
    }
  }
  return component;
}

// The shortest cycle from `start` back to itself inside its component (breadth first,
// following each task's dependencies in the order written): start, ..., start.
std::vector<size_t> DagChecker::find_cycle(size_t start,
                                           const std::vector<size_t>& component) const {
  std::vector<size_t> parent(m_edges.size(), k_none);
  std::deque<size_t> queue{start};
  while (!queue.empty()) {
    const size_t node = queue.front();
    queue.pop_front();
    for (const Edge& e : m_edges[node]) {
      if (e.to == start) {
        std::vector<size_t> path{start};
        for (size_t at = node; at != start; at = parent[at]) {
          path.push_back(at);
        }
        path.push_back(start);
        std::reverse(path.begin() + 1, path.end() - 1);
        return path;
      }
      if (component[e.to] == component[start] && parent[e.to] == k_none) {
        parent[e.to] = node;
        queue.push_back(e.to);
      }
    }
  }
  return {};
}

// One diagnostic per cycle-bearing component, named from its first task in document order
// and pointing at that task's reference to the next task of the cycle.
void DagChecker::check_cycles() {
  const std::vector<size_t> component = components(m_edges);
  std::vector<size_t> size(m_edges.size(), 0);
  for (size_t c : component) {
    ++size[c];
  }
  std::set<size_t> reported;
  for (size_t start = 0; start < m_edges.size(); ++start) {
    const std::vector<Edge>& edges = m_edges[start];
    const bool self_loop =
        std::any_of(edges.begin(), edges.end(), [&](const Edge& e) { return e.to == start; });
    if ((size[component[start]] < 2 && !self_loop) || !reported.insert(component[start]).second) {
      continue;
    }
    const std::vector<size_t> cycle = find_cycle(start, component);
    if (cycle.size() < 2) {
      continue;
    }
    std::vector<std::string> names;
    for (size_t task : cycle) {
      names.push_back(m_dag.tasks[task].name.value);
    }
    auto first =
        std::find_if(edges.begin(), edges.end(), [&](const Edge& e) { return e.to == cycle[1]; });
    m_context.error(
        first != edges.end() ? first->loc : m_dag.tasks[start].name.loc, "dag-cycle",
        fmt::format("{}.tasks dependency cycle detected: {}", m_path, fmt::join(names, "->")));
  }
}

}  // namespace

void check_dag(const ValidationContext& context) {
  for (const TemplateSite& site : all_templates(context.workflow)) {
    if (site.tmpl->dag) {
      DagChecker(context, *site.tmpl->dag, site.path).run();
    }
  }
}

}  // namespace model
