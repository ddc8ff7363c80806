#include "expr/substitute.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

expr::Scope make_scope() {
  expr::Scope scope;
  scope.set("inputs.parameters.x", "hello");
  scope.set("inputs.parameters.s", "gen");
  scope.set("inputs.parameters.q", "say \"hi\"\nthen {{inputs.parameters.x}}");
  scope.set("steps.gen.outputs.result", "42");
  scope.set("item", "{\"a\":1}");
  scope.set("workflow.name", "wf-1");
  scope.set("retries", "2");
  scope.set("empty", "");
  return scope;
}

struct Case {
  std::string input;
  std::string lenient;
  std::string strict;  // "!" + message when strict mode fails
};

}  // namespace

TEST_CASE("Scope binds, overwrites and finds names") {
  expr::Scope scope;
  CHECK(scope.find("a") == nullptr);
  scope.set("a", "1");
  scope.set("a", "2");
  REQUIRE(scope.find("a") != nullptr);
  CHECK(*scope.find("a") == "2");
  CHECK(scope.size() == 1);
}

TEST_CASE("Scope falls back to its parent, and its own bindings shadow the parent's") {
  expr::Scope globals;
  globals.set("workflow.name", "wf");
  globals.set("x", "global");
  expr::Scope locals(&globals);
  locals.set("x", "local");
  REQUIRE(locals.find("workflow.name") != nullptr);
  CHECK(*locals.find("workflow.name") == "wf");
  CHECK(*locals.find("x") == "local");
  CHECK(locals.size() == 1);
  locals.erase("x");
  CHECK(*locals.find("x") == "global");
  CHECK(locals.find("missing") == nullptr);
  CHECK(*expr::substitute("{{workflow.name}}/{{x}}", locals, expr::Mode::strict) == "wf/global");
}

