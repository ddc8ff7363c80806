#include "expr/expr_parser.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_grammar.hpp"
#include "expr/expr_lexer.hpp"
#include "expr/expr_value.hpp"

namespace expr::detail {
namespace {

/// Deeper nesting than this is refused instead of overflowing the stack.
constexpr int k_max_nesting = 200;

NodePtr make_node(NodeKind kind, size_t offset, std::string text = {}) {
  auto node = std::make_unique<Node>();
  node->kind = kind;
  node->offset = offset;
  node->text = std::move(text);
  return node;
}

class Parser {
 public:
  explicit Parser(std::string_view source) : m_tokens(lex(source)) {}

  NodePtr run() {
    NodePtr node = parse_expression(0);
    if (current().kind != TokenKind::eof) {
      fail_unexpected();
    }
    return node;
  }

 private:
  const Token& current() const { return m_tokens[m_pos]; }
  void next() {
    if (m_pos + 1 < m_tokens.size()) {
      ++m_pos;
    }
  }
  [[noreturn]] void fail_at(std::string message, size_t offset) const {
    throw EvalError{std::move(message), offset};
  }
  [[noreturn]] void fail_unexpected() const {
    fail_at("unexpected token " + current().describe(), current().offset);
  }
  void expect(TokenKind kind, std::string_view value) {
    if (!current().is(kind, value)) {
      fail_unexpected();
    }
    next();
  }

  NodePtr parse_expression(int precedence) {
    if (++m_nesting > k_max_nesting) {
      fail_at("expression is nested too deeply", current().offset);
    }
    NodePtr node;
    if (precedence == 0 && current().is(TokenKind::op, "let")) {
      node = parse_let();
    } else {
      node = parse_binary(parse_primary(), precedence);
      if (precedence == 0) {
        node = parse_conditional(std::move(node));
      }
    }
    --m_nesting;
    return node;
  }

  NodePtr parse_binary(NodePtr left, int precedence) {
    std::string_view previous;
    while (current().kind == TokenKind::op) {
      Token op_token = current();
      bool negate = false;
      if (op_token.value == "not") {
        // `not in`, `not matches`, ...: only when a negatable operator follows.
        const size_t saved = m_pos;
        next();
        if (!negatable(current().value) || current().kind != TokenKind::op) {
          fail_unexpected();
        }
        if (find_binary(current())->precedence < precedence) {
          m_pos = saved;
          break;
        }
        negate = true;
        op_token = current();
      }
      const BinaryOp* op = find_binary(op_token);
      if (op == nullptr || op->precedence < precedence) {
        break;
      }
      next();
      if (op->name == "|") {
        left = parse_pipe(std::move(left));
        previous = op->name;
        continue;
      }
      if (previous == "??" && op->name != "??") {
        fail_at(fmt::format("Operator ({}) and coalesce expressions (?"
                            "?) cannot be mixed. Wrap "
                            "either by parentheses.",
                            op->name),
                op_token.offset);
      }
      if (op->precedence == k_comparison_precedence) {
        left = parse_comparison(std::move(left), op_token, negate);
      } else {
        NodePtr right = parse_expression(op->right_assoc ? op->precedence : op->precedence + 1);
        left = binary_node(op_token, std::move(left), std::move(right), false);
      }
      previous = op->name;
    }
    return left;
  }

  static NodePtr binary_node(const Token& op, NodePtr left, NodePtr right, bool negate) {
    NodePtr node = make_node(NodeKind::binary, op.offset, op.value);
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    if (!negate) {
      return node;
    }
    NodePtr negated = make_node(NodeKind::unary, op.offset, "not");
    negated->children.push_back(std::move(node));
    return negated;
  }

  // expr chains comparisons: `a < b < c` is `a < b && b < c` (b is evaluated twice).
  NodePtr parse_comparison(NodePtr left, Token op_token, bool negate) {
    NodePtr root;
    while (true) {
      NodePtr right = parse_expression(k_comparison_precedence + 1);
      NodePtr next_left = clone(*right);
      NodePtr cmp = binary_node(op_token, std::move(left), std::move(right), negate);
      if (root) {
        Token and_token = op_token;
        and_token.value = "&&";
        root = binary_node(and_token, std::move(root), std::move(cmp), false);
      } else {
        root = std::move(cmp);
      }
      const BinaryOp* op = find_binary(current());
      if (op == nullptr || op->precedence != k_comparison_precedence) {
        return root;
      }
      op_token = current();
      negate = false;
      left = std::move(next_left);
      next();
    }
  }

