#include "util/duration.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace util {
namespace {

// Go's time package does its arithmetic in uint64 with explicit overflow checks, so that
// "9223372036854775807ns" parses and "2562048h" does not; doubles cannot do that exactly.
constexpr uint64_t k_nanosecond = 1;
constexpr uint64_t k_microsecond = 1000 * k_nanosecond;
constexpr uint64_t k_millisecond = 1000 * k_microsecond;
constexpr uint64_t k_second = 1000 * k_millisecond;
constexpr uint64_t k_minute = 60 * k_second;
constexpr uint64_t k_hour = 60 * k_minute;
constexpr uint64_t k_two_to_63 = uint64_t{1} << 63;

struct Unit {
  std::string_view name;
  uint64_t nanos;
};

constexpr Unit k_units[] = {
    {"ns", k_nanosecond},
    {"us", k_microsecond},
    {"\xC2\xB5s", k_microsecond},
    {"\xCE\xBCs", k_microsecond},
    {"ms", k_millisecond},
    {"s", k_second},
    {"m", k_minute},
    {"h", k_hour},
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Go's time.quote: double quotes, with control and non-ASCII bytes as \xNN.
std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || c < 0x20) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += ch;
    }
  }
  out += '"';
  return out;
}

std::optional<Duration> fail(std::string* error, std::string message) {
  if (error != nullptr) {
    *error = std::move(message);
  }
  return std::nullopt;
}

/// Go's leadingInt: consumes [0-9]*; false on overflow past 2^63.
bool leading_int(std::string_view& s, uint64_t& value) {
  value = 0;
  size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (value > k_two_to_63 / 10) {
      return false;
    }
    value = value * 10 + static_cast<uint64_t>(s[i] - '0');
    if (value > k_two_to_63) {
      return false;
    }
  }
  s.remove_prefix(i);
  return true;
}

/// Go's leadingFraction: consumes [0-9]*, keeping the digits that fit in `value`.
void leading_fraction(std::string_view& s, uint64_t& value, double& scale) {
  value = 0;
  scale = 1;
  bool overflow = false;
  size_t i = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) {
    if (overflow) {
      continue;
    }
    if (value > (k_two_to_63 - 1) / 10) {
      overflow = true;
      continue;
    }
    const uint64_t next = value * 10 + static_cast<uint64_t>(s[i] - '0');
    if (next > k_two_to_63) {
      overflow = true;
      continue;
    }
    value = next;
    scale *= 10;
  }
  s.remove_prefix(i);
}

/// Go's fmtFrac: writes the fraction of `v` (with `prec` digits) to the front of `out`,
/// dropping trailing zeros and the point when nothing is left; returns v / 10^prec.
uint64_t prepend_fraction(std::string& out, uint64_t v, int prec) {
  std::string digits;
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    const auto digit = static_cast<char>('0' + v % 10);
    print = print || digit != '0';
    if (print) {
      digits.insert(digits.begin(), digit);
    }
    v /= 10;
  }
  if (print) {
    out.insert(0, "." + digits);
  }
  return v;
}

}  // namespace

std::optional<Duration> parse_go_duration(std::string_view text, std::string* error) {
  const auto invalid = [&] {
    return fail(error, fmt::format("time: invalid duration {}", go_quote(text)));
  };
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
    return invalid();
  }
  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) {
      return invalid();
    }
    uint64_t whole = 0;
    const size_t before_int = s.size();
    if (!leading_int(s, whole)) {
      return invalid();
    }
    const bool pre = before_int != s.size();
    uint64_t fraction = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      const size_t before_fraction = s.size();
      leading_fraction(s, fraction, scale);
      post = before_fraction != s.size();
    }
    if (!pre && !post) {
      return invalid();
    }
    size_t unit_len = 0;
    while (unit_len < s.size() && s[unit_len] != '.' && !is_digit(s[unit_len])) {
      ++unit_len;
    }
    if (unit_len == 0) {
      return fail(error, fmt::format("time: missing unit in duration {}", go_quote(text)));
    }
    const std::string_view unit_name = s.substr(0, unit_len);
    s.remove_prefix(unit_len);
    const Unit* unit = nullptr;
    for (const Unit& u : k_units) {
      if (u.name == unit_name) {
        unit = &u;
      }
    }
    if (unit == nullptr) {
      return fail(error, fmt::format("time: unknown unit {} in duration {}", go_quote(unit_name),
                                     go_quote(text)));
    }
    if (whole > k_two_to_63 / unit->nanos) {
      return invalid();
    }
    whole *= unit->nanos;
    if (fraction > 0) {
      // As Go: float64 is exact enough for fractions of the largest unit, and truncates.
      whole += static_cast<uint64_t>(static_cast<double>(fraction) *
                                     (static_cast<double>(unit->nanos) / scale));
      if (whole > k_two_to_63) {
        return invalid();
      }
    }
    total += whole;
    if (total > k_two_to_63) {
      return invalid();
    }
  }
  if (negative) {
    // Two's complement negation, as Go's -Duration(d); 2^63 becomes the minimum value.
    return Duration{static_cast<int64_t>(~total + 1)};
  }
  if (total > k_two_to_63 - 1) {
    return invalid();
  }
  return Duration{static_cast<int64_t>(total)};
}

std::optional<Duration> parse_seconds_or_duration(std::string_view text, std::string* error) {
  // strconv.Atoi: an optional sign and decimal digits that fit in an int64.
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    digits.remove_prefix(1);
  }
  bool all_digits = !digits.empty();
  uint64_t value = 0;
  for (char c : digits) {
    if (!is_digit(c) || value > k_two_to_63 / 10) {
      all_digits = false;
      break;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (all_digits && value <= k_two_to_63 - (negative ? 0 : 1)) {
    // time.Duration(val) * time.Second wraps around in Go; so does unsigned arithmetic.
    const uint64_t magnitude = value * k_second;
    return Duration{static_cast<int64_t>(negative ? ~magnitude + 1 : magnitude)};
  }
  return parse_go_duration(text, error);
}

std::string format_go_duration(Duration d) {
  const int64_t n = d.count();
  const bool negative = n < 0;
  uint64_t u = static_cast<uint64_t>(n);
  if (negative) {
    u = ~u + 1;
  }
  std::string out;
  if (u < k_second) {
    if (u == 0) {
      return "0s";
    }
    int prec = 0;
    if (u < k_microsecond) {
      out = "ns";
    } else if (u < k_millisecond) {
      prec = 3;
      out = "\xC2\xB5s";
    } else {
      prec = 6;
      out = "ms";
    }
    u = prepend_fraction(out, u, prec);
    out.insert(0, std::to_string(u));
  } else {
    out = "s";
    u = prepend_fraction(out, u, 9);
    out.insert(0, std::to_string(u % 60));
    u /= 60;
    if (u > 0) {
      out.insert(0, std::to_string(u % 60) + "m");
      u /= 60;
      if (u > 0) {
        out.insert(0, std::to_string(u) + "h");
      }
    }
  }
  if (negative) {
    out.insert(0, "-");
  }
  return out;
}

}  // namespace util
