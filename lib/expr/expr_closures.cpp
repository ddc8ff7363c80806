// expr's predicate builtins: all, none, any, one, filter, map, count, sum, find, findIndex,
// findLast, findLastIndex, groupBy, sortBy, reduce.
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"

namespace expr::detail {
namespace {

const ExprValue::Array& items_of(const ExprValue& collection, std::string_view name) {
  if (collection.kind() != ValueKind::array) {
    throw_error(fmt::format("cannot use {} as argument (type []interface {{}}) to call {}",
                            go_type_name(collection), name));
  }
  return collection.as_array();
}

bool test(const Predicate& predicate, const ExprValue& item, std::int64_t index) {
  return require_bool(predicate(item, index, nullptr));
}

ExprValue quantifier(std::string_view name, const ExprValue::Array& items,
                     const Predicate& predicate) {
  std::int64_t matches = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const bool ok = test(predicate, items[i], static_cast<std::int64_t>(i));
    matches += ok ? 1 : 0;
    if (name == "all" && !ok) {
      return ExprValue::boolean(false);
    }
    if ((name == "any" && ok) || (name == "none" && ok)) {
      return ExprValue::boolean(name == "any");
    }
  }
  if (name == "one") {
    return ExprValue::boolean(matches == 1);
  }
  return ExprValue::boolean(name != "any");
}

ExprValue find_item(std::string_view name, const ExprValue::Array& items,
                    const Predicate& predicate) {
  const bool last = name == "findLast" || name == "findLastIndex";
  const bool index_only = name == "findIndex" || name == "findLastIndex";
  const auto n = static_cast<std::int64_t>(items.size());
  for (std::int64_t k = 0; k < n; ++k) {
    const std::int64_t i = last ? n - 1 - k : k;
    if (test(predicate, items[static_cast<size_t>(i)], i)) {
      return index_only ? ExprValue::integer(i) : items[static_cast<size_t>(i)];
    }
  }
  return index_only ? ExprValue::integer(-1) : ExprValue();
}

ExprValue sum_items(const ExprValue::Array& items, const Predicate* predicate) {
  std::int64_t int_sum = 0;
  double float_sum = 0;
  bool is_float = false;
  for (size_t i = 0; i < items.size(); ++i) {
    const ExprValue v = predicate != nullptr
                            ? (*predicate)(items[i], static_cast<std::int64_t>(i), nullptr)
                            : items[i];
    if (v.kind() == ValueKind::integer) {
      int_sum += v.as_int();
    } else if (v.kind() == ValueKind::floating) {
      float_sum += v.as_float();
      is_float = true;
    } else {
      throw_error("invalid operation: int + " + go_type_name(v));
    }
  }
  return is_float ? ExprValue::floating(static_cast<double>(int_sum) + float_sum)
                  : ExprValue::integer(int_sum);
}

ExprValue sort_by(const ExprValue::Array& items, const Predicate& predicate,
                  const ExprValue* order) {
  bool descending = false;
  if (order != nullptr) {
    if (order->kind() != ValueKind::string ||
        (order->as_string() != "asc" && order->as_string() != "desc")) {
      throw_error(fmt::format("invalid order {}, expected asc or desc", format_go_value(*order)));
    }
    descending = order->as_string() == "desc";
  }
  std::vector<std::pair<ExprValue, ExprValue>> keyed;
  for (size_t i = 0; i < items.size(); ++i) {
    keyed.emplace_back(predicate(items[i], static_cast<std::int64_t>(i), nullptr), items[i]);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [descending](const auto& a, const auto& b) {
    return descending ? less_than(b.first, a.first) : less_than(a.first, b.first);
  });
  ExprValue::Array out;
  for (auto& entry : keyed) {
    out.push_back(std::move(entry.second));
  }
  return ExprValue::array(std::move(out));
}

ExprValue reduce(const ExprValue::Array& items, const Predicate& predicate,
                 const ExprValue* initial) {
  size_t start = 0;
  ExprValue acc;
  if (initial != nullptr) {
    acc = *initial;
  } else if (items.empty()) {
    throw_error("reduce of empty array with no initial value");
  } else {
    acc = items[0];
    start = 1;
  }
  for (size_t i = start; i < items.size(); ++i) {
    acc = predicate(items[i], static_cast<std::int64_t>(i), &acc);
  }
  return acc;
}

ExprValue group_by(const ExprValue::Array& items, const Predicate& predicate) {
  std::map<std::string, ExprValue::Array, std::less<>> groups;
  for (size_t i = 0; i < items.size(); ++i) {
    const ExprValue key = predicate(items[i], static_cast<std::int64_t>(i), nullptr);
    groups[format_go_value(key)].push_back(items[i]);
  }
  ExprValue::Map out;
  for (auto& [key, group] : groups) {
    out.emplace(key, ExprValue::array(std::move(group)));
  }
  return ExprValue::map(std::move(out));
}

}  // namespace

ExprValue call_predicate_builtin(std::string_view name, const ExprValue& collection,
                                 const Predicate* predicate, const ExprValue* extra) {
  const ExprValue::Array& items = items_of(collection, name);
  if (name == "sum") {
    return sum_items(items, predicate);
  }
  if (name == "count") {
    std::int64_t n = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      const bool ok = predicate != nullptr
                          ? test(*predicate, items[i], static_cast<std::int64_t>(i))
                          : require_bool(items[i]);
      n += ok ? 1 : 0;
    }
    return ExprValue::integer(n);
  }
  // The parser guarantees a predicate for every other builtin.
  const Predicate& fn = *predicate;
  if (name == "all" || name == "any" || name == "none" || name == "one") {
    return quantifier(name, items, fn);
  }
  if (name == "filter" || name == "map") {
    ExprValue::Array out;
    for (size_t i = 0; i < items.size(); ++i) {
      if (name == "map") {
        out.push_back(fn(items[i], static_cast<std::int64_t>(i), nullptr));
      } else if (test(fn, items[i], static_cast<std::int64_t>(i))) {
        out.push_back(items[i]);
      }
    }
    return ExprValue::array(std::move(out));
  }
  if (name == "groupBy") {
    return group_by(items, fn);
  }
  if (name == "sortBy") {
    return sort_by(items, fn, extra);
  }
  if (name == "reduce") {
    return reduce(items, fn, extra);
  }
  return find_item(name, items, fn);
}

}  // namespace expr::detail
