#include "expr/expr_time.hpp"

#include <array>
#include <cstdlib>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "expr/expr_error.hpp"

namespace expr::time_detail {
namespace {

using detail::throw_error;

constexpr std::int64_t k_minute = 60 * k_second;
constexpr std::int64_t k_hour = 60 * k_minute;
constexpr std::int64_t k_day_seconds = 86400;

constexpr std::array<const char*, 12> k_months = {"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> k_weekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};

/// A UTC calendar time.
struct Civil {
  std::int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::int64_t nanos = 0;  // 0..999999999
  int weekday = 4;         // 0 = Sunday
  int yday = 1;            // 1..366
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil civil_from_nanos(std::int64_t unix_nanos) {
  Civil c;
  const std::int64_t secs = floor_div(unix_nanos, k_second);
  c.nanos = unix_nanos - secs * k_second;
  const std::int64_t days = floor_div(secs, k_day_seconds);
  const std::int64_t rem = secs - days * k_day_seconds;
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.second = static_cast<int>(rem % 60);
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  c.weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);
  c.yday = static_cast<int>(days - days_from_civil(c.year, 1, 1) + 1);
  return c;
}

// Fractional seconds as Go writes them: `fixed` keeps `digits` digits, otherwise trailing
// zeros (and an empty fraction's separator) are dropped.
std::string fraction(std::int64_t nanos, size_t digits, bool fixed, char separator) {
  std::string text = fmt::format("{:09}", nanos).substr(0, digits);
  if (!fixed) {
    while (!text.empty() && text.back() == '0') {
      text.pop_back();
    }
    if (text.empty()) {
      return "";
    }
  }
  return separator + text;
}

bool starts_lower(std::string_view s) {
  return !s.empty() && s[0] >= 'a' && s[0] <= 'z';
}

// Zones (UTC: the numeric forms print a zero offset, the Z forms print "Z") and fractional
// seconds (`.000` keeps its digits, `.999` trims trailing zeros).
size_t format_zone_or_fraction(std::string_view rest, const Civil& c, std::string& out) {
  auto has = [&](std::string_view p) { return rest.substr(0, p.size()) == p; };
  constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_numeric_zones = {{
      {"-07:00:00", "+00:00:00"},
      {"-070000", "+000000"},
      {"-07:00", "+00:00"},
      {"-0700", "+0000"},
      {"-07", "+00"},
  }};
  for (const auto& [zone, text] : k_numeric_zones) {
    if (has(zone)) {
      out += text;
      return zone.size();
    }
  }
  for (std::string_view zone : {"Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"}) {
    if (has(zone)) {
      out += 'Z';
      return zone.size();
    }
  }
  if ((rest[0] == '.' || rest[0] == ',') && rest.size() > 1 && (rest[1] == '0' || rest[1] == '9')) {
    size_t j = 1;
    while (j < rest.size() && rest[j] == rest[1]) {
      ++j;
    }
    if (j >= rest.size() || rest[j] < '0' || rest[j] > '9') {
      out += fraction(c.nanos, std::min<size_t>(j - 1, 9), rest[1] == '0', rest[0]);
      return j;
    }
  }
  return 0;
}

// The Go layout elements made of names and signs (month and day names, zones, AM/PM,
// fractions) at the start of `rest`: appends the text and returns the element's length, or 0.
size_t format_named_element(std::string_view rest, const Civil& c, std::string& out) {
  auto has = [&](std::string_view p) { return rest.substr(0, p.size()) == p; };
  if (has("January")) {
    out += k_months[c.month - 1];
    return 7;
  }
  if (has("Jan") && !starts_lower(rest.substr(3))) {
    out += std::string(k_months[c.month - 1]).substr(0, 3);
    return 3;
  }
  if (has("Monday")) {
    out += k_weekdays[c.weekday];
    return 6;
  }
  if (has("Mon") && !starts_lower(rest.substr(3))) {
    out += std::string(k_weekdays[c.weekday]).substr(0, 3);
    return 3;
  }
  if (has("MST")) {
    out += "UTC";
    return 3;
  }
  if (has("PM") || has("pm")) {
    const bool pm = c.hour >= 12;
    out += rest[0] == 'P' ? (pm ? "PM" : "AM") : (pm ? "pm" : "am");
    return 2;
  }
  return format_zone_or_fraction(rest, c, out);
}

// The Go layout elements made of digits (2006, 01, 15, _2, ...) at the start of `rest`.
size_t format_number_element(std::string_view rest, const Civil& c, std::string& out) {
  auto has = [&](std::string_view p) { return rest.substr(0, p.size()) == p; };
  const int hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
  if (has("2006")) {
    out += fmt::format("{:04}", c.year);
    return 4;
  }
  if (has("002")) {
    out += fmt::format("{:03}", c.yday);
    return 3;
  }
  if (rest.size() >= 2 && rest[0] == '0' && rest[1] >= '1' && rest[1] <= '6') {
    const std::array<std::int64_t, 6> values = {c.month,  c.day,    hour12,
                                                c.minute, c.second, c.year % 100};
    out += fmt::format("{:02}", values[static_cast<size_t>(rest[1] - '1')]);
    return 2;
  }
  if (has("15")) {
    out += fmt::format("{:02}", c.hour);
    return 2;
  }
  if (has("__2")) {
    out += fmt::format("{:>3}", c.yday);
    return 3;
  }
  if (has("_2") && !has("_2006")) {
    out += fmt::format("{:>2}", c.day);
    return 2;
  }
  switch (rest[0]) {
    case '1': out += std::to_string(c.month); return 1;
    case '2': out += std::to_string(c.day); return 1;
    case '3': out += std::to_string(hour12); return 1;
    case '4': out += std::to_string(c.minute); return 1;
    case '5': out += std::to_string(c.second); return 1;
    default: return 0;
  }
}

// Tries the Go layout element at `layout[i]`; appends its text and returns its length, or 0.
size_t format_element(std::string_view layout, size_t i, const Civil& c, std::string& out) {
  const std::string_view rest = layout.substr(i);
  const size_t used = format_named_element(rest, c, out);
  return used != 0 ? used : format_number_element(rest, c, out);
}

}  // namespace

std::string format_go_layout(std::int64_t unix_nanos, std::string_view layout) {
  const Civil c = civil_from_nanos(unix_nanos);
  std::string out;
  size_t i = 0;
  while (i < layout.size()) {
    const size_t used = format_element(layout, i, c, out);
    if (used == 0) {
      out += layout[i];
      ++i;
    } else {
      i += used;
    }
  }
  return out;
}

std::string format_go_time(std::int64_t unix_nanos) {
  return format_go_layout(unix_nanos, "2006-01-02 15:04:05.999999999 -0700 MST");
}

std::string format_rfc3339_nano(std::int64_t unix_nanos) {
  return format_go_layout(unix_nanos, "2006-01-02T15:04:05.999999999Z07:00");
}

std::string format_go_duration(std::int64_t nanos) {
  if (nanos == 0) {
    return "0s";
  }
  const bool negative = nanos < 0;
  // Work in unsigned so that the minimum int64 does not overflow.
  std::uint64_t u =
      negative ? 0 - static_cast<std::uint64_t>(nanos) : static_cast<std::uint64_t>(nanos);
  std::string out;
  auto with_fraction = [](std::uint64_t value, std::uint64_t unit, int digits) {
    std::string text = std::to_string(value / unit);
    std::string frac = fmt::format("{:0{}}", value % unit, digits);
    while (!frac.empty() && frac.back() == '0') {
      frac.pop_back();
    }
    return frac.empty() ? text : text + "." + frac;
  };
  if (u < static_cast<std::uint64_t>(k_second)) {
    if (u < 1000) {
      out = std::to_string(u) + "ns";
    } else if (u < 1000000) {
      out = with_fraction(u, 1000, 3) + "\u00b5s";
    } else {
      out = with_fraction(u, 1000000, 6) + "ms";
    }
  } else {
    const std::uint64_t hours = u / k_hour;
    const std::uint64_t minutes = u % k_hour / k_minute;
    const std::uint64_t secs = u % k_minute;
    if (hours > 0) {
      out = std::to_string(hours) + "h" + std::to_string(minutes) + "m";
    } else if (minutes > 0) {
      out = std::to_string(minutes) + "m";
    }
    out += with_fraction(secs, k_second, 9) + "s";
  }
  return negative ? "-" + out : out;
}

std::optional<std::int64_t> parse_go_duration(std::string_view text, std::string& error) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") {
    return 0;
  }
  if (s.empty()) {
    error = "time: invalid duration " + quoted;
    return std::nullopt;
  }
  long double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
      ++i;
    }
    const std::string number(s.substr(0, i));
    if (number.empty() || number == ".") {
      error = "time: invalid duration " + quoted;
      return std::nullopt;
    }
    s.remove_prefix(i);
    size_t j = 0;
    while (j < s.size() && s[j] != '.' && (s[j] < '0' || s[j] > '9')) {
      ++j;
    }
    const std::string_view unit = s.substr(0, j);
    s.remove_prefix(j);
    if (unit.empty()) {
      error = "time: missing unit in duration " + quoted;
      return std::nullopt;
    }
    long double scale = 0;
    if (unit == "ns") {
      scale = 1;
    } else if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs") {
      scale = 1e3L;
    } else if (unit == "ms") {
      scale = 1e6L;
    } else if (unit == "s") {
      scale = 1e9L;
    } else if (unit == "m") {
      scale = 6e10L;
    } else if (unit == "h") {
      scale = 3.6e12L;
    } else {
      error = "time: unknown unit \"" + std::string(unit) + "\" in duration " + quoted;
      return std::nullopt;
    }
    total += std::strtold(number.c_str(), nullptr) * scale;
  }
  if (total > static_cast<long double>(std::numeric_limits<std::int64_t>::max())) {
    error = "time: invalid duration " + quoted;
    return std::nullopt;
  }
  const auto nanos = static_cast<std::int64_t>(total);
  return negative ? -nanos : nanos;
}

