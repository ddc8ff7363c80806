#include "report/yaml_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace report {
namespace {

using Json = nlohmann::ordered_json;

/// Decodes the code point at `text[i]`; returns its length, or 0 for an invalid sequence
/// (a stray or truncated byte, an overlong form, a surrogate, or beyond U+10FFFF).
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& out) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead < 0x80U) {
    out = lead;
    return 1;
  }
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
    cp = lead & 0x1FU;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    cp = lead & 0x0FU;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    cp = lead & 0x07U;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) {
      return 0;
    }
    cp = (cp << 6U) | (byte(i + k) & 0x3FU);
  }
  constexpr std::array<char32_t, 5> k_min{0, 0, 0x80, 0x800, 0x10000};
  if (cp < k_min[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  out = cp;
  return length;
}

std::vector<char32_t> code_points(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0xFFFD;
    const std::size_t length = decode_utf8(text, i, cp);
    out.push_back(length == 0 ? 0xFFFD : cp);
    i += length == 0 ? 1 : length;
  }
  return out;
}

/// unicode.IsLetter, exact for ASCII; other characters count as letters except Latin-1
/// symbols and punctuation (keys in workflows are nearly always ASCII).
bool is_letter(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  if (c < 0xC0) {
    return c == 0xAA || c == 0xB5 || c == 0xBA;
  }
  return c != 0xD7 && c != 0xF7;
}

bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}

// Words YAML 1.1 (which yaml.v2 and many readers use) or 1.2 reads as a bool or null.
constexpr std::array<std::string_view, 25> k_reserved_words{
    "y",  "Y",    "yes",  "Yes",  "YES",   "n",     "N",     "no", "No",
    "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
    "ON", "off",  "Off",  "OFF",  "null",  "Null",  "NULL"};

bool is_digit_char(char c) {
  return c >= '0' && c <= '9';
}

bool all_chars(std::string_view text, bool (*accept)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), accept);
}

/// `[0-9]+` or `[0-9]+:[0-5]?[0-9]...`-style sexagesimal tail: `:[0-5]?[0-9]` repeated, then
/// an optional fraction (YAML 1.1's base 60 numbers such as 1:20 or 190:20:30.15).
bool is_base60_tail(std::string_view text) {
  std::size_t i = 0;
  bool any = false;
  while (i < text.size() && text[i] == ':') {
    std::size_t digits = 0;
    while (i + 1 + digits < text.size() && is_digit_char(text[i + 1 + digits])) {
      ++digits;
    }
    if (digits == 0 || digits > 2 || (digits == 2 && text[i + 1] > '5')) {
      return false;
    }
    i += 1 + digits;
    any = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && (is_digit_char(text[i]) || text[i] == '_')) {
      ++i;
    }
  }
  return any && i == text.size();
}

/// A number in YAML 1.1 or 1.2 spelling: ints with `_`, 0b/0o/0x forms, floats with an
/// optional exponent, base 60, .inf and .nan. A hand-written scanner: std::regex recurses
/// per character and would overflow the stack on a long output value.
bool is_yaml_number(std::string_view text) {
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    return true;
  }
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    text.remove_prefix(1);
  }
  if (text == ".inf" || text == ".Inf" || text == ".INF") {
    return true;
  }
  if (text.size() > 2 && text[0] == '0') {
    const std::string_view rest = text.substr(2);
    switch (text[1]) {
      case 'b': return all_chars(rest, [](char c) { return c == '0' || c == '1' || c == '_'; });
      case 'o': return all_chars(rest, [](char c) { return (c >= '0' && c <= '7') || c == '_'; });
      case 'x':
        return all_chars(rest, [](char c) {
          return is_digit_char(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
        });
      default: break;
    }
  }
  std::size_t i = 0;
  bool digits = false;
  const auto digit_run = [&] {
    while (i < text.size() && (is_digit_char(text[i]) || text[i] == '_')) {
      digits = digits || is_digit_char(text[i]);
      ++i;
    }
  };
  digit_run();
  if (i < text.size() && text[i] == ':') {
    return !text.empty() && is_digit_char(text[0]) && is_base60_tail(text.substr(i));
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    digit_run();
  }
  if (digits && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    const std::size_t exponent = i;
    while (i < text.size() && is_digit_char(text[i])) {
      ++i;
    }
    if (i == exponent) {
      return false;
    }
  }
  return digits && i == text.size();
}

/// A YAML 1.1 date or timestamp start: `YYYY-M-D`, alone or followed by `T`, `t` or a space.
bool looks_like_date(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&](std::size_t min, std::size_t max) {
    std::size_t n = 0;
    while (i < text.size() && n < max && is_digit_char(text[i])) {
      ++i;
      ++n;
    }
    return n >= min;
  };
  const auto dash = [&] { return i < text.size() && text[i++] == '-'; };
  if (!digits(4, 4) || !dash() || !digits(1, 2) || !dash() || !digits(1, 2)) {
    return false;
  }
  return i == text.size() || text[i] == 'T' || text[i] == 't' || text[i] == ' ';
}

bool has_unsafe_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decode_utf8(text, i, cp);
    // Control characters, DEL, NEL and the Unicode line separators break plain scalars; a
    // byte-order mark would be taken for the stream's.
    if (length == 0 || cp < 0x20 || cp == 0x7F || cp == 0x85 || cp == 0x2028 || cp == 0x2029 ||
        cp == 0xFEFF) {
      return true;
    }
    i += length;
  }
  return false;
}

std::string hex4(unsigned value) {
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string out = "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) {
    out += k_digits[(value >> static_cast<unsigned>(shift)) & 0xFU];
  }
  return out;
}

