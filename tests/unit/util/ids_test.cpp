#include "util/ids.hpp"

#include <regex>
#include <set>

#include <catch2/catch.hpp>

TEST_CASE("random_name_suffix uses Kubernetes' alphabet") {
  const std::string suffix = util::random_name_suffix();
  CHECK(suffix.size() == 5);
  CHECK(suffix.find_first_not_of("bcdfghjklmnpqrstvwxz2456789") == std::string::npos);
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    seen.insert(util::random_name_suffix(8));
  }
  CHECK(seen.size() == 50);
}

TEST_CASE("random_uuid is a version-4 UUID") {
  const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 20; ++i) {
    CHECK(std::regex_match(util::random_uuid(), shape));
  }
}
