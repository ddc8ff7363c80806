#include "model/doc_node.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

namespace model {
namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), s) != options.end();
}

bool is_yaml_true(std::string_view s) {
  return one_of(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"});
}

bool is_yaml_false(std::string_view s) {
  return one_of(s, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"});
}

std::string strip_underscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') {
      out += c;
    }
  }
  return out;
}

/// go-yaml v2 only tries to resolve a plain scalar whose first byte hints at a non-string
/// (resolve_table): a sign, a digit, '.', or a letter that starts a boolean or null.
bool has_resolve_hint(std::string_view s) {
  return s.empty() || std::string_view("+-0123456789.yYnNtTfFoO~").find(s[0]) != s.npos;
}

/// A YAML integer as go-yaml v2 reads it: underscores dropped, then strconv.ParseInt(s, 0,
/// 64) (sign; 0x, 0o, 0b prefixes in either case; a leading 0 means octal) or, for values
/// above the int64 range, strconv.ParseUint.
struct YamlInt {
  bool negative = false;
  uint64_t magnitude = 0;
};

std::optional<YamlInt> parse_yaml_int(std::string_view text) {
  if (text.empty() || !has_resolve_hint(text)) {
    return std::nullopt;
  }
  std::string s = strip_underscores(text);
  YamlInt out;
  bool signed_text = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    out.negative = s[0] == '-';
    signed_text = true;
    s.erase(0, 1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && std::string_view("xXoObB").find(s[1]) != s.npos) {
    const char prefix = static_cast<char>(s[1] | 0x20);
    base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
    s.erase(0, 2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
  }
  if (s.empty()) {
    return std::nullopt;
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out.magnitude, base);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  // ParseInt covers [-2^63, 2^63-1]; ParseUint (no sign allowed) the rest of uint64.
  constexpr uint64_t k_int64_limit = uint64_t{1} << 63;
  if (out.negative ? out.magnitude > k_int64_limit
                   : out.magnitude >= k_int64_limit && signed_text) {
    return std::nullopt;
  }
  return out;
}

bool is_yaml_special_float(std::string_view s) {
  return one_of(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
                    ".nan", ".NaN", ".NAN"});
}

/// go-yaml v2's yamlStyleFloat, ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$, by hand:
/// std::regex recurses per character and overflows the stack on long scalars. Without
/// `allow_sign_and_integer` only the \.[0-9]+ form is accepted (what ParseFloat takes from a
/// scalar starting with '.').
bool matches_yaml_float(std::string_view s, bool allow_sign_and_integer) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
    }
    return i - start;
  };
  if (allow_sign_and_integer && i < s.size() && (s[i] == '-' || s[i] == '+')) {
    ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) {
      return false;
    }
  } else {
    if (!allow_sign_and_integer || digits() == 0) {
      return false;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      ++i;
    }
    if (digits() == 0) {
      return false;
    }
  }
  return i == s.size();
}

/// The float a plain scalar resolves to, if it is one. go-yaml v2 uses strconv.ParseFloat on
/// the text as written when it starts with '.', and otherwise only after its yamlStyleFloat
/// pattern matches the text without underscores. Out-of-range values stay strings.
std::optional<double> parse_yaml_float(std::string_view text) {
  if (text.empty() || !has_resolve_hint(text)) {
    return std::nullopt;
  }
  if (is_yaml_special_float(text)) {
    if (text.find_first_of("aA") != text.npos) {  // .nan, .NaN, .NAN
      return std::nan("");
    }
    return text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  const std::string s = text[0] == '.' ? std::string(text) : strip_underscores(text);
  if (!matches_yaml_float(s, /*allow_sign_and_integer=*/text[0] != '.')) {
    return std::nullopt;
  }
  // from_chars, unlike strtod, ignores the locale; it takes no '+' sign.
  const size_t skip = s[0] == '+' ? 1 : 0;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data() + skip, s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // ParseFloat reports ErrRange for overflow (the scalar stays a string), not underflow.
    const double rounded = std::strtod(s.c_str(), nullptr);
    return std::isinf(rounded) ? std::nullopt : std::optional<double>(rounded);
  }
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  return value;
}