namespace {

// Reads exactly `n` digits at `s[pos]`.
std::optional<int> digits_at(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    }
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// Parses the zone suffix (`Z`, `+hh:mm`, `-hh:mm`) at s[pos]; returns its offset in seconds.
std::optional<std::int64_t> parse_zone(std::string_view s, size_t pos) {
  if (pos == s.size() - 1 && (s[pos] == 'Z' || s[pos] == 'z')) {
    return 0;
  }
  if (pos + 6 != s.size() || (s[pos] != '+' && s[pos] != '-') || s[pos + 3] != ':') {
    return std::nullopt;
  }
  const auto hh = digits_at(s, pos + 1, 2);
  const auto mm = digits_at(s, pos + 4, 2);
  if (!hh || !mm) {
    return std::nullopt;
  }
  const std::int64_t offset = *hh * 3600 + *mm * 60;
  return s[pos] == '-' ? -offset : offset;
}

}  // namespace

namespace {

// `15:04:05` with an optional fraction at s[pos]; sets `pos` past it. Nanoseconds of the day.
std::optional<std::int64_t> parse_clock(std::string_view s, size_t& pos) {
  const auto hour = digits_at(s, pos, 2);
  const auto minute = digits_at(s, pos + 3, 2);
  const auto second = digits_at(s, pos + 6, 2);
  if (!hour || !minute || !second || s[pos + 2] != ':' || s[pos + 5] != ':' || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  std::int64_t nanos = (*hour * 3600 + *minute * 60 + *second) * k_second;
  pos += 8;
  // Go accepts a fractional second after the seconds even when the layout has none.
  if (pos + 1 < s.size() && s[pos] == '.' && s[pos + 1] >= '0' && s[pos + 1] <= '9') {
    std::int64_t scale = k_second;
    for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
      scale /= 10;
      nanos += (s[pos] - '0') * scale;
    }
  }
  return nanos;
}

}  // namespace

