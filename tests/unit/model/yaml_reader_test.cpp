#include "model/yaml_reader.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

namespace {

struct Read {
  util::SourceSet sources;
  model::Diagnostics diagnostics;
  std::vector<model::YamlDocument> documents;
};

std::unique_ptr<Read> read(const std::string& text, const model::YamlLimits& limits = {}) {
  auto r = std::make_unique<Read>();
  r->documents = model::read_yaml(r->sources.add("t.yaml", text), r->diagnostics, limits);
  return r;
}

}  // namespace

TEST_CASE("read_yaml keeps positions of keys and values") {
  auto r = read("a: 1\nb:\n  - x\n  - 'y'\n");
  REQUIRE(r->documents.size() == 1);
  const model::DocNode& root = r->documents[0].root;
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].key == "a");
  CHECK(root.entries[0].key_loc.line == 1);
  CHECK(root.entries[0].key_loc.column == 1);
  CHECK(root.entries[0].value.loc.column == 4);
  const model::DocNode& b = root.entries[1].value;
  REQUIRE(b.items.size() == 2);
  CHECK(b.items[1].loc.line == 4);
  CHECK(b.items[1].loc.column == 5);
  CHECK(b.items[1].quoted);
  CHECK_FALSE(b.items[0].quoted);
}

TEST_CASE("read_yaml reads every document of a multi-document file") {
  auto r = read("a: 1\n---\nb: 2\n---\n");
  // The trailing "---" starts a third, empty document.
  REQUIRE(r->documents.size() == 3);
  CHECK(r->documents[1].root.entries[0].key_loc.line == 3);
  CHECK(r->documents[2].root.is_null());
}

TEST_CASE("read_yaml expands aliases and merge keys") {
  auto r = read("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
  REQUIRE(r->diagnostics.all().empty());
  const model::DocNode* use = r->documents[0].root.find("use");
  REQUIRE(use != nullptr);
  REQUIRE(use->find("x") != nullptr);
  CHECK(use->find("x")->text == "1");
  CHECK(use->find("y")->text == "3");
}

TEST_CASE("read_yaml reports a syntax error with its position") {
  auto r = read("a: [1, 2\nb: 3\n");
  REQUIRE(r->diagnostics.all().size() == 1);
  const model::Diagnostic& d = r->diagnostics.all()[0];
  CHECK(d.check == "yaml-syntax");
  CHECK(d.loc.line >= 1);
  CHECK(d.message.rfind("invalid YAML: ", 0) == 0);
}

TEST_CASE("read_yaml stops an alias bomb at the node budget") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string previous = "a";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += fmt::format("{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n", c,
                        c, fmt::arg("p", previous));
    previous = std::string(1, c);
  }
  auto r = read(bomb);
  REQUIRE(r->diagnostics.has_errors());
  CHECK(r->diagnostics.all()[0].check == "yaml-limit");
  CHECK(r->diagnostics.all()[0].message.find("alias") != std::string::npos);
}

TEST_CASE("read_yaml keeps the last value of a repeated key and warns") {
  auto r = read("a: 1\na: 2\n");
  REQUIRE(r->diagnostics.all().size() == 1);
  CHECK(r->diagnostics.all()[0].severity == model::Severity::warning);
  CHECK(r->diagnostics.all()[0].message ==
        "mapping key \"a\" already defined at line 1; the earlier value is ignored");
  CHECK(r->documents[0].root.find("a")->text == "2");
}
