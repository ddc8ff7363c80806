#include "report/humanize.hpp"

#include <chrono>

#include <catch2/catch.hpp>

#include "report_fixtures.hpp"

using namespace std::chrono_literals;
using report_test::at;

// Expected values follow Argo's util/humanize tests and go-humanize's magnitude tables.

TEST_CASE("truncated_duration keeps the largest unit", "[report][humanize]") {
  CHECK(report::truncated_duration(0s) == "0 seconds");
  CHECK(report::truncated_duration(999ms) == "0 seconds");
  CHECK(report::truncated_duration(1s) == "1 second");
  CHECK(report::truncated_duration(1999ms) == "1 second");
  CHECK(report::truncated_duration(59s) == "59 seconds");
  CHECK(report::truncated_duration(60s) == "1 minute");
  CHECK(report::truncated_duration(119s) == "1 minute");
  CHECK(report::truncated_duration(120s) == "2 minutes");
  CHECK(report::truncated_duration(2h) == "2 hours");
  CHECK(report::truncated_duration(47h) == "1 day");
  CHECK(report::truncated_duration(48h) == "2 days");
  CHECK(report::truncated_duration(24h * 7) == "1 week");
  CHECK(report::truncated_duration(24h * 30) == "1 month");
  CHECK(report::truncated_duration(-5s) == "5 seconds");
}

TEST_CASE("humanize_duration adds the next unit down", "[report][humanize]") {
  CHECK(report::humanize_duration(1s) == "1 second");
  CHECK(report::humanize_duration(10s) == "10 seconds");
  CHECK(report::humanize_duration(1min) == "1 minute 0 seconds");
  CHECK(report::humanize_duration(65s) == "1 minute 5 seconds");
  CHECK(report::humanize_duration(90s) == "1 minute 30 seconds");
  CHECK(report::humanize_duration(1h) == "1 hour 0 minutes");
  CHECK(report::humanize_duration(62min) == "1 hour 2 minutes");
  CHECK(report::humanize_duration(90min) == "1 hour 30 minutes");
  CHECK(report::humanize_duration(10h) == "10 hours 0 minutes");
  CHECK(report::humanize_duration(24h) == "1 day 0 hours");
  CHECK(report::humanize_duration(50h) == "2 days 2 hours");
}

TEST_CASE("short_duration is the DURATION column", "[report][humanize]") {
  CHECK(report::short_duration(0s) == "0s");
  CHECK(report::short_duration(999ms) == "0s");
  CHECK(report::short_duration(1s) == "1s");
  CHECK(report::short_duration(3s) == "3s");
  CHECK(report::short_duration(59s) == "59s");
  CHECK(report::short_duration(60s) == "1m");
  CHECK(report::short_duration(119s) == "1m");
  CHECK(report::short_duration(150s) == "2m");
  CHECK(report::short_duration(90min) == "1h");
  CHECK(report::short_duration(2h) == "2h");
  CHECK(report::short_duration(25h) == "1d");
  CHECK(report::short_duration(24h * 10) == "10d");
  CHECK(report::short_duration(report::Nanoseconds::max()) == "106751d");
}

TEST_CASE("time_ago says how long ago, or from now", "[report][humanize]") {
  CHECK(report::time_ago(at(0), at(0)) == "now");
  CHECK(report::time_ago(at(0), at(0) + 999ms) == "now");
  CHECK(report::time_ago(at(0), at(1)) == "1 second ago");
  CHECK(report::time_ago(at(0), at(45)) == "45 seconds ago");
  CHECK(report::time_ago(at(0), at(128)) == "2 minutes ago");
  CHECK(report::time_ago(at(0), at(3600)) == "1 hour ago");
  CHECK(report::time_ago(at(0), at(3 * 3600)) == "3 hours ago");
  CHECK(report::time_ago(at(0), at(86400)) == "1 day ago");
  CHECK(report::time_ago(at(10), at(0)) == "10 seconds from now");
}
