#include "expr/tag_scanner.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace expr {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

bool is_ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Words of the expr language that look like names but are operators or literals.
bool is_keyword(std::string_view word) {
  static constexpr std::array<std::string_view, 14> k_keywords = {
      "and",      "or",  "not",  "in",    "matches", "contains", "startsWith",
      "endsWith", "let", "true", "false", "nil",     "if",       "else"};
  return std::find(k_keywords.begin(), k_keywords.end(), word) != k_keywords.end();
}

// Walks an expression once, left to right, collecting free names (see the header).
class ReferenceScanner {
 public:
  explicit ReferenceScanner(std::string_view e) : m_e(e) {}

  std::vector<ExpressionReference> scan() {
    while (m_i < m_e.size()) {
      const char c = m_e[m_i];
      if (is_space(c)) {
        ++m_i;
      } else if (c == '"' || c == '\'' || c == '`') {
        skip_string();
        m_previous = 'a';
      } else if (c == '#' || c == '.' || (c == '?' && peek(1) == '.' && !is_digit(peek(2)))) {
        // Closure variables (`#`, `#index`) and fields after a call, a computed index or a
        // closure variable are not free names.
        m_i += c == '?' ? 2 : 1;
        skip_word();
        m_previous = 'a';
      } else if (is_digit(c)) {
        skip_word();
        m_previous = 'a';
      } else if (is_ident_start(c)) {
        read_name();
        m_previous = 'a';
      } else {
        track_bracket(c);
        m_previous = c;
        ++m_i;
      }
    }
    return std::move(m_refs);
  }

 private:
  static bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
  char peek(size_t ahead) const { return m_i + ahead < m_e.size() ? m_e[m_i + ahead] : '\0'; }

  void track_bracket(char c) {
    if (c == '{' || c == '(' || c == '[') {
      m_brackets.push_back(c);
    } else if ((c == '}' || c == ')' || c == ']') && !m_brackets.empty()) {
      m_brackets.pop_back();
    }
  }

  void skip_string() {
    const char quote = m_e[m_i++];
    while (m_i < m_e.size() && m_e[m_i] != quote) {
      m_i += (m_e[m_i] == '\\' && quote != '`') ? 2 : 1;
    }
    ++m_i;
  }

  void skip_word() {
    while (m_i < m_e.size() && is_ident_char(m_e[m_i])) {
      ++m_i;
    }
  }

  size_t skip_spaces(size_t j) const {
    while (j < m_e.size() && is_space(m_e[j])) {
      ++j;
    }
    return j;
  }

  // `['key']` / `["key"]` (optionally `?.['key']`) at m_i: appends ".key" and moves past it.
  bool read_index_key(std::string& path) {
    size_t j = m_i;
    if (m_e.compare(j, 2, "?.") == 0) {
      j += 2;
    }
    if (j >= m_e.size() || m_e[j] != '[') {
      return false;
    }
    j = skip_spaces(j + 1);
    if (j >= m_e.size() || (m_e[j] != '\'' && m_e[j] != '"')) {
      return false;
    }
    const char quote = m_e[j];
    const size_t close = m_e.find(quote, j + 1);
    if (close == std::string_view::npos) {
      return false;
    }
    const size_t bracket = skip_spaces(close + 1);
    if (bracket >= m_e.size() || m_e[bracket] != ']') {
      return false;
    }
    path += '.';
    path.append(m_e.substr(j + 1, close - j - 1));
    m_i = bracket + 1;
    return true;
  }

  // `.name` / `?.name` at m_i: appends ".name" and moves past it.
  bool read_member(std::string& path) {
    size_t dot = 0;
    if (m_e.compare(m_i, 2, "?.") == 0) {
      dot = m_i + 2;
    } else if (m_i < m_e.size() && m_e[m_i] == '.') {
      dot = m_i + 1;
    } else {
      return false;
    }
    if (dot >= m_e.size() || !is_ident_start(m_e[dot])) {
      return false;
    }
    m_i = dot;
    const size_t start = m_i;
    skip_word();
    path += '.';
    path.append(m_e.substr(start, m_i - start));
    return true;
  }

  void read_name() {
    ExpressionReference ref;
    ref.begin = m_i;
    skip_word();
    ref.path = std::string(m_e.substr(ref.begin, m_i - ref.begin));
    const std::string first = ref.path;
    while (read_member(ref.path) || read_index_key(ref.path)) {
    }
    ref.end = m_i;
    const size_t next = skip_spaces(m_i);
    const bool is_call = next < m_e.size() && m_e[next] == '(';
    const bool in_map = !m_brackets.empty() && m_brackets.back() == '{';
    const bool is_map_key =
        in_map && (m_previous == '{' || m_previous == ',') && next < m_e.size() && m_e[next] == ':';
    if (first == "let" && ref.path == first) {
      // `let x = ...;` binds x for the rest of the expression.
      const size_t name = skip_spaces(m_i);
      size_t j = name;
      while (j < m_e.size() && is_ident_char(m_e[j])) {
        ++j;
      }
      m_bound.emplace_back(m_e.substr(name, j - name));
      m_i = j;
      return;
    }
    const bool bound = std::find(m_bound.begin(), m_bound.end(), first) != m_bound.end();
    if (is_call || is_map_key || bound || (ref.path == first && is_keyword(first))) {
      return;
    }
    m_refs.push_back(std::move(ref));
  }

  std::string_view m_e;
  size_t m_i = 0;
  std::vector<char> m_brackets;
  char m_previous = 0;  // last significant character before the current token ('a': a value)
  std::vector<std::string> m_bound;
  std::vector<ExpressionReference> m_refs;
};

}  // namespace

std::vector<Tag> scan_tags(std::string_view text) {
  std::vector<Tag> tags;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      break;
    }
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      break;
    }
    // Innermost: the last "{{" before this "}}".
    const size_t inner = text.rfind("{{", close);
    if (inner != std::string_view::npos && inner > open) {
      open = inner;
    }
    Tag tag;
    tag.begin = open;
    tag.end = close + 2;
    const std::string_view body = text.substr(open + 2, close - open - 2);
    const std::string_view trimmed = trim(body);
    if (!trimmed.empty() && trimmed.front() == '=') {
      tag.kind = TagKind::expression;
      tag.body = std::string(trim(trimmed.substr(1)));
    } else {
      tag.body = std::string(trimmed);
    }
    tags.push_back(std::move(tag));
    pos = close + 2;
  }
  return tags;
}

std::vector<ExpressionReference> expression_reference_spans(std::string_view expression) {
  return ReferenceScanner(expression).scan();
}

std::vector<std::string> expression_references(std::string_view expression) {
  std::vector<std::string> paths;
  for (ExpressionReference& ref : expression_reference_spans(expression)) {
    paths.push_back(std::move(ref.path));
  }
  return paths;
}

}  // namespace expr
