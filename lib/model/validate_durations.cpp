// Validation checks: timeouts, deadlines, parallelism, suspend durations, retry strategies and
// backoff (spec sections 2.3, 2.4 and 9.9).
#include <charconv>
#include <string_view>

#include <fmt/format.h>

#include "model/validation_context.hpp"
#include "model/validation_util.hpp"
#include "util/duration.hpp"

namespace model {
namespace {

bool parse_int(std::string_view text, long long& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

/// A Go duration with a unit (template `timeout`): bare integers are rejected.
void check_go_duration(const ValidationContext& context, const OptScalar& value,
                       const std::string& path, std::string_view what) {
  if (!value || has_tag(value->value)) {
    return;
  }
  long long ignored = 0;
  std::string error;
  if (parse_int(value->value, ignored)) {
    context.error(value->loc, "invalid-duration",
                  fmt::format("{} has invalid duration format in {}: \"{}\" has no unit (write "
                              "e.g. \"{}s\")",
                              path, what, value->value, value->value));
  } else if (!util::parse_go_duration(value->value, &error)) {
    context.error(value->loc, "invalid-duration",
                  fmt::format("{} has invalid duration format in {}: {}", path, what, error));
  }
}

/// Argo's ParseStringToDuration: bare integers are seconds.
void check_seconds_or_duration(const ValidationContext& context, const OptScalar& value,
                               const std::string& field_path) {
  if (!value || has_tag(value->value)) {
    return;
  }
  std::string error;
  if (!util::parse_seconds_or_duration(value->value, &error)) {
    context.error(value->loc, "invalid-duration", fmt::format("{}: {}", field_path, error));
  }
}

/// Argo's Template.IsLeaf(): every type but steps, dag and suspend. Argo runs the timeout
/// check on this notion of leaf, so a suspend template cannot have a timeout either.
bool is_argo_leaf(TemplateType type) {
  return is_leaf(type) && type != TemplateType::suspend;
}

/// Argo's TemplateType names, which its messages use ("Steps template doesn't support ...").
std::string_view argo_type_name(TemplateType type) {
  switch (type) {
    case TemplateType::steps: return "Steps";
    case TemplateType::dag: return "DAG";
    case TemplateType::suspend: return "Suspend";
    default: return to_string(type);
  }
}

void check_positive_int(const ValidationContext& context, const OptScalar& value,
                        const std::string& message) {
  if (!value || has_tag(value->value)) {
    return;
  }
  long long n = 0;
  if (!parse_int(value->value, n) || n <= 0) {
    context.error(value->loc, "invalid-value", message);
  }
}

void check_backoff(const ValidationContext& context, const Backoff& backoff,
                   const std::string& path) {
  check_seconds_or_duration(context, backoff.duration, path + ".duration");
  check_seconds_or_duration(context, backoff.max_duration, path + ".maxDuration");
  check_seconds_or_duration(context, backoff.cap, path + ".cap");
  if (backoff.factor && !has_tag(backoff.factor->value)) {
    long long factor = 0;
    if (!parse_int(backoff.factor->value, factor) || factor < 0) {
      context.error(backoff.factor->loc, "invalid-value",
                    fmt::format("{}.factor must be a non-negative integer, not \"{}\"", path,
                                backoff.factor->value));
    }
  }
  if (!backoff.duration) {
    context.error(backoff.loc, "invalid-value",
                  fmt::format("{}: no base duration specified for retryStrategy", path));
  }
}

void check_retry(const ValidationContext& context, const std::optional<RetryStrategy>& retry,
                 const std::string& path) {
  if (!retry) {
    return;
  }
  if (retry->retry_policy) {
    const std::string& policy = retry->retry_policy->value;
    // An empty policy is the default (OnFailure, or Always with an expression).
    if (!policy.empty() && policy != "Always" && policy != "OnFailure" && policy != "OnError" &&
        policy != "OnTransientError") {
      context.error(retry->retry_policy->loc, "invalid-retry-policy",
                    fmt::format("{}.retryPolicy \"{}\" is invalid: must be one of Always, "
                                "OnFailure, OnError, OnTransientError",
                                path, policy));
    }
  }
  if (retry->limit && !has_tag(retry->limit->value)) {
    long long limit = 0;
    if (!parse_int(retry->limit->value, limit) || limit < 0) {
      context.error(retry->limit->loc, "invalid-retry-limit",
                    fmt::format("{}.limit \"{}\" is invalid: must be a non-negative integer or "
                                "a {{{{...}}}} expression",
                                path, retry->limit->value));
    }
  }
  if (retry->backoff) {
    check_backoff(context, *retry->backoff, path + ".backoff");
  }
}

void check_template(const ValidationContext& context, const Template& tmpl,
                    const std::string& path) {
  const TemplateType type = tmpl.type();
  check_go_duration(context, tmpl.timeout, path, "timeout");
  if (tmpl.timeout && !is_argo_leaf(type) && type != TemplateType::none) {
    context.error(
        tmpl.timeout->loc, "leaf-only",
        fmt::format("{}: {} template doesn't support timeout field", path, argo_type_name(type)));
  }
  if (tmpl.active_deadline_seconds) {
    check_positive_int(context, tmpl.active_deadline_seconds,
                       fmt::format("{}.activeDeadlineSeconds must be a positive integer > 0 or "
                                   "an argo variable",
                                   path));
    if (!is_leaf(type) && type != TemplateType::none) {
      context.error(tmpl.active_deadline_seconds->loc, "leaf-only",
                    fmt::format("{}.activeDeadlineSeconds is only valid for leaf templates", path));
    }
  }
  if (tmpl.parallelism) {
    if (type != TemplateType::steps && type != TemplateType::dag && type != TemplateType::none) {
      context.error(tmpl.parallelism->loc, "steps-dag-only",
                    fmt::format("{}.parallelism is only valid for steps and dag templates", path));
    } else {
      check_positive_int(context, tmpl.parallelism,
                         fmt::format("{}.parallelism must be a positive integer", path));
    }
  }
  if (tmpl.suspend) {
    check_seconds_or_duration(context, tmpl.suspend->duration, path + ".suspend.duration");
  }
  if (tmpl.memoize && tmpl.memoize->max_age && !tmpl.memoize->max_age->value.empty()) {
    check_go_duration(context, tmpl.memoize->max_age, path + ".memoize", "maxAge");
  }
  if (tmpl.container_set && tmpl.container_set->retry_strategy) {
    const OptScalar& duration = tmpl.container_set->retry_strategy->duration;
    check_go_duration(context, duration, path + ".containerSet.retryStrategy", "duration");
  }
  check_retry(context, tmpl.retry_strategy, path + ".retryStrategy");
}

}  // namespace

void check_durations(const ValidationContext& context) {
  const WorkflowSpec& spec = context.workflow.spec;
  for (const TemplateSite& site : all_templates(context.workflow)) {
    check_template(context, *site.tmpl, site.path);
  }
  if (spec.template_defaults) {
    check_retry(context, spec.template_defaults->retry_strategy,
                "spec.templateDefaults.retryStrategy");
    check_go_duration(context, spec.template_defaults->timeout, "spec.templateDefaults", "timeout");
  }
  check_retry(context, spec.retry_strategy, "spec.retryStrategy");
  check_positive_int(context, spec.parallelism, "spec.parallelism must be a positive integer");
  if (spec.active_deadline_seconds && !has_tag(spec.active_deadline_seconds->value)) {
    long long seconds = 0;
    if (!parse_int(spec.active_deadline_seconds->value, seconds) || seconds < 0) {
      context.error(spec.active_deadline_seconds->loc, "invalid-value",
                    "spec.activeDeadlineSeconds must be a non-negative integer");
    }
  }
}

}  // namespace model
