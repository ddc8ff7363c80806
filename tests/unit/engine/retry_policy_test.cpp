// retryStrategy rules on their own (spec 2.3, Argo's processNodeRetries): decision order,
// backoff formula, policies, limit, expression, and the Go formatting of Argo's messages.
#include "engine/retry_policy.hpp"

#include <catch2/catch.hpp>

using engine::AttemptFacts;
using engine::RetryDecision;
using engine::RetryInputs;
using engine::RetryScope;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

const engine::TimePoint k_t0 = std::chrono::system_clock::from_time_t(1704067200);

model::OptScalar text(std::string value) {
  model::Scalar scalar;
  scalar.value = std::move(value);
  return scalar;
}

model::RetryStrategy strategy(std::optional<std::string> limit,
                              std::optional<std::string> policy = std::nullopt) {
  model::RetryStrategy s;
  if (limit) {
    s.limit = text(*limit);
  }
  if (policy) {
    s.retry_policy = text(*policy);
  }
  return s;
}

model::Backoff backoff(std::string duration, std::string factor = "", std::string cap = "",
                       std::string max_duration = "") {
  model::Backoff b;
  b.duration = text(std::move(duration));
  if (!factor.empty()) {
    b.factor = text(std::move(factor));
  }
  if (!cap.empty()) {
    b.cap = text(std::move(cap));
  }
  if (!max_duration.empty()) {
    b.max_duration = text(std::move(max_duration));
  }
  return b;
}

/// `attempts` attempts so far; the last one ran from `started` to `finished` (seconds after
/// k_t0) and ended `phase`; now is `finished`.
RetryInputs after(std::size_t attempts, graph::Phase phase = graph::Phase::failed,
                  long long started = 0, long long finished = 1) {
  RetryInputs in;
  in.attempts = attempts;
  in.first_started_at = k_t0;
  in.last.phase = phase;
  in.last.message = phase == graph::Phase::failed ? "main: Error (exit code 1)" : "boom";
  in.last.exit_code =
      phase == graph::Phase::failed ? std::optional<std::string>("1") : std::nullopt;
  in.last.started_at = k_t0 + seconds(started);
  in.last.finished_at = k_t0 + seconds(finished);
  in.now = k_t0 + seconds(finished);
  return in;
}

std::string kind(const RetryDecision& d) {
  switch (d.kind) {
    case RetryDecision::Kind::retry: return "retry";
    case RetryDecision::Kind::wait: return "wait " + d.message;
    case RetryDecision::Kind::finish:
      return "finish " + std::string(graph::to_string(d.phase)) + " " + d.message;
    case RetryDecision::Kind::error: return "error " + d.message;
  }
  return "?";
}

}  // namespace

TEST_CASE("retry policy: limit counts re-tries; exhausted means `No more retries left`") {
  const model::RetryStrategy s = strategy("2");
  CHECK(kind(engine::decide_retry(s, after(1))) == "retry");
  CHECK(kind(engine::decide_retry(s, after(2))) == "retry");
  CHECK(kind(engine::decide_retry(s, after(3))) == "finish Failed No more retries left");
  CHECK(kind(engine::decide_retry(strategy("0"), after(1))) ==
        "finish Failed No more retries left");
  // No limit: retry without end.
  CHECK(kind(engine::decide_retry(strategy(std::nullopt), after(1000))) == "retry");
}

TEST_CASE("retry policy: limit that is not an integer errors with Argo's intstr message") {
  CHECK(kind(engine::decide_retry(strategy("{{inputs.parameters.n}}"), after(1))) ==
        "error value '{{inputs.parameters.n}}' cannot be resolved to an int");
}

TEST_CASE("retry policy: which phases each policy retries") {
  auto verdict = [](const char* policy, graph::Phase phase) {
    return kind(engine::decide_retry(strategy("5", std::string(policy)), after(1, phase)));
  };
  CHECK(verdict("OnFailure", graph::Phase::failed) == "retry");
  CHECK(verdict("OnFailure", graph::Phase::error) == "finish Error boom");
  CHECK(verdict("OnError", graph::Phase::failed) == "finish Failed main: Error (exit code 1)");
  CHECK(verdict("OnError", graph::Phase::error) == "retry");
  CHECK(verdict("Always", graph::Phase::failed) == "retry");
  CHECK(verdict("Always", graph::Phase::error) == "retry");
  // The default is OnFailure.
  CHECK(kind(engine::decide_retry(strategy("5"), after(1, graph::Phase::error))) ==
        "finish Error boom");
  CHECK(kind(engine::decide_retry(strategy("5", "Sometimes"), after(1))) ==
        "error Sometimes is not a valid RetryPolicy");
}

