// The expression language itself: literals, operators and precedence, member access, errors
// and their positions. Expected values are what Argo inserts for a `{{=` tag.
#include "expr/expr_eval.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr_case_runner.hpp"

namespace {

using expr::ExprValue;
using expr_test::Case;

expr::ExprEnv make_env() {
  auto env = expr::ExprEnv::from_strings({
      {"inputs.parameters.x", "3"},
      {"inputs.parameters.name", "world"},
      {"inputs.parameters.my-param", "dash"},
      {"inputs.parameters.list", "[1,2,3]"},
      {"steps.flip-coin.outputs.result", "heads"},
      {"workflow.name", "wf-abc"},
  });
  env.set("nums", ExprValue::array({ExprValue::integer(1), ExprValue::integer(2),
                                    ExprValue::integer(3), ExprValue::integer(4)}));
  env.set("m", ExprValue::map({{"a", ExprValue::integer(1)}, {"b", ExprValue::string("two")}}));
  env.set("absent", ExprValue());
  env.set(
      "users",
      ExprValue::array(
          {ExprValue::map({{"name", ExprValue::string("ann")}, {"age", ExprValue::integer(30)}}),
           ExprValue::map({{"name", ExprValue::string("bob")}, {"age", ExprValue::integer(17)}})}));
  env.set_clock([] { return expr_test::k_test_now; });
  return env;
}

const std::vector<Case> k_literal_cases = {
    {"1", "1"},
    {"-7", "-7"},
    {"1.5", "1.5"},
    {"1e3", "1000"},
    {"2.5e-1", "0.25"},
    {"1_000_000", "1000000"},
    {"0x1F", "31"},
    {"0o17", "15"},
    {"0b101", "5"},
    {"'single'", "single"},
    {R"("double")", "double"},
    {R"("tab\there")", "tab\there"},
    {R"('it\'s')", "it's"},
    {R"("\u00e9\x41")",
     "\xc3\xa9"
     "A"},
    {"`raw \\n text`", "raw \\n text"},
    {"true", "true"},
    {"false", "false"},
    {"nil", R"(!failed to evaluate expression "nil")"},
    {"[1, 'a', true]", R"([1,"a",true])"},
    {"[]", "[]"},
    {"[1, 2,]", "[1,2]"},
    {R"({a: 1, "b c": 2})", R"({"a":1,"b c":2})"},
    {"{b: 1, a: 2}", R"({"a":2,"b":1})"},
    {"{(1 + 1): 'two', 3: 'three'}", R"({"2":"two","3":"three"})"},
    {"1 + /* two */ 2 // the end", "3"},
    {"1 +\n  2", "3"},
};

const std::vector<Case> k_operator_cases = {
    {"1 + 2 * 3", "7"},
    {"(1 + 2) * 3", "9"},
    {"10 / 4", "2.5"},
    {"10 / 5", "2"},
    {"7 % 3", "1"},
    {"-7 % 3", "-1"},
    {"2 ** 10", "1024"},
    {"2 ^ 3 ^ 2", "512"},
    {"-2 ** 2", "-4"},
    {"+3", "3"},
    {"1 + 2.5", "3.5"},
    {"0.1 + 0.2", "0.30000000000000004"},
    {"'a' + 'b'", "ab"},
    {"9223372036854775807 + 1", "-9223372036854775808"},
    {"1 / 0", "!failed to marshal evaluated expression: json: unsupported value: +Inf"},
    {"1 % 0", "!runtime error: integer divide by zero (1:3)"},
    {"1.5 % 1", "!invalid operation: float64 % int"},
    {"1 + 'a'", "!failed to evaluate expression '1 + 'a'': invalid operation: int + string (1:3)"},
    {"'a' - 'b'", "!invalid operation: string - string"},
    {"- 'a'", "!invalid operation: - string"},
    {"1 == 1.0", "true"},
    {"1 != 2", "true"},
    {"'abc' < 'abd'", "true"},
    {"'10' < '9'", "true"},
    {"2 > 1.5", "true"},
    {"3 >= 3", "true"},
    {"2 <= 1", "false"},
    {"'1' == 1", "false"},
    {"nil == nil", "true"},
    {"absent == nil", "true"},
    {"absent == ''", "false"},
    {"[1, 2] == [1, 2]", "true"},
    {"{a: 1} == {a: 1}", "true"},
    {"1 < 'a'", "!invalid operation: int < string"},
    {"1 < 2 < 3", "true"},
    {"1 < 5 < 3", "false"},
    {"3 > 2 > 1", "true"},
    {"1 == 1 == true", "false"},
    {"0 <= 2 < 2", "false"},
    {"true && false", "false"},
    {"true and true", "true"},
    {"false || true", "true"},
    {"false or false", "false"},
    {"!true", "false"},
    {"not false", "true"},
    {"!(1 == 2)", "true"},
    {"!1 == 2", "!interface conversion: interface {} is int, not bool"},
    {"true || (1 + 'a' == 2)", "true"},
    {"false && nope", "!unknown name nope (1:10)"},
    {"1 && true", "!interface conversion: interface {} is int, not bool"},
    {"!'x'", "!interface conversion: interface {} is string, not bool"},
    {"1 > 2 ? 'a' : 'b'", "b"},
    {"false ? 1 : true ? 2 : 3", "2"},
    {"true ?: false", "true"},
    {"'x' ? 1 : 2", "!interface conversion: interface {} is string, not bool"},
    {"absent ?? 'fallback'", "fallback"},
    {"inputs.parameters.x ?? 'fallback'", "3"},
    {"inputs.parameters.missing ?? 'fb'", "fb"},
    // The left side's chain is nil-safe: a skipped step has no `outputs` at all.
    {"inputs.nothing.deeper.still ?? 'fb'", "fb"},
    {"inputs.nothing.deeper", "!cannot fetch deeper from <nil>"},
    {"absent ?? absent ?? 5", "5"},
    {"'' ?? 'fb'", ""},
    {"(absent ?? 1) + 1", "2"},
    {"absent ?? 1 + 1",
     "!Operator (+) and coalesce expressions (?"
     "?) cannot be mixed. Wrap either by parentheses. "
     "(1:13)"},
    {"absent ?? 'a' == 'a'",
     "!Operator (==) and coalesce expressions (?"
     "?) cannot be mixed"},
    {"(absent ?? 'a') == 'a'", "true"},
    {"absent + '-suffix'", "!invalid operation: <nil> + string"},
    {"'hello' contains 'ell'", "true"},
    {"'hello' startsWith 'he'", "true"},
    {"'hello' endsWith 'lo'", "true"},
    {"'hello' not contains 'z'", "true"},
    {"'pod deleted' matches 'imminent node shutdown|pod deleted'", "true"},
    {"'abc' matches '^b'", "false"},
    {"'ABC' matches '(?i)abc'", "true"},
    {"'abc' not matches 'x'", "true"},
    {"'abc' matches '['", "!error parsing regexp"},
    {"1 contains 'a'", "!invalid operation: contains (mismatched types int and string)"},
    {"2 in [1, 2, 3]", "true"},
    {"2.0 in [1, 2]", "true"},
    {"'a' in {a: 1}", "true"},
    {"'z' not in {a: 1}", "true"},
    {"'x' in absent", "false"},
    {"'a' in 'abc'", R"(!operator "in" not defined on string)"},
    {"1..3", "[1,2,3]"},
    {"3..1", "[]"},
    {"1.5..3", "!invalid operation: float64 .. int"},
};

const std::vector<Case> k_member_cases = {
    {"inputs.parameters.x", "3"},
    {"inputs.parameters['my-param']", "dash"},
    {"inputs['parameters'].name", "world"},
    {"inputs.parameters", R"({"list":"[1,2,3]","my-param":"dash","name":"world","x":"3"})"},
    {"steps['flip-coin'].outputs.result", "heads"},
    {"workflow.name", "wf-abc"},
    {"m.b", "two"},
    {"m['a']", "1"},
    {"m.missing", R"(!failed to evaluate expression "m.missing")"},
    {"m.missing ?? 'none'", "none"},
    {"nums[0]", "1"},
    {"nums[-1]", "4"},
    {"nums[4]", "!index out of range: 4 (array length is 4) (1:5)"},
    {"nums[1:3]", "[2,3]"},
    {"nums[:2]", "[1,2]"},
    {"nums[2:]", "[3,4]"},
    {"nums[-2:]", "[3,4]"},
    {"nums[3:1]", "[]"},
    {"nums[1:99]", "[2,3,4]"},
    {"'hello'[1:3]", "el"},
    {"'abc'[0]", "97"},
    {"inputs.parameters.x.y", "!cannot fetch y from string (1:21)"},
    {"absent.field", "!cannot fetch field from <nil>"},
    {"absent?.field ?? 'safe'", "safe"},
    {"absent?.a.b.c ?? 'chain'", "chain"},
    {"absent?.[0] ?? 'index'", "index"},
    {"m?.b", "two"},
    {"users[1].name", "bob"},
    {"users[0]['age'] + 1", "31"},
    {"nums['a']", "!cannot fetch a from []interface {}"},
};

const std::vector<Case> k_error_cases = {
    {"a +* b", R"(!cannot parse expression 'a +* b': unexpected token Operator("*") (1:4))"},
    {"(1 + 2", "!unexpected token EOF (1:7)"},
    {"1 +", "!unexpected token EOF (1:4)"},
    {"'abc", "!literal not terminated (1:1)"},
    {"1 @ 2", "!unrecognized character: U+0040 '@' (1:3)"},
    {"# > 1", "!cannot use pointer accessor outside predicate (1:1)"},
    {"[1, 2", "!unexpected token EOF (1:6)"},
    {"", "!cannot parse expression '': unexpected token EOF (1:1)"},
    {"1 2", R"(!unexpected token Number("2") (1:3))"},
    {"1 +\n  * 2", R"(!unexpected token Operator("*") (2:3))"},
    {"filter(nums)", "!expected at least 2 arguments"},
    {"99999999999999999999", "!invalid integer literal"},
    {"{1 + 2: 3}", R"(!unexpected token Operator("+") (1:4))"},
    {"a.", "!expected name (1:3)"},
    {"{[1]: 2}", "!a map key must be a quoted string, a number, a identifier"},
    {"'\\q'", "!invalid char escape"},
    {"1.foo", "!bad number syntax"},
    {"nums[0] + 'x'", "!invalid operation: int + string (1:9)"},
    {"upper(1)", "!cannot use int as argument (type string) to call upper (1:1)"},
    {"unknownFn(1)", "!unknown func unknownFn (1:1)"},
    {"foo.bar", "!failed to evaluate expression 'foo.bar': unknown name foo (1:1)"},
    {"len()", "!not enough arguments to call len"},
    {"len(1, 2)", "!too many arguments to call len"},
    {"\"h\xc3\xa9llo\" + 1", "!invalid operation: string + int (1:9)"},
    {"m.b.c.d", "!cannot fetch c from string"},
    {"1 |", "!unexpected token EOF"},
};

}  // namespace

TEST_CASE("expr literals render as Argo inserts them") {
  expr_test::run_cases(k_literal_cases, make_env());
}

TEST_CASE("expr operators follow expr's semantics and precedence") {
  expr_test::run_cases(k_operator_cases, make_env());
}

TEST_CASE("expr member access, indexes, slices and optional chains") {
  expr_test::run_cases(k_member_cases, make_env());
}

TEST_CASE("expr errors name the expression and the line:column") {
  expr_test::run_cases(k_error_cases, make_env());
}

TEST_CASE("expr refuses absurd nesting instead of overflowing the stack") {
  const std::string deep = std::string(5000, '(') + "1" + std::string(5000, ')');
  const auto result = expr::evaluate_expression(deep, make_env());
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error().message, Catch::Matchers::Contains("nested too deeply"));
}
