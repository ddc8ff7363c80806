// JSONPath filter conditions (`[?(@.age > 42 && @.name == "Mo")]`), the subset of
// evilmonkeyinc/jsonpath's standard script engine that filters need: paths on `@`/`$`,
// number/string/boolean/null literals, == != < <= > >= =~, && || !, parentheses.
#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"

namespace expr::detail {
namespace {

struct FilterError {};

bool truthy(const ExprValue& v) {
  switch (v.kind()) {
    case ValueKind::boolean: return v.as_bool();
    case ValueKind::string: return !v.as_string().empty();
    case ValueKind::array: return !v.as_array().empty();
    case ValueKind::map: return !v.as_map().empty();
    case ValueKind::integer:
    case ValueKind::floating: return v.as_float() != 0;
    default: return false;
  }
}

class FilterParser {
 public:
  FilterParser(std::string_view text, const ExprValue& element, const ExprValue& root)
      : m_text(text), m_element(element), m_root(root) {}

  bool run() {
    const ExprValue value = parse_or();
    skip_spaces();
    if (m_pos != m_text.size()) {
      throw FilterError{};
    }
    return truthy(value);
  }

 private:
  void skip_spaces() {
    while (m_pos < m_text.size() && m_text[m_pos] == ' ') {
      ++m_pos;
    }
  }
  bool accept(std::string_view token) {
    skip_spaces();
    if (m_text.substr(m_pos, token.size()) == token) {
      m_pos += token.size();
      return true;
    }
    return false;
  }

  ExprValue parse_or() {
    ExprValue left = parse_and();
    while (accept("||")) {
      const ExprValue right = parse_and();
      left = ExprValue::boolean(truthy(left) || truthy(right));
    }
    return left;
  }

  ExprValue parse_and() {
    ExprValue left = parse_not();
    while (accept("&&")) {
      const ExprValue right = parse_not();
      left = ExprValue::boolean(truthy(left) && truthy(right));
    }
    return left;
  }

  ExprValue parse_not() {
    skip_spaces();
    if (m_text.substr(m_pos, 1) == "!" && m_text.substr(m_pos, 2) != "!=") {
      ++m_pos;
      return ExprValue::boolean(!truthy(parse_not()));
    }
    return parse_comparison();
  }

  ExprValue parse_comparison() {
    const ExprValue left = parse_operand();
    for (std::string_view op : {"==", "!=", "<=", ">=", "=~", "<", ">"}) {
      if (accept(op)) {
        return ExprValue::boolean(compare(op, left, parse_operand()));
      }
    }
    return left;
  }

  static bool compare(std::string_view op, const ExprValue& l, const ExprValue& r) {
    if (op == "==" || op == "!=") {
      return values_equal(l, r) == (op == "==");
    }
    if (op == "=~") {
      if (l.kind() != ValueKind::string || r.kind() != ValueKind::string) {
        return false;
      }
      return std::regex_search(l.as_string(), compile_regex(r.as_string()));
    }
    const bool comparable = (l.is_number() && r.is_number()) ||
                            (l.kind() == ValueKind::string && r.kind() == ValueKind::string);
    if (!comparable) {
      return false;
    }
    const bool lt = less_than(l, r);
    const bool gt = less_than(r, l);
    if (op == "<") {
      return lt;
    }
    if (op == ">") {
      return gt;
    }
    return op == "<=" ? !gt : !lt;
  }

  ExprValue parse_operand() {
    skip_spaces();
    if (m_pos >= m_text.size()) {
      throw FilterError{};
    }
    const char c = m_text[m_pos];
    if (c == '(') {
      ++m_pos;
      ExprValue inner = parse_or();
      if (!accept(")")) {
        throw FilterError{};
      }
      return inner;
    }
    if (c == '@' || c == '$') {
      return path(c == '@' ? m_element : m_root);
    }
    if (c == '\'' || c == '"') {
      const size_t end = m_text.find(c, m_pos + 1);
      if (end == std::string_view::npos) {
        throw FilterError{};
      }
      ExprValue s = ExprValue::string(std::string(m_text.substr(m_pos + 1, end - m_pos - 1)));
      m_pos = end + 1;
      return s;
    }
    for (std::string_view word : {"true", "false", "null"}) {
      if (accept(word)) {
        return word == "null" ? ExprValue() : ExprValue::boolean(word == "true");
      }
    }
    return number();
  }

  ExprValue number() {
    const size_t start = m_pos;
    while (m_pos < m_text.size() &&
           std::string_view("0123456789.-+eE").find(m_text[m_pos]) != std::string_view::npos) {
      ++m_pos;
    }
    const auto value = parse_go_float(m_text.substr(start, m_pos - start));
    if (!value) {
      throw FilterError{};
    }
    return ExprValue::floating(*value);
  }

  // `@.a.b[0]`: evaluated as a JSONPath on the element; a missing path is null.
  ExprValue path(const ExprValue& base) {
    const size_t start = m_pos++;
    int depth = 0;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      } else if (depth == 0 && std::string_view(" =!<>&|()").find(c) != std::string_view::npos) {
        break;
      }
      ++m_pos;
    }
    const std::string rest = "$" + std::string(m_text.substr(start + 1, m_pos - start - 1));
    try {
      return query_jsonpath(base, rest);
    } catch (const EvalError&) {
      return {};
    }
  }

  std::string_view m_text;
  size_t m_pos = 0;
  const ExprValue& m_element;
  const ExprValue& m_root;
};

}  // namespace

bool jsonpath_filter_matches(std::string_view condition, const ExprValue& element,
                             const ExprValue& root) {
  try {
    return FilterParser(condition, element, root).run();
  } catch (const FilterError&) {
    throw_error(fmt::format("invalid expression. invalid format '{}'", condition));
  } catch (const EvalError&) {
    return false;  // evaluation errors exclude the element
  }
}

}  // namespace expr::detail