/// The shortest decimal digits that round-trip `value` (positive, finite, non-zero), and
/// the decimal exponent: value = 0.DIGITS * 10^exponent.
void shortest_digits(double value, std::string& digits, int& exponent) {
  std::string shortest = fmt::format("{}", value);
  const size_t e = shortest.find_first_of("eE");
  int exp10 = 0;
  if (e != shortest.npos) {
    exp10 = std::stoi(shortest.substr(e + 1));
    shortest.resize(e);
  }
  const size_t point = shortest.find('.');
  std::string int_part = point == shortest.npos ? shortest : shortest.substr(0, point);
  const std::string frac_part = point == shortest.npos ? "" : shortest.substr(point + 1);
  digits = int_part + frac_part;
  exponent = static_cast<int>(int_part.size()) + exp10;
  const size_t first = digits.find_first_not_of('0');
  exponent -= static_cast<int>(first);
  digits.erase(0, first);
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
  }
}

/// strconv.FormatFloat(value, 'f', -1, 64): the shortest round-trip digits, never an
/// exponent ("1e21" -> "1000000000000000000000", "1.50" -> "1.5").
std::string go_format_float(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  if (value == 0) {
    return std::signbit(value) ? "-0" : "0";
  }
  std::string digits;
  int exponent = 0;
  shortest_digits(std::fabs(value), digits, exponent);
  std::string out = value < 0 ? "-" : "";
  if (exponent <= 0) {
    out += "0." + std::string(static_cast<size_t>(-exponent), '0') + digits;
  } else if (static_cast<size_t>(exponent) >= digits.size()) {
    out += digits + std::string(static_cast<size_t>(exponent) - digits.size(), '0');
  } else {
    out += digits.substr(0, static_cast<size_t>(exponent)) + "." +
           digits.substr(static_cast<size_t>(exponent));
  }
  return out;
}

/// encoding/json's float64 format: 'f' form, but 'e' form (with a two-digit-minimum exponent
/// trimmed, "1e-7") below 1e-6 and from 1e21 on.
std::string go_json_float(double value) {
  const double abs = std::fabs(value);
  if (abs == 0 || (abs >= 1e-6 && abs < 1e21) || !std::isfinite(value)) {
    return go_format_float(value);
  }
  std::string digits;
  int exponent = 0;
  shortest_digits(abs, digits, exponent);
  std::string out = value < 0 ? "-" : "";
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += "." + digits.substr(1);
  }
  const int e = exponent - 1;
  out += fmt::format("e{}{}", e < 0 ? '-' : '+', e < 0 ? -e : e);
  return out;
}

/// The exact decimal text of an integer (json.Number keeps it, e.g. in withItems).
std::string integer_text(const YamlInt& value) {
  return (value.negative && value.magnitude != 0 ? "-" : "") + std::to_string(value.magnitude);
}

/// The length of the valid UTF-8 sequence starting at s[i], or 0 for an invalid byte (Go's
/// encoding/json writes U+FFFD for it).
size_t valid_utf8_length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  size_t n = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) {
    return 0;
  }
  uint32_t code = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return n;
}

