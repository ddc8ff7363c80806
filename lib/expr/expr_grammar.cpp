#include "expr/expr_grammar.hpp"

#include <array>

namespace expr::detail {
namespace {

// expr's operator.Binary table.
constexpr std::array<BinaryOp, 24> k_binary = {{
    {"|", 0, false},         {"or", 10, false},       {"||", 10, false},
    {"and", 15, false},      {"&&", 15, false},       {"==", 20, false},
    {"!=", 20, false},       {"<", 20, false},        {">", 20, false},
    {">=", 20, false},       {"<=", 20, false},       {"in", 20, false},
    {"matches", 20, false},  {"contains", 20, false}, {"startsWith", 20, false},
    {"endsWith", 20, false}, {"..", 25, false},       {"+", 30, false},
    {"-", 30, false},        {"*", 60, false},        {"/", 60, false},
    {"%", 60, false},        {"**", 100, true},       {"^", 100, true},
}};

constexpr std::array<PredicateSpec, 15> k_predicates = {{
    {"all", false, false},
    {"none", false, false},
    {"any", false, false},
    {"one", false, false},
    {"filter", false, false},
    {"map", false, false},
    {"count", true, false},
    {"sum", true, false},
    {"find", false, false},
    {"findIndex", false, false},
    {"findLast", false, false},
    {"findLastIndex", false, false},
    {"groupBy", false, false},
    {"sortBy", false, true},
    {"reduce", false, true},
}};

}  // namespace

const BinaryOp* find_binary(const Token& token) {
  if (token.kind != TokenKind::op) {
    return nullptr;
  }
  static constexpr BinaryOp k_coalesce = {"??", k_coalesce_precedence, false};
  if (token.value == "??") {
    return &k_coalesce;
  }
  for (const BinaryOp& op : k_binary) {
    if (op.name == token.value) {
      return &op;
    }
  }
  return nullptr;
}

int unary_precedence(const Token& token) {
  if (token.kind != TokenKind::op) {
    return -1;
  }
  if (token.value == "not" || token.value == "!") {
    return 50;
  }
  if (token.value == "-" || token.value == "+") {
    return 90;
  }
  return -1;
}

bool negatable(std::string_view op) {
  return op == "in" || op == "matches" || op == "contains" || op == "startsWith" ||
         op == "endsWith";
}

const PredicateSpec* find_predicate(std::string_view name) {
  for (const PredicateSpec& spec : k_predicates) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

}  // namespace expr::detail
