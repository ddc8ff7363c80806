#include "engine/retry_policy.hpp"

#include <charconv>
#include <cmath>
#include <ctime>
#include <limits>
#include <regex>

#include <fmt/format.h>

namespace engine {
namespace {

using std::chrono::nanoseconds;

constexpr long long k_second = 1'000'000'000LL;
constexpr long long k_minute = 60 * k_second;
constexpr long long k_hour = 60 * k_minute;
constexpr long long k_day = 24 * k_hour;
constexpr long long k_week = 7 * k_day;
constexpr long long k_month = 30 * k_day;  // go-humanize's Month
constexpr long long k_year = 12 * k_month;

RetryDecision finish(graph::Phase phase, std::string message) {
  RetryDecision decision;
  decision.kind = RetryDecision::Kind::finish;
  decision.phase = phase;
  decision.message = std::move(message);
  return decision;
}

RetryDecision fail(std::string message) {
  RetryDecision decision;
  decision.kind = RetryDecision::Kind::error;
  decision.phase = graph::Phase::error;
  decision.message = std::move(message);
  return decision;
}

bool has_text(const model::OptScalar& field) {
  return field && !field->value.empty();
}

/// Go's strconv.Atoi: an optional sign and decimal digits that fit in an int64.
std::optional<long long> go_atoi(std::string_view text) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') {
      return std::nullopt;
    }
  }
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

/// Argo's wfv1.ParseStringToDuration (bare integers are seconds), with its error wording.
util::Result<util::Duration> parse_duration(const std::string& text) {
  std::string error;
  if (std::optional<util::Duration> parsed = util::parse_seconds_or_duration(text, &error)) {
    return *parsed;
  }
  return util::make_error(util::ErrorCode::invalid_input, error);
}

/// go-humanize's CustomRelTime over Argo's relativeMagnitudes: one unit, truncated.
std::string truncated_duration(long long nanos) {
  struct Magnitude {
    long long below;
    const char* text;  ///< with "{}" for the count, or a fixed text
    long long divide_by;
  };
  static constexpr Magnitude k_magnitudes[] = {
      {k_second, "0 seconds", 1},         {2 * k_second, "1 second", 1},
      {k_minute, "{} seconds", k_second}, {2 * k_minute, "1 minute", 1},
      {k_hour, "{} minutes", k_minute},   {2 * k_hour, "1 hour", 1},
      {k_day, "{} hours", k_hour},        {2 * k_day, "1 day", 1},
      {k_week, "{} days", k_day},         {2 * k_week, "1 week", 1},
      {k_month, "{} weeks", k_week},      {2 * k_month, "1 month", 1},
      {k_year, "{} months", k_month},     {18 * k_month, "1 year", 1},
      {2 * k_year, "2 years", 1},         {37 * k_year, "{} years", k_year},
  };
  const long long magnitude = nanos < 0 ? -nanos : nanos;
  for (const Magnitude& each : k_magnitudes) {
    if (each.below > magnitude) {
      return std::string_view(each.text).find("{}") == std::string_view::npos
                 ? std::string(each.text)
                 : fmt::format(fmt::runtime(each.text), magnitude / each.divide_by);
    }
  }
  return "a long while";
}

/// Multiplies without wrapping around: a huge backoff simply stays huge.
util::Duration scaled(util::Duration base, long long factor, std::size_t power) {
  const double value = static_cast<double>(base.count()) *
                       std::pow(static_cast<double>(factor), static_cast<double>(power));
  constexpr auto k_max = static_cast<double>(std::numeric_limits<long long>::max() / 2);
  return util::Duration{value >= k_max ? static_cast<long long>(k_max)
                                       : static_cast<long long>(value)};
}

