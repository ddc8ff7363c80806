/// The parser of the expression language: expr-lang/expr's grammar and operator precedence
/// (parser/parser.go). Internal to expr; see expr_eval.hpp for the public API.
#pragma once

#include <string_view>

#include "expr/expr_ast.hpp"

namespace expr::detail {

/// Parses a whole expression. Throws EvalError with expr's message (`unexpected token
/// Operator("*")`) and the byte offset of the offending token.
NodePtr parse_expression_tree(std::string_view source);

/// True for the builtins whose second argument is a predicate (`filter`, `map`, `all`, ...).
bool is_predicate_builtin(std::string_view name);

}  // namespace expr::detail
