#include "report/yaml_text.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace {

/// The YAML for `{"k": <json_value>}`.
std::string yaml_of(const std::string& json_value) {
  const auto yaml = report::json_to_yaml("{\"k\":" + json_value + "}");
  REQUIRE(yaml.ok());
  return yaml.value();
}

}  // namespace

TEST_CASE("plain strings stay plain", "[report][yaml]") {
  for (const char* text :
       {"hello", "hello world", "argoproj.io/v1alpha1", "1/1", "-c", "a:b", "x#y", "it's", "über",
        "1.2.3", "v1", "0x", "true-ish", "a - b", "1e", "e3", "0b12", "1:61", "2024-01-02x"}) {
    INFO(text);
    CHECK_FALSE(report::yaml_needs_quotes(text));
    CHECK(yaml_of(std::string("\"") + text + "\"") == std::string("k: ") + text + "\n");
  }
}

TEST_CASE("strings YAML would read as something else are double-quoted", "[report][yaml]") {
  for (const char* text : {"",
                           "true",
                           "False",
                           "yes",
                           "No",
                           "on",
                           "OFF",
                           "y",
                           "n",
                           "null",
                           "Null",
                           "~",
                           "123",
                           "-1",
                           "+1",
                           "007",
                           "1_000",
                           "0x1F",
                           "0o17",
                           "0b101",
                           "1.5",
                           ".5",
                           "1.",
                           "1e3",
                           "-2.5E-3",
                           ".inf",
                           "-.Inf",
                           ".nan",
                           "1:20",
                           "2024-01-02",
                           "2024-01-02T03:04:05Z",
                           "<<",
                           "="}) {
    INFO(text);
    CHECK(report::yaml_needs_quotes(text));
    CHECK(yaml_of(std::string("\"") + text + "\"") == std::string("k: \"") + text + "\"\n");
  }
}

TEST_CASE("strings YAML could not read plainly are double-quoted", "[report][yaml]") {
  for (const char* text :
       {" lead", "trail ", "a: b", "a #b", "ends:", "- item", "-",   "?",   ": x",
        "#x",    "&x",     "*x",   "!x",   "|x",    ">x",     "'x",  "%x",  "@x",
        "`x",    "{x",     "}x",   "[x",   "]x",    ",x",     "---", "...x"}) {
    INFO(text);
    CHECK(report::yaml_needs_quotes(text));
  }
  CHECK(yaml_of(R"("a: b")") == "k: \"a: b\"\n");
  CHECK(yaml_of(R"(" lead")") == "k: \" lead\"\n");
}

TEST_CASE("long values are classified without recursion", "[report][yaml]") {
  // A long digit string still reads as a (float) number in YAML; a long text stays plain.
  CHECK(report::yaml_needs_quotes(std::string(200000, '7')));
  CHECK_FALSE(report::yaml_needs_quotes("x" + std::string(200000, '7')));
  CHECK_FALSE(report::yaml_needs_quotes(std::string(200000, '7') + "x"));
}

TEST_CASE("line breaks and control characters use JSON escapes", "[report][yaml]") {
  CHECK(yaml_of(R"("line1\nline2")") == "k: \"line1\\nline2\"\n");
  CHECK(yaml_of(R"("tab\there")") == "k: \"tab\\there\"\n");
  CHECK(yaml_of(R"("say \"hi\"\n")") == "k: \"say \\\"hi\\\"\\n\"\n");
  CHECK(yaml_of(R"("bell\u0007")") == "k: \"bell\\u0007\"\n");
  CHECK(yaml_of(R"("back\\slash")") == "k: back\\slash\n");
}

TEST_CASE("other scalars and empty containers", "[report][yaml]") {
  CHECK(yaml_of("true") == "k: true\n");
  CHECK(yaml_of("null") == "k: null\n");
  CHECK(yaml_of("42") == "k: 42\n");
  CHECK(yaml_of("-7") == "k: -7\n");
  CHECK(yaml_of("1.5") == "k: 1.5\n");
  CHECK(yaml_of("{}") == "k: {}\n");
  CHECK(yaml_of("[]") == "k: []\n");
}

TEST_CASE("block layout: nested maps indent 2, sequences line up with their key",
          "[report][yaml]") {
  const auto yaml = report::json_to_yaml(R"({
    "spec": {"templates": [{"name": "main", "container": {"args": ["echo", "hi"]}},
                           {"name": "b", "steps": [[{"name": "s1"}, {"name": "s2"}]]}]},
    "list": [1, {}, [], ["x"]],
    "a": "first"
  })");
  REQUIRE(yaml.ok());
  CHECK(yaml.value() ==
        "a: first\n"
        "list:\n"
        "- 1\n"
        "- {}\n"
        "- []\n"
        "- - x\n"
        "spec:\n"
        "  templates:\n"
        "  - container:\n"
        "      args:\n"
        "      - echo\n"
        "      - hi\n"
        "    name: main\n"
        "  - name: b\n"
        "    steps:\n"
        "    - - name: s1\n"
        "      - name: s2\n");
}

TEST_CASE("keys sort in yaml.v2's natural order and are quoted like values", "[report][yaml]") {
  CHECK(report::yaml_key_less("a9", "a10"));
  CHECK_FALSE(report::yaml_key_less("a10", "a9"));
  CHECK(report::yaml_key_less("wf-45", "wf-123"));
  CHECK(report::yaml_key_less("a", "ab"));
  CHECK(report::yaml_key_less("a-b", "ab"));  // a non-letter sorts before a letter
  CHECK(report::yaml_key_less("B", "a"));
  CHECK(report::yaml_key_less("x1", "x01"));
  const auto yaml = report::json_to_yaml(R"({"wf-123": 1, "wf-45": 2, "true": 3, "": 4})");
  REQUIRE(yaml.ok());
  CHECK(yaml.value() ==
        "\"\": 4\n"
        "\"true\": 3\n"
        "wf-45: 2\n"
        "wf-123: 1\n");
}

TEST_CASE("top-level scalars and invalid JSON", "[report][yaml]") {
  CHECK(report::json_to_yaml("\"x\"").value() == "x\n");
  CHECK(report::json_to_yaml("{}").value() == "{}\n");
  CHECK(report::json_to_yaml("[1,2]").value() == "- 1\n- 2\n");
  const auto bad = report::json_to_yaml("{not json");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == util::ErrorCode::invalid_input);
}
