#include "expr/json_value.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace expr {
namespace {

constexpr size_t k_max_depth = 1000;  // guards the recursion against hostile input

using util::append_utf8;

// Go's encoding/json quoteChar: how a byte is shown in syntax error messages.
std::string quote_char(unsigned char c) {
  switch (c) {
    case '\'': return "'\\''";
    case '"': return "'\"'";
    case '\\': return "'\\\\'";
    case '\a': return "'\\a'";
    case '\b': return "'\\b'";
    case '\f': return "'\\f'";
    case '\n': return "'\\n'";
    case '\r': return "'\\r'";
    case '\t': return "'\\t'";
    case '\v': return "'\\v'";
    default: break;
  }
  if (c < 0x20 || c == 0x7F) {
    return fmt::format("'\\x{:02x}'", c);
  }
  if ((c >= 0x80 && c < 0xA0) || c == 0xA0 || c == 0xAD) {
    return fmt::format("'\\u{:04x}'", c);  // Go reads the byte as a rune; these are unprintable
  }
  std::string out = "'";
  append_utf8(out, c);
  return out + "'";
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') {
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

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Recursive descent over the text; every failure is a Go-worded message.
class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  util::Result<JsonValue> parse_document() {
    JsonValue value;
    if (!parse_value(value, 0)) {
      return failure();
    }
    skip_space();
    if (m_pos < m_text.size()) {
      fail_at("after top-level value");
      return failure();
    }
    return value;
  }

 private:
  util::Error failure() const { return util::make_error(util::ErrorCode::invalid_input, m_error); }

  bool at_end() const { return m_pos >= m_text.size(); }
  char peek() const { return m_text[m_pos]; }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++m_pos;
    }
  }

  // Records "invalid character 'c' <context>" (or end of input) and returns false.
  bool fail_at(std::string_view context) {
    if (at_end()) {
      m_error = "unexpected end of JSON input";
    } else {
      m_error = "invalid character " + quote_char(static_cast<unsigned char>(peek())) + " " +
                std::string(context);
    }
    return false;
  }

  bool parse_value(JsonValue& out, size_t depth) {
    skip_space();
    if (depth > k_max_depth) {
      m_error = "exceeded max depth";
      return false;
    }
    if (at_end()) {
      return fail_at("");
    }
    const char c = peek();
    if (c == '{') {
      return parse_object(out, depth);
    }
    if (c == '[') {
      return parse_array(out, depth);
    }
    if (c == '"') {
      std::string s;
      if (!parse_string(s)) {
        return false;
      }
      out = JsonValue::string(std::move(s));
      return true;
    }
    if (c == '-' || is_digit(c)) {
      return parse_number(out);
    }
    if (c == 't') {
      return parse_literal("true", JsonValue::boolean(true), out);
    }
    if (c == 'f') {
      return parse_literal("false", JsonValue::boolean(false), out);
    }
    if (c == 'n') {
      return parse_literal("null", JsonValue(), out);
    }
    return fail_at("looking for beginning of value");
  }

  bool parse_literal(std::string_view word, JsonValue value, JsonValue& out) {
    for (size_t i = 0; i < word.size(); ++i, ++m_pos) {
      if (at_end() || peek() != word[i]) {
        return fail_at(fmt::format("in literal {} (expecting '{}')", word, word[i]));
      }
    }
    out = std::move(value);
    return true;
  }

  bool parse_digits() {
    if (at_end() || !is_digit(peek())) {
      return false;
    }
    while (!at_end() && is_digit(peek())) {
      ++m_pos;
    }
    return true;
  }

  bool parse_number(JsonValue& out) {
    const size_t start = m_pos;
    if (peek() == '-') {
      ++m_pos;
    }
    if (!at_end() && peek() == '0') {
      ++m_pos;  // a leading zero ends the integer part ("01" is "0" then a stray "1")
    } else if (!parse_digits()) {
      return fail_at("in numeric literal");
    }
    if (!at_end() && peek() == '.') {
      ++m_pos;
      if (!parse_digits()) {
        return fail_at("after decimal point in numeric literal");
      }
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++m_pos;
      if (!at_end() && (peek() == '+' || peek() == '-')) {
        ++m_pos;
      }
      if (!parse_digits()) {
        return fail_at("in exponent of numeric literal");
      }
    }
    out = JsonValue::number(std::string(m_text.substr(start, m_pos - start)));
    return true;
  }

  // Four hex digits after "\u"; -1 (with the error set) when malformed.
  int32_t parse_hex4() {
    int32_t cp = 0;
    for (int i = 0; i < 4; ++i, ++m_pos) {
      const int d = at_end() ? -1 : hex_digit(peek());
      if (d < 0) {
        fail_at("in \\u hexadecimal character escape");
        return -1;
      }
      cp = cp * 16 + d;
    }
    return cp;
  }

  // After "\u" at m_pos: decodes one code point, pairing surrogates as Go does.
  bool parse_unicode_escape(std::string& out) {
    int32_t cp = parse_hex4();
    if (cp < 0) {
      return false;
    }
    if (cp >= 0xD800 && cp < 0xDC00) {
      const bool low_follows = m_text.substr(m_pos, 2) == "\\u";
      if (low_follows) {
        const size_t saved = m_pos;
        m_pos += 2;
        const int32_t low = parse_hex4();
        if (low < 0) {
          return false;
        }
        if (low >= 0xDC00 && low < 0xE000) {
          append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00));
          return true;
        }
        m_pos = saved;  // not a pair: the next escape is decoded on its own
      }
      cp = 0xFFFD;
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    append_utf8(out, static_cast<uint32_t>(cp));
    return true;
  }

  bool parse_escape(std::string& out) {
    if (at_end()) {
      return fail_at("");
    }
    const char c = peek();
    ++m_pos;
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': return parse_unicode_escape(out);
      default: --m_pos; return fail_at("in string escape code");
    }
  }

  bool parse_string(std::string& out) {
    ++m_pos;  // opening quote
    while (true) {
      if (at_end()) {
        return fail_at("");
      }
      const char c = peek();
      if (c == '"') {
        ++m_pos;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return fail_at("in string literal");
      }
      ++m_pos;
      if (c == '\\') {
        if (!parse_escape(out)) {
          return false;
        }
      } else {
        out += c;
      }
    }
  }

  bool parse_array(JsonValue& out, size_t depth) {
    ++m_pos;
    std::vector<JsonValue> items;
    skip_space();
    if (!at_end() && peek() == ']') {
      ++m_pos;
      out = JsonValue::array(std::move(items));
      return true;
    }
    while (true) {
      JsonValue item;
      if (!parse_value(item, depth + 1)) {
        return false;
      }
      items.push_back(std::move(item));
      skip_space();
      if (!at_end() && peek() == ',') {
        ++m_pos;
      } else if (!at_end() && peek() == ']') {
        ++m_pos;
        out = JsonValue::array(std::move(items));
        return true;
      } else {
        return fail_at("after array element");
      }
    }
  }

  bool parse_object(JsonValue& out, size_t depth) {
    ++m_pos;
    std::vector<JsonValue::Member> members;
    skip_space();
    if (!at_end() && peek() == '}') {
      ++m_pos;
      out = JsonValue::object(std::move(members));
      return true;
    }
    while (true) {
      skip_space();
      if (at_end() || peek() != '"') {
        return fail_at("looking for beginning of object key string");
      }
      std::string key;
      if (!parse_string(key)) {
        return false;
      }
      skip_space();
      if (at_end() || peek() != ':') {
        return fail_at("after object key");
      }
      ++m_pos;
      JsonValue value;
      if (!parse_value(value, depth + 1)) {
        return false;
      }
      members.emplace_back(std::move(key), std::move(value));
      skip_space();
      if (!at_end() && peek() == ',') {
        ++m_pos;
      } else if (!at_end() && peek() == '}') {
        ++m_pos;
        out = JsonValue::object(std::move(members));
        return true;
      } else {
        return fail_at("after object key:value pair");
      }
    }
  }

  std::string_view m_text;
  size_t m_pos = 0;
  std::string m_error;
};

