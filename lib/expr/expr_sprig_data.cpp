// sprig list, dict and math functions.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_sprig.hpp"

namespace expr::detail::sprig {
namespace {

ExprValue list_of(ExprValue::Array items) {
  return ExprValue::array(std::move(items));
}

bool in_list(const ExprValue::Array& items, const ExprValue& needle) {
  return std::any_of(items.begin(), items.end(),
                     [&](const ExprValue& item) { return deep_equal(item, needle); });
}

// --- lists --------------------------------------------------------------------------------

ExprValue f_list(const Args& a, const CallContext&) {
  return list_of(a);
}

ExprValue f_first_last(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  const auto& items = list_param(a, 0, "find " + std::string(c.name));
  if (items.empty()) {
    return {};
  }
  return c.name == "first" ? items.front() : items.back();
}

ExprValue f_rest_initial(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  const auto& items = list_param(a, 0, "find " + std::string(c.name));
  if (items.empty()) {
    return list_of({});
  }
  return c.name == "rest" ? list_of(ExprValue::Array(items.begin() + 1, items.end()))
                          : list_of(ExprValue::Array(items.begin(), items.end() - 1));
}

ExprValue f_append(const Args& a, const CallContext& c) {  // append(list, v) / prepend(list, v)
  check_arity(a, 2, 2, c.name);
  ExprValue::Array items = list_param(a, 0, c.name == "prepend" ? "prepend" : "push");
  if (c.name == "prepend") {
    items.insert(items.begin(), a[1]);
  } else {
    items.push_back(a[1]);
  }
  return list_of(std::move(items));
}

ExprValue f_concat(const Args& a, const CallContext&) {
  ExprValue::Array out;
  for (const ExprValue& v : a) {
    if (v.kind() != ValueKind::array) {
      throw_error(fmt::format("Cannot concat type {} as list", go_kind_name(v)));
    }
    out.insert(out.end(), v.as_array().begin(), v.as_array().end());
  }
  return list_of(std::move(out));
}

ExprValue f_reverse(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array items = list_param(a, 0, "find reverse");
  std::reverse(items.begin(), items.end());
  return list_of(std::move(items));
}

ExprValue f_uniq(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array out;
  for (const ExprValue& item : list_param(a, 0, "find uniq")) {
    if (!in_list(out, item)) {
      out.push_back(item);
    }
  }
  return list_of(std::move(out));
}

ExprValue f_has(const Args& a, const CallContext& c) {  // has(needle, list)
  check_arity(a, 2, 2, c.name);
  if (a[1].is_nil()) {
    return ExprValue::boolean(false);
  }
  return ExprValue::boolean(in_list(list_param(a, 1, "find has"), a[0]));
}

ExprValue f_without(const Args& a, const CallContext& c) {  // without(list, omit...)
  check_arity(a, 1, SIZE_MAX, c.name);
  const ExprValue::Array omit(a.begin() + 1, a.end());
  ExprValue::Array out;
  for (const ExprValue& item : list_param(a, 0, "find without")) {
    if (!in_list(omit, item)) {
      out.push_back(item);
    }
  }
  return list_of(std::move(out));
}

ExprValue f_compact(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array out;
  for (const ExprValue& item : list_param(a, 0, "compact")) {
    if (!is_empty(item)) {
      out.push_back(item);
    }
  }
  return list_of(std::move(out));
}

ExprValue f_slice(const Args& a, const CallContext& c) {  // slice(list, start?, end?)
  check_arity(a, 1, 3, c.name);
  const auto& items = list_param(a, 0, "slice");
  if (items.empty()) {
    return {};
  }
  const std::int64_t len = static_cast<std::int64_t>(items.size());
  const std::int64_t start = a.size() > 1 ? to_int64(a[1]) : 0;
  const std::int64_t end = a.size() > 2 ? to_int64(a[2]) : len;
  if (start < 0 || end < start || end > len) {
    throw_error("reflect: slice index out of range");
  }
  return list_of(ExprValue::Array(items.begin() + start, items.begin() + end));
}

ExprValue f_until(const Args& a, const CallContext& c) {  // until(count)
  check_arity(a, 1, 1, c.name);
  const std::int64_t n = int_param(a, 0);
  if (std::abs(n) > static_cast<std::int64_t>(k_max_result_size)) {
    throw_error("until: count too large");
  }
  ExprValue::Array out;
  const std::int64_t step = n < 0 ? -1 : 1;
  for (std::int64_t i = 0; i != n; i += step) {
    out.push_back(ExprValue::integer(i));
  }
  return list_of(std::move(out));
}

// --- dicts --------------------------------------------------------------------------------

ExprValue f_dict(const Args& a, const CallContext&) {
  ExprValue::Map out;
  for (size_t i = 0; i < a.size(); i += 2) {
    out.insert_or_assign(strval(a[i]), i + 1 < a.size() ? a[i + 1] : ExprValue::string(""));
  }
  return ExprValue::map(std::move(out));
}

ExprValue f_get(const Args& a, const CallContext& c) {  // get(dict, key): "" when missing
  check_arity(a, 2, 2, c.name);
  const ExprValue::Map& dict = map_param(a, 0);
  const auto it = dict.find(string_param(a, 1));
  return it == dict.end() ? ExprValue::string("") : it->second;
}

ExprValue f_set_unset(const Args& a,
                      const CallContext& c) {  // set(dict, key, v) / unset(dict, key)
  check_arity(a, c.name == "set" ? 3 : 2, c.name == "set" ? 3 : 2, c.name);
  ExprValue::Map dict = map_param(a, 0);
  if (c.name == "set") {
    dict.insert_or_assign(string_param(a, 1), a[2]);
  } else {
    dict.erase(string_param(a, 1));
  }
  return ExprValue::map(std::move(dict));
}

ExprValue f_has_key(const Args& a, const CallContext& c) {
  check_arity(a, 2, 2, c.name);
  return ExprValue::boolean(map_param(a, 0).count(string_param(a, 1)) > 0);
}

ExprValue f_keys(const Args& a, const CallContext&) {  // keys(dicts...): sorted here
  std::vector<std::string> keys;
  for (size_t i = 0; i < a.size(); ++i) {
    for (const auto& entry : map_param(a, i)) {
      keys.push_back(entry.first);
    }
  }
  std::sort(keys.begin(), keys.end());
  ExprValue::Array out;
  for (std::string& k : keys) {
    out.push_back(ExprValue::string(std::move(k)));
  }
  return list_of(std::move(out));
}

ExprValue f_values(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  ExprValue::Array out;
  for (const auto& entry : map_param(a, 0)) {
    out.push_back(entry.second);
  }
  return list_of(std::move(out));
}

ExprValue f_pluck(const Args& a, const CallContext& c) {  // pluck(name, dicts...)
  check_arity(a, 1, SIZE_MAX, c.name);
  const std::string& name = string_param(a, 0);
  ExprValue::Array out;
  for (size_t i = 1; i < a.size(); ++i) {
    if (const ExprValue* found = a[i].find(name);
        found != nullptr && a[i].kind() == ValueKind::map) {
      out.push_back(*found);
    }
  }
  return list_of(std::move(out));
}

ExprValue merge_maps(const ExprValue& dst, const ExprValue& src, bool overwrite) {
  ExprValue::Map out = dst.as_map();
  for (const auto& [key, value] : src.as_map()) {
    const auto it = out.find(key);
    if (it == out.end()) {
      out.emplace(key, value);
    } else if (it->second.kind() == ValueKind::map && value.kind() == ValueKind::map) {
      it->second = merge_maps(it->second, value, overwrite);
    } else if (overwrite || is_empty(it->second)) {
      it->second = value;
    }
  }
  return ExprValue::map(std::move(out));
}

ExprValue f_merge(const Args& a, const CallContext& c) {  // merge(dst, srcs...)
  check_arity(a, 1, SIZE_MAX, c.name);
  ExprValue result = ExprValue::map(map_param(a, 0));
  for (size_t i = 1; i < a.size(); ++i) {
    map_param(a, i);
    result = merge_maps(result, a[i], c.name == "mergeOverwrite");
  }
  return result;
}

ExprValue f_pick_omit(const Args& a, const CallContext& c) {  // pick(dict, keys...)
  check_arity(a, 1, SIZE_MAX, c.name);
  const ExprValue::Map& dict = map_param(a, 0);
  std::vector<std::string> keys;
  for (size_t i = 1; i < a.size(); ++i) {
    keys.push_back(string_param(a, i));
  }
  ExprValue::Map out;
  for (const auto& [key, value] : dict) {
    const bool listed = std::find(keys.begin(), keys.end(), key) != keys.end();
    if (listed == (c.name == "pick")) {
      out.emplace(key, value);
    }
  }
  return ExprValue::map(std::move(out));
}

// --- math (spf13/cast conversions, int64 results) -----------------------------------------

ExprValue f_add(const Args& a, const CallContext&) {
  std::int64_t total = 0;
  for (const ExprValue& v : a) {
    total = static_cast<std::int64_t>(static_cast<std::uint64_t>(total) +
                                      static_cast<std::uint64_t>(to_int64(v)));
  }
  return ExprValue::integer(total);
}

ExprValue f_add1(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  return ExprValue::integer(to_int64(a[0]) + 1);
}

ExprValue f_arith(const Args& a, const CallContext& c) {  // sub, div, mod: (a, b)
  check_arity(a, 2, 2, c.name);
  const std::int64_t x = to_int64(a[0]);
  const std::int64_t y = to_int64(a[1]);
  if (c.name == "sub") {
    return ExprValue::integer(x - y);
  }
  if (y == 0) {
    throw_error("runtime error: integer divide by zero");
  }
  if (y == -1) {
    return ExprValue::integer(c.name == "div" ? 0 - x : 0);
  }
  return ExprValue::integer(c.name == "div" ? x / y : x % y);
}

ExprValue f_mul(const Args& a, const CallContext& c) {
  check_arity(a, 1, SIZE_MAX, c.name);
  std::int64_t total = 1;
  for (const ExprValue& v : a) {
    total = static_cast<std::int64_t>(static_cast<std::uint64_t>(total) *
                                      static_cast<std::uint64_t>(to_int64(v)));
  }
  return ExprValue::integer(total);
}

ExprValue f_max_min(const Args& a, const CallContext& c) {
  check_arity(a, 1, SIZE_MAX, c.name);
  const bool is_max = c.name == "max" || c.name == "biggest";
  std::int64_t best = to_int64(a[0]);
  for (const ExprValue& v : a) {
    const std::int64_t x = to_int64(v);
    best = is_max ? std::max(best, x) : std::min(best, x);
  }
  return ExprValue::integer(best);
}

ExprValue f_floor_ceil(const Args& a, const CallContext& c) {
  check_arity(a, 1, 1, c.name);
  const double x = to_float64(a[0]);
  return ExprValue::floating(c.name == "floor" ? std::floor(x) : std::ceil(x));
}

ExprValue f_round(const Args& a, const CallContext& c) {  // round(value, places, roundOn?)
  check_arity(a, 2, 3, c.name);
  const double round_on = a.size() == 3 ? to_float64(a[2]) : 0.5;
  const double pow = std::pow(10.0, static_cast<double>(int_param(a, 1)));
  const double digit = pow * to_float64(a[0]);
  double whole = 0;
  const double fraction = std::modf(digit, &whole);
  return ExprValue::floating((fraction >= round_on ? std::ceil(digit) : std::floor(digit)) / pow);
}

}  // namespace

void append_data_functions(std::vector<FunctionEntry>& table) {
  const std::vector<FunctionEntry> entries = {
      {"list", f_list},
      {"first", f_first_last},
      {"last", f_first_last},
      {"rest", f_rest_initial},
      {"initial", f_rest_initial},
      {"append", f_append},
      {"push", f_append},
      {"prepend", f_append},
      {"concat", f_concat},
      {"reverse", f_reverse},
      {"uniq", f_uniq},
      {"has", f_has},
      {"without", f_without},
      {"compact", f_compact},
      {"slice", f_slice},
      {"until", f_until},
      {"dict", f_dict},
      {"get", f_get},
      {"set", f_set_unset},
      {"unset", f_set_unset},
      {"hasKey", f_has_key},
      {"keys", f_keys},
      {"values", f_values},
      {"pluck", f_pluck},
      {"merge", f_merge},
      {"mergeOverwrite", f_merge},
      {"pick", f_pick_omit},
      {"omit", f_pick_omit},
      {"add", f_add},
      {"add1", f_add1},
      {"sub", f_arith},
      {"div", f_arith},
      {"mod", f_arith},
      {"mul", f_mul},
      {"max", f_max_min},
      {"biggest", f_max_min},
      {"min", f_max_min},
      {"floor", f_floor_ceil},
      {"ceil", f_floor_ceil},
      {"round", f_round},
  };
  table.insert(table.end(), entries.begin(), entries.end());
}

}  // namespace expr::detail::sprig
