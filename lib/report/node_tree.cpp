#include "report/node_tree.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/naming.hpp"
#include "report/humanize.hpp"
#include "report/tabwriter.hpp"
#include "report/time_text.hpp"

namespace report {
namespace {

/// How Argo's printer treats a node type: boundaries (Steps, DAG) collect the nodes inside
/// them, parents (StepGroup, Retry) their children, executions are leaves. Other types
/// (TaskGroup, Container) are not drawn.
enum class Kind { boundary, parent, execution };

std::optional<Kind> kind_of(graph::NodeType type) {
  switch (type) {
    case graph::NodeType::steps:
    case graph::NodeType::dag: return Kind::boundary;
    case graph::NodeType::step_group:
    case graph::NodeType::retry: return Kind::parent;
    case graph::NodeType::pod:
    case graph::NodeType::skipped:
    case graph::NodeType::suspend:
    case graph::NodeType::http:
    case graph::NodeType::plugin: return Kind::execution;
    default: return std::nullopt;
  }
}

/// The `(i:` loop index at the start of a display name's first parenthesis, or -1 (Argo's
/// RecoverIndexFromNodeName).
std::int64_t loop_index(std::string_view name) {
  const std::size_t open = name.find('(');
  const std::size_t colon = name.find(':');
  if (open == std::string_view::npos || colon == std::string_view::npos || colon <= open + 1) {
    return -1;
  }
  std::string_view digits = name.substr(open + 1, colon - open - 1);
  bool negative = false;
  if (digits.front() == '+' || digits.front() == '-') {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 18) {
    return -1;
  }
  std::int64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') {
      return -1;
    }
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

/// Go's zero time sorts before every real time; nodes not started yet use it.
graph::TimePoint sort_time(const graph::Node& node) {
  return node.started_at ? truncate_to_seconds(*node.started_at) : graph::TimePoint::min();
}

/// Argo's insertSorted: `a` goes before `b` when it started earlier; at the same second by
/// loop index when both have one, else by display name.
bool goes_before(const graph::Node& a, const graph::Node& b) {
  const graph::TimePoint ta = sort_time(a);
  const graph::TimePoint tb = sort_time(b);
  if (ta != tb) {
    return ta < tb;
  }
  const std::int64_t ia = loop_index(a.display_name);
  const std::int64_t ib = loop_index(b.display_name);
  if (ia >= 0 && ib >= 0) {
    return ia < ib;
  }
  return a.display_name < b.display_name;
}

struct Glyphs {
  std::string_view single;  ///< the only child of a hidden step group
  std::string_view first;   ///< the first of several children of a hidden step group
  std::string_view middle;
  std::string_view last;
  std::string_view bar;  ///< continues a branch past a child that has siblings below
};

constexpr Glyphs k_utf8_glyphs{"──", "┬─", "├─", "└─", "│ "};
constexpr Glyphs k_ascii_glyphs{"--", "+-", "|-", "`-", "| "};

/// Phase icon and colour (common.go); Omitted has no icon.
struct Icon {
  std::string_view symbol;
  std::string_view word;
  int color;
};

Icon phase_icon(graph::Phase phase) {
  switch (phase) {
    case graph::Phase::pending: return {"◷", "Pending", 33};
    case graph::Phase::running: return {"●", "Running", 36};
    case graph::Phase::succeeded: return {"✔", "Succeeded", 32};
    case graph::Phase::skipped: return {"○", "Skipped", 39};
    case graph::Phase::failed: return {"✖", "Failed", 31};
    case graph::Phase::error: return {"⚠", "Error", 31};
    default: return {"", "", 0};
  }
}

class TreePrinter {
 public:
  TreePrinter(const graph::WorkflowStatus& status, const TreeOptions& options)
      : m_status(status), m_options(options) {
    build();
  }

  std::string print() {
    m_writer.write(colored("STEP", 39) + "\tTEMPLATE\tPODNAME\tDURATION\tMESSAGE\n");
    if (const auto root = root_index(m_status.name)) {
      render(*root, " ", " ");
    }
    const std::string on_exit = m_status.name + ".onExit";
    if (const auto root = root_index(graph::node_id(m_status.name, on_exit))) {
      m_writer.write("\t\t\t\t\t\n");
      render(*root, " ", " ");
    }
    return m_writer.flush();
  }

 private:
  struct RenderNode {
    const graph::Node* node;
    Kind kind;
    std::vector<std::size_t> children;  ///< indexes into m_nodes, in display order
  };

  /// The children of one parent, as renderChild sees them.
  struct Siblings {
    bool parent_hidden;  ///< the parent printed no row
    bool indent;         ///< the parent is a step group: its children get their own branches
    std::size_t last;    ///< index of the last child
  };

  // Argo's convertToRenderTrees: parents claim their children first; every other node
  // goes to its boundary node, and nodes with neither are roots.
  void build() {
    std::unordered_map<std::string_view, std::size_t> parent_of;
    for (const graph::Node& node : m_status.nodes.nodes()) {
      const std::optional<Kind> kind = kind_of(node.type);
      if (!kind) {
        continue;
      }
      m_index.emplace(node.id, m_nodes.size());
      m_nodes.push_back(RenderNode{&node, *kind, {}});
      if (*kind == Kind::parent) {
        for (const std::string& child : node.children) {
          parent_of[child] = m_nodes.size() - 1;
        }
      }
    }
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
      const graph::Node& node = *m_nodes[i].node;
      if (const auto it = parent_of.find(node.id); it != parent_of.end()) {
        insert_sorted(m_nodes[it->second].children, i);
      } else if (node.boundary_id.empty()) {
        m_roots.emplace(node.id, i);
      } else if (const auto b = m_index.find(node.boundary_id);
                 b != m_index.end() && m_nodes[b->second].kind == Kind::boundary) {
        insert_sorted(m_nodes[b->second].children, i);
      }
    }
  }

