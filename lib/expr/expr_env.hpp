/// The environment an expression is evaluated in: the variables Argo puts in scope, nested as
/// Argo's util/expr/env does it, plus the clock that `now()` reads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expr/expr_value.hpp"
#include "expr/substitute.hpp"

namespace expr {

/// What a name that is not in the environment means.
enum class UndefinedNames {
  /// `unknown name x (1:1)`, as Argo's expr.Compile(expr.Env(env)) reports it. Checked for
  /// the whole expression before evaluation, so `false && x` fails too (expr checks names at
  /// compile time). Nested keys are never checked: `steps.a.outputs.result` on a missing key
  /// is nil, exactly as in Argo.
  error,
  /// Unknown names are nil (expr's AllowUndefinedVariables()).
  nil,
};

/// Variables for evaluate_expression(). Top-level names map to values; dotted keys are
/// nested maps (`inputs.parameters.x` is env["inputs"]["parameters"]["x"]).
class ExprEnv {
 public:
  /// A source of the current time in nanoseconds since the Unix epoch (for `now()`).
  using Clock = std::function<std::int64_t()>;

  ExprEnv() = default;

  /// Builds the environment from flat (dotted name, string value) pairs the way Argo does
  /// (util/expand): a key that is the parent of another key (`workflow.parameters` next to
  /// `workflow.parameters.x`) is dropped so that the nested map wins; every value is a string.
  /// A later duplicate of the same key replaces the earlier one.
  static ExprEnv from_strings(const std::vector<std::pair<std::string, std::string>>& variables);
  /// from_strings() over every binding of `scope` and its parents (a child's binding hides
  /// the parent's binding of the same name).
  static ExprEnv from_scope(const Scope& scope);

  /// Sets a typed value at a dotted path (`response.statusCode`, `data`), creating the
  /// intermediate maps. Unlike from_strings(), this always replaces: a non-map on the path is
  /// replaced by a map, and whatever was at the path itself is replaced by `value`.
  void set(std::string_view dotted_name, ExprValue value);
  /// The top-level value called `name`, or nullptr.
  const ExprValue* find(std::string_view name) const;
  /// All top-level variables as one map value.
  const ExprValue& variables() const { return m_root; }

  /// How unknown names behave (default: UndefinedNames::error, as in Argo).
  void set_undefined_names(UndefinedNames mode) { m_undefined = mode; }
  /// See set_undefined_names().
  UndefinedNames undefined_names() const { return m_undefined; }

  /// Sets the clock `now()`, `sprig.now()` and `sprig.date()` read. Without one, those
  /// functions fail with `now() is not available: no clock was given`: evaluation never reads
  /// the wall clock on its own, so results stay reproducible.
  void set_clock(Clock clock) { m_clock = std::move(clock); }
  /// The clock, or an empty function.
  const Clock& clock() const { return m_clock; }

 private:
  ExprValue m_root = ExprValue::map({});
  UndefinedNames m_undefined = UndefinedNames::error;
  Clock m_clock;
};

}  // namespace expr
