/// Duration strings as Argo reads them (Go's time.ParseDuration, plus bare seconds).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace util {

using Duration = std::chrono::nanoseconds;

/// Go's time.ParseDuration: "300ms", "1.5h", "2h45m", "-1m". Units ns us µs ms s m h; no "d".
/// Returns nullopt and sets `error` (when given) on failure, with Go's wording.
std::optional<Duration> parse_go_duration(std::string_view text, std::string* error = nullptr);

/// Argo's ParseStringToDuration: a bare integer means seconds, otherwise a Go duration.
/// Used by suspend.duration and retryStrategy.backoff fields.
std::optional<Duration> parse_seconds_or_duration(std::string_view text,
                                                  std::string* error = nullptr);

/// "1m30s" style rendering, as Go's Duration.String().
std::string format_go_duration(Duration d);

}  // namespace util
