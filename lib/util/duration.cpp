#include "util/duration.hpp"

#include <cmath>
#include <cstdint>

#include <fmt/format.h>

namespace util {
namespace {

struct Unit {
  std::string_view name;
  double nanos;
};

constexpr Unit k_units[] = {
    {"ns", 1.0}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
    {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},        {"h", 3600e9},
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::optional<Duration> fail(std::string* error, std::string message) {
  if (error != nullptr) {
    *error = std::move(message);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Duration> parse_go_duration(std::string_view text, std::string* error) {
  const std::string quoted = fmt::format("time: invalid duration \"{}\"", text);
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") {
    return Duration{0};
  }
  if (s.empty()) {
    return fail(error, quoted);
  }
  double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
    }
    bool had_digits = i > 0;
    size_t frac_end = i;
    if (i < s.size() && s[i] == '.') {
      frac_end = i + 1;
      while (frac_end < s.size() && is_digit(s[frac_end])) {
        ++frac_end;
      }
      had_digits = had_digits || frac_end > i + 1;
    }
    if (!had_digits) {
      return fail(error, quoted);
    }
    const double number = std::stod(std::string(s.substr(0, frac_end)) + "0");
    s.remove_prefix(frac_end);
    size_t unit_len = 0;
    while (unit_len < s.size() && s[unit_len] != '.' && !is_digit(s[unit_len])) {
      ++unit_len;
    }
    if (unit_len == 0) {
      return fail(error, fmt::format("time: missing unit in duration \"{}\"", text));
    }
    const std::string_view unit = s.substr(0, unit_len);
    const Unit* found = nullptr;
    for (const Unit& u : k_units) {
      if (u.name == unit) {
        found = &u;
      }
    }
    if (found == nullptr) {
      return fail(error, fmt::format("time: unknown unit \"{}\" in duration \"{}\"", unit, text));
    }
    total += number * found->nanos;
    if (total > 9.2e18) {
      return fail(error, quoted);
    }
    s.remove_prefix(unit_len);
  }
  const auto nanos = static_cast<int64_t>(std::llround(total));
  return Duration{negative ? -nanos : nanos};
}

std::optional<Duration> parse_seconds_or_duration(std::string_view text, std::string* error) {
  if (!text.empty() && text.size() < 18) {
    bool all_digits = true;
    for (char c : text) {
      all_digits = all_digits && is_digit(c);
    }
    if (all_digits) {
      return std::chrono::seconds(std::stoll(std::string(text)));
    }
  }
  return parse_go_duration(text, error);
}

std::string format_go_duration(Duration d) {
  int64_t n = d.count();
  if (n == 0) {
    return "0s";
  }
  std::string sign = n < 0 ? "-" : "";
  const uint64_t u = n < 0 ? static_cast<uint64_t>(-(n + 1)) + 1 : static_cast<uint64_t>(n);
  if (u < 1000000000ULL) {
    if (u < 1000) {
      return fmt::format("{}{}ns", sign, u);
    }
    if (u < 1000000) {
      return fmt::format("{}{}\xC2\xB5s", sign, static_cast<double>(u) / 1e3);
    }
    return fmt::format("{}{}ms", sign, static_cast<double>(u) / 1e6);
  }
  const uint64_t hours = u / 3600000000000ULL;
  const uint64_t minutes = (u / 60000000000ULL) % 60;
  const uint64_t nanos_in_minute = u % 60000000000ULL;
  std::string out = sign;
  if (hours > 0) {
    out += fmt::format("{}h", hours);
  }
  if (hours > 0 || minutes > 0) {
    out += fmt::format("{}m", minutes);
  }
  out += fmt::format("{}s", static_cast<double>(nanos_in_minute) / 1e9);
  return out;
}

}  // namespace util
