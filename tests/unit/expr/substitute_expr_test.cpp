// substitute() on `{{=...}}` expression tags (spec 4.8): evaluation over the scope chain,
// rendering, strict failures, and lenient deferral to a later pass.
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/substitute.hpp"

namespace {

expr::Scope make_globals() {
  expr::Scope globals;
  globals.set("workflow.name", "wf-1");
  globals.set("workflow.parameters.json", "[]");
  return globals;
}

void bind_inputs(expr::Scope& scope) {
  scope.set("inputs.parameters.x", "hello");
  scope.set("inputs.parameters.n", "3");
  scope.set("inputs.parameters.q", "{{inputs.parameters.x}}");
  scope.set("steps.gen.outputs.result", "42");
}

struct Case {
  std::string input;
  std::string expected;  // "!" + message when substitution fails
};

void check_cases(const std::vector<Case>& cases, const expr::Scope& scope, expr::Mode mode) {
  for (const Case& c : cases) {
    CAPTURE(c.input);
    auto out = expr::substitute(c.input, scope, mode);
    if (c.expected.rfind('!', 0) == 0) {
      REQUIRE_FALSE(out.ok());
      CHECK(out.error().message == c.expected.substr(1));
      CHECK(out.error().code == util::ErrorCode::invalid_input);
    } else {
      REQUIRE(out.ok());
      CHECK(*out == c.expected);
    }
  }
}

}  // namespace

TEST_CASE("substitute evaluates expression tags over the scope chain (strict)") {
  const expr::Scope globals = make_globals();
  expr::Scope scope(&globals);
  bind_inputs(scope);
  check_cases(
      {
          {"{{=inputs.parameters.x + '!'}}", "hello!"},
          {"n={{= asInt(inputs.parameters.n) * 2 }}", "n=6"},
          {"{{=asInt(inputs.parameters.n) > 2}}", "true"},
          {"{{=[1, asFloat(inputs.parameters.n) / 2]}}", "[1,1.5]"},
          {"{{={'a': inputs.parameters.x} }}", "{\"a\":\"hello\"}"},
          {"{{=inputs.parameters['x']}}/{{workflow.name}}", "hello/wf-1"},
          {"{{=sprig.upper(workflow.name)}}", "WF-1"},
          {"{{=steps.gen.outputs.result == '42' ? 'yes' : 'no'}}", "yes"},
          // The inserted value is not re-scanned.
          {"{{=inputs.parameters.q}}", "{{inputs.parameters.x}}"},
          {"{{=foo + 1}}", "!failed to evaluate expression 'foo + 1': unknown name foo (1:1)"},
          {"{{=inputs.parameters.nope}}",
           "!failed to evaluate expression \"inputs.parameters.nope\""},
          {"{{=asInt(inputs.parameters.x)}}",
           "!failed to evaluate expression 'asInt(inputs.parameters.x)': invalid operation: "
           "int(hello) (1:1)"},
      },
      scope, expr::Mode::strict);
}

TEST_CASE("substitute keeps an expression whose variables are not bound yet (lenient)") {
  const expr::Scope globals = make_globals();
  expr::Scope scope(&globals);
  bind_inputs(scope);
  check_cases(
      {
          {"{{=inputs.parameters.x + '!'}}", "hello!"},
          {"{{=item + 'x'}}", "{{=item + 'x'}}"},
          {"{{ =inputs.parameters.x + lastRetry.status }}",
           "{{ =inputs.parameters.x + lastRetry.status }}"},
          // Every variable is bound: a failure is an error even in lenient mode.
          {"{{=asInt(workflow.name)}}",
           "!failed to evaluate expression 'asInt(workflow.name)': invalid operation: "
           "int(wf-1) (1:1)"},
      },
      scope, expr::Mode::lenient);
  // The strict mode fails on what lenient mode keeps.
  check_cases(
      {{"{{=item + 'x'}}", "!failed to evaluate expression 'item + 'x'': unknown name item (1:1)"}},
      scope, expr::Mode::strict);
}

TEST_CASE("substitute evaluates an input expression in the second of Argo's two passes") {
  const expr::Scope globals = make_globals();
  expr::Scope locals(&globals);
  locals.set("pod.name", "wf-1-main-1");
  expr::Scope inputs;
  bind_inputs(inputs);
  const std::string text = "{{pod.name}} {{=inputs.parameters.x + '!'}} {{=workflow.name}}";
  expr::SubstituteReport report;
  auto first = expr::substitute(text, locals, expr::Mode::lenient, &report);
  REQUIRE(first.ok());
  CHECK(*first == "wf-1-main-1 {{=inputs.parameters.x + '!'}} wf-1");
  CHECK(report.expressions == std::vector<std::string>{"inputs.parameters.x + '!'"});
  auto second = expr::substitute(*first, inputs, expr::Mode::lenient);
  REQUIRE(second.ok());
  CHECK(*second == "wf-1-main-1 hello! wf-1");
}

TEST_CASE("substitute leaves an expression completing a nested tag verbatim") {
  expr::Scope scope;
  bind_inputs(scope);
  for (const expr::Mode mode : {expr::Mode::lenient, expr::Mode::strict}) {
    expr::SubstituteReport report;
    auto out =
        expr::substitute("{{steps.{{=sprig.lower('A')}}.outputs.result}}", scope, mode, &report);
    REQUIRE(out.ok());
    CHECK(*out == "{{steps.{{=sprig.lower('A')}}.outputs.result}}");
    CHECK(report.expressions == std::vector<std::string>{"sprig.lower('A')"});
  }
}
