/// expr's grammar as data: the binary operators with their precedence and associativity,
/// the unary operators, and the argument shapes of the predicate builtins (expr's
/// operator.Binary and predicates tables). The parser (expr_parser.cpp) walks these.
#pragma once

#include <string_view>

#include "expr/expr_lexer.hpp"

namespace expr::detail {

/// A binary operator.
struct BinaryOp {
  std::string_view name;
  int precedence;
  bool right_assoc;
};

/// `??` binds tighter than everything.
inline constexpr int k_coalesce_precedence = 500;
/// ==, <, in, matches, ...: these chain (`1 < x < 3`).
inline constexpr int k_comparison_precedence = 20;

/// The binary operator `token` is, or nullptr.
const BinaryOp* find_binary(const Token& token);

/// The precedence of `token` as a unary operator, or -1.
int unary_precedence(const Token& token);

/// Operators that take a `not` in front (`not in`, `not matches`, ...).
bool negatable(std::string_view op);

/// Argument shapes of a predicate builtin.
struct PredicateSpec {
  std::string_view name;
  bool predicate_optional;  ///< count/sum: the predicate may be left out
  bool third_argument;      ///< sortBy/reduce: an optional third expression
};

/// The predicate builtin named `name`, or nullptr.
const PredicateSpec* find_predicate(std::string_view name);

}  // namespace expr::detail
