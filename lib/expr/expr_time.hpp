/// Go time helpers for the expression language: formatting with Go layouts (`2006-01-02`),
/// Go duration text (`1h2m3s`) and the few time methods expressions call (`.Seconds()`).
/// Internal to expr. Every time is shown in UTC: flowrun has no notion of the controller's
/// local zone, so `Local` is UTC here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr_value.hpp"

namespace expr::time_detail {

/// Nanoseconds per second.
inline constexpr std::int64_t k_second = 1'000'000'000;

/// `unix_nanos` formatted with a Go layout (time.Time.Format), in UTC.
std::string format_go_layout(std::int64_t unix_nanos, std::string_view layout);

/// Go's time.Time.String() in UTC: `2024-01-02 03:04:05.5 +0000 UTC`.
std::string format_go_time(std::int64_t unix_nanos);

/// RFC 3339 with nanoseconds, trailing zeros trimmed (`2024-01-02T03:04:05Z`), as Go's
/// encoding/json writes a time.Time.
std::string format_rfc3339_nano(std::int64_t unix_nanos);

/// Go's time.Duration.String(): `1h2m3s`, `1.5s`, `250ms`, `0s`.
std::string format_go_duration(std::int64_t nanos);

/// Go's time.ParseDuration; on failure returns nullopt and sets `error` to Go's message
/// (`time: invalid duration "x"`).
std::optional<std::int64_t> parse_go_duration(std::string_view text, std::string& error);

/// Parses a date as expr's `date()` does without a layout, limited to its numeric layouts:
/// `2006-01-02`, `15:04:05`, `2006-01-02 15:04:05` (UTC) and RFC 3339 (`2024-01-02T03:04:05Z`,
/// `...+02:00`); fractional seconds are accepted after the seconds, as Go does. expr also
/// tries RFC 822, RFC 850 and RFC 1123, which are not supported here. nullopt otherwise.
/// Years outside 1678..2261 (int64 nanoseconds) and the time-only form (year 0) throw
/// EvalError `date <text> is out of range`.
std::optional<std::int64_t> parse_iso_time(std::string_view text);

/// Calls a time.Time or time.Duration method (`Seconds`, `Unix`, `Format`, `Sub`, ...) on
/// `object`. Throws EvalError (expr_errors.hpp) for unknown methods or bad arguments.
ExprValue call_time_method(const ExprValue& object, std::string_view method,
                           const std::vector<ExprValue>& args);

}  // namespace expr::time_detail
