#include "expr/tag_scanner.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

using Paths = std::vector<std::string>;

TEST_CASE("scan_tags finds simple and expression tags with their offsets") {
  const std::string text = "a {{ inputs.parameters.x }} b {{=asInt(item) + 1}} c";
  const std::vector<expr::Tag> tags = expr::scan_tags(text);
  REQUIRE(tags.size() == 2);
  CHECK(tags[0].kind == expr::TagKind::simple);
  CHECK(tags[0].body == "inputs.parameters.x");
  CHECK(text.substr(tags[0].begin, tags[0].end - tags[0].begin) == "{{ inputs.parameters.x }}");
  CHECK(tags[1].kind == expr::TagKind::expression);
  CHECK(tags[1].body == "asInt(item) + 1");
  CHECK(tags[1].begin == 30);
}

TEST_CASE("scan_tags returns the innermost of nested tags and ignores unclosed ones") {
  const std::vector<expr::Tag> tags =
      expr::scan_tags("{{steps.{{inputs.parameters.s}}.outputs.result}} {{open");
  REQUIRE(tags.size() == 1);
  CHECK(tags[0].body == "inputs.parameters.s");
  CHECK(tags[0].begin == 8);
}

TEST_CASE("expression_references turns index syntax into dotted paths") {
  CHECK(expr::expression_references("steps['my-step'].outputs.result == 'x'") ==
        Paths{"steps.my-step.outputs.result"});
  CHECK(expr::expression_references(R"(inputs.parameters["a-b"] + tasks['t'].outputs['p'])") ==
        Paths{"inputs.parameters.a-b", "tasks.t.outputs.p"});
  CHECK(expr::expression_references("inputs.parameters[ 'x' ]") == Paths{"inputs.parameters.x"});
}

TEST_CASE("expression_references follows optional chaining") {
  CHECK(expr::expression_references("tasks.a?.outputs?.parameters?.['p'] ?? 'd'") ==
        Paths{"tasks.a.outputs.parameters.p"});
}

TEST_CASE("expression_references skips functions, strings, closures, keys and keywords") {
  CHECK(expr::expression_references(
            "sprig.trim(inputs.parameters.x) + toJson(filter(items, {#.a > 1 and .b}))") ==
        Paths{"inputs.parameters.x", "items"});
  CHECK(expr::expression_references(R"('steps.a' + "workflow.name" + `item`)").empty());
  CHECK(expr::expression_references("{name: item.n, 'k': workflow.name}") ==
        Paths{"item.n", "workflow.name"});
  CHECK(expr::expression_references("x in ['a'] && not y || z matches 'r' ? true : nil") ==
        Paths{"x", "y", "z"});
  CHECK(expr::expression_references("1.5 + 2e3 + len([1, 2])").empty());
}

TEST_CASE("expression_references skips names bound by let and fields after calls") {
  CHECK(expr::expression_references("let v = inputs.parameters.x; v + fromJSON(v).field") ==
        Paths{"inputs.parameters.x"});
  CHECK(expr::expression_references("jsonpath(a, '$.b').c + steps[inputs.parameters.s].id") ==
        Paths{"a", "steps", "inputs.parameters.s"});
}

TEST_CASE("expression_reference_spans gives where each name is written") {
  const std::string e = "asInt(inputs.parameters['n']) > 2 && item";
  const std::vector<expr::ExpressionReference> refs = expr::expression_reference_spans(e);
  REQUIRE(refs.size() == 2);
  CHECK(refs[0].path == "inputs.parameters.n");
  CHECK(e.substr(refs[0].begin, refs[0].end - refs[0].begin) == "inputs.parameters['n']");
  CHECK(refs[1].path == "item");
  CHECK(refs[1].begin == e.size() - 4);
  CHECK(refs[1].end == e.size());
}

TEST_CASE("expression_references copes with unterminated strings and brackets") {
  CHECK(expr::expression_references("inputs.parameters['x") == Paths{"inputs.parameters"});
  CHECK(expr::expression_references("f(a, 'b").size() == 1);
  CHECK(expr::expression_references("").empty());
}
