/// The syntax tree of the expression language (expr-lang/expr's ast package, trimmed to what
/// the evaluator needs). Internal to expr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace expr::detail {

/// What a Node is, and what its `children` hold.
enum class NodeKind {
  nil,          ///< `nil`
  boolean,      ///< `true`/`false` (flag)
  integer,      ///< int literal (int_value)
  floating,     ///< float literal (float_value)
  string,       ///< string literal (text)
  identifier,   ///< a variable or let-bound name (text)
  pointer,      ///< `#` (text empty), `#index`, `#acc` (text = the name)
  unary,        ///< text = operator; [operand]
  binary,       ///< text = operator; [left, right]
  conditional,  ///< [condition, then, else]
  member,       ///< [object, property]; flag = optional (`?.`)
  slice,        ///< [object, from or null, to or null]
  call,         ///< text = function name; children = arguments
  method,       ///< text = method name; [object, arguments...]; flag = optional (`?.`)
  array,        ///< children = elements
  map,          ///< children = key, value, key, value, ...
  closure,      ///< a predicate (`{# > 1}` or `# > 1`); [body]
  chain,        ///< an optional chain `a?.b.c`: nil as soon as an optional step is nil; [inner]
  let,          ///< `let name = value; body`: text = name; [value, body]
};

/// One node of the tree.
struct Node {
  NodeKind kind = NodeKind::nil;
  std::size_t offset = 0;  ///< byte offset in the source, for error positions
  std::string text;
  std::int64_t int_value = 0;
  double float_value = 0;
  bool flag = false;
  std::vector<std::unique_ptr<Node>> children;
};

/// An owned node.
using NodePtr = std::unique_ptr<Node>;

}  // namespace expr::detail