/// The backoff part of the decision; nullopt: go on to the policy check.
std::optional<RetryDecision> decide_backoff(const model::RetryStrategy& strategy,
                                            const RetryInputs& in,
                                            std::optional<TimePoint>& max_deadline) {
  const model::Backoff& backoff = *strategy.backoff;
  if (has_text(backoff.max_duration)) {
    util::Result<util::Duration> max_duration = parse_duration(backoff.max_duration->value);
    if (!max_duration.ok()) {
      return fail(max_duration.error().message);
    }
    max_deadline = in.first_started_at + *max_duration;
    // Argo uses After (strictly later); at the very instant a maxDuration-killed attempt ends
    // that would start one more attempt that is killed at once, so this counts it as passed.
    if (in.now >= *max_deadline) {
      return finish(in.last.phase, "Max duration limit exceeded");
    }
  }
  if (!has_text(backoff.duration)) {
    return fail("no base duration specified for retryStrategy");
  }
  util::Result<util::Duration> base = parse_duration(backoff.duration->value);
  if (!base.ok()) {
    return fail(base.error().message);
  }
  util::Duration wait = *base;
  util::Result<std::optional<long long>> factor = int_or_string(backoff.factor);
  if (!factor.ok()) {
    return fail(factor.error().message);
  }
  if (*factor && **factor > 0) {
    // The first retry waits `duration`: the power is the number of attempts minus one.
    wait = scaled(*base, **factor, in.attempts - 1);
  }
  if (has_text(backoff.cap)) {
    util::Result<util::Duration> cap = parse_duration(backoff.cap->value);
    if (!cap.ok()) {
      return fail(cap.error().message);
    }
    wait = std::min(wait, *cap);
  }
  const TimePoint waiting_deadline =
      in.last.finished_at.value_or(in.now) + std::chrono::duration_cast<nanoseconds>(wait);
  if (max_deadline && waiting_deadline > *max_deadline) {
    return finish(in.last.phase, "Backoff would exceed max duration limit");
  }
  // Argo's quirk: without a limit there is no waiting at all (Limit != nil && n <= limit).
  const long long limit = strategy.limit ? go_atoi(strategy.limit->value).value_or(0) : 0;
  if (in.now < waiting_deadline && strategy.limit && static_cast<long long>(in.attempts) <= limit) {
    RetryDecision decision;
    decision.kind = RetryDecision::Kind::wait;
    decision.phase = graph::Phase::running;
    decision.message = "Backoff for " + humanize_duration(wait);
    decision.wake = waiting_deadline;
    return decision;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> RetryScope::variables() const {
  return {{"retries", retries},
          {"lastRetry.exitCode", last_exit_code},
          {"lastRetry.status", last_status},
          {"lastRetry.duration", last_duration},
          {"lastRetry.message", last_message}};
}

std::optional<RetryPolicy> effective_retry_policy(const model::RetryStrategy& strategy) {
  const std::string policy = strategy.retry_policy ? strategy.retry_policy->value : "";
  if (policy.empty()) {
    return has_text(strategy.expression) ? RetryPolicy::always : RetryPolicy::on_failure;
  }
  if (policy == "Always") {
    return RetryPolicy::always;
  }
  if (policy == "OnFailure") {
    return RetryPolicy::on_failure;
  }
  if (policy == "OnError") {
    return RetryPolicy::on_error;
  }
  if (policy == "OnTransientError") {
    return RetryPolicy::on_transient_error;
  }
  return std::nullopt;
}

RetryDecision decide_retry(const model::RetryStrategy& strategy, const RetryInputs& in) {
  const graph::Phase last = in.last.phase;
  if (in.shutdown) {
    return finish(last, fmt::format("Stopped with strategy '{}'", *in.shutdown));
  }
  // `>=` rather than Go's After: at the deadline instant the next attempt would fail at once.
  if (in.workflow_deadline && in.now >= *in.workflow_deadline) {
    return finish(last,
                  "retry exceeded workflow deadline " + go_time_string(*in.workflow_deadline));
  }
  std::optional<TimePoint> max_deadline;
  if (strategy.backoff) {
    if (std::optional<RetryDecision> early = decide_backoff(strategy, in, max_deadline)) {
      return *early;
    }
  }
  const std::optional<RetryPolicy> policy = effective_retry_policy(strategy);
  if (!policy) {
    return fail(fmt::format("{} is not a valid RetryPolicy", strategy.retry_policy->value));
  }
  bool retry_failed = false;
  bool retry_error = false;
  switch (*policy) {
    case RetryPolicy::always: retry_failed = retry_error = true; break;
    case RetryPolicy::on_failure: retry_failed = true; break;
    case RetryPolicy::on_error: retry_error = true; break;
    case RetryPolicy::on_transient_error:
      retry_failed = retry_error = is_transient_error(in.last.message, in.transient_error_pattern);
      break;
  }
  if ((last == graph::Phase::failed && !retry_failed) ||
      (last == graph::Phase::error && !retry_error)) {
    return finish(last, in.last.message);
  }
  util::Result<std::optional<long long>> limit = int_or_string(strategy.limit);
  if (!limit.ok()) {
    return fail(limit.error().message);
  }
  if (*limit && static_cast<long long>(in.attempts) > **limit) {
    return finish(last, "No more retries left");
  }
  if (has_text(strategy.expression)) {
    if (in.evaluator == nullptr || !*in.evaluator) {
      return fail("retryStrategy.expression is not supported by this version of flowrun");
    }
    const util::Result<bool> verdict =
        (*in.evaluator)(strategy.expression->value, make_retry_scope(in.attempts, in.last, in.now));
    if (!verdict.ok()) {
      return fail(verdict.error().message);
    }
    if (!*verdict) {
      return finish(last, "retryStrategy.expression evaluated to false");
    }
  }
  RetryDecision decision;
  decision.kind = RetryDecision::Kind::retry;
  decision.execution_deadline = max_deadline;
  return decision;
}

RetryScope make_retry_scope(std::size_t attempts, const AttemptFacts& last, TimePoint now) {
  RetryScope scope;
  scope.retries = std::to_string(attempts == 0 ? 0 : attempts - 1);
  scope.last_exit_code = last.exit_code.value_or("-1");
  scope.last_status = std::string(graph::to_string(last.phase));
  scope.last_duration = go_seconds(last.finished_at.value_or(now) - last.started_at);
  scope.last_message = last.message;
  return scope;
}

std::vector<std::pair<std::string, std::string>> retry_body_variables(std::size_t index,
                                                                      const AttemptFacts* previous,
                                                                      TimePoint now) {
  std::string exit_code = "0";
  std::string duration = "0";
  std::string status;
  std::string message;
  if (previous != nullptr) {
    exit_code = previous->exit_code.value_or("0");
    status = std::string(graph::to_string(previous->phase));
    duration = go_seconds(previous->finished_at.value_or(now) - previous->started_at);
    message = previous->message;
  }
  return {{"retries", std::to_string(index)},
          {"lastRetry.exitCode", exit_code},
          {"lastRetry.duration", duration},
          {"lastRetry.status", status},
          {"lastRetry.message", message}};
}

bool is_transient_error(std::string_view message, std::string_view pattern) {
  // util/errors/errors.go; the engine hands Argo's check a plain error carrying the node
  // message, so only the substring rules apply (not the typed ones such as url.Error's EOF).
  static constexpr std::string_view k_transient[] = {
      "etcdserver: leader changed",
      "etcdserver: request timed out",
      "etcdserver: too many requests",
      "Connection closed by foreign host",
      "net/http: TLS handshake timeout",
      "i/o timeout",
      "connection timed out",
      "connection reset by peer",
      "http2: client connection lost",
      "http2: server sent GOAWAY and closed the connection",
      "connect: connection refused",
      "invalid connection",
      "upper: no more rows in",
  };
  for (const std::string_view needle : k_transient) {
    if (message.find(needle) != std::string_view::npos) {
      return true;
    }
  }
  if (pattern.empty()) {
    return false;
  }
  try {
    const std::regex re{std::string(pattern)};
    return std::regex_search(message.begin(), message.end(), re);
  } catch (const std::regex_error&) {
    return false;  // Go ignores a pattern that does not compile
  }
}

util::Result<std::optional<long long>> int_or_string(const model::OptScalar& field) {
  if (!field) {
    return std::optional<long long>{};
  }
  if (const std::optional<long long> value = go_atoi(field->value)) {
    return std::optional<long long>{*value};
  }
  return util::make_error(util::ErrorCode::invalid_input,
                          fmt::format("value '{}' cannot be resolved to an int", field->value));
}

std::string humanize_duration(util::Duration duration) {
  const long long nanos = duration.count();
  const double seconds = static_cast<double>(nanos) / static_cast<double>(k_second);
  if (seconds < 60.0) {
    return truncated_duration(nanos);
  }
  if (seconds / 60.0 < 60.0) {
    return fmt::format("{} {} seconds", truncated_duration(nanos),
                       static_cast<long long>(std::fmod(seconds, 60.0)));
  }
  if (seconds / 3600.0 < 24.0) {
    return fmt::format("{} {} minutes", truncated_duration(nanos),
                       static_cast<long long>(std::fmod(seconds / 60.0, 60.0)));
  }
  return fmt::format("{} {} hours", truncated_duration(nanos),
                     static_cast<long long>(std::fmod(seconds / 3600.0, 24.0)));
}

std::string go_seconds(util::Duration duration) {
  // time.Duration.Seconds(): whole seconds plus the nanosecond remainder.
  const long long nanos = duration.count();
  const double value = static_cast<double>(nanos / k_second) +
                       static_cast<double>(nanos % k_second) / static_cast<double>(k_second);
  if (value == 0.0) {
    return "0";
  }
  // Go's %v of a float64 is strconv's shortest 'g': the shortest round-trip digits, in
  // exponent form when the decimal exponent is < -4 or >= 6 (so 1e6 prints "1e+06").
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e = text.find('e');
  std::string_view mantissa = text.substr(0, e);
  const int exponent = std::stoi(std::string(text.substr(e + 1)));
  const bool negative = !mantissa.empty() && mantissa.front() == '-';
  if (negative) {
    mantissa.remove_prefix(1);
  }
  std::string digits;
  for (const char c : mantissa) {
    if (c != '.') {
      digits += c;
    }
  }
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) {
      out += "." + digits.substr(1);
    }
    return out + fmt::format("e{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
  }
  const int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    return out + "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  }
  const auto whole = static_cast<std::size_t>(point);
  if (whole >= digits.size()) {
    return out + digits + std::string(whole - digits.size(), '0');
  }
  return out + digits.substr(0, whole) + "." + digits.substr(whole);
}

std::string go_time_string(TimePoint when) {
  const auto since_epoch = when.time_since_epoch();
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  auto fraction = std::chrono::duration_cast<nanoseconds>(since_epoch - seconds).count();
  if (fraction < 0) {
    seconds -= std::chrono::seconds(1);
    fraction += k_second;
  }
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::string out = fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}", utc.tm_year + 1900,
                                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  if (fraction != 0) {
    std::string digits = fmt::format("{:09d}", fraction);
    while (!digits.empty() && digits.back() == '0') {
      digits.pop_back();
    }
    out += "." + digits;
  }
  return out + " +0000 UTC";
}