/// encoding/json's string escaping: <, > and & as \u00XX, U+2028/U+2029 escaped, invalid
/// UTF-8 replaced by U+FFFD.
void json_escape_into(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = valid_utf8_length(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
        continue;
      }
      const std::string_view sequence = s.substr(i, n);
      if (sequence == "\xE2\x80\xA8" || sequence == "\xE2\x80\xA9") {
        out += sequence == "\xE2\x80\xA8" ? "\\u2028" : "\\u2029";
      } else {
        out += sequence;
      }
      i += n;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

void to_json_into(std::string& out, const DocNode& node, bool sort_keys) {
  switch (node.kind) {
    case DocKind::null: out += "null"; return;
    case DocKind::scalar:
      switch (node.scalar_type()) {
        case ScalarType::null: out += "null"; return;
        case ScalarType::boolean: out += any_string(node); return;
        case ScalarType::integer: out += integer_text(*parse_yaml_int(node.text)); return;
        case ScalarType::floating: out += go_json_float(*parse_yaml_float(node.text)); return;
        case ScalarType::string: json_escape_into(out, node.text); return;
      }
      return;
    case DocKind::sequence:
      out += '[';
      for (size_t i = 0; i < node.items.size(); ++i) {
        if (i > 0) {
          out += ',';
        }
        to_json_into(out, node.items[i], sort_keys);
      }
      out += ']';
      return;
    case DocKind::mapping: {
      std::vector<const DocEntry*> entries;
      for (const DocEntry& e : node.entries) {
        entries.push_back(&e);
      }
      if (sort_keys) {
        std::stable_sort(entries.begin(), entries.end(),
                         [](const DocEntry* a, const DocEntry* b) { return a->key < b->key; });
      }
      out += '{';
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) {
          out += ',';
        }
        json_escape_into(out, entries[i]->key);
        out += ':';
        to_json_into(out, entries[i]->value, sort_keys);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

const DocNode* DocNode::find(std::string_view key) const {
  for (const DocEntry& e : entries) {
    if (e.key == key) {
      return &e.value;
    }
  }
  return nullptr;
}

ScalarType DocNode::scalar_type() const {
  if (kind == DocKind::null) {
    return ScalarType::null;
  }
  if (kind != DocKind::scalar || quoted) {
    return ScalarType::string;
  }
  if (one_of(text, {"", "~", "null", "Null", "NULL"})) {
    return ScalarType::null;
  }
  if (is_yaml_true(text) || is_yaml_false(text)) {
    return ScalarType::boolean;
  }
  if (parse_yaml_int(text)) {
    return ScalarType::integer;
  }
  if (parse_yaml_float(text)) {
    return ScalarType::floating;
  }
  return ScalarType::string;
}

size_t DocNode::subtree_size() const {
  size_t n = 1;
  for (const DocNode& item : items) {
    n += item.subtree_size();
  }
  for (const DocEntry& e : entries) {
    n += e.value.subtree_size();
  }
  return n;
}

std::string_view describe(const DocNode& node) {
  switch (node.kind) {
    case DocKind::null: return "null";
    case DocKind::sequence: return "a list";
    case DocKind::mapping: return "a mapping";
    case DocKind::scalar: break;
  }
  switch (node.scalar_type()) {
    case ScalarType::null: return "null";
    case ScalarType::boolean: return "a boolean";
    case ScalarType::integer: return "an integer";
    case ScalarType::floating: return "a number";
    case ScalarType::string: return "a string";
  }
  return "a value";
}

std::string any_string(const DocNode& node) {
  if (node.kind == DocKind::sequence || node.kind == DocKind::mapping) {
    return to_json(node);
  }
  switch (node.scalar_type()) {
    case ScalarType::null: return "";
    case ScalarType::boolean: return is_yaml_true(node.text) ? "true" : "false";
    case ScalarType::integer: {
      // Argo's AnyString reads JSON numbers as float64 and prints them with FormatFloat,
      // so integers beyond 2^53 lose their last digits there too.
      const YamlInt value = *parse_yaml_int(node.text);
      if (value.magnitude == 0) {
        return "0";
      }
      const auto magnitude = static_cast<double>(value.magnitude);
      return go_format_float(value.negative ? -magnitude : magnitude);
    }
    case ScalarType::floating: return go_format_float(*parse_yaml_float(node.text));
    case ScalarType::string: return node.text;
  }
  return node.text;
}

std::string to_json(const DocNode& node, bool sort_keys) {
  std::string out;
  to_json_into(out, node, sort_keys);
  return out;
}

}  // namespace model
