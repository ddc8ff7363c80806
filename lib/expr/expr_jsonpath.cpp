// Argo's `jsonpath(json, path)` (github.com/evilmonkeyinc/jsonpath): the path syntax Argo
// users reach for, with that library's result shapes. A single selection (`$.a`, `$[0].b`)
// gives the value itself; a selection that can match several values (`[*]`, `[0:2]`,
// `[?(...)]`, `[0,1]`, `..`) gives an array of the matches, and errors inside such a
// selection drop the element instead of failing. Supported: `$`, `.key`, `['key']`,
// `["key"]`, `[n]` (negative from the end), `[*]`, `.*`, `[a:b:step]`, unions `[0,1]` /
// `['a','b']`, recursive descent `..key` / `..*`, and filters `[?(<cond>)]` where <cond>
// compares `@.path` / `$.path` / literals with == != < <= > >= and combines with && || ! ( ).
#include <algorithm>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include "expr/expr_error.hpp"
#include "expr/expr_functions.hpp"

namespace expr::detail {
namespace {

enum class StepKind { key, index, wildcard, range, union_keys, union_indices, filter, recursive };

struct Step {
  StepKind kind = StepKind::key;
  std::string text;                            // key, or filter source
  std::vector<std::string> keys;               // union of keys
  std::vector<std::int64_t> indices;           // union of indices
  std::optional<std::int64_t> from, to, step;  // range
};

/// An error inside a query: thrown to the top (single selections) or swallowed (collections).
struct QueryError {
  std::string message;
};

[[noreturn]] void query_error(std::string message) {
  throw QueryError{std::move(message)};
}

std::string_view trim_spaces(std::string_view s) {
  const size_t a = s.find_first_not_of(' ');
  if (a == std::string_view::npos) {
    return {};
  }
  return s.substr(a, s.find_last_not_of(' ') - a + 1);
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  return parse_go_int(trim_spaces(s));
}

// The content of a quoted key ('k' or "k"), or nullopt.
std::optional<std::string> unquote(std::string_view s) {
  s = trim_spaces(s);
  if (s.size() < 2 || (s[0] != '\'' && s[0] != '"') || s.back() != s[0]) {
    return std::nullopt;
  }
  return std::string(s.substr(1, s.size() - 2));
}

// Splits on top-level commas (outside quotes).
std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> parts;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (quote != 0) {
      quote = s[i] == quote ? 0 : quote;
    } else if (s[i] == '\'' || s[i] == '"') {
      quote = s[i];
    } else if (s[i] == ',') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

Step parse_bracket(std::string_view inside) {
  Step step;
  const std::string_view trimmed = trim_spaces(inside);
  if (trimmed == "*") {
    step.kind = StepKind::wildcard;
    return step;
  }
  if (trimmed.size() >= 3 && trimmed[0] == '?' && trimmed[1] == '(' && trimmed.back() == ')') {
    step.kind = StepKind::filter;
    step.text = std::string(trimmed.substr(2, trimmed.size() - 3));
    return step;
  }
  const auto parts = split_commas(inside);
  if (unquote(parts[0])) {
    step.kind = parts.size() == 1 ? StepKind::key : StepKind::union_keys;
    for (std::string_view part : parts) {
      const auto key = unquote(part);
      if (!key) {
        query_error(fmt::format("invalid token. '[{}]' does not match any token format", inside));
      }
      step.keys.push_back(*key);
    }
    step.text = step.keys[0];
    return step;
  }
  if (parts.size() == 1 && inside.find(':') != std::string_view::npos) {
    step.kind = StepKind::range;
    std::vector<std::string_view> bounds;
    size_t start = 0;
    for (size_t i = 0; i <= inside.size(); ++i) {
      if (i == inside.size() || inside[i] == ':') {
        bounds.push_back(inside.substr(start, i - start));
        start = i + 1;
      }
    }
    std::optional<std::int64_t>* slots[] = {&step.from, &step.to, &step.step};
    for (size_t i = 0; i < bounds.size() && i < 3; ++i) {
      if (bounds[i].find_first_not_of(' ') == std::string_view::npos) {
        continue;
      }
      *slots[i] = parse_int(bounds[i]);
      if (!*slots[i]) {
        query_error(fmt::format("range: invalid token argument '{}'", inside));
      }
    }
    return step;
  }
  step.kind = parts.size() == 1 ? StepKind::index : StepKind::union_indices;
  for (std::string_view part : parts) {
    const auto i = parse_int(part);
    if (!i) {
      query_error(fmt::format("invalid token. '[{}]' does not match any token format", inside));
    }
    step.indices.push_back(*i);
  }
  return step;
}

// Finds the `]` closing the bracket opened at `open` (quotes and parentheses respected).
size_t closing_bracket(std::string_view path, size_t open) {
  char quote = 0;
  int depth = 0;
  for (size_t i = open + 1; i < path.size(); ++i) {
    const char c = path[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || (c == ']' && depth > 0)) {
      --depth;
    } else if (c == ']') {
      return i;
    }
  }
  query_error(
      fmt::format("invalid token. '{}' does not match any token format", path.substr(open)));
}

std::vector<Step> parse_path(std::string_view path) {
  if (path.empty() || (path[0] != '$' && path[0] != '@')) {
    query_error(fmt::format("invalid token. '{}' does not match any token format", path));
  }
  std::vector<Step> steps;
  size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '[') {
      const size_t close = closing_bracket(path, i);
      steps.push_back(parse_bracket(path.substr(i + 1, close - i - 1)));
      i = close + 1;
      continue;
    }
    if (path[i] != '.') {
      query_error(
          fmt::format("invalid token. '{}' does not match any token format", path.substr(i)));
    }
    ++i;
    if (i < path.size() && path[i] == '.') {
      steps.push_back(Step{StepKind::recursive, {}, {}, {}, {}, {}, {}});
      ++i;
      if (i < path.size() && path[i] == '[') {
        continue;
      }
    }
    size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') {
      ++end;
    }
    const std::string_view name = path.substr(i, end - i);
    if (name.empty()) {
      query_error(fmt::format("invalid token. '{}' does not match any token format", path));
    }
    Step step;
    step.kind = name == "*" ? StepKind::wildcard : StepKind::key;
    step.text = std::string(name);
    steps.push_back(std::move(step));
    i = end;
  }
  return steps;
}

