/// retryStrategy rules (spec section 2.3; Argo's operator.go processNodeRetries and
/// executeTemplate): what a Retry node does once an attempt failed, the variables attempts
/// and expressions see, and the Go formatting Argo's messages use. Pure functions, so each
/// rule is tested without running a workflow.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/node.hpp"
#include "model/scalar.hpp"
#include "model/template.hpp"
#include "util/duration.hpp"
#include "util/result.hpp"

namespace engine {

using graph::TimePoint;

/// What a `retryStrategy.expression` sees (Argo's buildRetryStrategyLocalScope). Every value
/// is a string, as in Argo, so expressions write `asInt(lastRetry.exitCode)`.
struct RetryScope {
  std::string retries;         ///< `retries`: index of the last attempt, e.g. "0"
  std::string last_exit_code;  ///< `lastRetry.exitCode`; "-1" when the attempt has none
  std::string last_status;     ///< `lastRetry.status`: "Failed" or "Error"
  std::string last_duration;   ///< `lastRetry.duration`: seconds as Go prints a float64
  std::string last_message;    ///< `lastRetry.message`

  /// The variables under their expression names: `retries`, `lastRetry.exitCode`,
  /// `lastRetry.status`, `lastRetry.duration`, `lastRetry.message`.
  std::vector<std::pair<std::string, std::string>> variables() const;
};

/// Evaluates a `retryStrategy.expression` (its `{{...}}` tags already substituted) against
/// `scope`: true means "retry". An error makes the Retry node Error with the error's message.
/// The engine never evaluates expressions itself: the caller supplies this (RunRequest).
using RetryExpressionEvaluator =
    std::function<util::Result<bool>(std::string_view expression, const RetryScope& scope)>;

/// `retryPolicy` values.
enum class RetryPolicy { always, on_failure, on_error, on_transient_error };

/// The policy in effect (Argo's RetryPolicyActual): the one written, else OnFailure, or Always
/// when an expression is given. nullopt for a name Argo does not know.
std::optional<RetryPolicy> effective_retry_policy(const model::RetryStrategy& strategy);

/// The attempt a decision looks at (the Retry node's last child).
struct AttemptFacts {
  graph::Phase phase = graph::Phase::failed;
  std::string message;
  std::optional<std::string> exit_code;  ///< outputs.exitCode, when the attempt has one
  TimePoint started_at{};
  std::optional<TimePoint> finished_at;
};

/// Everything besides the strategy that a decision depends on.
struct RetryInputs {
  std::size_t attempts = 0;  ///< attempts made so far (at least 1)
  TimePoint first_started_at{};
  AttemptFacts last;
  TimePoint now{};
  std::optional<std::string> shutdown;         ///< the shutdown strategy, when stopping
  std::optional<TimePoint> workflow_deadline;  ///< spec.activeDeadlineSeconds' deadline
  std::string transient_error_pattern;         ///< TRANSIENT_ERROR_PATTERN; empty: none
  const RetryExpressionEvaluator* evaluator = nullptr;
};

/// What the Retry node does next.
struct RetryDecision {
  enum class Kind {
    retry,   ///< start the next attempt
    wait,    ///< back off until `wake` (Running, `message` = `Backoff for ...`), then decide again
    finish,  ///< end in `phase` with `message`
    error,   ///< end in Error with `message` (a bad strategy or expression)
  };
  Kind kind = Kind::retry;
  graph::Phase phase = graph::Phase::failed;
  std::string message;
  TimePoint wake{};
  /// retry: backoff.maxDuration's deadline, which the next attempt's pod must not outlive.
  std::optional<TimePoint> execution_deadline;
};

/// Decides what a Retry node does after its last attempt ended Failed or Error. `strategy`
/// has its `{{...}}` tags substituted. Argo's order: shutdown / workflow deadline; backoff
/// (maxDuration, base duration, factor, cap, wait only when `limit` is set); policy; limit
/// (`No more retries left`); expression (ANDed, evaluated after the limit check).
RetryDecision decide_retry(const model::RetryStrategy& strategy, const RetryInputs& inputs);

/// The expression's variables for a decision after `attempts` attempts.
RetryScope make_retry_scope(std::size_t attempts, const AttemptFacts& last, TimePoint now);

/// `retries` and `lastRetry.*` as an attempt's template body sees them when attempt `index`
/// starts: the previous attempt's values, or Argo's defaults ("0", "", "0", "") for the first.
std::vector<std::pair<std::string, std::string>> retry_body_variables(std::size_t index,
                                                                      const AttemptFacts* previous,
                                                                      TimePoint now);

/// True when an attempt's message counts as transient for OnTransientError: Argo's built-in
/// network/etcd patterns (as they match a plain error message), or a regex search with
/// `pattern` (TRANSIENT_ERROR_PATTERN) when it is non-empty and valid.
bool is_transient_error(std::string_view message, std::string_view pattern);

/// Go's strconv.Atoi over a scalar's text, with Argo's intstr error
/// `value '<v>' cannot be resolved to an int`. nullopt when the field is absent.
util::Result<std::optional<long long>> int_or_string(const model::OptScalar& field);

/// Argo's humanize.Duration: "0 seconds", "1 second", "2 seconds", "1 minute 30 seconds",
/// "2 hours 0 minutes", "1 day 0 hours", ...
std::string humanize_duration(util::Duration duration);

/// Go's fmt.Sprint(d.Seconds()): "3.02", "5", "0.5", "1e+06".
std::string go_seconds(util::Duration duration);

/// Go's time.Time.String() of a UTC time: "2024-01-01 00:00:10 +0000 UTC".
std::string go_time_string(TimePoint when);

/// The strategy after Argo's strategic merge of templateDefaults: each field of `own` wins,
/// missing ones (empty strings count as missing, as Go omits them) come from `defaults`.
model::RetryStrategy merge_retry_strategy(const model::RetryStrategy& own,
                                          const model::RetryStrategy& defaults);

}  // namespace engine
