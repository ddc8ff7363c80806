// Predicates (`filter(xs, # > 1)`), let, pipes, and time values in expressions.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/expr_eval.hpp"

#include "expr_case_runner.hpp"

namespace {

using expr::ExprValue;
using expr_test::Case;

expr::ExprEnv make_env() {
  expr::ExprEnv env;
  env.set("nums", ExprValue::array({ExprValue::integer(1), ExprValue::integer(2),
                                    ExprValue::integer(3), ExprValue::integer(4)}));
  env.set("words", ExprValue::array({ExprValue::string("apple"), ExprValue::string("banana"),
                                     ExprValue::string("cherry")}));
  env.set(
      "users",
      ExprValue::array(
          {ExprValue::map({{"name", ExprValue::string("ann")}, {"age", ExprValue::integer(30)}}),
           ExprValue::map({{"name", ExprValue::string("bob")}, {"age", ExprValue::integer(17)}})}));
  env.set("absent", ExprValue());
  env.set_clock([] { return expr_test::k_test_now; });
  return env;
}

const std::vector<Case> k_predicate_cases = {
    {"filter(nums, # > 2)", "[3,4]"},
    {"filter(nums, {# % 2 == 0})", "[2,4]"},
    {"map(nums, # * 10)", "[10,20,30,40]"},
    {"map(nums, #index)", "[0,1,2,3]"},
    {"map(users, .name)", R"(["ann","bob"])"},
    {"filter(users, .age >= 18)", R"([{"age":30,"name":"ann"}])"},
    {"map(users, #.name + '!')", R"(["ann!","bob!"])"},
    {"all(nums, # > 0)", "true"},
    {"all(nums, # > 1)", "false"},
    {"any(nums, # > 3)", "true"},
    {"none(nums, # > 4)", "true"},
    {"one(nums, # == 2)", "true"},
    {"one(nums, # > 2)", "false"},
    {"count(nums, # > 1)", "3"},
    {"count([true, false, true])", "2"},
    {"sum(nums)", "10"},
    {"sum(nums, # * 0.5)", "5"},
    {"find(nums, # > 2)", "3"},
    {"findIndex(nums, # > 2)", "2"},
    {"findLast(nums, # < 3)", "2"},
    {"findLastIndex(nums, # > 10)", "-1"},
    {"find(nums, # > 10) ?? 'none'", "none"},
    {"reduce(nums, #acc + #)", "10"},
    {"reduce(nums, #acc + #, 100)", "110"},
    {"reduce([], #acc + #)", "!reduce of empty array with no initial value"},
    {"sortBy(users, .age)", R"([{"age":17,"name":"bob"},{"age":30,"name":"ann"}])"},
    {"sortBy(nums, #, 'desc')", "[4,3,2,1]"},
    {"groupBy(nums, # % 2 == 0)", R"({"false":[1,3],"true":[2,4]})"},
    {"map(filter(nums, # > 1), {# * #})", "[4,9,16]"},
    {"map([[1, 2], [3]], len(#))", "[2,1]"},
    {"map([[1, 2], [3]], map(#, # * 10))", "[[10,20],[30]]"},
    {"filter(words, # startsWith 'b' || # endsWith 'y')", R"(["banana","cherry"])"},
    {"map(words, {let n = len(#); n * 2})", "[10,12,12]"},
    {"all(nums, #)", "!interface conversion: interface {} is int, not bool"},
    {"filter(absent, # > 1)", "!cannot use <nil> as argument (type []interface {}) to call filter"},
    {"map(nums, #acc)", "!unknown pointer #acc"},
};

const std::vector<Case> k_let_pipe_cases = {
    {"let x = 2; x * x", "4"},
    {"let a = 1; let b = a + 1; a + b", "3"},
    {"let nums = [9]; nums[0]", "9"},
    {"'hello' | upper()", "HELLO"},
    {"nums | sum()", "10"},
    {"words | join(',')", "apple,banana,cherry"},
    {"nums | filter(# > 1) | map(# + 1)", "[3,4,5]"},
    {"'  x ' | trim() | upper()", "X"},
};

const std::vector<Case> k_time_cases = {
    {"now()", "2024-03-05T06:07:08Z"},
    {"now() + duration('1h')", "2024-03-05T07:07:08Z"},
    {"duration('1h30m')", "5400000000000"},
    {"string(duration('1h30m'))", "1h30m0s"},
    {"string(duration('1.5s'))", "1.5s"},
    {"string(duration('250ms'))", "250ms"},
    {"duration('90s').Minutes()", "1.5"},
    {"(now() - date('2024-03-05T06:00:00Z')).Seconds()", "428"},
    {"now() - date('2024-03-05T06:00:00Z') > duration('5m')", "true"},
    {"date('2024-03-05') < now()", "true"},
    {"date('2024-03-05T06:07:08+01:00')", "2024-03-05T05:07:08Z"},
    {"date('2024-03-05 10:11:12')", "2024-03-05T10:11:12Z"},
    {"date('2024-03-05T10:11:12.5Z')", "2024-03-05T10:11:12.5Z"},
    {"date('10:11:12')", "!date 10:11:12 is out of range (flowrun supports 1678 to 2262)"},
    {"date('2024-03-05 10:11')", "!invalid date 2024-03-05 10:11"},
    {"now().Year()", "2024"},
    {"now().Unix()", "1709618828"},
    {"now().Format('2006-01-02 15:04:05 Mon Jan')", "2024-03-05 06:07:08 Tue Mar"},
    {"string(now())", "2024-03-05 06:07:08 +0000 UTC"},
    {"now().Sub(date('2024-03-04T06:07:08Z')).Hours()", "24"},
    {"duration('1d')", R"(!time: unknown unit "d" in duration "1d")"},
    {"duration('5')", R"(!time: missing unit in duration "5")"},
    {"date('05/03/2024')", "!invalid date 05/03/2024"},
    {"date('2024-03-05', 'layout')", "!not supported"},
    {"now().Nope()", "!type time.Time has no method Nope"},
    {"'x'.Seconds()", "!type string has no method Seconds"},
};

}  // namespace

TEST_CASE("expr predicates: filter, map, all, reduce and friends") {
  expr_test::run_cases(k_predicate_cases, make_env());
}

TEST_CASE("expr let bindings and pipes") {
  expr_test::run_cases(k_let_pipe_cases, make_env());
}

TEST_CASE("expr time values read the injected clock") {
  expr_test::run_cases(k_time_cases, make_env());
}

TEST_CASE("expr now() fails without a clock instead of reading the wall clock") {
  const auto result = expr::evaluate_expression("now()", expr::ExprEnv());
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message ==
        "failed to evaluate expression 'now()': now() is not available: no clock was given (1:1)");
}
