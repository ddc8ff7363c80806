// util/duration: Go's time.ParseDuration and Duration.String(), and Argo's
// ParseStringToDuration (bare integers are seconds). Expected values are Go's own test tables.
#include "util/duration.hpp"

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

constexpr int64_t k_max = std::numeric_limits<int64_t>::max();
constexpr int64_t k_min = std::numeric_limits<int64_t>::min();

/// The error message for `text`, or "<parsed>" when it parses.
std::string go_error(const std::string& text) {
  std::string error;
  return util::parse_go_duration(text, &error) ? "<parsed>" : error;
}

}  // namespace

TEST_CASE("parse_go_duration reads Go durations") {
  struct Case {
    const char* text;
    util::Duration expected;
  };
  const Case cases[] = {
      {"0", nanoseconds(0)},
      {"-0", nanoseconds(0)},
      {"+0", nanoseconds(0)},
      {"5s", seconds(5)},
      {"300ms", milliseconds(300)},
      {"-1.5h", -(hours(1) + minutes(30))},
      {"2h45m", hours(2) + minutes(45)},
      {"+5s", seconds(5)},
      {"5.6s", seconds(5) + milliseconds(600)},
      {"5.s", seconds(5)},
      {".5s", milliseconds(500)},
      {"1.0040s", seconds(1) + milliseconds(4)},
      {"10ns", nanoseconds(10)},
      {"11us", microseconds(11)},
      {"12\xC2\xB5s", microseconds(12)},  // U+00B5 micro sign
      {"12\xCE\xBCs", microseconds(12)},  // U+03BC Greek mu
      {"16h", hours(16)},
      {"10.5s4m", minutes(4) + seconds(10) + milliseconds(500)},
      {"-2m3.4s", -(minutes(2) + seconds(3) + milliseconds(400))},
      {"1h2m3s4ms5us6ns",
       hours(1) + minutes(2) + seconds(3) + milliseconds(4) + microseconds(5) + nanoseconds(6)},
      {"0.3333333333333333333h", minutes(20)},
      {"0.830103483285477580700h", minutes(49) + seconds(48) + nanoseconds(372539827)},
      // 2^53 + 1 is not representable as a double: integer arithmetic is required.
      {"9007199254740993ns", nanoseconds(9007199254740993)},
      {"9223372036854775807ns", nanoseconds(k_max)},
      {"9223372036854775.807us", nanoseconds(k_max)},
      {"9223372036s854ms775us807ns", nanoseconds(k_max)},
      {"2562047h", hours(2562047)},
      {"-9223372036854775808ns", nanoseconds(k_min)},
      {"-2562047h47m16.854775808s", nanoseconds(k_min)},
      // Fractions are truncated, not rounded.
      {"0.9ns", nanoseconds(0)},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::string error;
    const auto parsed = util::parse_go_duration(c.text, &error);
    REQUIRE(parsed.has_value());
    CHECK(parsed->count() == c.expected.count());
    CHECK(error.empty());
  }
}

TEST_CASE("parse_go_duration rejects what Go rejects, with Go's message") {
  CHECK(go_error("1d") == "time: unknown unit \"d\" in duration \"1d\"");
  CHECK(go_error("") == "time: invalid duration \"\"");
  CHECK(go_error("5") == "time: missing unit in duration \"5\"");
  CHECK(go_error("3") == "time: missing unit in duration \"3\"");
  CHECK(go_error("-") == "time: invalid duration \"-\"");
  CHECK(go_error("s") == "time: invalid duration \"s\"");
  CHECK(go_error(".") == "time: invalid duration \".\"");
  CHECK(go_error("-.") == "time: invalid duration \"-.\"");
  CHECK(go_error(".s") == "time: invalid duration \".s\"");
  CHECK(go_error("+.s") == "time: invalid duration \"+.s\"");
  CHECK(go_error("1h-5m") == "time: unknown unit \"h-\" in duration \"1h-5m\"");
  CHECK(go_error(" 1s") == "time: invalid duration \" 1s\"");
  CHECK(go_error("1s ") == "time: unknown unit \"s \" in duration \"1s \"");
  CHECK(go_error("1.5 h") == "time: unknown unit \" h\" in duration \"1.5 h\"");
  CHECK(go_error("2 days") == "time: unknown unit \" days\" in duration \"2 days\"");
  // Overflow.
  CHECK(go_error("9223372036854775808ns") == "time: invalid duration \"9223372036854775808ns\"");
  CHECK(go_error("9223372036854775810ns") == "time: invalid duration \"9223372036854775810ns\"");
  CHECK(go_error("-9223372036854775809ns") == "time: invalid duration \"-9223372036854775809ns\"");
  CHECK(go_error("9223372036854776us") == "time: invalid duration \"9223372036854776us\"");
  CHECK(go_error("3000000h") == "time: invalid duration \"3000000h\"");
  CHECK(go_error("2562048h") == "time: invalid duration \"2562048h\"");
  CHECK(go_error("9223372036854775.808us") == "time: invalid duration \"9223372036854775.808us\"");
  CHECK(go_error("9223372036854ms775us808ns") ==
        "time: invalid duration \"9223372036854ms775us808ns\"");
  CHECK(go_error("99999999999999999999999s") ==
        "time: invalid duration \"99999999999999999999999s\"");
  // Go's quote escapes control characters and every non-ASCII byte as \xNN.
  CHECK(go_error("\x85\x85") == "time: invalid duration \"\\x85\\x85\"");
  CHECK(go_error("1\xC2\xB5") == "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\"");
  CHECK(go_error("1\t") == "time: unknown unit \"\\x09\" in duration \"1\\x09\"");
  CHECK(go_error("1\"") == "time: unknown unit \"\\\"\" in duration \"1\\\"\"");
}

