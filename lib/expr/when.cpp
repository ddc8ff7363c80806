#include "expr/when.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "expr/when_lexer.hpp"

namespace expr {
namespace {

using when_detail::format_go_float;
using when_detail::Token;
using when_detail::TokenKind;
using Regex = std::shared_ptr<const std::regex>;

/// A govaluate value: nil, float64, bool, string, compiled pattern or []interface{}.
struct Value {
  enum class Type { nil, number, boolean, string, pattern, list };
  Type type = Type::nil;
  double number = 0;
  bool boolean = false;
  std::string text;  ///< string content, or the source of a pattern
  Regex regex;
  std::vector<Value> list;

  static Value make_number(double n) { return Value{Type::number, n, false, {}, {}, {}}; }
  static Value make_bool(bool b) { return Value{Type::boolean, 0, b, {}, {}, {}}; }
  static Value make_string(std::string s) {
    return Value{Type::string, 0, false, std::move(s), {}, {}};
  }
  bool is(Type t) const { return type == t; }
};

// Go's `%v` of a value.
std::string go_format(const Value& value) {
  switch (value.type) {
    case Value::Type::nil: return "<nil>";
    case Value::Type::number: return format_go_float(value.number);
    case Value::Type::boolean: return value.boolean ? "true" : "false";
    case Value::Type::string:
    case Value::Type::pattern: return value.text;
    case Value::Type::list: {
      std::string out = "[";
      for (size_t i = 0; i < value.list.size(); ++i) {
        out += (i > 0 ? " " : "") + go_format(value.list[i]);
      }
      return out + "]";
    }
  }
  return "";
}

// reflect.DeepEqual, which govaluate's `==` uses: types must match (1 != '1').
bool deep_equal(const Value& a, const Value& b) {
  if (a.type != b.type) {
    return false;
  }
  switch (a.type) {
    case Value::Type::nil: return true;
    case Value::Type::number: return a.number == b.number;
    case Value::Type::boolean: return a.boolean == b.boolean;
    case Value::Type::string:
    case Value::Type::pattern: return a.text == b.text;
    case Value::Type::list:
      return std::equal(a.list.begin(), a.list.end(), b.list.begin(), b.list.end(), deep_equal);
  }
  return false;
}

// Go's float64 -> int64 conversion as amd64 does it (out of range gives the minimum).
int64_t to_int64(double d) {
  if (std::isnan(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) {
    return std::numeric_limits<int64_t>::min();
  }
  return static_cast<int64_t>(d);
}

// govaluate OperatorSymbol, limited to what a `when` can contain.
enum class Op {
  literal,
  noop,
  accessor,
  separate,
  ternary_true,
  ternary_false,
  coalesce,
  logical_or,
  logical_and,
  eq,
  neq,
  gt,
  gte,
  lt,
  lte,
  req,
  nreq,
  in,
  bit_and,
  bit_or,
  bit_xor,
  lshift,
  rshift,
  plus,
  minus,
  multiply,
  divide,
  modulus,
  exponent,
  negate,
  invert,
  bit_not,
};

/// A plan stage. Children are indices into Plan::nodes; -1 is govaluate's nil stage.
struct Node {
  Op op = Op::literal;
  std::string symbol;  ///< operator text for type errors; accessor: the parameter name
  Value literal;
  int left = -1;
  int right = -1;
};

// Binary operators of each precedence level, lowest first.
struct Level {
  std::vector<TokenKind> kinds;
  std::vector<std::pair<std::string_view, Op>> ops;
};

const std::vector<Level>& levels() {
  static const std::vector<Level> k_levels = {
      {{TokenKind::separator}, {{",", Op::separate}}},
      {{TokenKind::ternary},
       {{"?", Op::ternary_true}, {":", Op::ternary_false}, {"??", Op::coalesce}}},
      {{TokenKind::logicalop}, {{"||", Op::logical_or}}},
      {{TokenKind::logicalop}, {{"&&", Op::logical_and}}},
      {{TokenKind::comparator},
       {{"==", Op::eq},
        {"!=", Op::neq},
        {">", Op::gt},
        {">=", Op::gte},
        {"<", Op::lt},
        {"<=", Op::lte},
        {"=~", Op::req},
        {"!~", Op::nreq},
        {"in", Op::in}}},
      {{TokenKind::modifier}, {{"&", Op::bit_and}, {"|", Op::bit_or}, {"^", Op::bit_xor}}},
      {{TokenKind::modifier}, {{"<<", Op::lshift}, {">>", Op::rshift}}},
      {{TokenKind::modifier}, {{"+", Op::plus}, {"-", Op::minus}}},
      {{TokenKind::modifier}, {{"*", Op::multiply}, {"/", Op::divide}, {"%", Op::modulus}}},
      {{TokenKind::modifier}, {{"**", Op::exponent}}},
  };
  return k_levels;
}

/// govaluate's stage planner as precedence climbing. govaluate plans right-recursively and
/// then mirrors same-precedence chains (reorderStages), which makes every level
/// left-associative; like govaluate, tokens left over after the top level are ignored.
class Planner {
 public:
  Planner(const std::vector<Token>& tokens, const std::vector<Regex>& patterns)
      : m_tokens(tokens), m_patterns(patterns) {}

  std::vector<Node> plan(int& root) {
    root = parse_level(0);
    return std::move(m_nodes);
  }

 private:
  int add(Node node) {
    m_nodes.push_back(std::move(node));
    return static_cast<int>(m_nodes.size()) - 1;
  }

  std::optional<Op> level_op(size_t level) const {
    if (m_pos >= m_tokens.size()) {
      return std::nullopt;
    }
    const Token& token = m_tokens[m_pos];
    const Level& spec = levels()[level];
    if (std::find(spec.kinds.begin(), spec.kinds.end(), token.kind) == spec.kinds.end()) {
      return std::nullopt;
    }
    for (const auto& [text, op] : spec.ops) {
      if (token.text == text) {
        return op;
      }
    }
    return std::nullopt;
  }

  int parse_level(size_t level) {
    if (level == levels().size()) {
      return parse_prefix();
    }
    int left = parse_level(level + 1);
    while (auto op = level_op(level)) {
      std::string symbol = m_tokens[m_pos++].text;
      const int right = parse_level(level + 1);
      left = add(Node{*op, std::move(symbol), {}, left, right});
    }
    return left;
  }

  // A prefix applies to one value (govaluate planPrefix -> planFunction -> planValue).
  int parse_prefix() {
    if (m_pos < m_tokens.size() && m_tokens[m_pos].kind == TokenKind::prefix) {
      const std::string& symbol = m_tokens[m_pos++].text;
      const Op op = symbol == "-" ? Op::negate : symbol == "!" ? Op::invert : Op::bit_not;
      const int operand = parse_value();
      return add(Node{op, symbol, {}, -1, operand});
    }
    return parse_value();
  }

  int parse_value() {
    if (m_pos >= m_tokens.size() || m_tokens[m_pos].kind == TokenKind::clause_close) {
      return -1;  // `()` or `(a ==)`: govaluate plans a nil stage, which evaluates to nil
    }
    const size_t index = m_pos++;
    const Token& token = m_tokens[index];
    switch (token.kind) {
      case TokenKind::clause: {
        const int inner = parse_level(0);
        ++m_pos;  // govaluate skips the next token blindly, trusting it is the `)`
        return add(Node{Op::noop, {}, {}, -1, inner});
      }
      case TokenKind::numeric:
      case TokenKind::time: return add(Node{Op::literal, {}, Value::make_number(token.number)});
      case TokenKind::boolean: return add(Node{Op::literal, {}, Value::make_bool(token.boolean)});
      case TokenKind::pattern: {
        Value value{Value::Type::pattern, 0, false, token.text, m_patterns[index], {}};
        return add(Node{Op::literal, {}, std::move(value)});
      }
      case TokenKind::accessor:
        return add(Node{Op::accessor, token.text.substr(0, token.text.find('.')), {}});
      default: return add(Node{Op::literal, {}, Value::make_string(token.text)});
    }
  }

  const std::vector<Token>& m_tokens;
  const std::vector<Regex>& m_patterns;
  std::vector<Node> m_nodes;
  size_t m_pos = 0;
};

// govaluate's type-error formats.
constexpr std::string_view k_comparator_error =
    "Value '{}' cannot be used with the comparator '{}', it is not a number";
constexpr std::string_view k_modifier_error =
    "Value '{}' cannot be used with the modifier '{}', it is not a number";
constexpr std::string_view k_logical_error =
    "Value '{}' cannot be used with the logical operator '{}', it is not a bool";
constexpr std::string_view k_prefix_error = "Value '{}' cannot be used with the prefix '{}'";
constexpr std::string_view k_ternary_error =
    "Value '{}' cannot be used with the ternary operator '{}', it is not a bool";

// Compiles `source` as an ECMAScript regexp (approximating Go RE2); "" or an error message.
std::string compile_regex(const std::string& source, Regex& out) {
  try {
    out = std::make_shared<const std::regex>(source, std::regex::ECMAScript);
    return "";
  } catch (const std::regex_error& e) {
    return fmt::format("error parsing regexp: {}: `{}`", e.what(), source);
  }
}

/// Evaluates a plan. Failures set `m_error` (govaluate's message) and return nil.
class Evaluator {
 public:
  explicit Evaluator(const std::vector<Node>& nodes) : m_nodes(nodes) {}

  const std::string& error() const { return m_error; }

  Value eval(int index) {
    if (index < 0 || !m_error.empty()) {
      return Value{};
    }
    const Node& node = m_nodes[static_cast<size_t>(index)];
    switch (node.op) {
      case Op::literal: return node.literal;
      case Op::accessor: return fail(fmt::format("No parameter '{}' found.", node.symbol));
      default: break;
    }
    Value left = eval(node.left);
    if (!m_error.empty()) {
      return Value{};
    }
    // govaluate's short circuits, decided on the left value alone.
    const bool left_false = left.is(Value::Type::boolean) && !left.boolean;
    const bool left_true = left.is(Value::Type::boolean) && left.boolean;
    const bool left_set = !left.is(Value::Type::nil);
    if ((node.op == Op::logical_and && left_false) || (node.op == Op::logical_or && left_true)) {
      return left;
    }
    if ((node.op == Op::coalesce || node.op == Op::ternary_false) && left_set) {
      return left;
    }
    if (node.op == Op::ternary_true && left_false) {
      return Value{};
    }
    Value right = eval(node.right);
    if (!m_error.empty()) {
      return Value{};
    }
    return apply(node, std::move(left), std::move(right));
  }

 private:
  Value fail(std::string message) {
    if (m_error.empty()) {
      m_error = std::move(message);
    }
    return Value{};
  }

  Value type_error(std::string_view format, const Value& culprit, const std::string& symbol) {
    return fail(fmt::format(fmt::runtime(format), go_format(culprit), symbol));
  }

  Value apply(const Node& node, Value left, Value right);
  Value apply_ordering(const Node& node, const Value& left, const Value& right);
  Value apply_numeric(const Node& node, double l, double r);
  Value apply_regex(const Node& node, const Value& left, const Value& right);

  const std::vector<Node>& m_nodes;
  std::string m_error;
};

Value Evaluator::apply(const Node& node, Value left, Value right) {
  using T = Value::Type;
  const std::string& sym = node.symbol;
  switch (node.op) {
    case Op::noop: return right;
    case Op::separate:
      if (left.is(T::list)) {
        left.list.push_back(std::move(right));
        return left;
      }
      return Value{T::list, 0, false, {}, {}, {std::move(left), std::move(right)}};
    case Op::ternary_true:
      if (!left.is(T::boolean)) {
        return type_error(k_ternary_error, left, sym);
      }
      return left.boolean ? right : Value{};
    case Op::ternary_false:
    case Op::coalesce: return right;  // the left was nil
    case Op::logical_and:
    case Op::logical_or:
      if (!left.is(T::boolean)) {
        return type_error(k_logical_error, left, sym);
      }
      if (!right.is(T::boolean)) {
        return type_error(k_logical_error, right, sym);
      }
      return Value::make_bool(node.op == Op::logical_and ? left.boolean && right.boolean
                                                         : left.boolean || right.boolean);
    case Op::eq: return Value::make_bool(deep_equal(left, right));
    case Op::neq: return Value::make_bool(!deep_equal(left, right));
    case Op::gt:
    case Op::gte:
    case Op::lt:
    case Op::lte: return apply_ordering(node, left, right);
    case Op::req:
    case Op::nreq: return apply_regex(node, left, right);
    case Op::in:
      if (!right.is(T::list)) {
        return type_error(k_comparator_error, right, sym);
      }
      for (const Value& item : right.list) {  // Go interface ==; lists never match here
        if (!item.is(T::list) && !left.is(T::list) && deep_equal(left, item)) {
          return Value::make_bool(true);
        }
      }
      return Value::make_bool(false);
    case Op::plus:
      if (left.is(T::string) || right.is(T::string)) {
        return Value::make_string(go_format(left) + go_format(right));
      }
      if (!left.is(T::number) || !right.is(T::number)) {
        return type_error(k_modifier_error, left, sym);
      }
      return Value::make_number(left.number + right.number);
    case Op::negate:
    case Op::bit_not:
      if (!right.is(T::number)) {
        return type_error(k_prefix_error, right, sym);
      }
      return Value::make_number(
          node.op == Op::negate ? -right.number : static_cast<double>(~to_int64(right.number)));
    case Op::invert:
      if (!right.is(T::boolean)) {
        return type_error(k_prefix_error, right, sym);
      }
      return Value::make_bool(!right.boolean);
    default:
      if (!left.is(T::number)) {
        return type_error(k_modifier_error, left, sym);
      }
      if (!right.is(T::number)) {
        return type_error(k_modifier_error, right, sym);
      }
      return apply_numeric(node, left.number, right.number);
  }
}

// > >= < <=: numbers with numbers, strings with strings (govaluate comparatorTypeCheck).
Value Evaluator::apply_ordering(const Node& node, const Value& left, const Value& right) {
  using T = Value::Type;
  const std::string& sym = node.symbol;
  int cmp = 0;
  if (left.is(T::number) && right.is(T::number)) {
    cmp = left.number < right.number ? -1 : left.number > right.number ? 1 : 0;
    if (std::isnan(left.number) || std::isnan(right.number)) {
      return Value::make_bool(false);
    }
  } else if (left.is(T::string) && right.is(T::string)) {
    cmp = left.text.compare(right.text);  // bytewise, like Go string comparison
  } else {
    return type_error(k_comparator_error, left, sym);
  }
  const bool result = node.op == Op::gt    ? cmp > 0
                      : node.op == Op::gte ? cmp >= 0
                      : node.op == Op::lt  ? cmp < 0
                                           : cmp <= 0;
  return Value::make_bool(result);
}

Value Evaluator::apply_numeric(const Node& node, double l, double r) {
  // Go converts to uint64 for shifts; negative operands go through int64 bits.
  const auto to_uint64 = [](double d) { return static_cast<uint64_t>(to_int64(d)); };
  switch (node.op) {
    case Op::minus: return Value::make_number(l - r);
    case Op::multiply: return Value::make_number(l * r);
    case Op::divide: return Value::make_number(l / r);
    case Op::modulus: return Value::make_number(std::fmod(l, r));
    case Op::exponent: return Value::make_number(std::pow(l, r));
    case Op::bit_and: return Value::make_number(static_cast<double>(to_int64(l) & to_int64(r)));
    case Op::bit_or: return Value::make_number(static_cast<double>(to_int64(l) | to_int64(r)));
    case Op::bit_xor: return Value::make_number(static_cast<double>(to_int64(l) ^ to_int64(r)));
    case Op::lshift:
    case Op::rshift: {
      const uint64_t shift = to_uint64(r);
      if (shift >= 64) {
        return Value::make_number(0);
      }
      const uint64_t base = to_uint64(l);
      return Value::make_number(
          static_cast<double>(node.op == Op::lshift ? base << shift : base >> shift));
    }
    default: return fail("internal error: unknown operator " + node.symbol);
  }
}

Value Evaluator::apply_regex(const Node& node, const Value& left, const Value& right) {
  if (!left.is(Value::Type::string)) {
    return type_error(k_comparator_error, left, node.symbol);
  }
  Regex regex = right.regex;
  if (right.is(Value::Type::string)) {
    if (std::string err = compile_regex(right.text, regex); !err.empty()) {
      return fail(fmt::format("Unable to compile regexp pattern '{}': {}", right.text, err));
    }
  } else if (!right.is(Value::Type::pattern)) {
    return type_error(k_comparator_error, right, node.symbol);
  }
  try {
    const bool found = std::regex_search(left.text, *regex);  // Go's Match is unanchored
    return Value::make_bool(node.op == Op::req ? found : !found);
  } catch (const std::regex_error& e) {
    return fail(fmt::format("regexp match failed: {}", e.what()));
  }
}

// govaluate optimizeTokens: a string right after =~ / !~ becomes a compiled pattern.
std::string compile_patterns(std::vector<Token>& tokens, std::vector<Regex>& patterns) {
  patterns.resize(tokens.size());
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const bool regex_op = tokens[i].kind == TokenKind::comparator &&
                          (tokens[i].text == "=~" || tokens[i].text == "!~");
    if (regex_op && tokens[i + 1].kind == TokenKind::string) {
      if (std::string err = compile_regex(tokens[i + 1].text, patterns[i + 1]); !err.empty()) {
        return err;
      }
      tokens[i + 1].kind = TokenKind::pattern;
    }
  }
  return "";
}

// NewEvaluableExpressionFromTokens minus planning: balance, syntax, regexps.
std::string check_tokens(std::vector<Token>& tokens, std::vector<Regex>& patterns) {
  std::string err = when_detail::check_balance(tokens);
  if (err.empty()) {
    err = when_detail::check_syntax(tokens);
  }
  if (err.empty()) {
    err = compile_patterns(tokens, patterns);
  }
  return err;
}

util::Error when_error(std::string message) {
  return util::make_error(util::ErrorCode::invalid_input, std::move(message));
}

}  // namespace

util::Result<bool> evaluate_when(std::string_view substituted_text) {
  if (substituted_text.empty()) {
    return true;
  }
  const std::string when(substituted_text);
  // Pass 1: govaluate.NewEvaluableExpression on the text, bare words still variables.
  when_detail::LexResult lexed = when_detail::lex_when(when);
  std::vector<Regex> patterns;
  std::string err = lexed.error.empty() ? check_tokens(lexed.tokens, patterns) : lexed.error;
  if (!err.empty()) {
    const bool hint = err.find("Invalid token") != std::string::npos;
    return when_error(
        fmt::format("Invalid 'when' expression '{}': {}{}", when, err,
                    hint ? " (hint: try wrapping the affected expression in quotes (\"))" : ""));
  }
  // Pass 2: Argo turns every VARIABLE token into a STRING and re-checks the tokens.
  for (Token& token : lexed.tokens) {
    if (token.kind == TokenKind::variable) {
      token.kind = TokenKind::string;
    }
  }
  if (err = check_tokens(lexed.tokens, patterns); !err.empty()) {
    return when_error(fmt::format("Failed to parse 'when' expression '{}': {}", when, err));
  }
  int root = -1;
  const std::vector<Node> nodes = Planner(lexed.tokens, patterns).plan(root);
  Evaluator evaluator(nodes);
  const Value result = evaluator.eval(root);
  if (!evaluator.error().empty()) {
    return when_error(
        fmt::format("Failed to evaluate 'when' expression '{}': {}", when, evaluator.error()));
  }
  if (!result.is(Value::Type::boolean)) {
    return when_error(
        fmt::format("Expected boolean evaluation for '{}'. Got {}", when, go_format(result)));
  }
  return result.boolean;
}

}  // namespace expr
