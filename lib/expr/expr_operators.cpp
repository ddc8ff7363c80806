// expr's runtime operators (vm/runtime): arithmetic, comparison, membership, member access.
#include <cmath>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"

namespace expr::detail {
namespace {

bool both(const ExprValue& l, const ExprValue& r, ValueKind kind) {
  return l.kind() == kind && r.kind() == kind;
}

bool both_ints(const ExprValue& l, const ExprValue& r) {
  return both(l, r, ValueKind::integer);
}

// Go's wrapping int arithmetic, without signed-overflow UB.
std::int64_t wrap_add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
std::int64_t wrap_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

[[noreturn]] void invalid(std::string_view op, const ExprValue& l, const ExprValue& r) {
  throw_error(fmt::format("invalid operation: {} {} {}", go_type_name(l), op, go_type_name(r)));
}

ExprValue add(const ExprValue& l, const ExprValue& r) {
  if (both_ints(l, r)) {
    return ExprValue::integer(wrap_add(l.as_int(), r.as_int()));
  }
  if (l.is_number() && r.is_number()) {
    return ExprValue::floating(l.as_float() + r.as_float());
  }
  if (both(l, r, ValueKind::string)) {
    if (l.as_string().size() + r.as_string().size() > k_max_result_size) {
      throw_error("string too long");
    }
    return ExprValue::string(l.as_string() + r.as_string());
  }
  if (both(l, r, ValueKind::duration)) {
    return ExprValue::duration(wrap_add(l.as_nanos(), r.as_nanos()));
  }
  if (l.kind() == ValueKind::time && r.kind() == ValueKind::duration) {
    return ExprValue::time(wrap_add(l.as_nanos(), r.as_nanos()));
  }
  if (l.kind() == ValueKind::duration && r.kind() == ValueKind::time) {
    return ExprValue::time(wrap_add(l.as_nanos(), r.as_nanos()));
  }
  invalid("+", l, r);
}

ExprValue subtract(const ExprValue& l, const ExprValue& r) {
  if (both_ints(l, r)) {
    return ExprValue::integer(wrap_sub(l.as_int(), r.as_int()));
  }
  if (l.is_number() && r.is_number()) {
    return ExprValue::floating(l.as_float() - r.as_float());
  }
  if (both(l, r, ValueKind::time)) {
    return ExprValue::duration(wrap_sub(l.as_nanos(), r.as_nanos()));
  }
  if (l.kind() == ValueKind::time && r.kind() == ValueKind::duration) {
    return ExprValue::time(wrap_sub(l.as_nanos(), r.as_nanos()));
  }
  if (both(l, r, ValueKind::duration)) {
    return ExprValue::duration(wrap_sub(l.as_nanos(), r.as_nanos()));
  }
  invalid("-", l, r);
}

ExprValue multiply(const ExprValue& l, const ExprValue& r) {
  if (both_ints(l, r)) {
    return ExprValue::integer(wrap_mul(l.as_int(), r.as_int()));
  }
  if (l.is_number() && r.is_number()) {
    return ExprValue::floating(l.as_float() * r.as_float());
  }
  if (l.kind() == ValueKind::duration && r.kind() == ValueKind::integer) {
    return ExprValue::duration(wrap_mul(l.as_nanos(), r.as_int()));
  }
  if (l.kind() == ValueKind::integer && r.kind() == ValueKind::duration) {
    return ExprValue::duration(wrap_mul(l.as_int(), r.as_nanos()));
  }
  invalid("*", l, r);
}

ExprValue modulo(const ExprValue& l, const ExprValue& r) {
  if (!both_ints(l, r)) {
    invalid("%", l, r);
  }
  if (r.as_int() == 0) {
    throw_error("runtime error: integer divide by zero");
  }
  if (r.as_int() == -1) {
    return ExprValue::integer(0);  // avoids INT64_MIN % -1, which traps in C++
  }
  return ExprValue::integer(l.as_int() % r.as_int());
}

// Three-way comparison for <, <=, >, >=; throws for incomparable kinds.
int compare(std::string_view op, const ExprValue& l, const ExprValue& r) {
  if (both_ints(l, r)) {
    return l.as_int() < r.as_int() ? -1 : (l.as_int() > r.as_int() ? 1 : 0);
  }
  if (l.is_number() && r.is_number()) {
    const double a = l.as_float();
    const double b = r.as_float();
    if (std::isnan(a) || std::isnan(b)) {
      return 2;  // unordered: every comparison is false
    }
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  if (both(l, r, ValueKind::string)) {
    const int c = l.as_string().compare(r.as_string());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (both(l, r, ValueKind::time) || both(l, r, ValueKind::duration)) {
    return l.as_nanos() < r.as_nanos() ? -1 : (l.as_nanos() > r.as_nanos() ? 1 : 0);
  }
  invalid(op, l, r);
}

ExprValue range(const ExprValue& l, const ExprValue& r) {
  if (!both_ints(l, r)) {
    invalid("..", l, r);
  }
  ExprValue::Array items;
  if (l.as_int() <= r.as_int()) {
    if (static_cast<std::uint64_t>(r.as_int()) - static_cast<std::uint64_t>(l.as_int()) >=
        k_max_result_size) {
      throw_error("range too large");
    }
    for (std::int64_t i = l.as_int(); i <= r.as_int(); ++i) {
      items.push_back(ExprValue::integer(i));
    }
  }
  return ExprValue::array(std::move(items));
}

bool contains_value(const ExprValue& needle, const ExprValue& haystack) {
  switch (haystack.kind()) {
    case ValueKind::nil: return false;
    case ValueKind::array:
      for (const ExprValue& item : haystack.as_array()) {
        if (values_equal(item, needle)) {
          return true;
        }
      }
      return false;
    case ValueKind::map:
      if (needle.kind() != ValueKind::string) {
        throw_error(fmt::format("cannot use {} as map key (type string)", go_type_name(needle)));
      }
      return haystack.find(needle.as_string()) != nullptr;
    default: throw_error(fmt::format("operator \"in\" not defined on {}", go_type_name(haystack)));
  }
}

ExprValue string_operator(std::string_view op, const ExprValue& l, const ExprValue& r) {
  if (!both(l, r, ValueKind::string)) {
    throw_error(fmt::format("invalid operation: {} (mismatched types {} and {})", op,
                            go_type_name(l), go_type_name(r)));
  }
  const std::string& a = l.as_string();
  const std::string& b = r.as_string();
  if (op == "matches") {
    const std::regex re = compile_regex(b);
    return ExprValue::boolean(std::regex_search(a, re));
  }
  if (op == "contains") {
    return ExprValue::boolean(a.find(b) != std::string::npos);
  }
  if (op == "startsWith") {
    return ExprValue::boolean(a.compare(0, b.size(), b) == 0 && a.size() >= b.size());
  }
  return ExprValue::boolean(a.size() >= b.size() &&
                            a.compare(a.size() - b.size(), b.size(), b) == 0);
}

}  // namespace

ExprValue apply_binary(std::string_view op, const ExprValue& l, const ExprValue& r) {
  if (op == "==") {
    return ExprValue::boolean(values_equal(l, r));
  }
  if (op == "!=") {
    return ExprValue::boolean(!values_equal(l, r));
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    const int c = compare(op, l, r);
    if (c == 2) {
      return ExprValue::boolean(false);
    }
    const bool result = op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0 : c >= 0;
    return ExprValue::boolean(result);
  }
  if (op == "+") {
    return add(l, r);
  }
  if (op == "-") {
    return subtract(l, r);
  }
  if (op == "*") {
    return multiply(l, r);
  }
  if (op == "/") {
    if (!l.is_number() || !r.is_number()) {
      invalid("/", l, r);
    }
    return ExprValue::floating(l.as_float() / r.as_float());
  }
  if (op == "%") {
    return modulo(l, r);
  }
  if (op == "**" || op == "^") {
    if (!l.is_number() || !r.is_number()) {
      invalid(op, l, r);
    }
    return ExprValue::floating(std::pow(l.as_float(), r.as_float()));
  }
  if (op == "..") {
    return range(l, r);
  }
  if (op == "in") {
    return ExprValue::boolean(contains_value(l, r));
  }
  return string_operator(op, l, r);
}

ExprValue apply_unary(std::string_view op, const ExprValue& operand) {
  if (op == "!" || op == "not") {
    return ExprValue::boolean(!require_bool(operand));
  }
  switch (operand.kind()) {
    case ValueKind::integer:
      return ExprValue::integer(op == "-" ? wrap_sub(0, operand.as_int()) : operand.as_int());
    case ValueKind::floating:
      return ExprValue::floating(op == "-" ? -operand.as_float() : operand.as_float());
    case ValueKind::duration:
      return ExprValue::duration(op == "-" ? wrap_sub(0, operand.as_nanos()) : operand.as_nanos());
    default: throw_error(fmt::format("invalid operation: {} {}", op, go_type_name(operand)));
  }
}

bool require_bool(const ExprValue& value) {
  if (value.kind() != ValueKind::boolean) {
    const std::string type = value.is_nil() ? "nil" : go_type_name(value);
    throw_error("interface conversion: interface {} is " + type + ", not bool");
  }
  return value.as_bool();
}

bool less_than(const ExprValue& left, const ExprValue& right) {
  return compare("<", left, right) == -1;
}

ExprValue fetch_member(const ExprValue& object, const ExprValue& key) {
  switch (object.kind()) {
    case ValueKind::map:
      if (key.kind() == ValueKind::string) {
        const ExprValue* found = object.find(key.as_string());
        return found != nullptr ? *found : ExprValue();
      }
      break;
    case ValueKind::array:
    case ValueKind::string: {
      if (!key.is_number()) {
        break;
      }
      const bool is_array = object.kind() == ValueKind::array;
      const auto length = static_cast<std::int64_t>(is_array ? object.as_array().size()
                                                             : object.as_string().size());
      std::int64_t index = key.as_int();
      if (index < 0) {
        index += length;
      }
      if (index < 0 || index >= length) {
        throw_error(fmt::format("index out of range: {} (array length is {})", index, length));
      }
      const auto i = static_cast<size_t>(index);
      // Go indexes strings by byte: expr returns the byte (a uint8) as a number.
      return is_array ? object.as_array()[i]
                      : ExprValue::integer(static_cast<unsigned char>(object.as_string()[i]));
    }
    default: break;
  }
  throw_error(fmt::format("cannot fetch {} from {}", format_go_value(key), go_type_name(object)));
}

ExprValue slice_value(const ExprValue& object, const ExprValue* from, const ExprValue* to) {
  const bool is_array = object.kind() == ValueKind::array;
  if (!is_array && object.kind() != ValueKind::string) {
    throw_error("cannot slice " + format_go_value(object));
  }
  const auto length =
      static_cast<std::int64_t>(is_array ? object.as_array().size() : object.as_string().size());
  auto bound = [length](const ExprValue* v, std::int64_t fallback) {
    if (v == nullptr) {
      return fallback;
    }
    if (!v->is_number()) {
      throw_error("invalid operation: int(" + go_type_name(*v) + ")");
    }
    std::int64_t i = v->as_int();
    if (i < 0) {
      i += length;
    }
    return std::clamp<std::int64_t>(i, 0, length);
  };
  const std::int64_t b = bound(to, length);
  const std::int64_t a = std::min(bound(from, 0), b);
  if (is_array) {
    const auto& items = object.as_array();
    return ExprValue::array(ExprValue::Array(items.begin() + a, items.begin() + b));
  }
  return ExprValue::string(
      object.as_string().substr(static_cast<size_t>(a), static_cast<size_t>(b - a)));
}

std::regex compile_regex(std::string_view pattern) {
  std::string text(pattern);
  auto flags = std::regex::ECMAScript;
  if (text.rfind("(?i)", 0) == 0) {
    text.erase(0, 4);
    flags |= std::regex::icase;
  }
  for (size_t pos = text.find("(?P<"); pos != std::string::npos; pos = text.find("(?P<", pos)) {
    const size_t close = text.find('>', pos);
    if (close == std::string::npos) {
      break;
    }
    text.erase(pos + 1, close - pos);
  }
  try {
    return std::regex(text, flags);
  } catch (const std::regex_error& e) {
    throw_error(fmt::format("error parsing regexp: {}: `{}`", e.what(), pattern));
  }
}

}  // namespace expr::detail