class Query {
 public:
  Query(const ExprValue& root, const std::vector<Step>& steps) : m_root(root), m_steps(steps) {}

  ExprValue apply(const ExprValue& current, size_t i) const {
    if (i == m_steps.size()) {
      return current;
    }
    const Step& step = m_steps[i];
    switch (step.kind) {
      case StepKind::key: {
        if (current.kind() != ValueKind::map) {
          query_error(fmt::format("key: invalid token target. expected [map] got [{}]",
                                  go_kind_name(current)));
        }
        const ExprValue* found = current.find(step.text);
        if (found == nullptr) {
          query_error(fmt::format("key: invalid token key '{}' not found", step.text));
        }
        return apply(*found, i + 1);
      }
      case StepKind::index: return apply(index(current, step.indices[0]), i + 1);
      case StepKind::recursive: return recursive(current, i + 1);
      default: return collect(select(current, step), i + 1);
    }
  }

 private:
  static ExprValue index(const ExprValue& current, std::int64_t idx) {
    if (current.kind() != ValueKind::array) {
      query_error(fmt::format("index: invalid token target. expected [array slice] got [{}]",
                              go_kind_name(current)));
    }
    const auto length = static_cast<std::int64_t>(current.as_array().size());
    if (idx < 0) {
      idx += length;
    }
    if (idx < 0 || idx >= length) {
      query_error("index: invalid token out of range");
    }
    return current.as_array()[static_cast<size_t>(idx)];
  }

