#include "report/time_text.hpp"

#include <array>
#include <chrono>

#include <fmt/format.h>

namespace report {
namespace {

constexpr std::array<const char*, 7> k_weekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// The calendar fields of an instant in UTC.
struct CivilTime {
  int year = 0;
  unsigned month = 1;    ///< 1..12
  unsigned day = 1;      ///< 1..31
  unsigned weekday = 0;  ///< 0 = Sunday
  long long hours = 0;
  long long minutes = 0;
  long long seconds = 0;
};

CivilTime civil(graph::TimePoint t) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(t);
  const auto days = floor<std::chrono::days>(secs);
  const year_month_day ymd{days};
  const hh_mm_ss<seconds> tod{secs - days};
  CivilTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<unsigned>(ymd.month());
  out.day = static_cast<unsigned>(ymd.day());
  out.weekday = weekday{days}.c_encoding();
  out.hours = tod.hours().count();
  out.minutes = tod.minutes().count();
  out.seconds = tod.seconds().count();
  return out;
}

}  // namespace

graph::TimePoint truncate_to_seconds(graph::TimePoint t) {
  return std::chrono::floor<std::chrono::seconds>(t);
}

std::string rfc3339(graph::TimePoint t) {
  const CivilTime c = civil(t);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", c.year, c.month, c.day, c.hours,
                     c.minutes, c.seconds);
}

std::string argo_timestamp(graph::TimePoint t) {
  const CivilTime c = civil(t);
  return fmt::format("{} {} {:02d} {:02d}:{:02d}:{:02d} +0000", k_weekdays[c.weekday],
                     k_months[c.month - 1], c.day, c.hours, c.minutes, c.seconds);
}

}  // namespace report
