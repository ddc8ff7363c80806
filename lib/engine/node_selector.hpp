/// Argo's --node-field-selector: which nodes `resume`, `stop` and `node set` act on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/node.hpp"
#include "util/result.hpp"

namespace engine {

/// A parsed selector: terms that must all hold.
class NodeSelector {
 public:
  /// Parses `displayName=approve,phase!=Failed`: comma-separated `field=value`,
  /// `field==value` or `field!=value` terms over displayName, name, id, templateName, phase,
  /// type and inputs.parameters.<name>.value. Empty text selects every node.
  static util::Result<NodeSelector> parse(std::string_view text);
  /// Whether `node` satisfies every term.
  bool matches(const graph::Node& node) const;

 private:
  struct Term {
    std::string field;
    std::string value;
    bool negated = false;
  };
  std::vector<Term> m_terms;
};

}  // namespace engine