  static NodePtr clone(const Node& node) {
    auto copy = std::make_unique<Node>();
    copy->kind = node.kind;
    copy->offset = node.offset;
    copy->text = node.text;
    copy->int_value = node.int_value;
    copy->float_value = node.float_value;
    copy->flag = node.flag;
    for (const NodePtr& child : node.children) {
      copy->children.push_back(child ? clone(*child) : nullptr);
    }
    return copy;
  }

  NodePtr parse_conditional(NodePtr node) {
    while (current().is(TokenKind::op, "?")) {
      const size_t offset = current().offset;
      next();
      NodePtr then_branch;
      NodePtr else_branch;
      if (current().is(TokenKind::op, ":")) {
        // `a ?: b` is `a ? a : b`: the condition is evaluated once and reused.
        next();
        else_branch = parse_expression(0);
      } else {
        then_branch = parse_expression(0);
        expect(TokenKind::op, ":");
        else_branch = parse_expression(0);
      }
      NodePtr cond = make_node(NodeKind::conditional, offset);
      cond->children.push_back(std::move(node));
      cond->children.push_back(std::move(then_branch));
      cond->children.push_back(std::move(else_branch));
      node = std::move(cond);
    }
    return node;
  }

  NodePtr parse_let() {
    const size_t offset = current().offset;
    next();
    if (current().kind != TokenKind::identifier) {
      fail_unexpected();
    }
    NodePtr node = make_node(NodeKind::let, offset, current().value);
    next();
    expect(TokenKind::op, "=");
    node->children.push_back(parse_expression(0));
    expect(TokenKind::op, ";");
    node->children.push_back(parse_expression(0));
    return node;
  }

  NodePtr parse_primary() {
    const Token token = current();
    const int unary = unary_precedence(token);
    if (unary >= 0) {
      next();
      NodePtr node = make_node(NodeKind::unary, token.offset, token.value);
      node->children.push_back(parse_expression(unary));
      return parse_postfix(std::move(node));
    }
    if (token.is(TokenKind::bracket, "(")) {
      next();
      NodePtr inner = parse_expression(0);
      expect(TokenKind::bracket, ")");
      return parse_postfix(std::move(inner));
    }
    if (token.is(TokenKind::op, "#") || token.is(TokenKind::op, ".")) {
      if (m_closure_depth == 0) {
        fail_at("cannot use pointer accessor outside predicate", token.offset);
      }
      NodePtr node = make_node(NodeKind::pointer, token.offset);
      if (token.value == "#") {
        next();
        if (current().kind == TokenKind::identifier) {
          node->text = current().value;
          next();
        }
      }
      return parse_postfix(std::move(node));
    }
    return parse_postfix(parse_secondary());
  }

  NodePtr parse_secondary() {
    const Token token = current();
    switch (token.kind) {
      case TokenKind::identifier: {
        next();
        if (token.value == "true" || token.value == "false") {
          NodePtr node = make_node(NodeKind::boolean, token.offset);
          node->flag = token.value == "true";
          return node;
        }
        if (token.value == "nil") {
          return make_node(NodeKind::nil, token.offset);
        }
        if (current().is(TokenKind::bracket, "(")) {
          return parse_call(token, {});
        }
        return make_node(NodeKind::identifier, token.offset, token.value);
      }
      case TokenKind::number: next(); return parse_number(token);
      case TokenKind::string: next(); return make_node(NodeKind::string, token.offset, token.value);
      default: break;
    }
    if (token.is(TokenKind::bracket, "[")) {
      return parse_array();
    }
    if (token.is(TokenKind::bracket, "{")) {
      return parse_map();
    }
    fail_unexpected();
  }

