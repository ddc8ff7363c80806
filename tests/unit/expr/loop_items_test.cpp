#include "expr/loop_items.hpp"

#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using Items = std::vector<std::string>;
using Opt = std::optional<std::string>;

struct SequenceCase {
  Opt count;
  Opt start;
  Opt end;
  Opt format;
  Items items;
};

struct SequenceFailure {
  Opt count;
  Opt start;
  Opt end;
  Opt format;
  std::string message;
};

}  // namespace

TEST_CASE("expand_sequence yields printf-formatted strings") {
  const std::vector<SequenceCase> cases = {
      {"3", {}, {}, {}, {"0", "1", "2"}},
      {"0", {}, {}, {}, {}},
      {"2", "5", {}, {}, {"5", "6"}},
      {{}, "2", "4", {}, {"2", "3", "4"}},  // end is inclusive
      {{}, {}, "0", {}, {"0"}},
      {{}, "3", "1", {}, {"3", "2", "1"}},  // descending
      {{}, "-1", "1", {}, {"-1", "0", "1"}},
      {"-2", "0", {}, {}, {"0", "-1", "-2", "-3"}},  // Argo: end = start + count - 1
      {"+2", "+1", {}, "", {"1", "2"}},              // Atoi accepts '+'; empty format is %d
      {{},
       "8",
       "12",
       "2020-05-%02X",
       {"2020-05-08", "2020-05-09", "2020-05-0A", "2020-05-0B", "2020-05-0C"}},
      {"2", "10", {}, "%x|", {"a|", "b|"}},
  };
  for (size_t n = 0; n < cases.size(); ++n) {
    const SequenceCase& c = cases[n];
    CAPTURE(n);
    auto items = expr::expand_sequence(c.count, c.start, c.end, c.format);
    REQUIRE(items.ok());
    CHECK(*items == c.items);
  }
}

TEST_CASE("expand_sequence formats like Go's fmt for the integer verbs") {
  const std::vector<std::pair<std::string, Items>> cases = {
      // start -2, end 10, picking -2, 10 via a two-element sequence each time.
      {"%d", {"-2", "10"}},
      {"%i", {"-2", "10"}},
      {"%x", {"-2", "a"}},
      {"%X", {"-2", "A"}},
      {"%o", {"-2", "12"}},
      {"%4d", {"  -2", "  10"}},
      {"%-4d|", {"-2  |", "10  |"}},
      {"%04d", {"-002", "0010"}},
      {"%+d", {"-2", "+10"}},
      {"% d", {"-2", " 10"}},
      {"%+05d", {"-0002", "+0010"}},
      {"%-04d|", {"-2  |", "10  |"}},  // '-' disables zero padding
      {"%.3d", {"-002", "010"}},
      {"%6.3x", {"  -002", "   00a"}},
      {"100%% %d%%", {"100% -2%", "100% 10%"}},
      {"id-%03o-x", {"id--02-x", "id-012-x"}},
  };
  for (const auto& [format, expected] : cases) {
    CAPTURE(format);
    auto items = expr::expand_sequence({}, "-2", "10", format);
    REQUIRE(items.ok());
    REQUIRE(items->size() == 13);
    CHECK(Items{items->front(), items->back()} == expected);
  }
  auto zero = expr::expand_sequence("1", "0", {}, "[%3.0d]");
  REQUIRE(zero.ok());
  CHECK(*zero == Items{"[   ]"});  // Go prints only the padding for %.0d of 0
}

TEST_CASE("expand_sequence handles the 64-bit limits") {
  auto top = expr::expand_sequence({}, "9223372036854775806", "9223372036854775807", {});
  REQUIRE(top.ok());
  CHECK(*top == Items{"9223372036854775806", "9223372036854775807"});
  auto bottom = expr::expand_sequence({}, "-9223372036854775807", "-9223372036854775808", {});
  REQUIRE(bottom.ok());
  CHECK(*bottom == Items{"-9223372036854775807", "-9223372036854775808"});
}

