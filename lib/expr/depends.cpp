#include "expr/depends.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

namespace expr {
namespace {

struct ResultName {
  TaskResult result;
  std::string_view name;
};

constexpr std::array<ResultName, 8> k_result_names{{
    {TaskResult::succeeded, "Succeeded"},
    {TaskResult::failed, "Failed"},
    {TaskResult::errored, "Errored"},
    {TaskResult::skipped, "Skipped"},
    {TaskResult::omitted, "Omitted"},
    {TaskResult::daemoned, "Daemoned"},
    {TaskResult::any_succeeded, "AnySucceeded"},
    {TaskResult::all_failed, "AllFailed"},
}};

// Deeper trees and nesting are rejected: parsing, evaluation and printing recurse once per
// level, and no real expression comes near this.
constexpr uint32_t k_max_depth = 512;

enum class TokenKind { operand, and_op, or_op, not_op, open, close, end };

struct Token {
  TokenKind kind = TokenKind::end;
  size_t begin = 0;  ///< offset in the text
  std::string_view text;
  DependsOperand operand;  ///< for TokenKind::operand
};

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_name_char(char c) {
  return is_name_start(c) || c == '-';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

uint32_t column_of(size_t offset) {
  return static_cast<uint32_t>(offset + 1);
}

// Recursive descent over a token stream read on demand. The first syntax error stops the
// parse; invalid result words are collected and parsing goes on.
class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  DependsParse run() {
    DependsParse out;
    if (!advance()) {
      return finish(std::move(out), std::nullopt);
    }
    std::optional<uint32_t> root = parse_or(0);
    if (root && m_token.kind != TokenKind::end) {
      fail(m_token.begin, m_token.kind == TokenKind::close
                              ? std::string("unexpected ')'")
                              : fmt::format("expected '&&' or '||', found '{}'", m_token.text));
      root.reset();
    }
    return finish(std::move(out), root);
  }

 private:
  DependsParse finish(DependsParse out, std::optional<uint32_t> root) {
    out.errors = std::move(m_errors);
    if (m_syntax_error) {
      out.errors.push_back(std::move(*m_syntax_error));
    }
    if (out.errors.empty() && root) {
      out.expr.emplace(m_operands, std::move(m_nodes), *root);
    }
    out.operands = std::move(m_operands);
    return out;
  }

  void fail(size_t offset, std::string message) {
    if (!m_syntax_error) {
      m_syntax_error =
          DependsError{DependsErrorKind::syntax, column_of(offset), std::move(message)};
    }
  }

  // Reads the next token into m_token; false after a lexical error.
  bool advance() {
    size_t pos = m_pos;
    while (pos < m_text.size() && is_space(m_text[pos])) {
      ++pos;
    }
    m_token = Token{};
    m_token.begin = pos;
    if (pos >= m_text.size()) {
      m_pos = pos;
      return true;
    }
    const char c = m_text[pos];
    const char next = pos + 1 < m_text.size() ? m_text[pos + 1] : '\0';
    if ((c == '&' || c == '|') && next == c) {
      return set_token(c == '&' ? TokenKind::and_op : TokenKind::or_op, pos, 2);
    }
    if (c == '&' || c == '|') {
      fail(pos, fmt::format("unexpected character '{0}' (did you mean '{0}{0}'?)", c));
      return false;
    }
    if (c == '!' || c == '(' || c == ')') {
      const TokenKind kind = c == '!'   ? TokenKind::not_op
                             : c == '(' ? TokenKind::open
                                        : TokenKind::close;
      return set_token(kind, pos, 1);
    }
    if (is_name_start(c)) {
      return lex_operand(pos);
    }
    fail(pos, c == '\'' ? std::string("unexpected character \"'\"")
                        : fmt::format("unexpected character '{}'", c));
    return false;
  }

  bool set_token(TokenKind kind, size_t pos, size_t length) {
    m_token.kind = kind;
    m_token.text = m_text.substr(pos, length);
    m_pos = pos + length;
    return true;
  }

  bool lex_operand(size_t pos) {
    size_t end = pos;
    while (end < m_text.size() && is_name_char(m_text[end])) {
      ++end;
    }
    DependsOperand operand;
    operand.task = std::string(m_text.substr(pos, end - pos));
    operand.column = column_of(pos);
    if (end < m_text.size() && m_text[end] == '.') {
      const size_t word = end + 1;
      end = word;
      while (end < m_text.size() && is_name_start(m_text[end])) {
        ++end;
      }
      if (end == word) {
        fail(word, fmt::format("expected a task result after '{}.'", operand.task));
        return false;
      }
      operand.result_text = std::string(m_text.substr(word, end - word));
      operand.result_column = column_of(word);
      operand.result = parse_task_result(operand.result_text);
      if (!operand.result) {
        m_errors.push_back({DependsErrorKind::invalid_result, operand.result_column,
                            fmt::format("task result '{}' for task '{}' is invalid",
                                        operand.result_text, operand.task)});
      }
    }
    m_token.operand = std::move(operand);
    return set_token(TokenKind::operand, pos, end - pos);
  }

  // Adds a node; fails when the tree gets deeper than k_max_depth.
  std::optional<uint32_t> add(DependsNode node) {
    uint32_t depth = 1;
    if (node.kind != DependsNodeKind::operand) {
      depth += m_depths[node.lhs];
    }
    if (node.kind == DependsNodeKind::all_of || node.kind == DependsNodeKind::any_of) {
      depth = std::max(depth, m_depths[node.rhs] + 1);
    }
    if (depth > k_max_depth) {
      fail(m_token.begin, "expression is nested too deeply");
      return std::nullopt;
    }
    m_nodes.push_back(node);
    m_depths.push_back(depth);
    return static_cast<uint32_t>(m_nodes.size() - 1);
  }

  // `depth` counts the parser's own recursion ('(' and '!'); binary operators loop.
  std::optional<uint32_t> parse_or(uint32_t depth) {
    std::optional<uint32_t> lhs = parse_and(depth);
    while (lhs && m_token.kind == TokenKind::or_op) {
      if (!advance()) {
        return std::nullopt;
      }
      std::optional<uint32_t> rhs = parse_and(depth);
      if (!rhs) {
        return std::nullopt;
      }
      lhs = add({DependsNodeKind::any_of, *lhs, *rhs});
    }
    return lhs;
  }

  std::optional<uint32_t> parse_and(uint32_t depth) {
    std::optional<uint32_t> lhs = parse_unary(depth);
    while (lhs && m_token.kind == TokenKind::and_op) {
      if (!advance()) {
        return std::nullopt;
      }
      std::optional<uint32_t> rhs = parse_unary(depth);
      if (!rhs) {
        return std::nullopt;
      }
      lhs = add({DependsNodeKind::all_of, *lhs, *rhs});
    }
    return lhs;
  }

  std::optional<uint32_t> parse_unary(uint32_t depth) {
    if (depth >= k_max_depth) {
      fail(m_token.begin, "expression is nested too deeply");
      return std::nullopt;
    }
    const Token token = m_token;
    switch (token.kind) {
      case TokenKind::not_op: {
        if (!advance()) {
          return std::nullopt;
        }
        std::optional<uint32_t> child = parse_unary(depth + 1);
        return child ? add({DependsNodeKind::negate, *child, 0}) : std::nullopt;
      }
      case TokenKind::open: {
        if (!advance()) {
          return std::nullopt;
        }
        std::optional<uint32_t> inner = parse_or(depth + 1);
        if (inner && m_token.kind != TokenKind::close) {
          fail(m_token.begin, m_token.kind == TokenKind::end
                                  ? std::string("expected ')', found end of expression")
                                  : fmt::format("expected ')', found '{}'", m_token.text));
          return std::nullopt;
        }
        return inner && advance() ? inner : std::nullopt;
      }
      case TokenKind::operand:
        m_operands.push_back(token.operand);
        if (!advance()) {
          return std::nullopt;
        }
        return add({DependsNodeKind::operand, static_cast<uint32_t>(m_operands.size() - 1), 0});
      case TokenKind::end:
        fail(token.begin, "expected a task name, found end of expression");
        return std::nullopt;
      default:
        fail(token.begin, fmt::format("expected a task name, found '{}'", token.text));
        return std::nullopt;
    }
  }

  std::string_view m_text;
  size_t m_pos = 0;
  Token m_token;
  std::vector<DependsOperand> m_operands;
  std::vector<DependsNode> m_nodes;
  std::vector<uint32_t> m_depths;  ///< tree depth of each node
  std::vector<DependsError> m_errors;
  std::optional<DependsError> m_syntax_error;
};

bool operand_holds(const DependsOperand& operand, const TaskResultLookup& has_result,
                   const ContinueOnLookup& continue_on) {
  if (operand.result) {
    return has_result(operand.task, *operand.result);
  }
  // ancestry.go:expandDependency: the default meaning of a bare name.
  if (has_result(operand.task, TaskResult::succeeded) ||
      has_result(operand.task, TaskResult::skipped) ||
      has_result(operand.task, TaskResult::daemoned)) {
    return true;
  }
  const DependsContinueOn allowed = continue_on ? continue_on(operand.task) : DependsContinueOn{};
  return (allowed.error && has_result(operand.task, TaskResult::errored)) ||
         (allowed.failed && has_result(operand.task, TaskResult::failed));
}

bool evaluate_node(const DependsExpr& expr, uint32_t index, const TaskResultLookup& has_result,
                   const ContinueOnLookup& continue_on) {
  const DependsNode& node = expr.nodes()[index];
  switch (node.kind) {
    case DependsNodeKind::operand:
      return operand_holds(expr.operands()[node.lhs], has_result, continue_on);
    case DependsNodeKind::negate: return !evaluate_node(expr, node.lhs, has_result, continue_on);
    case DependsNodeKind::all_of:
      return evaluate_node(expr, node.lhs, has_result, continue_on) &&
             evaluate_node(expr, node.rhs, has_result, continue_on);
    case DependsNodeKind::any_of:
      return evaluate_node(expr, node.lhs, has_result, continue_on) ||
             evaluate_node(expr, node.rhs, has_result, continue_on);
  }
  return false;
}

int precedence(DependsNodeKind kind) {
  switch (kind) {
    case DependsNodeKind::any_of: return 1;
    case DependsNodeKind::all_of: return 2;
    case DependsNodeKind::negate: return 3;
    case DependsNodeKind::operand: return 4;
  }
  return 0;
}

void print_node(const DependsExpr& expr, uint32_t index, std::string& out);

// Prints a child, in parentheses when printing it bare would parse differently.
void print_child(const DependsExpr& expr, uint32_t child, int min_precedence, std::string& out) {
  const bool parens = precedence(expr.nodes()[child].kind) < min_precedence;
  if (parens) {
    out += '(';
  }
  print_node(expr, child, out);
  if (parens) {
    out += ')';
  }
}

void print_node(const DependsExpr& expr, uint32_t index, std::string& out) {
  const DependsNode& node = expr.nodes()[index];
  const int own = precedence(node.kind);
  switch (node.kind) {
    case DependsNodeKind::operand: {
      const DependsOperand& operand = expr.operands()[node.lhs];
      out += operand.task;
      if (operand.result) {
        out += '.';
        out += to_string(*operand.result);
      }
      return;
    }
    case DependsNodeKind::negate:
      out += '!';
      print_child(expr, node.lhs, own, out);
      return;
    case DependsNodeKind::all_of:
    case DependsNodeKind::any_of:
      // Operators group to the left, so an equal-precedence right child needs parentheses.
      print_child(expr, node.lhs, own, out);
      out += node.kind == DependsNodeKind::all_of ? " && " : " || ";
      print_child(expr, node.rhs, own + 1, out);
      return;
  }
}

}  // namespace

std::string_view to_string(TaskResult result) {
  for (const ResultName& entry : k_result_names) {
    if (entry.result == result) {
      return entry.name;
    }
  }
  return "";
}

std::optional<TaskResult> parse_task_result(std::string_view name) {
  for (const ResultName& entry : k_result_names) {
    if (entry.name == name) {
      return entry.result;
    }
  }
  return std::nullopt;
}

bool is_items_result(TaskResult result) {
  return result == TaskResult::any_succeeded || result == TaskResult::all_failed;
}

DependsExpr::DependsExpr(std::vector<DependsOperand> operands, std::vector<DependsNode> nodes,
                         uint32_t root)
    : m_operands(std::move(operands)), m_nodes(std::move(nodes)), m_root(root) {}

DependsParse parse_depends(std::string_view text) {
  return Parser(text).run();
}

bool evaluate(const DependsExpr& expr, const TaskResultLookup& has_result,
              const ContinueOnLookup& continue_on) {
  if (expr.nodes().empty()) {
    return false;
  }
  return evaluate_node(expr, expr.root(), has_result, continue_on);
}

std::string to_string(const DependsExpr& expr) {
  std::string out;
  if (!expr.nodes().empty()) {
    print_node(expr, expr.root(), out);
  }
  return out;
}

}  // namespace expr
