#include "expr/expr_value.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "expr/expr_time.hpp"

namespace expr {
namespace {

const std::string k_empty_string;
const ExprValue::Array k_empty_array;
const ExprValue::Map k_empty_map;

/// The shortest decimal digits of a finite, non-zero double: value = 0.DIGITS x 10^point.
struct Digits {
  bool negative = false;
  std::string digits;
  int point = 0;
};

Digits shortest_digits(double value) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  const std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
  Digits d;
  size_t i = 0;
  if (text[0] == '-') {
    d.negative = true;
    i = 1;
  }
  const size_t e = text.find('e');
  for (; i < e; ++i) {
    if (text[i] != '.') {
      d.digits += text[i];
    }
  }
  d.point = std::atoi(std::string(text.substr(e + 1)).c_str()) + 1;
  return d;
}

// Go's %e with the shortest digits: d.ddde+XX (at least two exponent digits).
std::string format_e(const Digits& d) {
  std::string out = d.negative ? "-" : "";
  out += d.digits[0];
  if (d.digits.size() > 1) {
    out += "." + d.digits.substr(1);
  }
  const int exp = d.point - 1;
  return out + fmt::format("e{}{:02}", exp < 0 ? '-' : '+', std::abs(exp));
}

// Go's %f with the shortest digits.
std::string format_f(const Digits& d) {
  std::string out = d.negative ? "-" : "";
  const int nd = static_cast<int>(d.digits.size());
  if (d.point > 0) {
    for (int i = 0; i < d.point; ++i) {
      out += i < nd ? d.digits[static_cast<size_t>(i)] : '0';
    }
  } else {
    out += '0';
  }
  if (nd > d.point) {
    out += '.';
    for (int i = d.point; i < nd; ++i) {
      out += i < 0 ? '0' : d.digits[static_cast<size_t>(i)];
    }
  }
  return out;
}

std::string format_json_float(double value) {
  if (value == 0) {
    return std::signbit(value) ? "-0" : "0";
  }
  const Digits d = shortest_digits(value);
  const double magnitude = std::fabs(value);
  if (magnitude < 1e-6 || magnitude >= 1e21) {
    std::string out = format_e(d);
    // encoding/json cleans up e-09 to e-9.
    const size_t n = out.size();
    if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') {
      out.erase(n - 2, 1);
    }
    return out;
  }
  return format_f(d);
}

void append_indent(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

// Appends the JSON text of `value`; returns false (with `error`) for NaN and infinities.
bool append_json(const ExprValue& value, JsonLayout layout, int depth, std::string& out,
                 std::string& error) {
  const bool indented = layout == JsonLayout::indented;
  switch (value.kind()) {
    case ValueKind::nil: out += "null"; return true;
    case ValueKind::boolean: out += value.as_bool() ? "true" : "false"; return true;
    case ValueKind::integer: out += std::to_string(value.as_int()); return true;
    case ValueKind::duration: out += std::to_string(value.as_nanos()); return true;
    case ValueKind::floating:
      if (!std::isfinite(value.as_float())) {
        error = "json: unsupported value: " + format_go_float(value.as_float());
        return false;
      }
      out += format_json_float(value.as_float());
      return true;
    case ValueKind::string: out += quote_json_string(value.as_string()); return true;
    case ValueKind::time:
      out += quote_json_string(time_detail::format_rfc3339_nano(value.as_nanos()));
      return true;
    case ValueKind::array: {
      out += '[';
      bool first = true;
      for (const ExprValue& item : value.as_array()) {
        out += first ? "" : ",";
        first = false;
        if (indented) {
          append_indent(out, depth + 1);
        }
        if (!append_json(item, layout, depth + 1, out, error)) {
          return false;
        }
      }
      if (indented && !value.as_array().empty()) {
        append_indent(out, depth);
      }
      out += ']';
      return true;
    }
    case ValueKind::map: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.as_map()) {
        out += first ? "" : ",";
        first = false;
        if (indented) {
          append_indent(out, depth + 1);
        }
        out += quote_json_string(key) + (indented ? ": " : ":");
        if (!append_json(item, layout, depth + 1, out, error)) {
          return false;
        }
      }
      if (indented && !value.as_map().empty()) {
        append_indent(out, depth);
      }
      out += '}';
      return true;
    }
  }
  return true;
}

}  // namespace