model::RetryStrategy merge_retry_strategy(const model::RetryStrategy& own,
                                          const model::RetryStrategy& defaults) {
  // Pointer fields (limit, factor) count as set even when empty; string fields do not,
  // because Go omits empty strings before the patch.
  auto fill_pointer = [](model::OptScalar& field, const model::OptScalar& fallback) {
    if (!field) {
      field = fallback;
    }
  };
  auto fill_string = [](model::OptScalar& field, const model::OptScalar& fallback) {
    if (!has_text(field)) {
      field = fallback;
    }
  };
  model::RetryStrategy merged = own;
  fill_pointer(merged.limit, defaults.limit);
  fill_string(merged.retry_policy, defaults.retry_policy);
  fill_string(merged.expression, defaults.expression);
  if (!merged.affinity) {
    merged.affinity = defaults.affinity;
  }
  if (!merged.backoff) {
    merged.backoff = defaults.backoff;
  } else if (defaults.backoff) {
    fill_string(merged.backoff->duration, defaults.backoff->duration);
    fill_pointer(merged.backoff->factor, defaults.backoff->factor);
    fill_string(merged.backoff->cap, defaults.backoff->cap);
    fill_string(merged.backoff->max_duration, defaults.backoff->max_duration);
  }
  return merged;
}

}  // namespace engine