/// A YAML double-quoted scalar with JSON's escapes (which YAML accepts); invalid UTF-8
/// bytes become U+FFFD as Go's encoder makes them.
std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decode_utf8(text, i, cp);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (cp < 0x20 || cp == 0x7F || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) {
          out += hex4(static_cast<unsigned>(cp));
        } else {
          out.append(text.substr(i, length));
        }
    }
    i += length;
  }
  out += '"';
  return out;
}

std::string string_text(std::string_view text) {
  return yaml_needs_quotes(text) ? double_quoted(text) : std::string(text);
}

std::string scalar_text(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return string_text(value.get_ref<const std::string&>());
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer: return std::to_string(value.get<std::int64_t>());
    case Json::value_t::number_unsigned: return std::to_string(value.get<std::uint64_t>());
    case Json::value_t::number_float: return value.dump();
    case Json::value_t::object: return "{}";
    case Json::value_t::array: return "[]";
    default: return "null";
  }
}

bool is_block(const Json& value) {
  return (value.is_object() || value.is_array()) && !value.empty();
}

void emit_sequence(const Json& array, std::size_t indent, std::string& out);

void emit_mapping(const Json& object, std::size_t indent, std::string& out) {
  std::vector<const std::string*> keys;
  keys.reserve(object.size());
  for (const auto& item : object.items()) {
    keys.push_back(&item.key());
  }
  // stable_sort: the comparison is yaml.v2's, which need not be a strict weak order for
  // every input; a merge sort stays safe either way.
  std::stable_sort(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) {
    return yaml_key_less(*a, *b);
  });
  for (const std::string* key : keys) {
    const Json& value = object.at(*key);
    out.append(indent, ' ');
    out += string_text(*key);
    out += ':';
    if (value.is_object() && !value.empty()) {
      out += '\n';
      emit_mapping(value, indent + 2, out);
    } else if (value.is_array() && !value.empty()) {
      // Like kubectl and Argo: a sequence's dashes line up with its key.
      out += '\n';
      emit_sequence(value, indent, out);
    } else {
      out += ' ';
      out += scalar_text(value);
      out += '\n';
    }
  }
}

void emit_sequence(const Json& array, std::size_t indent, std::string& out) {
  for (const Json& item : array) {
    if (!is_block(item)) {
      out.append(indent, ' ');
      out += "- ";
      out += scalar_text(item);
      out += '\n';
      continue;
    }
    // Lay the item out two columns in, then put the dash into the first line's indent.
    std::string nested;
    if (item.is_object()) {
      emit_mapping(item, indent + 2, nested);
    } else {
      emit_sequence(item, indent + 2, nested);
    }
    nested.replace(indent, 2, "- ");
    out += nested;
  }
}

}  // namespace

bool yaml_key_less(std::string_view a, std::string_view b) {
  const std::vector<char32_t> ar = code_points(a);
  const std::vector<char32_t> br = code_points(b);
  for (std::size_t i = 0; i < ar.size() && i < br.size(); ++i) {
    if (ar[i] == br[i]) {
      continue;
    }
    const bool a_letter = is_letter(ar[i]);
    const bool b_letter = is_letter(br[i]);
    if (a_letter && b_letter) {
      return ar[i] < br[i];
    }
    if (a_letter || b_letter) {
      return b_letter;
    }
    // Both non-letters: compare the digit runs starting here by value. A zero after a
    // nonzero digit is part of a larger number, which the initial 1 accounts for.
    std::uint64_t an = 0;
    std::uint64_t bn = 0;
    if (ar[i] == '0' || br[i] == '0') {
      for (std::size_t j = i; j-- > 0 && is_digit(ar[j]);) {
        if (ar[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    std::size_t ai = i;
    for (; ai < ar.size() && is_digit(ar[ai]); ++ai) {
      an = an * 10 + (ar[ai] - '0');
    }
    std::size_t bi = i;
    for (; bi < br.size() && is_digit(br[bi]); ++bi) {
      bn = bn * 10 + (br[bi] - '0');
    }
    if (an != bn) {
      return static_cast<std::int64_t>(an) < static_cast<std::int64_t>(bn);
    }
    if (ai != bi) {
      return ai < bi;
    }
    return ar[i] < br[i];
  }
  return ar.size() < br.size();
}

bool yaml_needs_quotes(std::string_view text) {
  if (text.empty() || has_unsafe_character(text)) {
    return true;
  }
  if (text.front() == ' ' || text.back() == ' ' || text.back() == ':') {
    return true;
  }
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) {
    return true;
  }
  constexpr std::string_view k_indicators = "!&*{}[]|>'\"%@`#,";
  if (k_indicators.find(text.front()) != std::string_view::npos) {
    return true;
  }
  // `-`, `?` and `:` start a plain scalar only when a non-space follows; `---` and `...`
  // would end or start a document.
  if ((text.front() == '-' || text.front() == '?' || text.front() == ':') &&
      (text.size() == 1 || text[1] == ' ')) {
    return true;
  }
  if (text.substr(0, 3) == "---" || text.substr(0, 3) == "...") {
    return true;
  }
  if (text == "~" || text == "<<" || text == "=" ||
      std::find(k_reserved_words.begin(), k_reserved_words.end(), text) != k_reserved_words.end()) {
    return true;
  }
  return is_yaml_number(text) || looks_like_date(text);
}

util::Result<std::string> json_to_yaml(std::string_view json_text) {
  const Json value = Json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (value.is_discarded()) {
    return util::make_error(util::ErrorCode::invalid_input, "not valid JSON");
  }
  std::string out;
  if (value.is_object() && !value.empty()) {
    emit_mapping(value, 0, out);
  } else if (value.is_array() && !value.empty()) {
    emit_sequence(value, 0, out);
  } else {
    out = scalar_text(value) + "\n";
  }
  return out;
}

}  // namespace report
