#include "expr/expr_lexer.hpp"

#include <array>
#include <cstdint>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_value.hpp"
#include "util/text.hpp"

namespace expr::detail {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// expr's IsAlphaNumeric: letters, digits, `_` and `$`. Bytes of multi-byte UTF-8 sequences
// count as letters (expr uses unicode.IsLetter on runes).
bool is_alnum(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '$' ||
         u >= 0x80;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_value(char c) {
  if (is_digit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

using util::append_utf8;

class Lexer {
 public:
  explicit Lexer(std::string_view source) : m_src(source) {}

  std::vector<Token> run() {
    while (m_pos < m_src.size()) {
      const char c = m_src[m_pos];
      if (is_space(c)) {
        ++m_pos;
      } else if (c == '/' && peek(1) == '/') {
        while (m_pos < m_src.size() && m_src[m_pos] != '\n') {
          ++m_pos;
        }
      } else if (c == '/' && peek(1) == '*') {
        skip_block_comment();
      } else if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
        number();
      } else if (is_alnum(c)) {
        identifier();
      } else if (c == '"' || c == '\'') {
        quoted(c);
      } else if (c == '`') {
        raw_string();
      } else if (c == '#') {
        emit(TokenKind::op, "#", m_pos);
        ++m_pos;
      } else if (std::string_view("()[]{}").find(c) != std::string_view::npos) {
        emit(TokenKind::bracket, std::string(1, c), m_pos);
        ++m_pos;
      } else {
        op();
      }
    }
    emit(TokenKind::eof, "", m_src.size());
    return std::move(m_tokens);
  }

 private:
  char peek(size_t ahead) const {
    return m_pos + ahead < m_src.size() ? m_src[m_pos + ahead] : '\0';
  }

  void emit(TokenKind kind, std::string value, size_t offset) {
    m_tokens.push_back(Token{kind, std::move(value), offset});
  }

  [[noreturn]] void fail(std::string message, size_t offset) const {
    throw EvalError{std::move(message), offset};
  }

  void skip_block_comment() {
    const size_t end = m_src.find("*/", m_pos + 2);
    if (end == std::string_view::npos) {
      fail("unclosed comment", m_pos);
    }
    m_pos = end + 2;
  }

  void accept_run(std::string_view set) {
    while (m_pos < m_src.size() && set.find(m_src[m_pos]) != std::string_view::npos) {
      ++m_pos;
    }
  }

  // expr's scanNumber, including its handling of `1..3` (the dot belongs to the range).
  void number() {
    const size_t start = m_pos;
    std::string_view digits = "0123456789_";
    bool decimal = true;
    if (m_src[m_pos] == '0' && std::string_view("xXoObB").find(peek(1)) != std::string_view::npos) {
      decimal = false;
      const char base = static_cast<char>(m_src[m_pos + 1] | 0x20);
      digits = base == 'x' ? "0123456789abcdefABCDEF_" : (base == 'o' ? "01234567_" : "01_");
      m_pos += 2;
    }
    accept_run(digits);
    if (peek(0) == '.' && peek(1) != '.') {
      ++m_pos;
      accept_run(digits);
    }
    if (decimal && (peek(0) == 'e' || peek(0) == 'E')) {
      ++m_pos;
      if (peek(0) == '+' || peek(0) == '-') {
        ++m_pos;
      }
      accept_run(digits);
    }
    if (m_pos < m_src.size() && is_alnum(m_src[m_pos])) {
      ++m_pos;
      fail(
          fmt::format("bad number syntax: {}", quote_go_string(m_src.substr(start, m_pos - start))),
          start);
    }
    emit(TokenKind::number, std::string(m_src.substr(start, m_pos - start)), start);
  }

  void identifier() {
    const size_t start = m_pos;
    while (m_pos < m_src.size() && is_alnum(m_src[m_pos])) {
      ++m_pos;
    }
    std::string word(m_src.substr(start, m_pos - start));
    const bool op_word = is_word_operator(word);
    emit(op_word ? TokenKind::op : TokenKind::identifier, std::move(word), start);
  }

  // Decodes one escape sequence after a backslash at m_pos - 1.
  void escape(std::string& out, char quote) {
    const size_t at = m_pos - 1;
    const char c = peek(0);
    ++m_pos;
    switch (c) {
      case 'a': out += '\a'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'v': out += '\v'; return;
      case '\\': out += '\\'; return;
      default: break;
    }
    if (c == quote) {
      out += c;
      return;
    }
    size_t count = c == 'x' ? 2 : (c == 'u' ? 4 : (c == 'U' ? 8 : 0));
    std::uint32_t value = 0;
    if (count > 0) {
      for (size_t i = 0; i < count; ++i, ++m_pos) {
        const int h = hex_value(peek(0));
        if (h < 0) {
          fail("invalid char escape", at);
        }
        value = value * 16 + static_cast<std::uint32_t>(h);
      }
      if (c == 'x') {
        out += static_cast<char>(value);
      } else {
        append_utf8(out, value);
      }
      return;
    }
    if (c >= '0' && c <= '7') {
      value = static_cast<std::uint32_t>(c - '0');
      for (int i = 0; i < 2; ++i, ++m_pos) {
        if (peek(0) < '0' || peek(0) > '7') {
          fail("invalid char escape", at);
        }
        value = value * 8 + static_cast<std::uint32_t>(peek(0) - '0');
      }
      if (value > 255) {
        fail("invalid char escape", at);
      }
      out += static_cast<char>(value);
      return;
    }
    fail("invalid char escape", at);
  }

  void quoted(char quote) {
    const size_t start = m_pos++;
    std::string out;
    while (true) {
      if (m_pos >= m_src.size() || m_src[m_pos] == '\n') {
        fail("literal not terminated", start);
      }
      const char c = m_src[m_pos++];
      if (c == quote) {
        break;
      }
      if (c == '\\') {
        escape(out, quote);
      } else {
        out += c;
      }
    }
    emit(TokenKind::string, std::move(out), start);
  }

  void raw_string() {
    const size_t start = m_pos;
    const size_t end = m_src.find('`', m_pos + 1);
    if (end == std::string_view::npos) {
      fail("literal not terminated", start);
    }
    emit(TokenKind::string, std::string(m_src.substr(start + 1, end - start - 1)), start);
    m_pos = end + 1;
  }

  void op() {
    static constexpr std::array<std::string_view, 27> k_ops = {
        "??", "?.", "!=", "==", "<=", ">=", "&&", "||", "**", "..", "?", "!", "<", ">",
        "=",  "|",  "*",  "/",  "%",  "^",  "+",  "-",  ".",  ",",  ":", ";", "&"};
    for (std::string_view candidate : k_ops) {
      if (m_src.substr(m_pos, candidate.size()) == candidate) {
        emit(TokenKind::op, std::string(candidate), m_pos);
        m_pos += candidate.size();
        return;
      }
    }
    const auto u = static_cast<unsigned char>(m_src[m_pos]);
    fail(fmt::format("unrecognized character: U+{:04X} '{}'", u, m_src[m_pos]), m_pos);
  }

  std::string_view m_src;
  size_t m_pos = 0;
  std::vector<Token> m_tokens;
};

}  // namespace

std::string Token::describe() const {
  static constexpr std::array<const char*, 6> k_names = {"Identifier", "Number",  "String",
                                                         "Operator",   "Bracket", "EOF"};
  const char* name = k_names[static_cast<size_t>(kind)];
  if (value.empty()) {
    return name;
  }
  return std::string(name) + "(" + quote_go_string(value) + ")";
}

std::vector<Token> lex(std::string_view source) {
  return Lexer(source).run();
}

bool is_word_operator(std::string_view word) {
  static constexpr std::array<std::string_view, 11> k_words = {
      "and",        "or",       "not", "in", "matches", "contains",
      "startsWith", "endsWith", "let", "if", "else"};
  for (std::string_view w : k_words) {
    if (w == word) {
      return true;
    }
  }
  return false;
}

}  // namespace expr::detail
