// expr's builtins without predicates, and the functions Argo adds to every expression
// environment (util/expr/env: asInt, asFloat, toJson, jsonpath).
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"
#include "expr/expr_time.hpp"

namespace expr::detail {
namespace {

using Entry = FunctionEntry;

ExprValue to_int(const ExprValue& x, std::string_view name) {
  switch (x.kind()) {
    case ValueKind::integer: return x;
    case ValueKind::floating: return ExprValue::integer(x.as_int());
    case ValueKind::duration: return ExprValue::integer(x.as_nanos());
    case ValueKind::string: {
      const auto value = parse_go_int(x.as_string());
      if (!value) {
        throw_error(fmt::format("invalid operation: {}({})", name, x.as_string()));
      }
      return ExprValue::integer(*value);
    }
    default: throw_error(fmt::format("invalid operation: {}({})", name, go_type_name(x)));
  }
}

ExprValue to_float(const ExprValue& x, std::string_view name) {
  switch (x.kind()) {
    case ValueKind::integer:
    case ValueKind::floating: return ExprValue::floating(x.as_float());
    case ValueKind::string: {
      const auto value = parse_go_float(x.as_string());
      if (!value) {
        throw_error(fmt::format("invalid operation: {}({})", name, x.as_string()));
      }
      return ExprValue::floating(*value);
    }
    default: throw_error(fmt::format("invalid operation: {}({})", name, go_type_name(x)));
  }
}

double number_arg(const ExprValue& v, std::string_view name) {
  if (!v.is_number()) {
    throw_error(fmt::format("invalid argument for {} (type {})", name, go_type_name(v)));
  }
  return v.as_float();
}

// --- conversions ------------------------------------------------------------------------

ExprValue fn_int(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return to_int(a[0], "int");
}
ExprValue fn_float(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return to_float(a[0], "float");
}
ExprValue fn_string(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::string(format_go_value(a[0]));
}
ExprValue fn_to_json(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  // expr's toJSON indents; Argo's toJson is compact.
  auto text = to_json(a[0], c.name == "toJSON" ? JsonLayout::indented : JsonLayout::compact);
  if (!text.ok()) {
    throw_error(text.error().message);
  }
  return ExprValue::string(std::move(text).value());
}
ExprValue fn_from_json(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return parse_json_value(string_arg(a, 0, c.name));
}
ExprValue fn_to_base64(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::string(base64_encode(string_arg(a, 0, c.name)));
}
ExprValue fn_from_base64(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  std::string error;
  auto decoded = base64_decode(string_arg(a, 0, c.name), error);
  if (!decoded) {
    throw_error(error);
  }
  return ExprValue::string(std::move(*decoded));
}
ExprValue fn_type(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  static constexpr std::array<const char*, 9> k_names = {
      "nil", "bool", "int", "float", "string", "array", "map", "time.Time", "time.Duration"};
  return ExprValue::string(k_names[static_cast<size_t>(a[0].kind())]);
}

// --- numbers ----------------------------------------------------------------------------

ExprValue fn_abs(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  if (a[0].kind() == ValueKind::integer) {
    return ExprValue::integer(a[0].as_int() < 0 ? 0 - a[0].as_int() : a[0].as_int());
  }
  return ExprValue::floating(std::fabs(number_arg(a[0], c.name)));
}
ExprValue fn_rounding(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  const double x = number_arg(a[0], c.name);
  const double r = c.name == "ceil"    ? std::ceil(x)
                   : c.name == "floor" ? std::floor(x)
                                       : std::round(x);
  return ExprValue::floating(r);
}
// Flattens numbers and arrays of numbers (max, min, mean, median).
std::vector<ExprValue> numbers_of(const Args& a, std::string_view name) {
  std::vector<ExprValue> out;
  for (const ExprValue& v : a) {
    if (v.kind() == ValueKind::array) {
      for (const ExprValue& item : v.as_array()) {
        number_arg(item, name);
        out.push_back(item);
      }
    } else {
      number_arg(v, name);
      out.push_back(v);
    }
  }
  return out;
}
ExprValue fn_min_max(const Args& a, const CallContext& c) {
  check_arity(a, 1, SIZE_MAX, c.name);
  if (a.size() == 1 && !a[0].is_number() && a[0].kind() != ValueKind::array) {
    return a[0];  // expr returns a single non-numeric argument unchanged
  }
  const std::vector<ExprValue> values = numbers_of(a, c.name);
  if (values.empty()) {
    throw_error(fmt::format("not enough arguments to call {}", c.name));
  }
  ExprValue best = values[0];
  for (const ExprValue& v : values) {
    if (c.name == "max" ? less_than(best, v) : less_than(v, best)) {
      best = v;
    }
  }
  return best;
}
ExprValue fn_mean_median(const Args& a, const CallContext& c) {
  std::vector<ExprValue> values = numbers_of(a, c.name);
  if (values.empty()) {
    return ExprValue::floating(0);
  }
  if (c.name == "mean") {
    double total = 0;
    for (const ExprValue& v : values) {
      total += v.as_float();
    }
    return ExprValue::floating(total / static_cast<double>(values.size()));
  }
  std::sort(values.begin(), values.end(), less_than);
  const size_t n = values.size();
  const double mid = n % 2 == 1 ? values[n / 2].as_float()
                                : (values[n / 2 - 1].as_float() + values[n / 2].as_float()) / 2;
  return ExprValue::floating(mid);
}
ExprValue fn_bit(const Args& a, const CallContext& c) {
  check_arity(a, c.name == "bitnot" ? 1 : 2, c.name == "bitnot" ? 1 : 2, c.name);
  const std::int64_t x = int_arg(a, 0, c.name);
  if (c.name == "bitnot") {
    return ExprValue::integer(~x);
  }
  const std::int64_t y = int_arg(a, 1, c.name);
  const auto ux = static_cast<std::uint64_t>(x);
  const auto shift = static_cast<unsigned>(std::clamp<std::int64_t>(y, 0, 63));
  if ((c.name == "bitshl" || c.name == "bitshr" || c.name == "bitushr") && y < 0) {
    throw_error(fmt::format("invalid operation: negative shift count {} (type int)", y));
  }
  if (c.name == "bitand")
    return ExprValue::integer(x & y);
  if (c.name == "bitor")
    return ExprValue::integer(x | y);
  if (c.name == "bitxor")
    return ExprValue::integer(x ^ y);
  if (c.name == "bitnand")
    return ExprValue::integer(x & ~y);
  if (c.name == "bitshl")
    return ExprValue::integer(static_cast<std::int64_t>(ux << shift));
  if (c.name == "bitshr")
    return ExprValue::integer(x >> shift);
  return ExprValue::integer(static_cast<std::int64_t>(ux >> shift));
}

// --- time -------------------------------------------------------------------------------

ExprValue fn_now(const Args& a, const CallContext& c) {
  check_arity(a, 0, 0, c.name);
  return ExprValue::time(now_nanos(c));
}
ExprValue fn_duration(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  std::string error;
  const auto nanos = time_detail::parse_go_duration(string_arg(a, 0, c.name), error);
  if (!nanos) {
    throw_error(error);
  }
  return ExprValue::duration(*nanos);
}
ExprValue fn_date(const Args& a, const CallContext& c) {
  check_arity(a, 1, 3, c.name);
  if (a[0].kind() == ValueKind::time) {
    return a[0];
  }
  const std::string& text = string_arg(a, 0, c.name);
  if (a.size() > 1) {
    throw_error("date() with a layout or a time zone is not supported by flowrun");
  }
  const auto nanos = time_detail::parse_iso_time(text);
  if (!nanos) {
    throw_error("invalid date " + text);
  }
  return ExprValue::time(*nanos);
}

// --- Argo -------------------------------------------------------------------------------

ExprValue fn_as_int(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return to_int(a[0], "int");
}
ExprValue fn_as_float(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return to_float(a[0], "float");
}
ExprValue fn_jsonpath(const Args& a, const CallContext& c) {
  check_arity(a, 2, 2, c.name);
  if (a[0].kind() != ValueKind::string || a[1].kind() != ValueKind::string) {
    const ExprValue& bad = a[0].kind() != ValueKind::string ? a[0] : a[1];
    throw_error(fmt::format("reflect: Call using {} as type string", go_type_name(bad)));
  }
  return query_jsonpath(parse_json_value(a[0].as_string()), a[1].as_string());
}

}  // namespace

NativeFunction find_builtin(std::string_view name) {
  static const std::vector<Entry> k_table = [] {
    std::vector<Entry> table = {
        {"int", fn_int},
        {"float", fn_float},
        {"string", fn_string},
        {"toJSON", fn_to_json},
        {"fromJSON", fn_from_json},
        {"toBase64", fn_to_base64},
        {"fromBase64", fn_from_base64},
        {"type", fn_type},
        {"abs", fn_abs},
        {"ceil", fn_rounding},
        {"floor", fn_rounding},
        {"round", fn_rounding},
        {"max", fn_min_max},
        {"min", fn_min_max},
        {"mean", fn_mean_median},
        {"median", fn_mean_median},
        {"now", fn_now},
        {"duration", fn_duration},
        {"date", fn_date},
        {"asInt", fn_as_int},
        {"asFloat", fn_as_float},
        {"toJson", fn_to_json},
        {"jsonpath", fn_jsonpath},
    };
    for (std::string_view bit :
         {"bitand", "bitor", "bitxor", "bitnand", "bitnot", "bitshl", "bitshr", "bitushr"}) {
      table.emplace_back(bit, fn_bit);
    }
    append_collection_builtins(table);
    append_string_builtins(table);
    return table;
  }();
  for (const Entry& entry : k_table) {
    if (entry.first == name) {
      return entry.second;
    }
  }
  return nullptr;
}

void check_arity(const Args& args, size_t min, size_t max, std::string_view name) {
  if (args.size() < min) {
    throw_error(fmt::format("not enough arguments to call {}", name));
  }
  if (args.size() > max) {
    throw_error(fmt::format("too many arguments to call {}", name));
  }
}

const std::string& string_arg(const Args& args, size_t index, std::string_view name) {
  if (args[index].kind() != ValueKind::string) {
    throw_error(fmt::format("cannot use {} as argument (type string) to call {}",
                            go_type_name(args[index]), name));
  }
  return args[index].as_string();
}

std::int64_t int_arg(const Args& args, size_t index, std::string_view name) {
  const ExprValue& v = args[index];
  if (v.kind() == ValueKind::integer ||
      (v.kind() == ValueKind::floating && v.as_float() == std::trunc(v.as_float()))) {
    return v.as_int();
  }
  throw_error(
      fmt::format("cannot use {} as argument (type int) to call {}", go_type_name(v), name));
}

std::string go_kind_name(const ExprValue& value) {
  switch (value.kind()) {
    case ValueKind::nil: return "invalid";
    case ValueKind::array: return "slice";
    case ValueKind::map: return "map";
    case ValueKind::time: return "struct";
    case ValueKind::duration: return "int64";
    default: return go_type_name(value);
  }
}

std::int64_t now_nanos(const CallContext& context) {
  if (!context.env.clock()) {
    throw_error(fmt::format("{}() is not available: no clock was given", context.name));
  }
  return context.env.clock()();
}

ExprValue parse_json_value(std::string_view text) {
  auto json = parse_json(text);
  if (!json.ok()) {
    throw_error(json.error().message);
  }
  return ExprValue::from_json(*json);
}

}  // namespace expr::detail
