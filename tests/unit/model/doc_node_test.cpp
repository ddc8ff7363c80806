// model/doc_node: how plain scalars resolve (go-yaml v2, YAML 1.1, as Kubernetes reads
// manifests), Argo's AnyString text for them, and Go-compatible JSON.
#include "model/doc_node.hpp"

#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "model/diagnostic.hpp"
#include "model/yaml_reader.hpp"

namespace {

struct Parsed {
  util::SourceSet sources;
  model::Diagnostics diagnostics;
  std::vector<model::YamlDocument> documents;
  const model::DocNode& root() const { return documents.at(0).root; }
};

std::unique_ptr<Parsed> parse(const std::string& yaml) {
  auto parsed = std::make_unique<Parsed>();
  parsed->documents = model::read_yaml(parsed->sources.add("t.yaml", yaml), parsed->diagnostics);
  return parsed;
}

/// The node for `v: <text>`.
model::DocNode value_of(const std::string& text) {
  auto parsed = parse("v: " + text + "\n");
  REQUIRE(parsed->diagnostics.all().empty());
  REQUIRE(parsed->documents.size() == 1);
  const model::DocNode* v = parsed->root().find("v");
  REQUIRE(v != nullptr);
  return *v;
}

model::ScalarType type_of(const std::string& text) {
  return value_of(text).scalar_type();
}

std::string any_string_of(const std::string& text) {
  return model::any_string(value_of(text));
}

/// A plain scalar with exactly this text, for texts YAML would not let us write plainly.
model::DocNode plain(const std::string& text) {
  model::DocNode node;
  node.kind = model::DocKind::scalar;
  node.text = text;
  return node;
}

std::string json_of(const std::string& text) {
  return model::to_json(value_of(text));
}

}  // namespace

using model::ScalarType;

