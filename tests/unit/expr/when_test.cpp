#include "expr/when.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

struct ValueCase {
  std::string text;
  bool expected;
};

struct ErrorCase {
  std::string text;
  std::string message;  ///< the exact error, or its start when `prefix_only`
  bool prefix_only = false;
};

// Conditions that evaluate. Texts are what Argo sees after `{{...}}` substitution.
const std::vector<ValueCase> k_value_cases = {
    // empty `when` and plain booleans
    {"", true},
    {"true", true},
    {"false", false},
    {"!false", true},
    {"!true", false},
    {"!(a == b)", true},
    // bare words are strings (coinflip and friends from Argo's examples)
    {"heads == heads", true},
    {"tails == heads", false},
    {"ok != ok", false},
    {"ok != nok", true},
    {"Succeeded == Succeeded", true},
    {"Failed != Succeeded", true},
    {"YES == YES", true},
    {"even == even", true},
    {"true == true", true},
    {"true == 'true'", false},
    // the multi-line condition of conditionals.md
    {"( heads == heads &&\n  tails == tails\n) ||\n( heads == tails &&\n  tails == tails )", true},
    {"( tails == heads &&\n  tails == tails\n) ||\n( tails == tails &&\n  heads == tails )", false},
    // numbers are float64
    {"5 > 3", true},
    {"3 > 5", false},
    {"3 > 3", false},
    {"3 >= 3", true},
    {"4 < 4", false},
    {"3 <= 3", true},
    {"01 == 1", true},
    {"1.10 == 1.1", true},
    {"1 == 1.0", true},
    {".5 == 0.5", true},
    {"0x10 == 16", true},
    {"'1' == 1", false},
    {"3 < 10", true},  // iterate-counter < limit
    {"2 != 1 && 2 != 2", false},
    {"3 != 1 && 3 != 2", true},
    {"10 > 9", true},
    {"'10' > '9'", false},  // quoted: strings compare bytewise
    // arithmetic, precedence and associativity
    {"1 + 1 == 2", true},
    {"1 + 2 * 3 == 7", true},
    {"(1 + 2) * 3 == 9", true},
    {"2 - 3 - 4 == -5", true},
    {"2 ** 3 ** 2 == 64", true},
    {"-2 ** 2 == 4", true},
    {"10 / 4 == 2.5", true},
    {"7 % 4 == 3", true},
    {"6 & 3 == 2", true},
    {"5 | 2 == 7", true},
    {"1 << 3 == 8", true},
    {"1 == 1 == true", true},
    {"a + b == ab", true},
    {"1 + a == '1a'", true},
    // strings
    {"'hello world' == 'hello world'", true},
    {"\"my-value\" == 'my-value'", true},
    {"'a\\'b' == 'a\\'b'", true},
    {"[my-value] == 'my-value'", true},
    {"[a b] == 'a b'", true},
    {"b > a", true},
    {"abc < abd", true},
    {"abc >= abc", true},
    {"abc > abc", false},
    // logic
    {"true && false || true", true},
    {"true || false && false", true},
    {"false && (1 - a)", false},  // short circuit: the right side is never evaluated
    {"true || (1 - a)", true},
    // membership
    {"hello in (hello, world)", true},
    {"foo in (hello, world)", false},
    {"hello IN ('hello', 'world')", true},
    {"3 in (1, 2, 3)", true},
    {"'3' in (1, 2, 3)", false},
    {"(a, b) == (a, b)", true},
    // regexps (Go's Match: unanchored)
    {"heads =~ hea", true},
    {"tails =~ hea", false},
    {"tails =~ tai", true},
    {"a =~ '^a'", true},
    {"ba =~ '^a'", false},
    {"abc !~ '^b'", true},
    {"heads =~ 'h.*s$'", true},
    {"a + b =~ 'ab'", true},
    // ternary and coalesce
    {"(1 > 2 ? a : b) == b", true},
    {"(2 > 1 ? a : b) == a", true},
    {"false ?? true", false},
    // quoted dates and times are TIME values (seconds)
    {"'2021-01-01' < '2021-01-02'", true},
    {"'2021-01-01T00:00:00Z' == '2021-01-01'", true},
    {"'2021-01-01T02:00:00+02:00' == '2021-01-01 00:00'", true},
    // a nil stage: `()` is nil and nil equals nil
    {"() == ()", true},
};

const std::string k_hint = " (hint: try wrapping the affected expression in quotes (\"))";