TEST_CASE("retry policy: OnTransientError retries only transient messages") {
  model::RetryStrategy s = strategy("5", "OnTransientError");
  RetryInputs in = after(1, graph::Phase::error);
  in.last.message = "dial tcp 10.0.0.1:443: connect: connection refused";
  CHECK(kind(engine::decide_retry(s, in)) == "retry");
  in.last.message = "pull access denied for nosuchimage";
  CHECK(kind(engine::decide_retry(s, in)) == "finish Error pull access denied for nosuchimage");
  in.transient_error_pattern = "access denied|quota";
  CHECK(kind(engine::decide_retry(s, in)) == "retry");
  in.last.phase = graph::Phase::failed;  // Failed nodes count too
  CHECK(kind(engine::decide_retry(s, in)) == "retry");
}

TEST_CASE("retry policy: the built-in transient patterns") {
  CHECK(engine::is_transient_error("read tcp: i/o timeout", ""));
  CHECK(engine::is_transient_error("etcdserver: leader changed", ""));
  CHECK(engine::is_transient_error("write: connection reset by peer", ""));
  CHECK(engine::is_transient_error("net/http: TLS handshake timeout", ""));
  CHECK_FALSE(engine::is_transient_error("main: Error (exit code 1)", ""));
  // Argo only counts EOF for url.Error values, never for a plain node message.
  CHECK_FALSE(engine::is_transient_error("unexpected EOF", ""));
  CHECK(engine::is_transient_error("OOMKilled by the kernel", "OOM"));
  CHECK_FALSE(engine::is_transient_error("anything", "(unclosed"));  // bad regex: no match
}

TEST_CASE("retry policy: the expression is ANDed with the policy and runs after the limit") {
  int calls = 0;
  RetryScope seen;
  std::string seen_expression;
  const engine::RetryExpressionEvaluator evaluator = [&](std::string_view expression,
                                                         const RetryScope& scope) {
    ++calls;
    seen = scope;
    seen_expression = std::string(expression);
    return util::Result<bool>(scope.last_exit_code == "2");
  };
  model::RetryStrategy s = strategy("3");
  s.expression = text("asInt(lastRetry.exitCode) == 2");
  RetryInputs in = after(2, graph::Phase::failed, 4, 7);
  in.evaluator = &evaluator;
  in.last.exit_code = "2";
  CHECK(kind(engine::decide_retry(s, in)) == "retry");
  CHECK(seen_expression == "asInt(lastRetry.exitCode) == 2");
  CHECK(seen.retries == "1");
  CHECK(seen.last_exit_code == "2");
  CHECK(seen.last_status == "Failed");
  CHECK(seen.last_duration == "3");
  CHECK(seen.last_message == "main: Error (exit code 1)");
  in.last.exit_code = "1";
  CHECK(kind(engine::decide_retry(s, in)) ==
        "finish Failed retryStrategy.expression evaluated to false");
  // The limit check comes first: the expression is not asked.
  calls = 0;
  CHECK(kind(engine::decide_retry(s, after(4))) == "finish Failed No more retries left");
  CHECK(calls == 0);
  // No policy + expression means Always: an Error attempt reaches the expression.
  in.last.phase = graph::Phase::error;
  in.last.exit_code.reset();
  CHECK(kind(engine::decide_retry(s, in)) ==
        "finish Error retryStrategy.expression evaluated to false");
  CHECK(seen.last_exit_code == "-1");
  // An explicit OnFailure stops an Error before the expression.
  calls = 0;
  s.retry_policy = text("OnFailure");
  CHECK(kind(engine::decide_retry(s, in)) == "finish Error main: Error (exit code 1)");
  CHECK(calls == 0);
}

TEST_CASE("retry policy: an expression error or a missing evaluator errors the Retry node") {
  model::RetryStrategy s = strategy("3");
  s.expression = text("nonsense ==");
  const engine::RetryExpressionEvaluator failing = [](std::string_view, const RetryScope&) {
    return util::Result<bool>(util::make_error(util::ErrorCode::invalid_input, "bad expr"));
  };
  RetryInputs in = after(1);
  in.evaluator = &failing;
  CHECK(kind(engine::decide_retry(s, in)) == "error bad expr");
  in.evaluator = nullptr;
  CHECK(kind(engine::decide_retry(s, in)) ==
        "error retryStrategy.expression is not supported by this version of flowrun");
}

