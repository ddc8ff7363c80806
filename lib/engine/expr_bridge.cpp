#include "engine/expr_bridge.hpp"

#include <fmt/format.h>

#include "expr/expr_env.hpp"
#include "expr/expr_eval.hpp"

namespace engine {
namespace {

// Go's `%s` of an interface{}: a string raw, anything else `%!s(<type>=<value>)`.
std::string go_percent_s(const expr::ExprValue& value) {
  if (value.kind() == expr::ValueKind::string) {
    return value.as_string();
  }
  if (value.is_nil()) {
    return "%!s(<nil>)";
  }
  return fmt::format("%!s({}={})", expr::go_type_name(value), expr::format_go_value(value));
}

}  // namespace

util::Result<bool> evaluate_retry_expression(std::string_view expression, const RetryScope& scope) {
  const expr::ExprEnv env = expr::ExprEnv::from_strings(scope.variables());
  util::Result<expr::ExprValue> value = expr::evaluate_expression(expression, env);
  if (!value.ok()) {
    return value.error();
  }
  if (value->kind() != expr::ValueKind::boolean) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("unable to cast expression result '{}' to bool", go_percent_s(*value)));
  }
  return value->as_bool();
}

RetryExpressionEvaluator make_retry_expression_evaluator() {
  return [](std::string_view expression, const RetryScope& scope) {
    return evaluate_retry_expression(expression, scope);
  };
}

}  // namespace engine
