/// `argo get`'s default view of a workflow: the header block (name, status, times,
/// progress, parameters) and, once the workflow has a root node, the node tree.
#pragma once

#include <string>

#include "graph/node.hpp"
#include "graph/workflow_status.hpp"

namespace report {

/// How to draw the view, as `argo get`'s flags choose it.
struct TreeOptions {
  /// Box-drawing branches and status icons (✔ ✖ ⚠ ○ ● ◷ ǁ); false is `--no-utf8`: ASCII
  /// branches and the phase in words.
  bool utf8 = true;
  /// ANSI colours on the icons (and the matching dummy colour on `STEP`); false is
  /// `--no-color` or TERM=dumb.
  bool color = false;
  /// The current time: relative times ("2 minutes ago") and the durations of nodes still
  /// running are measured to it. Callers set it; the default (the epoch) is only a value.
  graph::TimePoint now{};
};

/// The full `argo get` output: the header lines, each `%-20s %v`, then an empty line and
/// the node table (see render_node_table()) when the workflow's root node exists. Ends
/// with a newline.
std::string render_tree(const graph::WorkflowStatus& status, const TreeOptions& options);

}  // namespace report
