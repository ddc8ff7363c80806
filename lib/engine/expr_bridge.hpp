/// The engine's link to the expression language for the hooks the engine leaves to its caller:
/// `retryStrategy.expression` (RunRequest::retry_expression).
#pragma once

#include <string_view>

#include "engine/retry_policy.hpp"
#include "util/result.hpp"

namespace engine {

/// Evaluates a `retryStrategy.expression` over RetryScope::variables() (every value a string,
/// as in Argo's buildRetryStrategyLocalScope), like Argo's argoexpr.EvalBool: an evaluation
/// error is returned as is; a result that is not a bool fails with
/// `unable to cast expression result '<v>' to bool` (`<v>` as Go's `%s` prints it).
util::Result<bool> evaluate_retry_expression(std::string_view expression, const RetryScope& scope);

/// A RetryExpressionEvaluator calling evaluate_retry_expression(), for RunRequest.
RetryExpressionEvaluator make_retry_expression_evaluator();

}  // namespace engine
