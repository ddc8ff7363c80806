// expr's builtins over arrays and maps.
#include <algorithm>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"

namespace expr::detail {
namespace {

[[noreturn]] void invalid_argument(std::string_view name, const ExprValue& v) {
  // expr's wording for each builtin that wants an array or a map.
  const std::string kind = go_kind_name(v);
  if (name == "keys" || name == "values") {
    throw_error(fmt::format("cannot get {} from {}", name, kind));
  }
  if (name == "toPairs") {
    throw_error(fmt::format("cannot transform {} to pairs", kind));
  }
  if (name == "fromPairs") {
    throw_error(fmt::format("cannot transform {} from pairs", format_go_value(v)));
  }
  if (name == "take") {
    throw_error(fmt::format("cannot take from {}", kind));
  }
  if (name == "reverse" || name == "uniq" || name == "concat" || name == "flatten") {
    throw_error(fmt::format("cannot {} {}", name, kind));
  }
  throw_error(fmt::format("invalid argument for {} (type {})", name, go_type_name(v)));
}

const ExprValue::Array& array_of(const ExprValue& v, std::string_view name) {
  if (v.kind() != ValueKind::array) {
    invalid_argument(name, v);
  }
  return v.as_array();
}

const ExprValue::Map& map_of(const ExprValue& v, std::string_view name) {
  if (v.kind() != ValueKind::map) {
    invalid_argument(name, v);
  }
  return v.as_map();
}

ExprValue fn_len(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  switch (a[0].kind()) {
    case ValueKind::string:
      return ExprValue::integer(static_cast<std::int64_t>(a[0].as_string().size()));
    case ValueKind::array:
      return ExprValue::integer(static_cast<std::int64_t>(a[0].as_array().size()));
    case ValueKind::map: return ExprValue::integer(static_cast<std::int64_t>(a[0].as_map().size()));
    default: invalid_argument("len", a[0]);
  }
}

// first/last/get return nil instead of failing (expr recovers from the fetch).
ExprValue fn_first_last(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  if (a[0].kind() != ValueKind::array || a[0].as_array().empty()) {
    return {};
  }
  return c.name == "first" ? a[0].as_array().front() : a[0].as_array().back();
}

ExprValue fn_get(const Args& a, const CallContext& c) {
  check_arity(a, 2, 2, c.name);
  try {
    return fetch_member(a[0], a[1]);
  } catch (const EvalError&) {
    return {};
  }
}

ExprValue fn_take(const Args& a, const CallContext& c) {
  check_arity(a, 2, 2, c.name);
  const auto& items = array_of(a[0], c.name);
  const std::int64_t n = int_arg(a, 1, c.name);
  const auto count =
      static_cast<size_t>(std::clamp<std::int64_t>(n, 0, static_cast<std::int64_t>(items.size())));
  return ExprValue::array(
      ExprValue::Array(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(count)));
}

ExprValue fn_keys_values(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array out;
  for (const auto& [key, value] : map_of(a[0], c.name)) {
    if (c.name == "keys") {
      out.push_back(ExprValue::string(key));
    } else if (c.name == "values") {
      out.push_back(value);
    } else {
      out.push_back(ExprValue::array({ExprValue::string(key), value}));
    }
  }
  return ExprValue::array(std::move(out));
}

ExprValue fn_from_pairs(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Map out;
  for (const ExprValue& pair : array_of(a[0], c.name)) {
    if (pair.kind() != ValueKind::array || pair.as_array().size() != 2) {
      throw_error("invalid pair " + format_go_value(pair));
    }
    const ExprValue& key = pair.as_array()[0];
    out.insert_or_assign(key.kind() == ValueKind::string ? key.as_string() : format_go_value(key),
                         pair.as_array()[1]);
  }
  return ExprValue::map(std::move(out));
}

ExprValue fn_sort(const Args& a, const CallContext& c) {
  check_arity(a, 1, 2, c.name);
  ExprValue::Array items = array_of(a[0], c.name);
  bool descending = false;
  if (a.size() == 2) {
    const std::string& order = string_arg(a, 1, c.name);
    if (order != "asc" && order != "desc") {
      throw_error(fmt::format("invalid order {}, expected asc or desc", order));
    }
    descending = order == "desc";
  }
  std::stable_sort(items.begin(), items.end(),
                   [descending](const ExprValue& x, const ExprValue& y) {
                     return descending ? less_than(y, x) : less_than(x, y);
                   });
  return ExprValue::array(std::move(items));
}

ExprValue fn_reverse(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array items = array_of(a[0], c.name);
  std::reverse(items.begin(), items.end());
  return ExprValue::array(std::move(items));
}

ExprValue fn_uniq(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array out;
  for (const ExprValue& item : array_of(a[0], c.name)) {
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const ExprValue& o) { return values_equal(o, item); });
    if (!seen) {
      out.push_back(item);
    }
  }
  return ExprValue::array(std::move(out));
}

ExprValue fn_concat(const Args& a, const CallContext& c) {
  check_arity(a, 1, SIZE_MAX, c.name);
  ExprValue::Array out;
  for (const ExprValue& arg : a) {
    const auto& items = array_of(arg, c.name);
    out.insert(out.end(), items.begin(), items.end());
  }
  return ExprValue::array(std::move(out));
}

void flatten_into(const ExprValue& v, ExprValue::Array& out) {
  if (v.kind() == ValueKind::array) {
    for (const ExprValue& item : v.as_array()) {
      flatten_into(item, out);
    }
  } else {
    out.push_back(v);
  }
}

ExprValue fn_flatten(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array out;
  for (const ExprValue& item : array_of(a[0], c.name)) {
    flatten_into(item, out);
  }
  return ExprValue::array(std::move(out));
}

}  // namespace

void append_collection_builtins(std::vector<FunctionEntry>& table) {
  const std::vector<FunctionEntry> entries = {
      {"len", fn_len},
      {"first", fn_first_last},
      {"last", fn_first_last},
      {"get", fn_get},
      {"take", fn_take},
      {"keys", fn_keys_values},
      {"values", fn_keys_values},
      {"toPairs", fn_keys_values},
      {"fromPairs", fn_from_pairs},
      {"sort", fn_sort},
      {"reverse", fn_reverse},
      {"uniq", fn_uniq},
      {"concat", fn_concat},
      {"flatten", fn_flatten},
  };
  table.insert(table.end(), entries.begin(), entries.end());
}

}  // namespace expr::detail