  NodePtr parse_number(const Token& token) {
    std::string text;
    for (char c : token.value) {
      if (c != '_') {
        text += c;
      }
    }
    const bool is_hex = text.size() > 1 && (text[1] == 'x' || text[1] == 'X');
    const bool is_float = !is_hex && text.find_first_of(".eE") != std::string::npos;
    errno = 0;
    char* end = nullptr;
    if (is_float) {
      NodePtr node = make_node(NodeKind::floating, token.offset, token.value);
      node->float_value = std::strtod(text.c_str(), &end);
      if (errno == ERANGE && std::isinf(node->float_value)) {
        fail_at(fmt::format("invalid float literal: strconv.ParseFloat: parsing {}: value out of "
                            "range",
                            quote_go_string(text)),
                token.offset);
      }
      return node;
    }
    int base = 10;
    std::string digits = text;
    if (text.size() > 1 && text[0] == '0' &&
        std::string_view("xXoObB").find(text[1]) != std::string_view::npos) {
      const char b = static_cast<char>(text[1] | 0x20);
      base = b == 'x' ? 16 : (b == 'o' ? 8 : 2);
      digits = text.substr(2);
    }
    const long long value = std::strtoll(digits.c_str(), &end, base);
    if (errno == ERANGE || digits.empty() || *end != '\0') {
      fail_at(fmt::format("invalid integer literal: strconv.ParseInt: parsing {}: {}",
                          quote_go_string(text),
                          errno == ERANGE ? "value out of range" : "invalid syntax"),
              token.offset);
    }
    NodePtr node = make_node(NodeKind::integer, token.offset, token.value);
    node->int_value = value;
    return node;
  }

  NodePtr parse_array() {
    NodePtr node = make_node(NodeKind::array, current().offset);
    next();
    while (!current().is(TokenKind::bracket, "]")) {
      if (!node->children.empty()) {
        expect(TokenKind::op, ",");
        if (current().is(TokenKind::bracket, "]")) {
          break;  // trailing comma
        }
      }
      node->children.push_back(parse_expression(0));
    }
    expect(TokenKind::bracket, "]");
    return node;
  }

  NodePtr parse_map() {
    NodePtr node = make_node(NodeKind::map, current().offset);
    next();
    while (!current().is(TokenKind::bracket, "}")) {
      if (!node->children.empty()) {
        expect(TokenKind::op, ",");
        if (current().is(TokenKind::bracket, "}")) {
          break;
        }
      }
      const Token key = current();
      if (key.kind == TokenKind::number || key.kind == TokenKind::string ||
          key.kind == TokenKind::identifier) {
        node->children.push_back(make_node(NodeKind::string, key.offset, key.value));
        next();
      } else if (key.is(TokenKind::bracket, "(")) {
        node->children.push_back(parse_expression(0));
      } else {
        fail_at(
            "a map key must be a quoted string, a number, a identifier, or an expression enclosed "
            "in parentheses (unexpected token " +
                key.describe() + ")",
            key.offset);
      }
      expect(TokenKind::op, ":");
      node->children.push_back(parse_expression(0));
    }
    expect(TokenKind::bracket, "}");
    return node;
  }

  // A call of `name`; `arguments` already holds a piped value, if any.
  NodePtr parse_call(const Token& name, std::vector<NodePtr> arguments) {
    NodePtr node = make_node(NodeKind::call, name.offset, name.value);
    const PredicateSpec* spec = find_predicate(name.value);
    expect(TokenKind::bracket, "(");
    if (spec == nullptr) {
      parse_arguments(arguments);
    } else {
      parse_predicate_arguments(*spec, arguments);
    }
    node->children = std::move(arguments);
    return node;
  }

  void parse_arguments(std::vector<NodePtr>& arguments) {
    const size_t offset = arguments.size();
    while (!current().is(TokenKind::bracket, ")")) {
      if (arguments.size() > offset) {
        expect(TokenKind::op, ",");
        if (current().is(TokenKind::bracket, ")")) {
          break;
        }
      }
      arguments.push_back(parse_expression(0));
    }
    expect(TokenKind::bracket, ")");
  }

  void parse_predicate_arguments(const PredicateSpec& spec, std::vector<NodePtr>& arguments) {
    const size_t total = spec.third_argument ? 3 : 2;
    // A piped value is already the first argument: the rest starts without a comma.
    const size_t start = arguments.size();
    for (size_t i = start; i < total; ++i) {
      const bool optional = (i == 1 && spec.predicate_optional) || i == 2;
      if (current().is(TokenKind::bracket, ")")) {
        if (optional) {
          break;
        }
        fail_at(fmt::format("expected at least {} arguments", spec.predicate_optional ? 1 : 2),
                current().offset);
      }
      if (i > start) {
        expect(TokenKind::op, ",");
      }
      arguments.push_back(i == 1 ? parse_closure() : parse_expression(0));
    }
    if (current().is(TokenKind::op, ",")) {
      next();
    }
    expect(TokenKind::bracket, ")");
  }