TEST_CASE("YAML 1.1 booleans resolve as go-yaml v2 does") {
  for (const char* text :
       {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
    INFO(text);
    CHECK(type_of(text) == ScalarType::boolean);
    CHECK(any_string_of(text) == "true");
    CHECK(json_of(text) == "true");
  }
  for (const char* text :
       {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
    INFO(text);
    CHECK(type_of(text) == ScalarType::boolean);
    CHECK(any_string_of(text) == "false");
  }
  // Only the three spellings of each word are booleans.
  for (const char* text : {"yEs", "tRUE", "oN", "nO", "YeS", "t", "f", "enabled"}) {
    INFO(text);
    CHECK(plain(text).scalar_type() == ScalarType::string);
    CHECK(model::any_string(plain(text)) == text);
  }
  CHECK(type_of("1:30") == ScalarType::string);
  CHECK(type_of("2001-12-14") == ScalarType::string);
}

TEST_CASE("null, ~ and empty values resolve to null") {
  for (const char* text : {"~", "null", "Null", "NULL", ""}) {
    INFO(text);
    CHECK(type_of(text) == ScalarType::null);
    CHECK(any_string_of(text).empty());
    CHECK(json_of(text) == "null");
  }
  CHECK(type_of("nULL") == ScalarType::string);
  CHECK(type_of("nil") == ScalarType::string);
  CHECK(type_of("None") == ScalarType::string);
}

TEST_CASE("integers resolve with strconv.ParseInt base 0 after dropping underscores") {
  struct Case {
    const char* text;
    const char* any_string;
  };
  const Case cases[] = {
      {"0", "0"},
      {"42", "42"},
      {"-17", "-17"},
      {"+12", "12"},
      {"-0", "0"},
      {"0755", "493"},
      {"+0755", "493"},
      {"00", "0"},
      {"0x1F", "31"},
      {"0X1f", "31"},
      {"-0x1F", "-31"},
      {"0o17", "15"},
      {"0O17", "15"},
      {"0b101", "5"},
      {"0B11", "3"},
      {"-0b101", "-5"},
      {"1_000", "1000"},
      {"1__0", "10"},
      {"0x_1F", "31"},
      {"3_", "3"},
      // As float64, -2^63 prints with its shortest digits.
      {"-9223372036854775808", "-9223372036854776000"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(type_of(c.text) == ScalarType::integer);
    CHECK(any_string_of(c.text) == c.any_string);
  }
}

TEST_CASE("integers beyond 2^53 print as Argo's AnyString does, and exactly in JSON") {
  // AnyString reads the JSON number as a float64 and prints it with FormatFloat('f', -1).
  CHECK(type_of("9007199254740993") == ScalarType::integer);
  CHECK(any_string_of("9007199254740993") == "9007199254740992");
  CHECK(json_of("9007199254740993") == "9007199254740993");
  // Above int64: strconv.ParseUint takes it (no sign allowed there).
  CHECK(type_of("18446744073709551615") == ScalarType::integer);
  CHECK(any_string_of("18446744073709551615") == "18446744073709552000");
  CHECK(json_of("18446744073709551615") == "18446744073709551615");
  CHECK(type_of("9223372036854775808") == ScalarType::integer);
  // Out of range for both: the float pattern still matches.
  CHECK(type_of("+9223372036854775808") == ScalarType::floating);
  CHECK(type_of("-9223372036854775809") == ScalarType::floating);
  CHECK(any_string_of("-9223372036854775809") == "-9223372036854776000");
  CHECK(type_of("18446744073709551616") == ScalarType::floating);
}

TEST_CASE("floats resolve with go-yaml's yamlStyleFloat and print with FormatFloat 'f'") {
  struct Case {
    const char* text;
    std::string any_string;
    const char* json;
  };
  const Case cases[] = {
      {"1.50", "1.5", "1.5"},
      {"1e3", "1000", "1000"},
      {"1E3", "1000", "1000"},
      {"-2.5e+2", "-250", "-250"},
      {"1.", "1", "1"},
      {".5", "0.5", "0.5"},
      {"-.5", "-0.5", "-0.5"},
      {"+.5", "0.5", "0.5"},
      {"0.0", "0", "0"},
      {"-0.0", "-0", "-0"},
      // A leading zero that is not octal: ParseInt fails, the float pattern matches.
      {"08", "8", "8"},
      {"09.5", "9.5", "9.5"},
      {"1_0.5", "10.5", "10.5"},
      {"1e_3", "1000", "1000"},
      {"1e21", "1000000000000000000000", "1e+21"},
      {"1e20", "100000000000000000000", "100000000000000000000"},
      {"1.5e-7", "0.00000015", "1.5e-7"},
      {"1e-6", "0.000001", "0.000001"},
      {"1.5e300", "15" + std::string(299, '0'), "1.5e+300"},
      {"0.1", "0.1", "0.1"},
      {"3.14159265358979323846", "3.141592653589793", "3.141592653589793"},
      {"1e-400", "0", "0"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(type_of(c.text) == ScalarType::floating);
    CHECK(any_string_of(c.text) == c.any_string);
    CHECK(json_of(c.text) == c.json);
  }
}

TEST_CASE("special floats come from go-yaml's table only") {
  for (const char* text : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
    INFO(text);
    CHECK(type_of(text) == ScalarType::floating);
    CHECK(any_string_of(text) == "+Inf");
  }
  for (const char* text : {"-.inf", "-.Inf", "-.INF"}) {
    INFO(text);
    CHECK(any_string_of(text) == "-Inf");
  }
  for (const char* text : {".nan", ".NaN", ".NAN"}) {
    INFO(text);
    CHECK(type_of(text) == ScalarType::floating);
    CHECK(any_string_of(text) == "NaN");
  }
  for (const char* text : {"inf", "nan", "NaN", "Infinity", ".iNf", "-inf"}) {
    INFO(text);
    CHECK(type_of(text) == ScalarType::string);
  }
}

TEST_CASE("what looks almost like a number stays a string") {
  for (const char* text : {"_1",     "1:30", "2001-12-14", "1.2.3", "-",     "+",       ".",
                           "..5",    "0x",   "0b",         "0o",    "0x1G",  "0b2",     "1e",
                           "1e+",    "e3",   ".e3",        "1e3.5", "12abc", "0x1.8p1", "1e999",
                           ".5e999", "--5",  "+-5",        "1,000", "v1.0",  "$5",      "._5"}) {
    INFO(text);
    CHECK(plain(text).scalar_type() == ScalarType::string);
    CHECK(model::any_string(plain(text)) == text);
  }
  CHECK(type_of("1:30") == ScalarType::string);
  CHECK(type_of("2001-12-14") == ScalarType::string);
}

TEST_CASE("long digit strings resolve without recursion trouble") {
  // Too big for a float64: strconv.ParseFloat fails with ErrRange, so it stays a string.
  const std::string digits(200000, '7');
  CHECK(type_of(digits) == ScalarType::string);
  CHECK(type_of(digits + "x") == ScalarType::string);
  CHECK(type_of("." + digits) == ScalarType::floating);
  CHECK(type_of(std::string(300, '9')) == ScalarType::floating);
  CHECK(any_string_of(std::string(25, '9')) == "10000000000000000000000000");
}

TEST_CASE("quoted, block and !!str scalars are always strings") {
  CHECK(type_of("\"1\"") == ScalarType::string);
  CHECK(any_string_of("\"1\"") == "1");
  CHECK(json_of("\"1\"") == "\"1\"");
  CHECK(type_of("'true'") == ScalarType::string);
  CHECK(any_string_of("'0755'") == "0755");
  CHECK(type_of("\"\"") == ScalarType::string);
  CHECK(json_of("''") == "\"\"");
  CHECK(type_of("!!str 12") == ScalarType::string);
  CHECK(type_of("\"~\"") == ScalarType::string);
  auto parsed = parse("v: |\n  12\n");
  CHECK(parsed->root().find("v")->scalar_type() == ScalarType::string);
  CHECK(model::any_string(*parsed->root().find("v")) == "12\n");
}

TEST_CASE("describe names the kind of a node for messages") {
  CHECK(model::describe(value_of("[1]")) == "a list");
  CHECK(model::describe(value_of("{a: 1}")) == "a mapping");
  CHECK(model::describe(value_of("x")) == "a string");
  CHECK(model::describe(value_of("\"yes\"")) == "a string");
  CHECK(model::describe(value_of("yes")) == "a boolean");
  CHECK(model::describe(value_of("3")) == "an integer");
  CHECK(model::describe(value_of("3.5")) == "a number");
  CHECK(model::describe(value_of("~")) == "null");
}

TEST_CASE("to_json sorts keys as Go marshals maps, and keeps order on request") {
  const model::DocNode node = value_of("{b: 1, a: [x, 2, true, ~, \"3\"], C: {z: 1, y: 2}}");
  CHECK(model::to_json(node) == R"({"C":{"y":2,"z":1},"a":["x",2,true,null,"3"],"b":1})");
  CHECK(model::to_json(node, false) == R"({"b":1,"a":["x",2,true,null,"3"],"C":{"z":1,"y":2}})");
  CHECK(model::to_json(value_of("[]")) == "[]");
  CHECK(model::to_json(value_of("{}")) == "{}");
  // Keys are JSON strings even when they look like numbers.
  CHECK(model::to_json(value_of("{10: a, 9: b}")) == R"({"10":"a","9":"b"})");
}

TEST_CASE("to_json escapes as Go's encoding/json") {
  CHECK(json_of(R"("a<b>&c")") == R"("a\u003cb\u003e\u0026c")");
  CHECK(json_of(R"("q\"b\\s/")") == R"("q\"b\\s/")");
  CHECK(json_of(R"("\n\r\t\b\f")") == R"("\n\r\t\b\f")");
  CHECK(json_of(R"("\x01\x1f\x7f")") == "\"\\u0001\\u001f\x7f\"");
  // Valid UTF-8 passes through; U+2028 and U+2029 are escaped.
  CHECK(json_of("\"caf\xC3\xA9 \xF0\x9F\x98\x80\"") == "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
  CHECK(json_of(R"("a\u2028b\u2029c")") == R"("a\u2028b\u2029c")");
  // Keys are escaped the same way.
  CHECK(model::to_json(value_of(R"({"<k>": 1})")) == R"({"\u003ck\u003e":1})");
}

TEST_CASE("to_json replaces invalid UTF-8 with U+FFFD as Go does") {
  model::DocNode node;
  node.kind = model::DocKind::scalar;
  node.quoted = true;
  node.text =
      "a\xFF"
      "b\xC3"
      "\xE0\x80\x80"
      "\xED\xA0\x80"
      "z";
  CHECK(model::to_json(node) == R"("a\ufffdb\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffdz")");
}

TEST_CASE("any_string of a list or mapping is its sorted JSON") {
  CHECK(any_string_of("[1, b]") == R"([1,"b"])");
  CHECK(any_string_of("{z: 1, a: 2}") == R"({"a":2,"z":1})");
}

TEST_CASE("DocNode::find and subtree_size") {
  auto parsed = parse("a: 1\nb: [x, {c: 2}]\n");
  const model::DocNode& root = parsed->root();
  REQUIRE(root.find("a") != nullptr);
  CHECK(root.find("a")->text == "1");
  CHECK(root.find("missing") == nullptr);
  CHECK(root.find("b")->find("x") == nullptr);  // not a mapping
  // root, 1, [..], x, {..}, 2
  CHECK(root.subtree_size() == 6);
  CHECK(root.find("b")->subtree_size() == 4);
}