std::optional<std::int64_t> parse_iso_time(std::string_view s) {
  size_t pos = 0;
  if (s.size() >= 8 && s[2] == ':') {
    // `15:04:05` is a time on January 1st of year 0, which int64 nanoseconds cannot hold.
    throw_error("date " + std::string(s) + " is out of range (flowrun supports 1678 to 2262)");
  }
  const auto year = digits_at(s, 0, 4);
  const auto month = digits_at(s, 5, 2);
  const auto day = digits_at(s, 8, 2);
  if (!year || !month || !day || s[4] != '-' || s[7] != '-' || *month < 1 || *month > 12 ||
      *day < 1 || *day > 31) {
    return std::nullopt;
  }
  if (*year < 1678 || *year > 2261) {
    throw_error("date " + std::string(s) + " is out of range (flowrun supports 1678 to 2262)");
  }
  const std::int64_t midnight = days_from_civil(*year, *month, *day) * k_day_seconds * k_second;
  if (s.size() == 10) {
    return midnight;
  }
  const bool rfc = s[10] == 'T';
  pos = 11;
  const auto clock = (rfc || s[10] == ' ') ? parse_clock(s, pos) : std::nullopt;
  if (!clock) {
    return std::nullopt;
  }
  if (!rfc) {
    return pos == s.size() ? std::optional<std::int64_t>(midnight + *clock) : std::nullopt;
  }
  const auto zone = pos < s.size() ? parse_zone(s, pos) : std::nullopt;
  if (!zone) {
    return std::nullopt;
  }
  return midnight + *clock - *zone * k_second;
}