TEST_CASE("retry policy: backoff waits duration * factor^(attempts-1), capped, from finishedAt") {
  model::RetryStrategy s = strategy("10");
  s.backoff = backoff("2", "3", "1m");
  RetryDecision d = engine::decide_retry(s, after(1, graph::Phase::failed, 0, 5));
  CHECK(kind(d) == "wait Backoff for 2 seconds");
  CHECK(d.phase == graph::Phase::running);
  CHECK(d.wake == k_t0 + seconds(7));
  d = engine::decide_retry(s, after(2, graph::Phase::failed, 7, 8));
  CHECK(kind(d) == "wait Backoff for 6 seconds");
  CHECK(d.wake == k_t0 + seconds(14));
  d = engine::decide_retry(s, after(4, graph::Phase::failed, 20, 21));  // 2*27 = 54s
  CHECK(kind(d) == "wait Backoff for 54 seconds");
  d = engine::decide_retry(s, after(5, graph::Phase::failed, 20, 21));  // 162s, capped at 60s
  CHECK(kind(d) == "wait Backoff for 1 minute 0 seconds");
  CHECK(d.wake == k_t0 + seconds(81));
  // Once the wait is over, the decision goes on.
  RetryInputs later = after(5, graph::Phase::failed, 20, 21);
  later.now = k_t0 + seconds(81);
  CHECK(kind(engine::decide_retry(s, later)) == "retry");
}

TEST_CASE("retry policy: backoff without a limit never waits (Argo's quirk)") {
  model::RetryStrategy s = strategy(std::nullopt);
  s.backoff = backoff("30");
  CHECK(kind(engine::decide_retry(s, after(1))) == "retry");
  // With a limit, the last attempt allowed by it does not wait either.
  s.limit = text("2");
  CHECK(kind(engine::decide_retry(s, after(2))) == "wait Backoff for 30 seconds");
  CHECK(kind(engine::decide_retry(s, after(3))) == "finish Failed No more retries left");
}

TEST_CASE("retry policy: backoff waits before the policy check, as Argo's code does") {
  model::RetryStrategy s = strategy("3", "OnError");
  s.backoff = backoff("5s");
  CHECK(kind(engine::decide_retry(s, after(1))) == "wait Backoff for 5 seconds");
  RetryInputs later = after(1);
  later.now = k_t0 + seconds(6);
  CHECK(kind(engine::decide_retry(s, later)) == "finish Failed main: Error (exit code 1)");
}

TEST_CASE("retry policy: maxDuration from the first attempt's start") {
  model::RetryStrategy s = strategy("10");
  s.backoff = backoff("4", "", "", "10");
  RetryDecision d = engine::decide_retry(s, after(1, graph::Phase::failed, 0, 3));
  CHECK(kind(d) == "wait Backoff for 4 seconds");
  RetryInputs in = after(1, graph::Phase::failed, 0, 3);
  in.now = k_t0 + seconds(7);
  d = engine::decide_retry(s, in);
  CHECK(kind(d) == "retry");
  REQUIRE(d.execution_deadline.has_value());
  CHECK(*d.execution_deadline == k_t0 + seconds(10));
  CHECK(kind(engine::decide_retry(s, after(2, graph::Phase::failed, 3, 7))) ==
        "finish Failed Backoff would exceed max duration limit");
  CHECK(kind(engine::decide_retry(s, after(2, graph::Phase::failed, 3, 11))) ==
        "finish Failed Max duration limit exceeded");
}

TEST_CASE("retry policy: backoff errors") {
  model::RetryStrategy s = strategy("3");
  s.backoff = backoff("");
  CHECK(kind(engine::decide_retry(s, after(1))) ==
        "error no base duration specified for retryStrategy");
  s.backoff = backoff("2", "1.5");
  CHECK(kind(engine::decide_retry(s, after(1))) ==
        "error value '1.5' cannot be resolved to an int");
  s.backoff = backoff("soon");
  CHECK(kind(engine::decide_retry(s, after(1))).rfind("error time: invalid duration", 0) == 0);
}

TEST_CASE("retry policy: past the workflow deadline or when stopping there is no retry") {
  RetryInputs in = after(1);
  in.workflow_deadline = k_t0 + seconds(1);
  CHECK(kind(engine::decide_retry(strategy("3"), in)) ==
        "finish Failed retry exceeded workflow deadline 2024-01-01 00:00:01 +0000 UTC");
  in.workflow_deadline = k_t0 + seconds(2);
  CHECK(kind(engine::decide_retry(strategy("3"), in)) == "retry");
  in.shutdown = "Stop";
  CHECK(kind(engine::decide_retry(strategy("3"), in)) ==
        "finish Failed Stopped with strategy 'Stop'");
}

