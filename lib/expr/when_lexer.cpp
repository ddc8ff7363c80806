#include "expr/when_lexer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

namespace expr::when_detail {
namespace {

// Character classes of govaluate's lexer. Bytes >= 0x80 count as letters so that UTF-8
// words stay one variable token, as unicode.IsLetter does for most of them.
bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}
bool is_quote(char c) {
  return c == '\'' || c == '"';
}
bool is_numeric(char c) {
  return is_digit(c) || c == '.';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_variable_name(char c) {
  return is_letter(c) || is_digit(c) || c == '_' || c == '.';
}
bool is_not_alphanumeric(char c) {
  return !(is_digit(c) || is_letter(c) || c == '(' || c == ')' || c == '[' || c == ']' ||
           is_quote(c));
}

// govaluate's lexerStream plus readUntilFalse/readTokenUntilFalse, same cursor moves.
class Stream {
 public:
  explicit Stream(std::string_view text) : m_text(text) {}
  bool can_read() const { return m_pos < m_text.size(); }
  char read() { return m_pos < m_text.size() ? m_text[m_pos++] : '\0'; }
  void rewind(std::ptrdiff_t n) {
    m_pos = static_cast<size_t>(static_cast<std::ptrdiff_t>(m_pos) - n);
  }

  // Returns the text read and whether the condition (not the end of text) stopped it.
  template <typename Cond>
  std::pair<std::string, bool> read_until_false(bool include_ws, bool break_ws, Cond cond) {
    std::string out;
    while (can_read()) {
      char c = read();
      if (c == '\\') {  // a backslash escapes anything, in every govaluate read
        out += read();
        continue;
      }
      if (is_space(c)) {
        if (break_ws && !out.empty()) {
          return {out, true};
        }
        if (!include_ws) {
          continue;
        }
      }
      if (!cond(c)) {
        rewind(1);
        return {out, true};
      }
      out += c;
    }
    return {out, false};
  }

  // readTokenUntilFalse: re-reads the character that selected the token kind.
  template <typename Cond>
  std::string read_token(Cond cond) {
    rewind(1);
    return read_until_false(false, true, cond).first;
  }

 private:
  std::string_view m_text;
  size_t m_pos = 0;
};

bool can_follow(TokenKind state, TokenKind next);

// Parses `digits` (exactly `count` of them) at `pos` of `s`.
std::optional<int> parse_fixed(std::string_view s, size_t pos, size_t count) {
  if (pos + count > s.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(s[i])) {
      return std::nullopt;
    }
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// govaluate tryParseTime, restricted to the ISO forms (see when.hpp): Unix seconds or nullopt.
std::optional<double> parse_time(std::string_view s) {
  auto year = parse_fixed(s, 0, 4);
  auto month = parse_fixed(s, 5, 2);
  auto day = parse_fixed(s, 8, 2);
  if (!year || !month || !day || s[4] != '-' || s[7] != '-' || *month < 1 || *month > 12 ||
      *day < 1 || *day > 31) {
    return std::nullopt;
  }
  int64_t seconds = days_from_civil(*year, *month, *day) * 86400;
  if (s.size() == 10) {
    return static_cast<double>(seconds);
  }
  auto hour = parse_fixed(s, 11, 2);
  auto minute = parse_fixed(s, 14, 2);
  if ((s[10] != ' ' && s[10] != 'T') || !hour || !minute || s[13] != ':' || *hour > 23 ||
      *minute > 59) {
    return std::nullopt;
  }
  seconds += *hour * 3600 + *minute * 60;
  if (s[10] == ' ' && s.size() == 16) {
    return static_cast<double>(seconds);
  }
  auto second = parse_fixed(s, 17, 2);
  if (s.size() < 19 || s[16] != ':' || !second || *second > 59) {
    return std::nullopt;
  }
  seconds += *second;
  size_t pos = 19;
  if (s[10] == ' ' && pos == s.size()) {
    return static_cast<double>(seconds);
  }
  if (pos < s.size() && s[pos] == '.') {  // fraction: kept out of the whole seconds, as Unix()
    ++pos;
    while (pos < s.size() && is_digit(s[pos])) {
      ++pos;
    }
  }
  if (pos + 1 == s.size() && s[pos] == 'Z') {
    return static_cast<double>(seconds);
  }
  auto off_h = parse_fixed(s, pos + 1, 2);
  auto off_m = parse_fixed(s, pos + 4, 2);
  if (pos + 6 != s.size() || (s[pos] != '+' && s[pos] != '-') || s[pos + 3] != ':' || !off_h ||
      !off_m) {
    return std::nullopt;
  }
  const int64_t offset = *off_h * 3600 + *off_m * 60;
  return static_cast<double>(s[pos] == '+' ? seconds - offset : seconds + offset);
}

// A number token: 0x hex or [0-9.]+ parsed like strconv.ParseFloat. Sets `error` on failure.
Token read_number(Stream& stream, char first, std::string& error) {
  Token token{TokenKind::numeric, {}, 0, false};
  if (stream.can_read() && first == '0') {
    char next = stream.read();
    if (stream.can_read() && next == 'x') {
      token.text = stream.read_until_false(false, true, is_hex_digit).first;
      uint64_t value = 0;
      auto [end, ec] =
          std::from_chars(token.text.data(), token.text.data() + token.text.size(), value, 16);
      if (token.text.empty() || ec != std::errc{} || end != token.text.data() + token.text.size()) {
        error = fmt::format("Unable to parse hex value '{}' to uint64\n", token.text);
      }
      token.number = static_cast<double>(value);
      return token;
    }
    stream.rewind(1);
  }
  token.text = stream.read_token(is_numeric);
  // [0-9.]+ with at most one '.' and at least one digit is exactly what ParseFloat accepts.
  const auto dots = std::count(token.text.begin(), token.text.end(), '.');
  auto [end, ec] = std::from_chars(token.text.data(), token.text.data() + token.text.size(),
                                   token.number, std::chars_format::fixed);
  if (dots > 1 || token.text == "." || end != token.text.data() + token.text.size() ||
      (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
    error = fmt::format("Unable to parse numeric value '{}' to float64\n", token.text);
  } else if (ec == std::errc::result_out_of_range) {
    token.number = HUGE_VAL;  // ParseFloat fails too, but with the same message
    error = fmt::format("Unable to parse numeric value '{}' to float64\n", token.text);
  }
  return token;
}

// A letter-word: variable, boolean, `in`, or accessor (dotted). Sets `error` on failure.
Token read_word(Stream& stream, std::string& error) {
  Token token{TokenKind::variable, stream.read_token(is_variable_name), 0, false};
  if (token.text == "true" || token.text == "false") {
    token.kind = TokenKind::boolean;
    token.boolean = token.text == "true";
  }
  if (token.text == "in" || token.text == "IN") {
    token.kind = TokenKind::comparator;
    token.text = "in";
  }
  const size_t dot = token.text.find('.');
  if (dot != std::string::npos && dot > 0) {
    if (token.text.back() == '.') {
      error = fmt::format("Hanging accessor on token '{}'", token.text);
      return token;
    }
    token.kind = TokenKind::accessor;
    size_t start = dot + 1;
    while (start <= token.text.size()) {  // every later part must start "exported" (upper)
      const size_t end = std::min(token.text.find('.', start), token.text.size());
      const char c = start < token.text.size() ? token.text[start] : '\0';
      if (c >= 'a' && c <= 'z') {
        error = fmt::format("Unable to access unexported field '{}' in token '{}'",
                            token.text.substr(start, end - start), token.text);
        return token;
      }
      start = end + 1;
    }
  }
  return token;
}

// A run of symbol characters: prefix, modifier, logical, comparator or ternary operator.
Token read_symbol(Stream& stream, TokenKind state, std::string& error) {
  Token token{TokenKind::unknown, stream.read_token(is_not_alphanumeric), 0, false};
  const std::string& s = token.text;
  if (can_follow(state, TokenKind::prefix) && (s == "-" || s == "!" || s == "~")) {
    token.kind = TokenKind::prefix;
  } else if (s == "+" || s == "-" || s == "*" || s == "/" || s == "%" || s == "**" || s == "&" ||
             s == "|" || s == "^" || s == ">>" || s == "<<") {
    token.kind = TokenKind::modifier;
  } else if (s == "&&" || s == "||") {
    token.kind = TokenKind::logicalop;
  } else if (s == "==" || s == "!=" || s == ">" || s == ">=" || s == "<" || s == "<=" ||
             s == "=~" || s == "!~") {
    token.kind = TokenKind::comparator;
  } else if (s == "?" || s == ":" || s == "??") {
    token.kind = TokenKind::ternary;
  } else {
    error = fmt::format("Invalid token: '{}'", s);
  }
  return token;
}

// govaluate readToken: the next token, or kind unknown at the end of the text.
Token read_token(Stream& stream, TokenKind state, std::string& error) {
  while (stream.can_read()) {
    const char c = stream.read();
    if (is_space(c)) {
      continue;
    }
    if (is_numeric(c)) {
      return read_number(stream, c, error);
    }
    if (c == ',') {
      return Token{TokenKind::separator, ",", 0, false};
    }
    if (c == '[') {
      auto [text, closed] = stream.read_until_false(true, false, [](char x) { return x != ']'; });
      stream.rewind(-1);
      if (!closed) {
        error = "Unclosed parameter bracket";
      }
      return Token{TokenKind::variable, text, 0, false};
    }
    if (is_letter(c)) {
      return read_word(stream, error);
    }
    if (is_quote(c)) {
      auto [text, closed] =
          stream.read_until_false(true, false, [](char x) { return !is_quote(x); });
      stream.rewind(-1);
      if (!closed) {
        error = "Unclosed string literal";
      }
      if (auto seconds = parse_time(text)) {
        return Token{TokenKind::time, text, *seconds, false};
      }
      return Token{TokenKind::string, text, 0, false};
    }
    if (c == '(') {
      return Token{TokenKind::clause, "(", 0, false};
    }
    if (c == ')') {
      return Token{TokenKind::clause_close, ")", 0, false};
    }
    return read_symbol(stream, state, error);
  }
  return Token{};
}

std::string_view kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::unknown: return "UNKNOWN";
    case TokenKind::prefix: return "PREFIX";
    case TokenKind::numeric: return "NUMERIC";
    case TokenKind::boolean: return "BOOLEAN";
    case TokenKind::string: return "STRING";
    case TokenKind::pattern: return "PATTERN";
    case TokenKind::time: return "TIME";
    case TokenKind::variable: return "VARIABLE";
    case TokenKind::accessor: return "ACCESSOR";
    case TokenKind::separator: return "SEPARATOR";
    case TokenKind::comparator: return "COMPARATOR";
    case TokenKind::logicalop: return "LOGICALOP";
    case TokenKind::modifier: return "MODIFIER";
    case TokenKind::clause: return "CLAUSE";
    case TokenKind::clause_close: return "CLAUSE_CLOSE";
    case TokenKind::ternary: return "TERNARY";
  }
  return "UNKNOWN";
}

// Go's `%v` of the token's value: clauses are runes (printed as numbers), accessors []string.
std::string describe_value(const Token* token) {
  if (token == nullptr) {
    return "<nil>";
  }
  switch (token->kind) {
    case TokenKind::numeric: return format_go_float(token->number);
    case TokenKind::boolean: return token->boolean ? "true" : "false";
    case TokenKind::clause: return "40";
    case TokenKind::clause_close: return "41";
    case TokenKind::accessor: {
      std::string out = "[" + token->text + "]";
      std::replace(out.begin(), out.end(), '.', ' ');
      return out;
    }
    default: return token->text;
  }
}

bool is_value(TokenKind k) {
  return k == TokenKind::numeric || k == TokenKind::boolean || k == TokenKind::string ||
         k == TokenKind::pattern || k == TokenKind::time || k == TokenKind::variable ||
         k == TokenKind::accessor;
}

// govaluate validLexerStates: may a `next` token follow a `state` token?
bool can_follow(TokenKind state, TokenKind next) {
  using K = TokenKind;
  const bool opens = next == K::prefix || next == K::numeric || next == K::boolean ||
                     next == K::variable || next == K::accessor || next == K::clause;
  switch (state) {
    case K::unknown: return opens || next == K::pattern || next == K::string || next == K::time;
    case K::clause:
      return opens || next == K::pattern || next == K::string || next == K::time ||
             next == K::clause_close;
    case K::clause_close:
      return next == K::comparator || next == K::modifier || next == K::numeric ||
             next == K::boolean || next == K::variable || next == K::string || next == K::pattern ||
             next == K::time || next == K::clause || next == K::clause_close ||
             next == K::logicalop || next == K::ternary || next == K::separator;
    case K::modifier: return opens || next == K::string || next == K::clause_close;
    case K::comparator:
      return opens || next == K::string || next == K::time || next == K::clause_close ||
             next == K::pattern;
    case K::logicalop:
      return opens || next == K::string || next == K::time || next == K::clause_close;
    case K::prefix:
      return next == K::numeric || next == K::boolean || next == K::variable ||
             next == K::accessor || next == K::clause || next == K::clause_close;
    case K::ternary: return opens || next == K::string || next == K::time || next == K::separator;
    case K::separator: return opens || next == K::string || next == K::time;
    default:  // the value kinds
      return next == K::modifier || next == K::comparator || next == K::logicalop ||
             next == K::clause_close || next == K::ternary || next == K::separator;
  }
}

// Whether an expression may end after a `state` token.
bool can_end(TokenKind state) {
  return is_value(state) || state == TokenKind::clause_close;
}

}  // namespace

std::string format_go_float(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char buf[64];
  auto sci = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  const std::string s(buf, sci.ptr);
  const size_t e = s.find('e');
  const int exponent = std::stoi(s.substr(e + 1));
  if (exponent < -4 || exponent >= 21) {  // %v is %g with the shortest digits, threshold 21
    const char sign = exponent < 0 ? '-' : '+';
    return fmt::format("{}e{}{:02}", s.substr(0, e), sign, std::abs(exponent));
  }
  auto fixed = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

LexResult lex_when(std::string_view text) {
  LexResult result;
  Stream stream(text);
  TokenKind state = TokenKind::unknown;
  while (stream.can_read()) {
    Token token = read_token(stream, state, result.error);
    if (!result.error.empty()) {
      return result;
    }
    if (token.kind == TokenKind::unknown) {
      break;
    }
    state = token.kind;
    result.tokens.push_back(std::move(token));
  }
  result.error = check_balance(result.tokens);
  return result;
}

std::string check_balance(const std::vector<Token>& tokens) {
  int depth = 0;
  for (const Token& token : tokens) {
    depth += token.kind == TokenKind::clause ? 1 : token.kind == TokenKind::clause_close ? -1 : 0;
  }
  return depth == 0 ? "" : "Unbalanced parenthesis";
}

std::string check_syntax(const std::vector<Token>& tokens) {
  TokenKind state = TokenKind::unknown;
  const Token* last = nullptr;
  for (const Token& token : tokens) {
    if (!can_follow(state, token.kind)) {
      if (last != nullptr && last->kind == TokenKind::variable && token.kind == TokenKind::clause) {
        return "Undefined function " + last->text;
      }
      return fmt::format("Cannot transition token types from {} [{}] to {} [{}]", kind_name(state),
                         describe_value(last), kind_name(token.kind), describe_value(&token));
    }
    state = token.kind;
    last = &token;
  }
  return can_end(state) ? "" : "Unexpected end of expression";
}

}  // namespace expr::when_detail