namespace {

void expect_args(const std::vector<ExprValue>& args, size_t count, std::string_view method) {
  if (args.size() != count) {
    throw_error(fmt::format("{} {} to call {}", args.size() < count ? "not enough" : "too many",
                            "arguments", method));
  }
}

ExprValue call_duration_method(std::int64_t d, std::string_view method,
                               const std::vector<ExprValue>& args) {
  expect_args(args, 0, method);
  const auto whole_and_frac = [d](std::int64_t unit) {
    return static_cast<double>(d / unit) +
           static_cast<double>(d % unit) / static_cast<double>(unit);
  };
  if (method == "Seconds") {
    return ExprValue::floating(whole_and_frac(k_second));
  }
  if (method == "Minutes") {
    return ExprValue::floating(whole_and_frac(k_minute));
  }
  if (method == "Hours") {
    return ExprValue::floating(whole_and_frac(k_hour));
  }
  if (method == "Milliseconds") {
    return ExprValue::integer(d / 1000000);
  }
  if (method == "Microseconds") {
    return ExprValue::integer(d / 1000);
  }
  if (method == "Nanoseconds") {
    return ExprValue::integer(d);
  }
  if (method == "String") {
    return ExprValue::string(format_go_duration(d));
  }
  throw_error(fmt::format("type time.Duration has no method {}", method));
}

std::int64_t time_arg(const std::vector<ExprValue>& args, std::string_view method) {
  expect_args(args, 1, method);
  if (args[0].kind() != ValueKind::time) {
    throw_error(
        fmt::format("cannot use {} as time.Time in call to {}", go_type_name(args[0]), method));
  }
  return args[0].as_nanos();
}

ExprValue call_time_only_method(std::int64_t t, std::string_view method,
                                const std::vector<ExprValue>& args) {
  if (method == "Format") {
    expect_args(args, 1, method);
    if (args[0].kind() != ValueKind::string) {
      throw_error("cannot use " + go_type_name(args[0]) + " as string in call to Format");
    }
    return ExprValue::string(format_go_layout(t, args[0].as_string()));
  }
  if (method == "Sub") {
    return ExprValue::duration(t - time_arg(args, method));
  }
  if (method == "After") {
    return ExprValue::boolean(t > time_arg(args, method));
  }
  if (method == "Before") {
    return ExprValue::boolean(t < time_arg(args, method));
  }
  if (method == "Equal") {
    return ExprValue::boolean(t == time_arg(args, method));
  }
  if (method == "Add") {
    expect_args(args, 1, method);
    if (args[0].kind() != ValueKind::duration && args[0].kind() != ValueKind::integer) {
      throw_error("cannot use " + go_type_name(args[0]) + " as time.Duration in call to Add");
    }
    const bool is_duration = args[0].kind() == ValueKind::duration;
    return ExprValue::time(t + (is_duration ? args[0].as_nanos() : args[0].as_int()));
  }
  throw_error(fmt::format("type time.Time has no method {}", method));
}

}  // namespace

ExprValue call_time_method(const ExprValue& object, std::string_view method,
                           const std::vector<ExprValue>& args) {
  if (object.kind() == ValueKind::duration) {
    return call_duration_method(object.as_nanos(), method, args);
  }
  const std::int64_t t = object.as_nanos();
  const Civil c = civil_from_nanos(t);
  const std::vector<std::pair<std::string_view, std::int64_t>> fields = {
      {"Unix", floor_div(t, k_second)},
      {"UnixMilli", floor_div(t, 1000000)},
      {"UnixNano", t},
      {"Year", c.year},
      {"Month", c.month},
      {"Day", c.day},
      {"Hour", c.hour},
      {"Minute", c.minute},
      {"Second", c.second},
      {"Nanosecond", c.nanos},
      {"YearDay", c.yday},
      {"Weekday", c.weekday}};
  for (const auto& [name, value] : fields) {
    if (name == method) {
      expect_args(args, 0, method);
      return ExprValue::integer(value);
    }
  }
  if (method == "String") {
    expect_args(args, 0, method);
    return ExprValue::string(format_go_time(t));
  }
  if (method == "UTC" || method == "Local") {
    expect_args(args, 0, method);
    return object;
  }
  return call_time_only_method(t, method, args);
}

}  // namespace expr::time_detail