TEST_CASE("retry policy: the variables an attempt's body sees") {
  using Vars = std::vector<std::pair<std::string, std::string>>;
  CHECK(engine::retry_body_variables(0, nullptr, k_t0) == Vars{{"retries", "0"},
                                                               {"lastRetry.exitCode", "0"},
                                                               {"lastRetry.duration", "0"},
                                                               {"lastRetry.status", ""},
                                                               {"lastRetry.message", ""}});
  AttemptFacts previous;
  previous.phase = graph::Phase::error;
  previous.message = "boom";
  previous.started_at = k_t0;
  previous.finished_at = k_t0 + milliseconds(3020);
  CHECK(engine::retry_body_variables(1, &previous, k_t0) == Vars{{"retries", "1"},
                                                                 {"lastRetry.exitCode", "0"},
                                                                 {"lastRetry.duration", "3.02"},
                                                                 {"lastRetry.status", "Error"},
                                                                 {"lastRetry.message", "boom"}});
  CHECK(engine::make_retry_scope(2, previous, k_t0).variables() ==
        Vars{{"retries", "1"},
             {"lastRetry.exitCode", "-1"},
             {"lastRetry.status", "Error"},
             {"lastRetry.duration", "3.02"},
             {"lastRetry.message", "boom"}});
}

TEST_CASE("retry policy: Argo's humanize.Duration") {
  using engine::humanize_duration;
  CHECK(humanize_duration(milliseconds(500)) == "0 seconds");
  CHECK(humanize_duration(seconds(1)) == "1 second");
  CHECK(humanize_duration(seconds(2)) == "2 seconds");
  CHECK(humanize_duration(seconds(59)) == "59 seconds");
  CHECK(humanize_duration(seconds(60)) == "1 minute 0 seconds");
  CHECK(humanize_duration(seconds(90)) == "1 minute 30 seconds");
  CHECK(humanize_duration(seconds(150)) == "2 minutes 30 seconds");
  CHECK(humanize_duration(std::chrono::hours(1)) == "1 hour 0 minutes");
  CHECK(humanize_duration(std::chrono::minutes(150)) == "2 hours 30 minutes");
  CHECK(humanize_duration(std::chrono::hours(10)) == "10 hours 0 minutes");
  CHECK(humanize_duration(std::chrono::hours(24)) == "1 day 0 hours");
  CHECK(humanize_duration(std::chrono::hours(24 * 9)) == "1 week 0 hours");
}

TEST_CASE("retry policy: Go's float and time formatting") {
  using engine::go_seconds;
  CHECK(go_seconds(seconds(0)) == "0");
  CHECK(go_seconds(seconds(5)) == "5");
  CHECK(go_seconds(milliseconds(500)) == "0.5");
  CHECK(go_seconds(milliseconds(3020)) == "3.02");
  CHECK(go_seconds(seconds(123456)) == "123456");
  CHECK(go_seconds(seconds(1000000)) == "1e+06");
  CHECK(go_seconds(seconds(1500000)) == "1.5e+06");
  CHECK(go_seconds(std::chrono::microseconds(100)) == "0.0001");
  CHECK(go_seconds(std::chrono::microseconds(10)) == "1e-05");
  CHECK(engine::go_time_string(k_t0 + seconds(3661)) == "2024-01-01 01:01:01 +0000 UTC");
  CHECK(engine::go_time_string(k_t0 + milliseconds(1500)) == "2024-01-01 00:00:01.5 +0000 UTC");
}

TEST_CASE("retry policy: the effective policy and templateDefaults merging") {
  model::RetryStrategy s;
  CHECK(engine::effective_retry_policy(s) == engine::RetryPolicy::on_failure);
  s.expression = text("true");
  CHECK(engine::effective_retry_policy(s) == engine::RetryPolicy::always);
  s.retry_policy = text("OnError");
  CHECK(engine::effective_retry_policy(s) == engine::RetryPolicy::on_error);

  model::RetryStrategy own = strategy("5");
  own.backoff = backoff("3");
  model::RetryStrategy defaults = strategy("1", "Always");
  defaults.backoff = backoff("10", "2", "1m");
  const model::RetryStrategy merged = engine::merge_retry_strategy(own, defaults);
  REQUIRE(merged.limit);
  CHECK(merged.limit->value == "5");
  REQUIRE(merged.retry_policy);
  CHECK(merged.retry_policy->value == "Always");
  REQUIRE(merged.backoff);
  CHECK(merged.backoff->duration->value == "3");
  CHECK(merged.backoff->factor->value == "2");
  CHECK(merged.backoff->cap->value == "1m");
  CHECK_FALSE(merged.backoff->max_duration);
}
