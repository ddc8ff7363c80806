#include "report/humanize.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

namespace report {
namespace {

constexpr std::int64_t k_second = 1'000'000'000;
constexpr std::int64_t k_minute = 60 * k_second;
constexpr std::int64_t k_hour = 60 * k_minute;
constexpr std::int64_t k_day = 24 * k_hour;
constexpr std::int64_t k_week = 7 * k_day;
constexpr std::int64_t k_month = 30 * k_day;
constexpr std::int64_t k_year = 12 * k_month;
constexpr std::int64_t k_long_time = 37 * k_year;
constexpr std::int64_t k_forever = std::numeric_limits<std::int64_t>::max();

/// One row of go-humanize's magnitude tables: durations below `limit` print as `format`,
/// where `%d` is the duration divided by `unit` and `%s` the before/after label.
struct Magnitude {
  std::int64_t limit;
  std::string_view format;
  std::int64_t unit;
};

// go-humanize's default table (used for "… ago"); Argo's long table differs only in its
// first row, "0 seconds" instead of "now".
constexpr std::array<Magnitude, 17> k_relative{{
    {k_second, "now", k_second},
    {2 * k_second, "1 second %s", 1},
    {k_minute, "%d seconds %s", k_second},
    {2 * k_minute, "1 minute %s", 1},
    {k_hour, "%d minutes %s", k_minute},
    {2 * k_hour, "1 hour %s", 1},
    {k_day, "%d hours %s", k_hour},
    {2 * k_day, "1 day %s", 1},
    {k_week, "%d days %s", k_day},
    {2 * k_week, "1 week %s", 1},
    {k_month, "%d weeks %s", k_week},
    {2 * k_month, "1 month %s", 1},
    {k_year, "%d months %s", k_month},
    {18 * k_month, "1 year %s", 1},
    {2 * k_year, "2 years %s", 1},
    {k_long_time, "%d years %s", k_year},
    {k_forever, "a long while %s", 1},
}};

constexpr std::array<Magnitude, 9> k_short{{
    {k_second, "0s", k_second},
    {2 * k_second, "1s %s", 1},
    {k_minute, "%ds %s", k_second},
    {2 * k_minute, "1m %s", 1},
    {k_hour, "%dm %s", k_minute},
    {2 * k_hour, "1h %s", 1},
    {k_day, "%dh %s", k_hour},
    {2 * k_day, "1d %s", 1},
    {k_week, "%dd %s", k_day},
}};

/// go-humanize's CustomRelTime for a difference `diff` (already made non-negative by the
/// caller): the first row whose limit exceeds it, or the last row.
template <std::size_t N>
std::string rel_time(std::int64_t diff, std::string_view label,
                     const std::array<Magnitude, N>& table, bool first_row_zero_seconds) {
  std::size_t row = 0;
  while (row < N && table[row].limit <= diff) {
    ++row;
  }
  if (row == N) {
    row = N - 1;
  }
  std::string_view format = table[row].format;
  if (row == 0 && first_row_zero_seconds) {
    format = "0 seconds";
  }
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      ++i;
      if (format[i] == 'd') {
        out += std::to_string(diff / table[row].unit);
      } else if (format[i] == 's') {
        out += label;
      }
    } else {
      out += format[i];
    }
  }
  // Argo trims the space an empty label leaves behind.
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::int64_t magnitude(Nanoseconds d) {
  const std::int64_t n = d.count();
  // Go's Duration is an int64 too; the most negative value has no positive twin.
  return n == std::numeric_limits<std::int64_t>::min() ? k_forever : (n < 0 ? -n : n);
}

}  // namespace

std::string truncated_duration(Nanoseconds d) {
  return rel_time(magnitude(d), "", k_relative, true);
}

std::string humanize_duration(Nanoseconds d) {
  const std::int64_t n = d.count();
  if (n < k_minute) {
    return truncated_duration(d);
  }
  // Go computes the remainder with math.Mod on float seconds/minutes/hours, then truncates;
  // for non-negative durations that is the integer remainder of whole units.
  if (n < k_hour) {
    return truncated_duration(d) + " " + std::to_string((n / k_second) % 60) + " seconds";
  }
  if (n < k_day) {
    return truncated_duration(d) + " " + std::to_string((n / k_minute) % 60) + " minutes";
  }
  return truncated_duration(d) + " " + std::to_string((n / k_hour) % 24) + " hours";
}

std::string short_duration(Nanoseconds d) {
  return rel_time(magnitude(d), "", k_short, false);
}

std::string time_ago(graph::TimePoint then, graph::TimePoint now) {
  const auto diff = std::chrono::duration_cast<Nanoseconds>(now - then);
  // go-humanize labels the earlier of the two: `then` before `now` is "ago".
  return rel_time(magnitude(diff), diff.count() < 0 ? "from now" : "ago", k_relative, false);
}

}  // namespace report