TEST_CASE("expand_sequence rejects bad input with clear messages") {
  const std::vector<SequenceFailure> cases = {
      {"abc", {}, {}, {}, R"(strconv.Atoi: parsing "abc": invalid syntax)"},
      {"1.5", {}, {}, {}, R"(strconv.Atoi: parsing "1.5": invalid syntax)"},
      {" 3", {}, {}, {}, R"(strconv.Atoi: parsing " 3": invalid syntax)"},
      {"", {}, {}, {}, R"(strconv.Atoi: parsing "": invalid syntax)"},
      {"-", {}, {}, {}, R"(strconv.Atoi: parsing "-": invalid syntax)"},
      {"3", "x", {}, {}, R"(strconv.Atoi: parsing "x": invalid syntax)"},
      {{},
       {},
       "{{steps.a.outputs.result}}",
       {},
       R"(strconv.Atoi: parsing "{{steps.a.outputs.result}}": invalid syntax)"},
      {{},
       {},
       "9223372036854775808",
       {},
       R"(strconv.Atoi: parsing "9223372036854775808": value out of range)"},
      {"3",
       "9223372036854775807",
       {},
       {},
       "withSequence start + count is out of the 64-bit integer range"},
      {"-9223372036854775808",
       {},
       {},
       {},
       "withSequence start + count is out of the 64-bit integer range"},
      {"1", {}, "2", {}, "withSequence.count and withSequence.end are mutually exclusive"},
      {{}, "1", {}, {}, "neither end nor count was specified in withSequence"},
      {"1",
       {},
       {},
       "%s",
       R"(invalid withSequence format "%s": unsupported conversion '%s' (supported: %d %i %x %X %o))"},
      {"1",
       {},
       {},
       "%#x",
       R"(invalid withSequence format "%#x": unsupported conversion '%#' (supported: %d %i %x %X %o))"},
      {"1",
       {},
       {},
       "%f",
       R"(invalid withSequence format "%f": unsupported conversion '%f' (supported: %d %i %x %X %o))"},
      {"1",
       {},
       {},
       "item",
       R"(invalid withSequence format "item": no integer conversion (such as %d))"},
      {"1", {}, {}, "%d-%d", R"(invalid withSequence format "%d-%d": more than one conversion)"},
      {"1", {}, {}, "x%05", R"(invalid withSequence format "x%05": unterminated conversion)"},
  };
  for (const SequenceFailure& c : cases) {
    CAPTURE(c.message);
    auto items = expr::expand_sequence(c.count, c.start, c.end, c.format);
    REQUIRE_FALSE(items.ok());
    CHECK(items.error().message == c.message);
    CHECK(items.error().code == util::ErrorCode::invalid_input);
  }
}

TEST_CASE("parse_with_param renders each element as {{item}}") {
  const std::vector<std::pair<std::string, Items>> cases = {
      {"[]", {}},
      {"null", {}},  // Go decodes null into an empty slice
      {R"(["a b", "say \"hi\"\n", ""])", {"a b", "say \"hi\"\n", ""}},
      {"[1, 1.50, -2e3, true, false, null]", {"1", "1.50", "-2e3", "true", "false", "null"}},
      {R"([{"b": 2, "a": "x"}])", {R"({"a":"x","b":2})"}},
      {R"([{"z": {"y": 1, "x": [2, {"q": 0, "p": 0}]}, "a": []}])",
       {R"({"a":[],"z":{"y":1,"x":[2,{"q":0,"p":0}]}})"}},  // only top-level keys are sorted
      {R"([{"k": 1, "k": 2}])", {R"({"k":2})"}},
      {R"([[1, "a", {"b": 1, "a": 2}], []])", {R"([1,"a",{"b":1,"a":2}])", "[]"}},
      {R"([{"cmd": "a && b < c"}])", {R"({"cmd":"a \u0026\u0026 b \u003c c"})"}},
      {" \n[\"x\"]\n", {"x"}},
  };
  for (const auto& [input, expected] : cases) {
    CAPTURE(input);
    auto items = expr::parse_with_param(input);
    REQUIRE(items.ok());
    CHECK(*items == expected);
  }
}

TEST_CASE("parse_with_param reports values that are not JSON lists") {
  const std::string prefix = "withParam value could not be parsed as a JSON list: ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ": unexpected end of JSON input"},
      {"a,b", "a,b: invalid character 'a' looking for beginning of value"},
      {"[1,", "[1,: unexpected end of JSON input"},
      {"[1] [2]", "[1] [2]: invalid character '[' after top-level value"},
      {R"({"a":1})",
       R"({"a":1}: json: cannot unmarshal object into Go value of type []v1alpha1.Item)"},
      {R"("x")", R"("x": json: cannot unmarshal string into Go value of type []v1alpha1.Item)"},
      {"3", "3: json: cannot unmarshal number into Go value of type []v1alpha1.Item"},
      {"true", "true: json: cannot unmarshal bool into Go value of type []v1alpha1.Item"},
  };
  for (const auto& [input, message] : cases) {
    CAPTURE(input);
    auto items = expr::parse_with_param(input);
    REQUIRE_FALSE(items.ok());
    CHECK(items.error().message == prefix + message);
  }
}
