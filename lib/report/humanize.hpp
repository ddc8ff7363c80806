/// Durations and relative times in the words `argo get` uses (Argo's util/humanize and the
/// go-humanize package it wraps): "10 seconds", "1 minute 5 seconds", "2 minutes ago", "3s".
#pragma once

#include <chrono>
#include <string>

#include "graph/node.hpp"

namespace report {

/// Nanoseconds, like Go's time.Duration.
using Nanoseconds = std::chrono::nanoseconds;

/// The largest unit only, in words: "0 seconds", "1 second", "59 seconds", "1 minute",
/// "2 hours", "1 day", "3 weeks", … (Argo's humanize.TruncatedDuration). Negative durations
/// are measured by their size.
std::string truncated_duration(Nanoseconds d);

/// Up to two units: "10 seconds", "1 minute 5 seconds", "1 hour 0 minutes",
/// "1 day 2 hours" (Argo's humanize.Duration: the `Duration:` header line).
std::string humanize_duration(Nanoseconds d);

/// The largest unit, abbreviated: "0s", "3s", "1m", "2h", "1d", "10d" (Argo's
/// humanize.RelativeDurationShort: the DURATION column). Durations of a week or more stay
/// in days.
std::string short_duration(Nanoseconds d);

/// How long ago `then` was, seen from `now`: "now" (under a second), "1 second ago",
/// "2 minutes ago", "3 hours from now" for the future (go-humanize's Time).
std::string time_ago(graph::TimePoint then, graph::TimePoint now);

}  // namespace report