void write_compact(const JsonValue& value, std::string& out) {
  switch (value.kind()) {
    case JsonKind::string: out += quote_json_string(value.text()); return;
    case JsonKind::array: {
      out += '[';
      for (size_t i = 0; i < value.items().size(); ++i) {
        out += i == 0 ? "" : ",";
        write_compact(value.items()[i], out);
      }
      out += ']';
      return;
    }
    case JsonKind::object: {
      out += '{';
      for (size_t i = 0; i < value.members().size(); ++i) {
        out += i == 0 ? "" : ",";
        out += quote_json_string(value.members()[i].first);
        out += ':';
        write_compact(value.members()[i].second, out);
      }
      out += '}';
      return;
    }
    default: out += value.text(); return;
  }
}

}  // namespace

JsonValue JsonValue::boolean(bool value) {
  JsonValue v;
  v.m_kind = JsonKind::boolean;
  v.m_text = value ? "true" : "false";
  return v;
}

JsonValue JsonValue::number(std::string source) {
  JsonValue v;
  v.m_kind = JsonKind::number;
  v.m_text = std::move(source);
  return v;
}

JsonValue JsonValue::string(std::string value) {
  JsonValue v;
  v.m_kind = JsonKind::string;
  v.m_text = std::move(value);
  return v;
}

JsonValue JsonValue::array(std::vector<JsonValue> items) {
  JsonValue v;
  v.m_kind = JsonKind::array;
  v.m_text.clear();
  v.m_items = std::move(items);
  return v;
}

JsonValue JsonValue::object(std::vector<Member> members) {
  JsonValue v;
  v.m_kind = JsonKind::object;
  v.m_text.clear();
  v.m_members = std::move(members);
  return v;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (auto it = m_members.rbegin(); it != m_members.rend(); ++it) {
    if (it->first == key) {
      return &it->second;
    }
  }
  return nullptr;
}

util::Result<JsonValue> parse_json(std::string_view text) {
  return Parser(text).parse_document();
}

std::string to_compact_json(const JsonValue& value) {
  std::string out;
  write_compact(value, out);
  return out;
}

std::string quote_json_string(std::string_view value) {
  std::string out = "\"";
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '<':
      case '>':
      case '&': out += fmt::format("\\u{:04x}", c); continue;
      default: break;
    }
    if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else if (c == 0xE2 && i + 2 < value.size() && value[i + 1] == '\x80' &&
               (value[i + 2] == '\xA8' || value[i + 2] == '\xA9')) {
      out += value[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";  // JS line separators, as Go does
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace expr