TEST_CASE("substitute replaces known tags and treats unknown ones by mode") {
  const expr::Scope scope = make_scope();
  const std::vector<Case> cases = {
      {"", "", ""},
      {"no tags", "no tags", "no tags"},
      {"{{inputs.parameters.x}}", "hello", "hello"},
      {"a {{ inputs.parameters.x }} b", "a hello b", "a hello b"},
      {"{{\tworkflow.name\n}}", "wf-1", "wf-1"},
      {"{{item}}-{{retries}}", "{\"a\":1}-2", "{\"a\":1}-2"},
      {"[{{empty}}]", "[]", "[]"},
      // Raw values: quotes and newlines go in unescaped; inserted tags are not re-scanned.
      {"echo {{inputs.parameters.q}}", "echo say \"hi\"\nthen {{inputs.parameters.x}}",
       "echo say \"hi\"\nthen {{inputs.parameters.x}}"},
      // User tags are never ours, in either mode.
      {"{{foo}} {{ .Values }} {{items}} {{itemx}}", "{{foo}} {{ .Values }} {{items}} {{itemx}}",
       "{{foo}} {{ .Values }} {{items}} {{itemx}}"},
      {"x {{ inputs.parameters.nope }} y", "x {{ inputs.parameters.nope }} y",
       "!failed to resolve {{ inputs.parameters.nope }}"},
      {"{{steps.a.outputs.result}}", "{{steps.a.outputs.result}}",
       "!failed to resolve {{steps.a.outputs.result}}"},
      {"{{item.name}}", "{{item.name}}", "!failed to resolve {{item.name}}"},
      {"{{retries.x}}", "{{retries.x}}", "!failed to resolve {{retries.x}}"},
      {"{{outputs.parameters.p.path}}", "{{outputs.parameters.p.path}}",
       "!failed to resolve {{outputs.parameters.p.path}}"},
      {"{{pod.name}}", "{{pod.name}}", "!failed to resolve {{pod.name}}"},
      {"{{tasks.t.id}}", "{{tasks.t.id}}", "!failed to resolve {{tasks.t.id}}"},
      {"{{lastRetry.exitCode}}", "{{lastRetry.exitCode}}",
       "!failed to resolve {{lastRetry.exitCode}}"},
      {"{{node.name}}", "{{node.name}}", "!failed to resolve {{node.name}}"},
      {"{{workflow.uid}}", "{{workflow.uid}}", "!failed to resolve {{workflow.uid}}"},
      // Unclosed and odd braces.
      {"{{inputs.parameters.x", "{{inputs.parameters.x", "{{inputs.parameters.x"},
      {"}} {{inputs.parameters.x}}}", "}} hello}", "}} hello}"},
      {"{ {inputs.parameters.x} }", "{ {inputs.parameters.x} }", "{ {inputs.parameters.x} }"},
      {"{{}}", "{{}}", "{{}}"},
      // Nested tags: the inner tag completes the name of the outer one.
      {"r={{steps.{{inputs.parameters.s}}.outputs.result}}", "r=42", "r=42"},
      {"{{steps.{{ inputs.parameters.x }}.outputs.result}}!", "{{steps.hello.outputs.result}}!",
       "!failed to resolve {{steps.hello.outputs.result}}"},
      {"{{steps.{{inputs.parameters.zz}}.outputs.result}}",
       "{{steps.{{inputs.parameters.zz}}.outputs.result}}",
       "!failed to resolve {{steps.{{inputs.parameters.zz}}"},
      {"{{steps.{{inputs.parameters.s}}.outputs.result", "{{steps.gen.outputs.result",
       "{{steps.gen.outputs.result"},
      {"{{foo.{{inputs.parameters.s}}}}", "{{foo.gen}}", "{{foo.gen}}"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    auto lenient = expr::substitute(c.input, scope, expr::Mode::lenient);
    REQUIRE(lenient.ok());
    CHECK(*lenient == c.lenient);
    auto strict = expr::substitute(c.input, scope, expr::Mode::strict);
    if (c.strict.rfind('!', 0) == 0) {
      REQUIRE_FALSE(strict.ok());
      CHECK(strict.error().message == c.strict.substr(1));
      CHECK(strict.error().code == util::ErrorCode::invalid_input);
    } else {
      REQUIRE(strict.ok());
      CHECK(*strict == c.strict);
    }
  }
}

TEST_CASE("substitute reports the expression tags it leaves verbatim") {
  const expr::Scope scope = make_scope();
  // Lenient mode keeps an expression whose variables are not bound yet (a later pass may bind
  // them); expressions are evaluated otherwise (substitute_expr_test.cpp).
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"{{inputs.parameters.x}}", {}},
      {"{{=asInt(lastRetry.exitCode) + 1}} {{ = node.name }}",
       {"asInt(lastRetry.exitCode) + 1", "node.name"}},
      {"{{steps.{{=sprig.lower('A')}}.outputs.result}}", {"sprig.lower('A')"}},
  };
  for (const auto& [input, expressions] : cases) {
    CAPTURE(input);
    expr::SubstituteReport report;
    auto out = expr::substitute(input, scope, expr::Mode::lenient, &report);
    REQUIRE(out.ok());
    CHECK(report.expressions == expressions);
    if (!expressions.empty()) {
      CHECK(*out == input);
    }
  }
  auto mixed = expr::substitute("{{inputs.parameters.x}}:{{=1+1}}", scope, expr::Mode::strict);
  REQUIRE(mixed.ok());
  CHECK(*mixed == "hello:2");  // works without a report too
}

TEST_CASE("is_argo_variable recognises Argo's namespaces only") {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"item", true},
      {"item.a.b", true},
      {"items", false},
      {"retries", true},
      {"retriesx", false},
      {"steps.a", true},
      {"steps", false},
      {"inputs.parameters", true},
      {"outputs.result", true},
      {"pod.name", true},
      {"workflow.name", true},
      {"tasks.a.ip", true},
      {"lastRetry.status", true},
      {"node.name", true},
      {"foo", false},
      {".Values", false},
      {"Steps.a", false},
      {"", false},
  };
  for (const auto& [name, expected] : cases) {
    CAPTURE(name);
    CHECK(expr::is_argo_variable(name) == expected);
  }
}