  void insert_sorted(std::vector<std::size_t>& list, std::size_t item) const {
    std::size_t at = 0;
    while (at < list.size() && !goes_before(*m_nodes[item].node, *m_nodes[list[at]].node)) {
      ++at;
    }
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(at), item);
  }

  std::optional<std::size_t> root_index(const std::string& id) const {
    const auto it = m_roots.find(id);
    return it == m_roots.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }

  std::string colored(std::string_view text, int color) const {
    if (!m_options.color) {
      return std::string(text);
    }
    return "\x1b[" + std::to_string(color) + "m" + std::string(text) + "\x1b[0m";
  }

  /// Argo's filterNode: {hidden, children indented as under a step group}.
  static std::pair<bool, bool> hidden(const graph::Node& node) {
    if (node.type == graph::NodeType::retry && node.children.size() == 1) {
      return {true, false};
    }
    if (node.type == graph::NodeType::step_group) {
      return {true, true};
    }
    if (node.type == graph::NodeType::skipped && node.phase == graph::Phase::omitted) {
      return {true, false};
    }
    return {false, false};
  }

  void render(std::size_t index, const std::string& node_prefix, const std::string& child_prefix) {
    const RenderNode& render_node = m_nodes[index];
    const auto [is_hidden, indent_children] = hidden(*render_node.node);
    if (!is_hidden) {
      print_row(*render_node.node, node_prefix);
    }
    const Siblings siblings{is_hidden, indent_children, render_node.children.size() - 1};
    for (std::size_t i = 0; i < render_node.children.size(); ++i) {
      render_child(render_node.children[i], i, siblings, node_prefix, child_prefix);
    }
  }

  // Argo's renderChild: the branch glyphs of child `i` and the prefix its own children get.
  void render_child(std::size_t index, std::size_t i, const Siblings& siblings,
                    const std::string& node_prefix, const std::string& child_prefix) {
    const Glyphs& g = m_options.utf8 ? k_utf8_glyphs : k_ascii_glyphs;
    std::string_view part;
    std::string_view sub;
    const std::size_t last = siblings.last;
    if (siblings.parent_hidden && siblings.indent) {
      if (last == 0) {
        part = g.single;
        sub = "  ";
      } else if (i == 0) {
        part = g.first;
        sub = g.bar;
      } else if (i == last) {
        part = g.last;
        sub = "  ";
      } else {
        part = g.middle;
        sub = g.bar;
      }
    } else if (!siblings.parent_hidden) {
      part = i == last ? g.last : g.middle;
      sub = i == last ? std::string_view("  ") : g.bar;
    }
    // A hidden parent's first child takes the parent's own place in the tree.
    const std::string& base = siblings.parent_hidden && i == 0 ? node_prefix : child_prefix;
    render(index, base + std::string(part), child_prefix + std::string(sub));
  }

  void print_row(const graph::Node& node, const std::string& prefix) {
    std::string icon;
    if (node.type == graph::NodeType::suspend && node.phase == graph::Phase::running) {
      icon = colored(m_options.utf8 ? "ǁ" : "Suspend", 36);
    } else if (const Icon i = phase_icon(node.phase); i.color != 0) {
      icon = colored(m_options.utf8 ? i.symbol : i.word, i.color);
    }
    std::string template_text = node.template_name;
    if (node.template_ref) {
      template_text = node.template_ref->name + "/" + node.template_ref->template_name;
    }
    std::string pod;
    std::string duration;
    if (node.type == graph::NodeType::pod) {
      pod = pod_name(node);
      duration = short_duration(elapsed(node));
    }
    m_writer.write(prefix + icon + " " + node.display_name + "\t" + template_text + "\t" + pod +
                   "\t" + duration + "\t" + node.message + "\t\n");
  }

  /// The pod name the engine recorded, else Argo's (v1 when the workflow's
  /// `workflows.argoproj.io/pod-name-format` annotation says so).
  std::string pod_name(const graph::Node& node) const {
    if (!node.pod_name.empty()) {
      return node.pod_name;
    }
    auto version = graph::PodNameVersion::v2;
    for (const auto& [key, value] : m_status.annotations) {
      if (key == "workflows.argoproj.io/pod-name-format" && value == "v1") {
        version = graph::PodNameVersion::v1;
      }
    }
    const std::string& tmpl =
        node.template_ref ? node.template_ref->template_name : node.template_name;
    return graph::pod_name(m_status.name, tmpl, node.name, version);
  }

  /// startedAt to finishedAt, or to now while running; Go measures an unset start from
  /// year 1, which saturates its Duration.
  Nanoseconds elapsed(const graph::Node& node) const {
    if (!node.started_at) {
      return node.finished_at ? Nanoseconds::max() : Nanoseconds::zero();
    }
    const graph::TimePoint start = truncate_to_seconds(*node.started_at);
    const graph::TimePoint finish =
        node.finished_at ? truncate_to_seconds(*node.finished_at) : m_options.now;
    return std::chrono::duration_cast<Nanoseconds>(finish - start);
  }

  const graph::WorkflowStatus& m_status;
  const TreeOptions& m_options;
  std::vector<RenderNode> m_nodes;
  std::unordered_map<std::string_view, std::size_t> m_index;
  std::unordered_map<std::string_view, std::size_t> m_roots;
  TabWriter m_writer{0, 2};
};

}  // namespace

std::string render_node_table(const graph::WorkflowStatus& status, const TreeOptions& options) {
  return TreePrinter(status, options).print();
}

}  // namespace report