  static std::vector<ExprValue> children(const ExprValue& v) {
    std::vector<ExprValue> out;
    if (v.kind() == ValueKind::array) {
      out = v.as_array();
    } else if (v.kind() == ValueKind::map) {
      for (const auto& [key, item] : v.as_map()) {
        out.push_back(item);
      }
    }
    return out;
  }

  std::vector<ExprValue> select(const ExprValue& current, const Step& step) const;

  // Applies the remaining steps to every element; failures and nils are dropped.
  ExprValue collect(const std::vector<ExprValue>& elements, size_t next) const {
    if (next < m_steps.size() && m_steps[next].kind == StepKind::index &&
        m_steps[next - 1].kind == StepKind::filter) {
      return apply(index(ExprValue::array(elements), m_steps[next].indices[0]), next + 1);
    }
    ExprValue::Array results;
    for (const ExprValue& element : elements) {
      try {
        ExprValue result = apply(element, next);
        if (!result.is_nil()) {
          results.push_back(std::move(result));
        }
      } catch (const QueryError&) {
        // evilmonkeyinc/jsonpath ignores errors of the individual elements
      }
    }
    return ExprValue::array(std::move(results));
  }

  ExprValue recursive(const ExprValue& current, size_t next) const {
    std::vector<ExprValue> all;
    flatten(current, all);
    if (next == m_steps.size()) {
      return ExprValue::array(std::move(all));
    }
    ExprValue::Array results;
    for (const ExprValue& element : all) {
      try {
        ExprValue result = apply(element, next);
        if (result.kind() == ValueKind::array) {
          const auto& items = result.as_array();
          results.insert(results.end(), items.begin(), items.end());
        } else if (!result.is_nil()) {
          results.push_back(std::move(result));
        }
      } catch (const QueryError&) {
      }
    }
    return ExprValue::array(std::move(results));
  }

  static void flatten(const ExprValue& v, std::vector<ExprValue>& out) {
    out.push_back(v);
    for (const ExprValue& child : children(v)) {
      flatten(child, out);
    }
  }

  const ExprValue& m_root;
  const std::vector<Step>& m_steps;
};

std::vector<ExprValue> Query::select(const ExprValue& current, const Step& step) const {
  std::vector<ExprValue> elements;
  if (current.kind() != ValueKind::array && current.kind() != ValueKind::map) {
    query_error(fmt::format("invalid token target. expected [array map slice] got [{}]",
                            go_kind_name(current)));
  }
  switch (step.kind) {
    case StepKind::wildcard: return children(current);
    case StepKind::union_keys:
      for (const std::string& key : step.keys) {
        if (const ExprValue* found = current.find(key)) {
          elements.push_back(*found);
        }
      }
      return elements;
    case StepKind::union_indices:
      for (std::int64_t idx : step.indices) {
        elements.push_back(index(current, idx));
      }
      return elements;
    case StepKind::filter:
      for (const ExprValue& element : children(current)) {
        if (jsonpath_filter_matches(step.text, element, m_root)) {
          elements.push_back(element);
        }
      }
      return elements;
    default: break;
  }
  const auto& items = current.as_array();
  const auto length = static_cast<std::int64_t>(items.size());
  auto bound = [length](std::optional<std::int64_t> v, std::int64_t fallback) {
    std::int64_t b = v.value_or(fallback);
    if (b < 0) {
      b += length;
    }
    return std::clamp<std::int64_t>(b, 0, length);
  };
  const std::int64_t step_size = step.step.value_or(1);
  if (step_size < 1) {
    query_error("range: invalid token argument. step must be positive");
  }
  for (std::int64_t i = bound(step.from, 0); i < bound(step.to, length); i += step_size) {
    elements.push_back(items[static_cast<size_t>(i)]);
  }
  return elements;
}

}  // namespace

ExprValue query_jsonpath(const ExprValue& document, std::string_view path) {
  try {
    const std::vector<Step> steps = parse_path(path);
    return Query(document, steps).apply(document, 0);
  } catch (const QueryError& e) {
    throw_error(e.message);
  }
}

}  // namespace expr::detail