ExprValue ExprValue::boolean(bool value) {
  ExprValue v;
  v.m_data = value;
  return v;
}

ExprValue ExprValue::integer(std::int64_t value) {
  ExprValue v;
  v.m_data = value;
  return v;
}

ExprValue ExprValue::floating(double value) {
  ExprValue v;
  v.m_data = value;
  return v;
}

ExprValue ExprValue::string(std::string value) {
  ExprValue v;
  v.m_data = std::move(value);
  return v;
}

ExprValue ExprValue::array(Array items) {
  ExprValue v;
  v.m_data = std::make_shared<const Array>(std::move(items));
  return v;
}

ExprValue ExprValue::map(Map entries) {
  ExprValue v;
  v.m_data = std::make_shared<const Map>(std::move(entries));
  return v;
}

ExprValue ExprValue::time(std::int64_t unix_nanos) {
  ExprValue v;
  v.m_data = TimeValue{unix_nanos};
  return v;
}

ExprValue ExprValue::duration(std::int64_t nanos) {
  ExprValue v;
  v.m_data = DurationValue{nanos};
  return v;
}

ExprValue ExprValue::from_json(const JsonValue& json) {
  switch (json.kind()) {
    case JsonKind::null: return {};
    case JsonKind::boolean: return boolean(json.text() == "true");
    case JsonKind::number: return floating(std::strtod(json.text().c_str(), nullptr));
    case JsonKind::string: return string(json.text());
    case JsonKind::array: {
      Array items;
      items.reserve(json.items().size());
      for (const JsonValue& item : json.items()) {
        items.push_back(from_json(item));
      }
      return array(std::move(items));
    }
    case JsonKind::object: {
      Map entries;
      for (const auto& [key, item] : json.members()) {
        entries.insert_or_assign(key, from_json(item));  // the last duplicate wins, as in Go
      }
      return map(std::move(entries));
    }
  }
  return {};
}

bool ExprValue::as_bool() const {
  const bool* b = std::get_if<bool>(&m_data);
  return b != nullptr && *b;
}

std::int64_t ExprValue::as_int() const {
  if (const auto* i = std::get_if<std::int64_t>(&m_data)) {
    return *i;
  }
  if (const auto* f = std::get_if<double>(&m_data)) {
    // Go's int(float64) is undefined out of range; clamp instead of invoking UB.
    if (std::isnan(*f)) {
      return 0;
    }
    if (*f >= 9.2233720368547758e18) {
      return std::numeric_limits<std::int64_t>::max();
    }
    if (*f <= -9.2233720368547758e18) {
      return std::numeric_limits<std::int64_t>::min();
    }
    return static_cast<std::int64_t>(*f);
  }
  return 0;
}

double ExprValue::as_float() const {
  if (const auto* i = std::get_if<std::int64_t>(&m_data)) {
    return static_cast<double>(*i);
  }
  if (const auto* f = std::get_if<double>(&m_data)) {
    return *f;
  }
  return 0;
}

const std::string& ExprValue::as_string() const {
  const auto* s = std::get_if<std::string>(&m_data);
  return s != nullptr ? *s : k_empty_string;
}

const ExprValue::Array& ExprValue::as_array() const {
  const auto* a = std::get_if<std::shared_ptr<const Array>>(&m_data);
  return a != nullptr ? **a : k_empty_array;
}

const ExprValue::Map& ExprValue::as_map() const {
  const auto* m = std::get_if<std::shared_ptr<const Map>>(&m_data);
  return m != nullptr ? **m : k_empty_map;
}