// Conditions that fail, with Argo's message.
const std::vector<ErrorCase> k_error_cases = {
    // `-` is the minus operator, `.` makes an accessor
    {"my-value == my-value",
     "Failed to evaluate 'when' expression 'my-value == my-value': Value 'my' cannot be used "
     "with the modifier '-', it is not a number"},
    {"v1.2 == v1.2",
     "Failed to evaluate 'when' expression 'v1.2 == v1.2': No parameter 'v1' found."},
    {"foo.bar == x",
     "Invalid 'when' expression 'foo.bar == x': Unable to access unexported field 'bar' in token "
     "'foo.bar'"},
    {"foo. == x", "Invalid 'when' expression 'foo. == x': Hanging accessor on token 'foo.'"},
    // numbers
    {"1.2.3 == 1.2.3",
     "Invalid 'when' expression '1.2.3 == 1.2.3': Unable to parse numeric value '1.2.3' to "
     "float64\n"},
    {"1abc == 1abc",
     "Invalid 'when' expression '1abc == 1abc': Cannot transition token types from NUMERIC [1] "
     "to VARIABLE [abc]"},
    // spaces split values
    {"a == b c",
     "Invalid 'when' expression 'a == b c': Cannot transition token types from VARIABLE [b] to "
     "VARIABLE [c]"},
    {"hello world == hello world",
     "Invalid 'when' expression 'hello world == hello world': Cannot transition token types from "
     "VARIABLE [hello] to VARIABLE [world]"},
    // a quote inside a value breaks parsing
    {"'it's' == x", "Invalid 'when' expression ''it's' == x': Unclosed string literal"},
    {"'it's == x",
     "Invalid 'when' expression ''it's == x': Cannot transition token types from STRING [it] to "
     "VARIABLE [s]"},
    {"\"a'b\" == x", "Invalid 'when' expression '\"a'b\" == x': Unclosed string literal"},
    {"a == 'b", "Invalid 'when' expression 'a == 'b': Unclosed string literal"},
    {"[abc == x", "Invalid 'when' expression '[abc == x': Unclosed parameter bracket"},
    // unknown symbols get the hint
    {"a === b", "Invalid 'when' expression 'a === b': Invalid token: '==='" + k_hint},
    {"a = b", "Invalid 'when' expression 'a = b': Invalid token: '='" + k_hint},
    {"@foo", "Invalid 'when' expression '@foo': Invalid token: '@'" + k_hint},
    {"a == _b", "Invalid 'when' expression 'a == _b': Invalid token: '_'" + k_hint},
    // other syntax errors
    {"(a == b", "Invalid 'when' expression '(a == b': Unbalanced parenthesis"},
    {"a ==", "Invalid 'when' expression 'a ==': Unexpected end of expression"},
    {"   ", "Invalid 'when' expression '   ': Unexpected end of expression"},
    {"== a",
     "Invalid 'when' expression '== a': Cannot transition token types from UNKNOWN [<nil>] to "
     "COMPARATOR [==]"},
    {"a =~ ^a",
     "Invalid 'when' expression 'a =~ ^a': Cannot transition token types from COMPARATOR [=~] "
     "to MODIFIER [^]"},
    {"foo(1)", "Invalid 'when' expression 'foo(1)': Undefined function foo"},
    {"a =~ '('", "Invalid 'when' expression 'a =~ '('': error parsing regexp: ", true},
    // breaks only once bare words are strings
    {"!word",
     "Failed to parse 'when' expression '!word': Cannot transition token types from PREFIX [!] "
     "to STRING [word]"},
    {"a =~ a\\(", "Failed to parse 'when' expression 'a =~ a\\(': error parsing regexp: ", true},
    // type errors
    {"a && b",
     "Failed to evaluate 'when' expression 'a && b': Value 'a' cannot be used with the logical "
     "operator '&&', it is not a bool"},
    {"1 > a",
     "Failed to evaluate 'when' expression '1 > a': Value '1' cannot be used with the comparator "
     "'>', it is not a number"},
    {"a in (a)",
     "Failed to evaluate 'when' expression 'a in (a)': Value 'a' cannot be used with the "
     "comparator 'in', it is not a number"},
    {"5 =~ 5",
     "Failed to evaluate 'when' expression '5 =~ 5': Value '5' cannot be used with the comparator "
     "'=~', it is not a number"},
    {"a ? b : c",
     "Failed to evaluate 'when' expression 'a ? b : c': Value 'a' cannot be used with the ternary "
     "operator '?', it is not a bool"},
    // results that are not booleans
    {"heads", "Expected boolean evaluation for 'heads'. Got heads"},
    {"1 + 1", "Expected boolean evaluation for '1 + 1'. Got 2"},
    {"0.00001 + 0", "Expected boolean evaluation for '0.00001 + 0'. Got 1e-05"},
    {"1 / 0", "Expected boolean evaluation for '1 / 0'. Got +Inf"},
    {"true ? yes : no", "Expected boolean evaluation for 'true ? yes : no'. Got yes"},
    {"(a) (b)", "Expected boolean evaluation for '(a) (b)'. Got a"},  // leftovers are ignored
    {"1, 2", "Expected boolean evaluation for '1, 2'. Got [1 2]"},
    {"false ? yes", "Expected boolean evaluation for 'false ? yes'. Got <nil>"},
};

}  // namespace

TEST_CASE("evaluate_when: conditions that evaluate", "[expr][when]") {
  for (const ValueCase& c : k_value_cases) {
    CAPTURE(c.text);
    const util::Result<bool> result = expr::evaluate_when(c.text);
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    CHECK(result.value() == c.expected);
  }
}

TEST_CASE("evaluate_when: errors carry Argo's messages", "[expr][when]") {
  for (const ErrorCase& c : k_error_cases) {
    CAPTURE(c.text);
    const util::Result<bool> result = expr::evaluate_when(c.text);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == util::ErrorCode::invalid_input);
    if (c.prefix_only) {
      CHECK(result.error().message.rfind(c.message, 0) == 0);
      CHECK(result.error().message.size() > c.message.size());
    } else {
      CHECK(result.error().message == c.message);
    }
  }
}
