#include "util/quote.hpp"

#include <catch2/catch.hpp>

TEST_CASE("go_quote escapes like Go's strconv.Quote") {
  CHECK(util::go_quote("") == R"("")");
  CHECK(util::go_quote("null") == R"("null")");
  CHECK(util::go_quote(R"([{"a":"b\c"}])") == R"("[{\"a\":\"b\\c\"}]")");
  CHECK(util::go_quote("a\nb\tc\rd") == R"("a\nb\tc\rd")");
  CHECK(util::go_quote(std::string("x\x01y\x7f", 4)) == R"("x\x01y\x7f")");
  CHECK(util::go_quote("héllo") == "\"héllo\"");
}
