// expr's builtin functions and the functions Argo adds (asInt, asFloat, toJson, jsonpath).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/expr_eval.hpp"

#include "expr_case_runner.hpp"

namespace {

using expr::ExprValue;
using expr_test::Case;

expr::ExprEnv make_env() {
  auto env = expr::ExprEnv::from_strings({
      {"inputs.parameters.x", "3"},
      {"inputs.parameters.cfg", R"({"a": "1", "b": {"c": [10, 20, 30]}, "d": 1.5,)"
                                R"( "items": [{"n": "x", "v": 1}, {"n": "y", "v": 2}]})"},
      {"workflow.parameters.json", R"([{"name":"should-print","value":"true"}])"},
  });
  env.set("nums", ExprValue::array({ExprValue::integer(1), ExprValue::integer(2),
                                    ExprValue::integer(3), ExprValue::integer(4)}));
  env.set("m", ExprValue::map({{"a", ExprValue::integer(1)}, {"b", ExprValue::string("two")}}));
  return env;
}

const std::vector<Case> k_builtin_cases = {
    {"len('hello')", "5"},
    {"len(nums)", "4"},
    {"len(m)", "2"},
    {"len(1)", "!invalid argument for len (type int)"},
    {"abs(-3)", "3"},
    {"abs(-2.5)", "2.5"},
    {"ceil(1.2)", "2"},
    {"floor(1.8)", "1"},
    {"round(2.5)", "3"},
    {"round(-2.5)", "-3"},
    {"int('42')", "42"},
    {"int('-7')", "-7"},
    {"int(3.9)", "3"},
    {"int('4.2')", "!invalid operation: int(4.2)"},
    {"int(' 4')", "!invalid operation: int( 4)"},
    {"int(true)", "!invalid operation: int(bool)"},
    {"float('1.5')", "1.5"},
    {"float(2)", "2"},
    {"float('x')", "!invalid operation: float(x)"},
    {"string(1)", "1"},
    {"string(1.5)", "1.5"},
    {"string(true)", "true"},
    {"string([1, 'a'])", "[1 a]"},
    {"string({a: 1, b: [2]})", "map[a:1 b:[2]]"},
    {"string(nil)", "<nil>"},
    {"string(1000000.0)", "1e+06"},
    {"string(0.00001)", "1e-05"},
    {"string(123456.5)", "123456.5"},
    {"trim('  hi  ')", "hi"},
    {"trim('xxhixx', 'x')", "hi"},
    {"trimPrefix('prefix-body', 'prefix-')", "body"},
    {"trimSuffix('body.txt', '.txt')", "body"},
    {"upper('abc')", "ABC"},
    {"lower('ABC')", "abc"},
    {"split('a,b,c', ',')", R"(["a","b","c"])"},
    {"split('a,b,c', ',', 2)", R"(["a","b,c"])"},
    {"splitAfter('a,b', ',')", R"(["a,","b"])"},
    {"split('abc', '')", R"(["a","b","c"])"},
    {"replace('aaa', 'a', 'b')", "bbb"},
    {"repeat('ab', 3)", "ababab"},
    {"repeat('a', -1)", "!invalid argument for repeat (expected positive integer, got -1)"},
    {"replace('aaa', 'a', 'b', 2)", "bba"},
    {"indexOf('hello', 'l')", "2"},
    {"lastIndexOf('hello', 'l')", "3"},
    {"indexOf('hello', 'z')", "-1"},
    {"hasPrefix('hello', 'he')", "true"},
    {"hasSuffix('hello', 'xx')", "false"},
    {"join(['a', 'b'], '-')", "a-b"},
    {"join(['a', 'b'])", "ab"},
    {"join([1, 2], ',')", "!interface conversion: interface {} is int, not string"},
    {"keys(m)", R"(["a","b"])"},
    {"keys(1)", "!cannot get keys from int"},
    {"values(m)", R"([1,"two"])"},
    {"toPairs({b: 2, a: 1})", R"([["a",1],["b",2]])"},
    {"fromPairs([['k', 'v']])", R"({"k":"v"})"},
    {"first(nums)", "1"},
    {"last(nums)", "4"},
    {"first([]) ?? 'empty'", "empty"},
    {"get(m, 'b')", "two"},
    {"get(nums, 10) ?? 'none'", "none"},
    {"take(nums, 2)", "[1,2]"},
    {"max(1, 5, 3)", "5"},
    {"min(2.5, 1)", "1"},
    {"max(nums)", "4"},
    {"max('a')", "a"},
    {"max(1, 'a')", "!invalid argument for max (type string)"},
    {"mean([1, 2, 3, 4])", "2.5"},
    {"median([3, 1, 2])", "2"},
    {"sort([3, 1, 2])", "[1,2,3]"},
    {"sort(['b', 'a'], 'desc')", R"(["b","a"])"},
    {"reverse([1, 2, 3])", "[3,2,1]"},
    {"uniq([1, 1, 2])", "[1,2]"},
    {"concat([1], [2, 3])", "[1,2,3]"},
    {"flatten([1, [2, [3]]])", "[1,2,3]"},
    {"type(1)", "int"},
    {"type('a')", "string"},
    {"type(nil)", "nil"},
    {"toJSON({a: [1, 2]})", "{\n  \"a\": [\n    1,\n    2\n  ]\n}"},
    {"toJSON('a<b')", R"("a\u003cb")"},
    {R"(fromJSON('{"a": [1, 2.5]}').a[1])", "2.5"},
    {R"(fromJSON('{"a": 1}').a + 1)", "2"},
    {"fromJSON('nope')", "!invalid character"},
    {"toBase64('hello')", "aGVsbG8="},
    {"fromBase64('aGVsbG8=')", "hello"},
    {"fromBase64('!!')", "!illegal base64 data at input byte 0"},
    {"bitand(12, 10)", "8"},
    {"bitor(12, 10)", "14"},
    {"bitshl(1, 4)", "16"},
};

const std::vector<Case> k_argo_cases = {
    {"asInt('5') + 1", "6"},
    {"asInt(inputs.parameters.x) * 10", "30"},
    {"asInt('abc')", "!invalid operation: int(abc)"},
    {"asFloat('2.5') * 2", "5"},
    {"asFloat('1e3')", "1000"},
    {"toJson([1, 2])", "[1,2]"},
    {"toJson({b: 'x', a: [true, nil, 1.5]})", R"({"a":[true,null,1.5],"b":"x"})"},
    {"toJson('<&>')", R"("\u003c\u0026\u003e")"},
    {"toJson(filter([1, 3], {# > 1}))", "[3]"},
    {"jsonpath(inputs.parameters.cfg, '$.a')", "1"},
    {"jsonpath(inputs.parameters.cfg, '$.b.c[1]')", "20"},
    {"jsonpath(inputs.parameters.cfg, '$.b.c[-1]')", "30"},
    {R"(jsonpath(inputs.parameters.cfg, "$['b']['c'][0]"))", "10"},
    {"jsonpath(inputs.parameters.cfg, '$.b.c[*]')", "[10,20,30]"},
    {"jsonpath(inputs.parameters.cfg, '$.b.c[0:2]')", "[10,20]"},
    {"jsonpath(inputs.parameters.cfg, '$.items[*].n')", R"(["x","y"])"},
    {"jsonpath(inputs.parameters.cfg, '$.items[?(@.v > 1)].n')", R"(["y"])"},
    {R"(jsonpath(inputs.parameters.cfg, '$.items[?(@.n == "x")]'))", R"([{"n":"x","v":1}])"},
    {"jsonpath(inputs.parameters.cfg, '$.items[0,1].v')", "[1,2]"},
    {"jsonpath(inputs.parameters.cfg, '$..n')", R"(["x","y"])"},
    {"jsonpath(inputs.parameters.cfg, '$.d') * 2", "3"},
    {"jsonpath(inputs.parameters.cfg, '$')",
     R"({"a":"1","b":{"c":[10,20,30]},"d":1.5,"items":[{"n":"x","v":1},{"n":"y","v":2}]})"},
    {"jsonpath(inputs.parameters.cfg, '$.missing')", "!key: invalid token key 'missing' not found"},
    {"jsonpath(inputs.parameters.cfg, '$.b.c[7]')", "!index: invalid token out of range"},
    {"jsonpath('not json', '$')", "!invalid character"},
    {"jsonpath(workflow.parameters.json, '$[0].value')", "true"},
    {"jsonpath(1, '$')", "!reflect: Call using int as type string"},
};

}  // namespace

TEST_CASE("expr builtins") {
  expr_test::run_cases(k_builtin_cases, make_env());
}

TEST_CASE("Argo's expression helpers: asInt, asFloat, toJson, jsonpath") {
  expr_test::run_cases(k_argo_cases, make_env());
}
