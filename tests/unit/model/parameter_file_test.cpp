#include "model/parameter_file.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Loaded {
  util::SourceSet sources;
  model::Diagnostics diagnostics;
  Pairs pairs;

  /// "line:col: severity: message" per diagnostic.
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const model::Diagnostic& d : diagnostics.all()) {
      out.push_back(fmt::format("{}:{}: {}: {}", d.loc.line, d.loc.column,
                                model::to_string(d.severity), d.message));
    }
    return out;
  }
};

std::unique_ptr<Loaded> load(const std::string& text) {
  auto loaded = std::make_unique<Loaded>();
  loaded->pairs =
      model::load_parameter_file(loaded->sources.add("params.yaml", text), loaded->diagnostics);
  return loaded;
}

}  // namespace

TEST_CASE("load_parameter_file keeps string values as they are, in file order") {
  auto r = load("message: goodbye world\nquoted: \"42\"\nblock: |\n  two\n  lines\n");
  CHECK(r->diagnostics.all().empty());
  CHECK(r->pairs ==
        Pairs{{"message", "goodbye world"}, {"quoted", "42"}, {"block", "two\nlines\n"}});
}

TEST_CASE("load_parameter_file turns other values into their JSON text") {
  auto r = load(
      "count: 3\nratio: 1.50\nflag: yes\nnothing: null\nempty:\nlist: [1, \"a\", true]\n"
      "map: {b: 2, a: x}\n");
  CHECK(r->diagnostics.all().empty());
  CHECK(r->pairs == Pairs{{"count", "3"},
                          {"ratio", "1.5"},
                          {"flag", "true"},
                          {"nothing", "null"},
                          {"empty", "null"},
                          {"list", "[1,\"a\",true]"},
                          {"map", "{\"a\":\"x\",\"b\":2}"}});
}

TEST_CASE("load_parameter_file reads JSON") {
  auto r = load("{\"message\": \"hi\", \"n\": 7, \"s\": \"7\"}\n");
  CHECK(r->diagnostics.all().empty());
  CHECK(r->pairs == Pairs{{"message", "hi"}, {"n", "7"}, {"s", "7"}});
}

TEST_CASE("load_parameter_file gives no pairs for an empty file") {
  auto r = load("");
  CHECK(r->diagnostics.all().empty());
  CHECK(r->pairs.empty());
  auto comments = load("# nothing here\n");
  CHECK(comments->diagnostics.all().empty());
  CHECK(comments->pairs.empty());
}

TEST_CASE("load_parameter_file rejects a root that is not a mapping") {
  auto r = load("- a\n- b\n");
  CHECK(r->pairs.empty());
  CHECK(r->lines() == std::vector<std::string>{
                          "1:1: error: a parameter file must be a mapping of parameter names to "
                          "values, found a list"});
  REQUIRE(r->diagnostics.all().size() == 1);
  CHECK(r->diagnostics.all()[0].check == "parameter-file");

  auto scalar = load("just text\n");
  CHECK(scalar->lines() ==
        std::vector<std::string>{"1:1: error: a parameter file must be a mapping of parameter "
                                 "names to values, found a string"});
}

TEST_CASE("load_parameter_file rejects a second document") {
  auto r = load("a: 1\n---\nb: 2\n");
  CHECK(r->pairs == Pairs{{"a", "1"}});
  CHECK(r->lines() == std::vector<std::string>{
                          "3:1: error: a parameter file holds one mapping of parameter names to "
                          "values, but a second document starts here (the first is at line 1)"});
}

TEST_CASE("load_parameter_file reports YAML syntax errors with their position") {
  auto r = load("a: [1, 2\nb: 3\n");
  REQUIRE(r->diagnostics.has_errors());
  CHECK(r->diagnostics.all()[0].loc.line >= 1);
  CHECK(r->diagnostics.all()[0].loc.file != nullptr);
}

TEST_CASE("load_parameter_file keeps the last value of a repeated key, with a warning") {
  auto r = load("a: 1\na: 2\n");
  CHECK(r->pairs == Pairs{{"a", "2"}});
  REQUIRE(r->diagnostics.all().size() == 1);
  CHECK(r->diagnostics.all()[0].check == "yaml-duplicate-key");
  CHECK_FALSE(r->diagnostics.has_errors());
}
