#include "report/time_text.hpp"

#include <chrono>

#include <catch2/catch.hpp>

#include "report_fixtures.hpp"

using namespace std::chrono_literals;
using report_test::at;

TEST_CASE("rfc3339 prints UTC seconds, cutting fractions", "[report][time]") {
  CHECK(report::rfc3339(at(0)) == "2024-01-02T03:04:05Z");
  CHECK(report::rfc3339(at(0) + 999ms) == "2024-01-02T03:04:05Z");
  CHECK(report::rfc3339(at(86400 * 60 + 3600 * 20)) == "2024-03-02T23:04:05Z");  // leap year
  CHECK(report::rfc3339(graph::TimePoint{}) == "1970-01-01T00:00:00Z");
}

TEST_CASE("argo_timestamp uses Go's Mon Jan 02 15:04:05 -0700 layout in UTC", "[report][time]") {
  CHECK(report::argo_timestamp(at(0)) == "Tue Jan 02 03:04:05 +0000");
  CHECK(report::argo_timestamp(at(5 * 86400 + 21 * 3600)) == "Mon Jan 08 00:04:05 +0000");
  CHECK(report::argo_timestamp(graph::TimePoint{}) == "Thu Jan 01 00:00:00 +0000");
}

TEST_CASE("truncate_to_seconds rounds towards the past", "[report][time]") {
  CHECK(report::truncate_to_seconds(at(3) + 999ms) == at(3));
  CHECK(report::truncate_to_seconds(at(3)) == at(3));
}
