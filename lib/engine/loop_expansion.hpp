/// Expanding a step's or task's `withItems` / `withParam` / `withSequence` into the items its
/// loop children run with (spec section 4.6).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "expr/substitute.hpp"
#include "graph/item_value.hpp"
#include "model/template.hpp"
#include "util/result.hpp"

namespace engine {

/// One loop item.
struct LoopItem {
  std::string rendered;    ///< what `{{item}}` becomes
  graph::ItemValue value;  ///< for the child's node name
  /// `item.<key>` bindings of a map item (strings raw, other values as compact JSON).
  std::vector<std::pair<std::string, std::string>> fields;
};

/// True when the step has withItems, withParam or withSequence.
bool has_loop(const model::Step& step);

/// The items of the step's loop, tags in it substituted from `scope` (strictly). Errors are
/// Argo's: `withParam value could not be parsed as a JSON list: <value>: <err>`, a failed
/// substitution, or a bad sequence.
util::Result<std::vector<LoopItem>> expand_loop(const model::Step& step, const expr::Scope& scope);

/// Binds `item` and `item.<key>` in `scope`.
void bind_item(expr::Scope& scope, const LoopItem& item);

}  // namespace engine