TEST_CASE("parse_go_duration leaves the error alone on success and accepts a null error") {
  std::string error = "untouched";
  REQUIRE(util::parse_go_duration("1m", &error));
  CHECK(error == "untouched");
  CHECK_FALSE(util::parse_go_duration("1d").has_value());
  CHECK(util::parse_go_duration("1m") == util::Duration(minutes(1)));
}

TEST_CASE("parse_seconds_or_duration reads bare integers as seconds") {
  CHECK(util::parse_seconds_or_duration("20") == util::Duration(seconds(20)));
  CHECK(util::parse_seconds_or_duration("0") == util::Duration(seconds(0)));
  // strconv.Atoi accepts a sign.
  CHECK(util::parse_seconds_or_duration("-5") == util::Duration(seconds(-5)));
  CHECK(util::parse_seconds_or_duration("+7") == util::Duration(seconds(7)));
  CHECK(util::parse_seconds_or_duration("007") == util::Duration(seconds(7)));
  CHECK(util::parse_seconds_or_duration("2m") == util::Duration(minutes(2)));
  CHECK(util::parse_seconds_or_duration("1.5s") == util::Duration(milliseconds(1500)));
  // The largest int64 is still an integer; Go's multiplication by a second wraps around.
  const auto huge = util::parse_seconds_or_duration("9223372036854775807");
  REQUIRE(huge.has_value());
  CHECK(huge->count() == static_cast<int64_t>(uint64_t{9223372036854775807u} * 1000000000u));
}

TEST_CASE("parse_seconds_or_duration reports Go's message for what is neither") {
  std::string error;
  CHECK_FALSE(util::parse_seconds_or_duration("1d", &error));
  CHECK(error == "time: unknown unit \"d\" in duration \"1d\"");
  CHECK_FALSE(util::parse_seconds_or_duration("", &error));
  CHECK(error == "time: invalid duration \"\"");
  CHECK_FALSE(util::parse_seconds_or_duration("-", &error));
  CHECK(error == "time: invalid duration \"-\"");
  CHECK_FALSE(util::parse_seconds_or_duration("1.5", &error));
  CHECK(error == "time: missing unit in duration \"1.5\"");
  // Out of int64 range: not an integer for Atoi, so time.ParseDuration decides.
  CHECK_FALSE(util::parse_seconds_or_duration("99999999999999999999", &error));
  CHECK(error == "time: invalid duration \"99999999999999999999\"");
}

TEST_CASE("format_go_duration prints as Go's Duration.String") {
  CHECK(util::format_go_duration(nanoseconds(0)) == "0s");
  CHECK(util::format_go_duration(nanoseconds(1)) == "1ns");
  CHECK(util::format_go_duration(nanoseconds(1100)) == "1.1\xC2\xB5s");
  CHECK(util::format_go_duration(microseconds(2200)) == "2.2ms");
  CHECK(util::format_go_duration(milliseconds(3300)) == "3.3s");
  CHECK(util::format_go_duration(minutes(4) + seconds(5)) == "4m5s");
  CHECK(util::format_go_duration(minutes(4) + milliseconds(5001)) == "4m5.001s");
  CHECK(util::format_go_duration(hours(5) + minutes(6) + milliseconds(7001)) == "5h6m7.001s");
  CHECK(util::format_go_duration(minutes(8) + nanoseconds(1)) == "8m0.000000001s");
  CHECK(util::format_go_duration(seconds(90)) == "1m30s");
  CHECK(util::format_go_duration(hours(1)) == "1h0m0s");
  CHECK(util::format_go_duration(seconds(1) + nanoseconds(1)) == "1.000000001s");
  CHECK(util::format_go_duration(microseconds(1)) == "1\xC2\xB5s");
  CHECK(util::format_go_duration(nanoseconds(999999999)) == "999.999999ms");
  CHECK(util::format_go_duration(-milliseconds(1500)) == "-1.5s");
  CHECK(util::format_go_duration(-nanoseconds(5)) == "-5ns");
  CHECK(util::format_go_duration(nanoseconds(k_max)) == "2562047h47m16.854775807s");
  CHECK(util::format_go_duration(nanoseconds(k_min)) == "-2562047h47m16.854775808s");
}

TEST_CASE("format_go_duration output parses back to the same duration") {
  for (const int64_t n : {int64_t{1}, int64_t{999}, int64_t{1001}, int64_t{123456789},
                          int64_t{60000000001}, int64_t{3723000000004}, k_max, k_min}) {
    INFO(n);
    const std::string text = util::format_go_duration(nanoseconds(n));
    const auto parsed = util::parse_go_duration(text);
    REQUIRE(parsed.has_value());
    CHECK(parsed->count() == n);
  }
}
