// ExprEnv (Argo's nesting of dotted names), result rendering, referenced variables, and the
// Go formatting of values.
#include "expr/expr_env.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/expr_eval.hpp"
#include "expr/expr_value.hpp"

#include "expr_case_runner.hpp"

using expr::ExprEnv;
using expr::ExprValue;

TEST_CASE("ExprEnv nests dotted names and drops a parent that has children, like Argo") {
  // Argo's util/expand test: "a" conflicts with "a.b" and "a.c.d" and is dropped.
  const auto env =
      ExprEnv::from_strings({{"a.b", "1"}, {"a.c.d", "2"}, {"a", "3"}, {"ab", "4"}, {"abb", "5"}});
  expr_test::run_cases({{"a", R"({"b":"1","c":{"d":"2"}})"},
                        {"a.c.d", "2"},
                        {"ab", "4"},
                        {"abb", "5"},
                        {"type(a.b)", "string"}},
                       env);
}

TEST_CASE("ExprEnv: a map item and the JSON form of parameters") {
  const auto env = ExprEnv::from_strings({
      {"item", R"({"a":"1","b":"x"})"},
      {"item.a", "1"},
      {"item.b", "x"},
      {"inputs.parameters", R"([{"name":"p","value":"v"}])"},
      {"inputs.parameters.p", "v"},
      {"pod.name", "wf-pod"},
      {"pod.name", "wf-pod-2"},  // a later duplicate wins
  });
  expr_test::run_cases({{"item.a + item.b", "1x"},
                        {"item", R"({"a":"1","b":"x"})"},
                        {"inputs.parameters.p", "v"},
                        {"pod.name", "wf-pod-2"}},
                       env);
}

TEST_CASE("ExprEnv::from_scope flattens a scope chain, inner bindings winning") {
  expr::Scope globals;
  globals.set("workflow.name", "wf");
  globals.set("inputs.parameters.x", "outer");
  expr::Scope locals(&globals);
  locals.set("inputs.parameters.x", "inner");
  const auto env = ExprEnv::from_scope(locals);
  expr_test::run_cases({{"workflow.name", "wf"}, {"inputs.parameters.x", "inner"}}, env);
}

TEST_CASE("ExprEnv::set stores typed values at dotted paths") {
  auto env = ExprEnv::from_strings({{"response.body", "ok"}, {"request.url", "http://x"}});
  env.set("response.statusCode", ExprValue::integer(200));
  env.set("request.url.host", ExprValue::string("x"));  // replaces the string with a map
  env.set("retries", ExprValue::integer(1));
  expr_test::run_cases({{"response.statusCode + 1", "201"},
                        {"response.body", "ok"},
                        {"request.url", R"({"host":"x"})"},
                        {"retries * 2", "2"}},
                       env);
  REQUIRE(env.find("response") != nullptr);
  CHECK(env.find("nope") == nullptr);
}

TEST_CASE("unknown names fail by default and are nil with UndefinedNames::nil") {
  ExprEnv env;
  expr_test::run_cases({{"foo", "!unknown name foo (1:1)"},
                        {"1 + bar", "!unknown name bar (1:5)"},
                        {"let foo = 1; foo", "1"}},
                       env);
  env.set_undefined_names(expr::UndefinedNames::nil);
  expr_test::run_cases({{"foo ?? 'x'", "x"},
                        {"foo == nil", "true"},
                        // `??` makes its left chain nil-safe (Argo's skipped-output
                        // fallbacks), so a member of a nil is nil there.
                        {"foo.bar ?? 'y'", "y"},
                        {"foo.bar", "!cannot fetch bar from <nil>"}},
                       env);
}

TEST_CASE("render_expression_result inserts strings raw and JSON-encodes the rest") {
  using expr::render_expression_result;
  CHECK(*render_expression_result(ExprValue::string("a \"b\""), "e") == "a \"b\"");
  CHECK(*render_expression_result(ExprValue::integer(2), "e") == "2");
  CHECK(*render_expression_result(ExprValue::floating(2.5), "e") == "2.5");
  CHECK(*render_expression_result(ExprValue::boolean(true), "e") == "true");
  CHECK(*render_expression_result(ExprValue::time(0), "e") == "1970-01-01T00:00:00Z");
  const auto nil = render_expression_result(ExprValue(), "steps.a.outputs.result");
  REQUIRE_FALSE(nil.ok());
  CHECK(nil.error().message == R"(failed to evaluate expression "steps.a.outputs.result")");
  const auto nan =
      render_expression_result(ExprValue::floating(std::numeric_limits<double>::quiet_NaN()), "e");
  REQUIRE_FALSE(nan.ok());
  CHECK(nan.error().message ==
        "failed to marshal evaluated expression: json: unsupported value: NaN");
}

TEST_CASE("referenced_variables lists identifiers and member paths like Argo's check") {
  const auto refs = expr::referenced_variables(
      "steps.a.outputs.result == inputs.parameters['my-p'] && sprig.trim(x) != '' && "
      "all(list, #.ok) && (let v = 1; v > 0)");
  REQUIRE(refs.ok());
  const std::vector<std::string> expected = {
      "steps",  "steps.a",           "steps.a.outputs",        "steps.a.outputs.result",
      "inputs", "inputs.parameters", "inputs.parameters.my-p", "x",
      "list"};
  CHECK(*refs == expected);
  CHECK_FALSE(expr::referenced_variables("a +").ok());
}

TEST_CASE("check_expression_syntax parses without evaluating") {
  CHECK(expr::check_expression_syntax("unknown.name(1) + x").ok());
  const auto bad = expr::check_expression_syntax("a +* b");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message ==
        R"(cannot parse expression 'a +* b': unexpected token Operator("*") (1:4))");
}

TEST_CASE("Go formatting of floats: %v and encoding/json") {
  const std::vector<std::pair<double, std::string>> go_v = {
      {1e6, "1e+06"},  {123456, "123456"},
      {1e-5, "1e-05"}, {0.0001, "0.0001"},
      {1.5, "1.5"},    {100, "100"},
      {1e21, "1e+21"}, {-2.5e-7, "-2.5e-07"},
      {0, "0"},        {1234567.5, "1.2345675e+06"}};
  for (const auto& [value, text] : go_v) {
    CHECK(expr::format_go_float(value) == text);
  }
  CHECK(expr::format_go_float(std::numeric_limits<double>::infinity()) == "+Inf");
  const std::vector<std::pair<double, std::string>> json = {
      {1e21, "1e+21"}, {1e20, "100000000000000000000"},
      {1e-7, "1e-7"},  {0.000001, "0.000001"},
      {35.8, "35.8"},  {-0.5, "-0.5"}};
  for (const auto& [value, text] : json) {
    CHECK(*expr::to_json(ExprValue::floating(value), expr::JsonLayout::compact) == text);
  }
}

TEST_CASE("Go formatting of composite values") {
  const ExprValue value =
      ExprValue::map({{"b", ExprValue::array({ExprValue::integer(1), ExprValue::string("<x>")})},
                      {"a", ExprValue()}});
  CHECK(expr::format_go_value(value) == "map[a:<nil> b:[1 <x>]]");
  CHECK(*expr::to_json(value, expr::JsonLayout::compact) ==
        R"({"a":null,"b":[1,"\u003cx\u003e"]})");
  CHECK(*expr::to_json(ExprValue::array({}), expr::JsonLayout::indented) == "[]");
  CHECK(expr::quote_go_string("a\"b\n\x01") == R"("a\"b\n\x01")");
  CHECK(expr::go_type_name(ExprValue::array({})) == "[]interface {}");
}