  NodePtr parse_closure() {
    const size_t offset = current().offset;
    const bool braces = current().is(TokenKind::bracket, "{");
    if (braces) {
      next();
    }
    ++m_closure_depth;
    NodePtr body = parse_expression(0);
    --m_closure_depth;
    if (braces) {
      expect(TokenKind::bracket, "}");
    }
    NodePtr node = make_node(NodeKind::closure, offset);
    node->children.push_back(std::move(body));
    return node;
  }

  // `left | name(args)`: left becomes the first argument.
  NodePtr parse_pipe(NodePtr left) {
    const Token name = current();
    if (name.kind != TokenKind::identifier) {
      fail_unexpected();
    }
    next();
    std::vector<NodePtr> arguments;
    arguments.push_back(std::move(left));
    return parse_call(name, std::move(arguments));
  }

  NodePtr parse_postfix(NodePtr node) {
    while (current().kind == TokenKind::op || current().kind == TokenKind::bracket) {
      const Token token = current();
      const bool optional = token.value == "?.";
      if (token.value == "." || optional) {
        next();
        if (optional && current().is(TokenKind::bracket, "[")) {
          node = parse_index(std::move(node), true);
          continue;
        }
        node = parse_property(std::move(node), optional);
      } else if (token.value == "[") {
        node = parse_index(std::move(node), false);
      } else {
        break;
      }
    }
    return node;
  }

  // Unwraps a chain so that the next step extends it; rewraps when needed.
  static NodePtr unwrap_chain(NodePtr node, bool& was_chain) {
    was_chain = node->kind == NodeKind::chain;
    return was_chain ? std::move(node->children[0]) : std::move(node);
  }
  static NodePtr wrap_chain(NodePtr node, bool chain) {
    if (!chain) {
      return node;
    }
    NodePtr wrapper = make_node(NodeKind::chain, node->offset);
    wrapper->children.push_back(std::move(node));
    return wrapper;
  }

  NodePtr parse_property(NodePtr object, bool optional) {
    const Token property = current();
    next();
    if (property.kind != TokenKind::identifier &&
        !(property.kind == TokenKind::op && is_word_operator(property.value))) {
      fail_at("expected name", property.offset);
    }
    bool was_chain = false;
    object = unwrap_chain(std::move(object), was_chain);
    NodePtr node;
    if (current().is(TokenKind::bracket, "(")) {
      node = make_node(NodeKind::method, property.offset, property.value);
      node->children.push_back(std::move(object));
      next();
      parse_arguments(node->children);  // the object counts as a first, comma-less argument
    } else {
      node = make_node(NodeKind::member, property.offset);
      node->children.push_back(std::move(object));
      node->children.push_back(make_node(NodeKind::string, property.offset, property.value));
    }
    node->flag = optional;
    return wrap_chain(std::move(node), was_chain || optional);
  }

  NodePtr parse_index(NodePtr object, bool optional) {
    const size_t offset = current().offset;
    expect(TokenKind::bracket, "[");
    NodePtr from;
    if (!current().is(TokenKind::op, ":")) {
      from = parse_expression(0);
    }
    if (current().is(TokenKind::op, ":")) {
      next();
      NodePtr to;
      if (!current().is(TokenKind::bracket, "]")) {
        to = parse_expression(0);
      }
      expect(TokenKind::bracket, "]");
      NodePtr node = make_node(NodeKind::slice, offset);
      node->children.push_back(std::move(object));
      node->children.push_back(std::move(from));
      node->children.push_back(std::move(to));
      return node;
    }
    expect(TokenKind::bracket, "]");
    bool was_chain = false;
    object = unwrap_chain(std::move(object), was_chain);
    NodePtr node = make_node(NodeKind::member, offset);
    node->children.push_back(std::move(object));
    node->children.push_back(std::move(from));
    node->flag = optional;
    return wrap_chain(std::move(node), was_chain || optional);
  }

  std::vector<Token> m_tokens;
  size_t m_pos = 0;
  int m_nesting = 0;
  int m_closure_depth = 0;
};

}  // namespace

NodePtr parse_expression_tree(std::string_view source) {
  return Parser(source).run();
}

bool is_predicate_builtin(std::string_view name) {
  return find_predicate(name) != nullptr;
}

}  // namespace expr::detail
