// sprig functions as Argo exposes them (`sprig.<fn>`): sprig's argument order, its loose
// conversions, and its habit of returning zero values instead of errors.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/expr_eval.hpp"

#include "expr_case_runner.hpp"

namespace {

using expr_test::Case;

expr::ExprEnv make_env() {
  auto env = expr::ExprEnv::from_strings({
      {"inputs.parameters.padded", "  padded  "},
      {"retries", "2"},
      {"workflow.creationTimestamp", "2018-08-23T05:42:49Z"},
  });
  env.set("absent", expr::ExprValue());
  env.set_clock([] { return expr_test::k_test_now; });
  return env;
}

const std::vector<Case> k_string_cases = {
    {"sprig.trim('  x  ')", "x"},
    {"sprig.trim(inputs.parameters.padded)", "padded"},
    {"sprig.trimAll('$', '$$5.00$')", "5.00"},
    {"sprig.trimPrefix('pre-', 'pre-fix')", "fix"},
    {"sprig.trimSuffix('.yaml', 'a.yaml')", "a"},
    {"sprig.upper('abc')", "ABC"},
    {"sprig.lower('ABC')", "abc"},
    {"sprig.title('hello wide world')", "Hello Wide World"},
    {"sprig.repeat(3, 'ab')", "ababab"},
    {"sprig.substr(1, 3, 'hello')", "el"},
    {"sprig.substr(-1, 2, 'hello')", "he"},
    {"sprig.substr(2, 99, 'hello')", "llo"},
    {"sprig.replace(' ', '-', 'a b c')", "a-b-c"},
    {"sprig.contains('cat', 'catch')", "true"},
    {"sprig.hasPrefix('ca', 'cat')", "true"},
    {"sprig.hasSuffix('at', 'cat')", "true"},
    {R"(sprig.quote('a"b'))", R"("a\"b")"},
    {"sprig.quote('a', 1)", R"("a" "1")"},
    {"sprig.squote('x')", "'x'"},
    {"sprig.cat('a', 1, nil, true)", "a 1 true"},
    {R"(sprig.indent(2, "a\nb"))", "  a\n  b"},
    {"sprig.nindent(2, 'a')", "\n  a"},
    {"sprig.trunc(3, 'hello')", "hel"},
    {"sprig.trunc(-2, 'hello')", "lo"},
    {"sprig.abbrev(5, 'hello world')", "he..."},
    {"sprig.nospace(' a b ')", "ab"},
    {"sprig.splitList(',', 'a,b')", R"(["a","b"])"},
    {"sprig.split(',', 'a,b')", R"({"_0":"a","_1":"b"})"},
    {"sprig.join('-', ['a', 1])", "a-1"},
    {"sprig.sortAlpha(['b', 'a', 'c'])", R"(["a","b","c"])"},
    {"sprig.plural('file', 'files', 2)", "files"},
    {"sprig.toString(12)", "12"},
    {"sprig.toStrings([1, 'a', nil])", R"(["1","a"])"},
    {"sprig.atoi('42')", "42"},
    {"sprig.atoi('4x')", "0"},
    {"sprig.int('0x10')", "16"},
    {"sprig.int('3.0')", "3"},
    {"sprig.int('abc')", "0"},
    {"sprig.int(retries)", "2"},
    {"sprig.int64(2.9)", "2"},
    {"sprig.float64('2.5')", "2.5"},
    {"sprig.float64('x')", "0"},
    {"sprig.trim(1)", "!reflect: Call using int as type string"},
    {"sprig.repeat('3', 'a')", "!reflect: Call using string as type int"},
    {"sprig.nosuch(1)", "!unknown sprig function nosuch"},
};

const std::vector<Case> k_data_cases = {
    {"sprig.list(1, 'a')", R"([1,"a"])"},
    {"sprig.first([1, 2])", "1"},
    {"sprig.last([1, 2])", "2"},
    {"sprig.rest([1, 2, 3])", "[2,3]"},
    {"sprig.initial([1, 2, 3])", "[1,2]"},
    {"sprig.append([1], 2)", "[1,2]"},
    {"sprig.prepend([1], 0)", "[0,1]"},
    {"sprig.concat([1], [2], [3])", "[1,2,3]"},
    {"sprig.reverse([1, 2, 3])", "[3,2,1]"},
    {"sprig.uniq([1, 1, 2])", "[1,2]"},
    {"sprig.has(2, [1, 2])", "true"},
    {"sprig.has(2, [1.0, 2.0])", "false"},
    {"sprig.without([1, 2, 3], 2)", "[1,3]"},
    {"sprig.compact([1, '', nil, 0, 'x'])", R"([1,"x"])"},
    {"sprig.slice([1, 2, 3, 4], 1, 3)", "[2,3]"},
    {"sprig.until(3)", "[0,1,2]"},
    {"sprig.first('abc')", "!Cannot find first on type string"},
    {"sprig.dict('a', 1, 'b', 'x')", R"({"a":1,"b":"x"})"},
    {"sprig.get(sprig.dict('a', 1), 'a')", "1"},
    {"sprig.get(sprig.dict('a', 1), 'z')", ""},
    {"sprig.set(sprig.dict('a', 1), 'b', 2)", R"({"a":1,"b":2})"},
    {"sprig.unset({a: 1, b: 2}, 'a')", R"({"b":2})"},
    {"sprig.hasKey(sprig.dict('a', 1), 'a')", "true"},
    {"sprig.keys(sprig.dict('b', 1, 'a', 2))", R"(["a","b"])"},
    {"sprig.values(sprig.dict('b', 1, 'a', 2))", "[2,1]"},
    {"sprig.pluck('a', sprig.dict('a', 1), sprig.dict('a', 2), sprig.dict('b', 3))", "[1,2]"},
    {"sprig.merge({a: 1, n: {x: 1}}, {a: 2, b: 3, n: {y: 2}})",
     R"({"a":1,"b":3,"n":{"x":1,"y":2}})"},
    {"sprig.mergeOverwrite({a: 1}, {a: 2})", R"({"a":2})"},
    {"sprig.pick({a: 1, b: 2}, 'a')", R"({"a":1})"},
    {"sprig.omit({a: 1, b: 2}, 'a')", R"({"b":2})"},
    {"sprig.get('x', 'a')", "!reflect: Call using string as type map[string]interface {}"},
    {"sprig.add(1, 2, '3')", "6"},
    {"sprig.add(1.9, 1)", "2"},
    {"sprig.add1(41)", "42"},
    {"sprig.sub(5, 3)", "2"},
    {"sprig.mul(2, 3, 4)", "24"},
    {"sprig.div(7, 2)", "3"},
    {"sprig.div(1, 0)", "!runtime error: integer divide by zero"},
    {"sprig.mod(7, 3)", "1"},
    {"sprig.max(3, 9, 1)", "9"},
    {"sprig.min(3, 9, 1)", "1"},
    {"sprig.floor(1.7)", "1"},
    {"sprig.ceil(1.2)", "2"},
    {"sprig.round(3.14159, 2)", "3.14"},
    {"sprig.add(2, 3) / 2", "2.5"},
};

const std::vector<Case> k_other_cases = {
    {"sprig.b64enc('hello')", "aGVsbG8="},
    {"sprig.b64dec('aGVsbG8=')", "hello"},
    {"sprig.b64dec('%%%')", "illegal base64 data at input byte 0"},
    {"sprig.toJson({a: 1})", R"({"a":1})"},
    {"sprig.toPrettyJson([1])", "[\n  1\n]"},
    {R"(sprig.fromJson('{"a": 2}').a)", "2"},
    {"sprig.fromJson('bad') ?? 'nil'", "nil"},
    {"sprig.default('d', '')", "d"},
    {"sprig.default('d', 'given')", "given"},
    {"sprig.default('d', absent)", "d"},
    {"sprig.default(5, 0)", "5"},
    {"sprig.empty('')", "true"},
    {"sprig.empty([1])", "false"},
    {"sprig.coalesce('', nil, 'x')", "x"},
    {"sprig.ternary('yes', 'no', 1 > 0)", "yes"},
    {"sprig.ternary('yes', 'no', 'true')", "!reflect: Call using string as type bool"},
    {"sprig.regexMatch('^[a-z]+$', 'abc')", "true"},
    {"sprig.regexMatch('[', 'abc')", "false"},
    {"sprig.regexFind('[0-9]+', 'ab12cd34')", "12"},
    {"sprig.regexFindAll('[0-9]+', 'ab12cd34', -1)", R"(["12","34"])"},
    {"sprig.regexReplaceAll('a(x*)b', '-ab-axxb-', '${1}W')", "-W-xxW-"},
    {"sprig.regexReplaceAll('a(x*)b', '-ab-axxb-', '$1W')", "---"},
    {"sprig.regexReplaceAllLiteral('a(x*)b', '-ab-axxb-', '${1}')", "-${1}-${1}-"},
    {"sprig.regexSplit('z+', 'pizza', -1)", R"(["pi","a"])"},
    {"sprig.regexFind('[', 'x')", "!error parsing regexp"},
    {"sprig.date('2006-01-02', now())", "2024-03-05"},
    {"sprig.date('2006', workflow.creationTimestamp)", "2024"},
    {"sprig.date('Mon Jan _2 15:04:05 MST 2006', now())", "Tue Mar  5 06:07:08 UTC 2024"},
    {"sprig.date('02/01/06 3:04PM', 0)", "01/01/70 12:00AM"},
    {"sprig.unixEpoch(now())", "1709618828"},
    {"sprig.htmlDate(86400)", "1970-01-02"},
    {"sprig.now()", "2024-03-05T06:07:08Z"},
};

}  // namespace

TEST_CASE("sprig string and conversion functions") {
  expr_test::run_cases(k_string_cases, make_env());
}

TEST_CASE("sprig list, dict and math functions") {
  expr_test::run_cases(k_data_cases, make_env());
}

TEST_CASE("sprig encoding, default, regex and date functions") {
  expr_test::run_cases(k_other_cases, make_env());
}