std::int64_t ExprValue::as_nanos() const {
  if (const auto* t = std::get_if<TimeValue>(&m_data)) {
    return t->nanos;
  }
  if (const auto* d = std::get_if<DurationValue>(&m_data)) {
    return d->nanos;
  }
  return 0;
}

const ExprValue* ExprValue::find(std::string_view key) const {
  const Map& entries = as_map();
  const auto it = entries.find(key);
  return it == entries.end() ? nullptr : &it->second;
}

std::string go_type_name(const ExprValue& value) {
  switch (value.kind()) {
    case ValueKind::nil: return "<nil>";
    case ValueKind::boolean: return "bool";
    case ValueKind::integer: return "int";
    case ValueKind::floating: return "float64";
    case ValueKind::string: return "string";
    case ValueKind::array: return "[]interface {}";
    case ValueKind::map: return "map[string]interface {}";
    case ValueKind::time: return "time.Time";
    case ValueKind::duration: return "time.Duration";
  }
  return "<nil>";
}

std::string quote_go_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string format_go_float(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  if (value == 0) {
    return std::signbit(value) ? "-0" : "0";
  }
  const Digits d = shortest_digits(value);
  // strconv 'g' with the shortest precision switches to %e below 1e-4 and from 1e+06 on.
  const int exp = d.point - 1;
  return exp < -4 || exp >= 6 ? format_e(d) : format_f(d);
}

std::string format_go_value(const ExprValue& value) {
  switch (value.kind()) {
    case ValueKind::nil: return "<nil>";
    case ValueKind::boolean: return value.as_bool() ? "true" : "false";
    case ValueKind::integer: return std::to_string(value.as_int());
    case ValueKind::floating: return format_go_float(value.as_float());
    case ValueKind::string: return value.as_string();
    case ValueKind::time: return time_detail::format_go_time(value.as_nanos());
    case ValueKind::duration: return time_detail::format_go_duration(value.as_nanos());
    case ValueKind::array: {
      std::string out = "[";
      for (const ExprValue& item : value.as_array()) {
        out += (out.size() > 1 ? " " : "") + format_go_value(item);
      }
      return out + "]";
    }
    case ValueKind::map: {
      std::string out = "map[";
      for (const auto& [key, item] : value.as_map()) {
        out += (out.size() > 4 ? " " : "") + key + ":" + format_go_value(item);
      }
      return out + "]";
    }
  }
  return "";
}

util::Result<std::string> to_json(const ExprValue& value, JsonLayout layout) {
  std::string out;
  std::string error;
  if (!append_json(value, layout, 0, out, error)) {
    return util::make_error(util::ErrorCode::invalid_input, error);
  }
  return out;
}

bool values_equal(const ExprValue& left, const ExprValue& right) {
  if (left.is_number() && right.is_number()) {
    if (left.kind() == ValueKind::integer && right.kind() == ValueKind::integer) {
      return left.as_int() == right.as_int();
    }
    return left.as_float() == right.as_float();
  }
  if (left.kind() != right.kind()) {
    return false;
  }
  switch (left.kind()) {
    case ValueKind::nil: return true;
    case ValueKind::boolean: return left.as_bool() == right.as_bool();
    case ValueKind::string: return left.as_string() == right.as_string();
    case ValueKind::time:
    case ValueKind::duration: return left.as_nanos() == right.as_nanos();
    case ValueKind::array: {
      const auto& a = left.as_array();
      const auto& b = right.as_array();
      if (a.size() != b.size()) {
        return false;
      }
      for (size_t i = 0; i < a.size(); ++i) {
        if (!values_equal(a[i], b[i])) {
          return false;
        }
      }
      return true;
    }
    case ValueKind::map: {
      const auto& a = left.as_map();
      const auto& b = right.as_map();
      if (a.size() != b.size()) {
        return false;
      }
      for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
        if (ia->first != ib->first || !values_equal(ia->second, ib->second)) {
          return false;
        }
      }
      return true;
    }
    default: return false;
  }
}

}  // namespace expr
