#include "expr/json_value.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

struct RoundTrip {
  std::string input;
  std::string compact;
};

struct Failure {
  std::string input;
  std::string message;
};

}  // namespace

TEST_CASE("parse_json reads every kind of value and writes it back compactly") {
  const std::vector<RoundTrip> cases = {
      {"null", "null"},
      {" true ", "true"},
      {"false", "false"},
      {"0", "0"},
      {"-12", "-12"},
      {"1.50", "1.50"},  // number source text is kept, not re-formatted
      {"1e+21", "1e+21"},
      {"-0.5E-3", "-0.5E-3"},
      {R"("hi")", R"("hi")"},
      {"[]", "[]"},
      {"{}", "{}"},
      {"[ 1 , \"a\" , [ true , null ] , { } ]", R"([1,"a",[true,null],{}])"},
      {R"({ "b" : 1 , "a" : { "y" : [2] , "x" : "z" } })", R"({"b":1,"a":{"y":[2],"x":"z"}})"},
      {"\t\r\n[1]\n", "[1]"},
  };
  for (const RoundTrip& c : cases) {
    CAPTURE(c.input);
    auto parsed = expr::parse_json(c.input);
    REQUIRE(parsed.ok());
    CHECK(expr::to_compact_json(*parsed) == c.compact);
  }
}

TEST_CASE("parse_json decodes string escapes including surrogate pairs") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("a\"b\\c\/d")", "a\"b\\c/d"},
      {R"("\b\f\n\r\t")", "\b\f\n\r\t"},
      {R"("\u0041\u00e9\u20AC")", "A\xC3\xA9\xE2\x82\xAC"},
      {R"("\ud83d\ude00")", "\xF0\x9F\x98\x80"},  // U+1F600 from a surrogate pair
      {R"("\ud83dx")", "\xEF\xBF\xBDx"},          // lone high surrogate -> U+FFFD
      {R"("\ude00")", "\xEF\xBF\xBD"},            // lone low surrogate -> U+FFFD
      {R"("\ud83d\u0041")",
       "\xEF\xBF\xBD"
       "A"},                               // high + non-low: both decoded alone
      {"\"caf\xC3\xA9\"", "caf\xC3\xA9"},  // raw UTF-8 passes through
  };
  for (const auto& [input, decoded] : cases) {
    CAPTURE(input);
    auto parsed = expr::parse_json(input);
    REQUIRE(parsed.ok());
    CHECK(parsed->kind() == expr::JsonKind::string);
    CHECK(parsed->text() == decoded);
  }
}

TEST_CASE("parse_json exposes kinds, items and members") {
  auto parsed = expr::parse_json(R"({"k": [1, "x", false, null], "k": 2, "o": {}})");
  REQUIRE(parsed.ok());
  const expr::JsonValue& v = *parsed;
  CHECK(v.kind() == expr::JsonKind::object);
  REQUIRE(v.members().size() == 3);
  CHECK(v.members()[0].first == "k");
  const std::vector<expr::JsonValue>& items = v.members()[0].second.items();
  REQUIRE(items.size() == 4);
  CHECK(items[0].kind() == expr::JsonKind::number);
  CHECK(items[1].kind() == expr::JsonKind::string);
  CHECK(items[2].kind() == expr::JsonKind::boolean);
  CHECK(items[2].text() == "false");
  CHECK(items[3].kind() == expr::JsonKind::null);
  REQUIRE(v.find("k") != nullptr);
  CHECK(v.find("k")->text() == "2");  // the last duplicate wins, as in Go
  CHECK(v.find("missing") == nullptr);
  CHECK(v.find("o")->kind() == expr::JsonKind::object);
}

TEST_CASE("parse_json reports syntax errors in Go's encoding/json wording") {
  const std::vector<Failure> cases = {
      {"", "unexpected end of JSON input"},
      {"   ", "unexpected end of JSON input"},
      {"[1, 2", "unexpected end of JSON input"},
      {R"("abc)", "unexpected end of JSON input"},
      {"abc", "invalid character 'a' looking for beginning of value"},
      {"[1,]", "invalid character ']' looking for beginning of value"},
      {"[1 2]", "invalid character '2' after array element"},
      {"[1] x", "invalid character 'x' after top-level value"},
      {"01", "invalid character '1' after top-level value"},
      {"{1:2}", "invalid character '1' looking for beginning of object key string"},
      {R"({"a",1})", "invalid character ',' after object key"},
      {R"({"a":1 "b":2})", "invalid character '\"' after object key:value pair"},
      {R"({"a":1,})", "invalid character '}' looking for beginning of object key string"},
      {"-x", "invalid character 'x' in numeric literal"},
      {"1.e5", "invalid character 'e' after decimal point in numeric literal"},
      {"1e+", "unexpected end of JSON input"},
      {"1ex", "invalid character 'x' in exponent of numeric literal"},
      {"tru", "unexpected end of JSON input"},
      {"trux", "invalid character 'x' in literal true (expecting 'e')"},
      {"nul1", "invalid character '1' in literal null (expecting 'l')"},
      {R"("a\qb")", "invalid character 'q' in string escape code"},
      {R"("\u12G4")", "invalid character 'G' in \\u hexadecimal character escape"},
      {"\"a\nb\"", "invalid character '\\n' in string literal"},
      {"'a'", "invalid character '\\'' looking for beginning of value"},
      {"\x01", "invalid character '\\x01' looking for beginning of value"},
  };
  for (const Failure& c : cases) {
    CAPTURE(c.input);
    auto parsed = expr::parse_json(c.input);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message == c.message);
    CHECK(parsed.error().code == util::ErrorCode::invalid_input);
  }
}

TEST_CASE("parse_json refuses absurd nesting instead of overflowing the stack") {
  const std::string deep(100000, '[');
  auto parsed = expr::parse_json(deep);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().message == "exceeded max depth");
}

TEST_CASE("quote_json_string escapes as Go's json.Marshal does") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain", R"("plain")"},
      {"a\"b\\c", R"("a\"b\\c")"},
      {"\n\r\t", R"("\n\r\t")"},
      {std::string("\x01\x1f", 2), R"("\u0001\u001f")"},
      {"a<b>&c", R"("a\u003cb\u003e\u0026c")"},
      {"x\xE2\x80\xA8y\xE2\x80\xA9", R"("x\u2028y\u2029")"},
      {"caf\xC3\xA9/", "\"caf\xC3\xA9/\""},
  };
  for (const auto& [input, quoted] : cases) {
    CAPTURE(input);
    CHECK(expr::quote_json_string(input) == quoted);
  }
}
