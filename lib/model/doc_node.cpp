#include "model/doc_node.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <regex>

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

bool all_of(std::string_view s, std::string_view allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos;
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

/// Parses a YAML 1.1 integer (decimal, 0x, 0b, leading-0 octal) into `out`.
bool parse_yaml_int(std::string_view text, long long& out) {
  std::string s = strip_underscores(text);
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.erase(0, 1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'b')) {
    base = s[1] == 'x' ? 16 : 2;
    s.erase(0, 2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
  }
  const std::string_view digits = base == 16  ? "0123456789abcdefABCDEF"
                                  : base == 2 ? "01"
                                  : base == 8 ? "01234567"
                                              : "0123456789";
  if (!all_of(s, digits)) {
    return false;
  }
  unsigned long long value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  if (ec != std::errc() || ptr != s.data() + s.size() || value > 9223372036854775807ULL) {
    return false;
  }
  out = negative ? -static_cast<long long>(value) : static_cast<long long>(value);
  return true;
}

bool looks_float(std::string_view s) {
  static const std::regex k_float(R"([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?)");
  return std::regex_match(s.begin(), s.end(), k_float) ||
         one_of(s, {".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf", "-.INF", "+.Inf", ".nan",
                    ".NaN", ".NAN"});
}

std::string go_format_float(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  std::string shortest = fmt::format("{}", value);
  if (shortest.find_first_of("eE") == std::string::npos) {
    if (shortest.size() > 2 && shortest.compare(shortest.size() - 2, 2, ".0") == 0) {
      shortest.resize(shortest.size() - 2);
    }
    return shortest;
  }
  std::string fixed = fmt::format("{:.20f}", value);
  while (!fixed.empty() && fixed.back() == '0') {
    fixed.pop_back();
  }
  if (!fixed.empty() && fixed.back() == '.') {
    fixed.pop_back();
  }
  return fixed;
}

double parse_yaml_float(std::string_view text) {
  const std::string s = strip_underscores(text);
  if (s.find("inf") != std::string::npos || s.find("Inf") != std::string::npos ||
      s.find("INF") != std::string::npos) {
    return s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  if (s.find("nan") != std::string::npos || s.find("NaN") != std::string::npos ||
      s.find("NAN") != std::string::npos) {
    return std::nan("");
  }
  return std::strtod(s.c_str(), nullptr);
}

void json_escape_into(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<': out += "\\u003c"; break;  // as Go's encoding/json
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void to_json_into(std::string& out, const DocNode& node, bool sort_keys) {
  switch (node.kind) {
    case DocKind::null: out += "null"; return;
    case DocKind::scalar:
      switch (node.scalar_type()) {
        case ScalarType::null: out += "null"; return;
        case ScalarType::boolean:
        case ScalarType::integer:
        case ScalarType::floating: out += any_string(node); return;
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
  long long ignored = 0;
  if (parse_yaml_int(text, ignored)) {
    return ScalarType::integer;
  }
  if (looks_float(text)) {
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
      long long value = 0;
      parse_yaml_int(node.text, value);
      return std::to_string(value);
    }
    case ScalarType::floating: return go_format_float(parse_yaml_float(node.text));
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
