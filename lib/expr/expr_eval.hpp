/// Argo's expression language: the `{{= ...}}` tags, output `valueFrom.expression`, lifecycle
/// hook and retryStrategy `expression`, http `successCondition`, data `transformation`.
///
/// Argo evaluates these with expr-lang/expr (v1.17) over an environment of strings (see
/// ExprEnv) plus its own functions: `asInt`, `asFloat`, `toJson`, `jsonpath` and `sprig.<fn>`.
/// This is a hand-written lexer, parser and tree-walking evaluator of the same language:
///   - literals: ints (`1_000`, `0x1F`, `0o17`, `0b101`), floats (`1.5`, `1e3`), strings in
///     '...' or "..." with Go escapes, raw `...` strings, `nil`, `true`, `false`, arrays
///     `[1, 2]`, maps `{a: 1, "b": 2, (k): v}`; `//` and `/* */` comments;
///   - operators by expr's precedence: `??` (tightest), `**`/`^` (right-assoc), unary
///     `-`/`+`, `* / %`, `+ -`, `..`, comparisons and `in`/`matches`/`contains`/
///     `startsWith`/`endsWith` (each also with `not`), unary `not`/`!`, `&&`/`and`,
///     `||`/`or`, `|` (pipe: `x | f(y)` is `f(x, y)`), then `a ? b : c` and `a ?: b`;
///     `let x = 1; x + 1`. As in expr, comparisons chain (`1 < x < 3` is
///     `1 < x && x < 3`, so `1 == 1 == true` is false) and `??` cannot be followed by another
///     binary operator without parentheses (`a ?? b + c` is a syntax error);
///   - `/` is always float64, int op int is int (wrapping like Go), int op float is float64,
///     string + string concatenates, `==` compares numbers across int and float;
///   - `a.b`, `a?.b` (nil-safe through the rest of the chain), `a[0]`, `a[-1]`, `a["k"]`,
///     `a[1:3]`, method calls on time.Time/time.Duration (`(now() - t).Seconds()`);
///   - predicates: `filter(xs, # > 1)`, `map(xs, {# * 2})`, `#index`, `#acc` (reduce),
///     `.field` for `#.field`.
/// Runtime errors use expr's wording (`invalid operation: int + string`,
/// `cannot fetch x from string`, `index out of range: 3 (array length is 2)`).
///
/// Approximations (documented, not bugs to chase):
///   - regular expressions (`matches`, sprig.regex*) use std::regex's ECMAScript grammar, not
///     Go's RE2: a leading `(?i)` and `(?P<name>...)` groups are translated, other RE2-only
///     syntax fails or differs, error texts are std::regex's; sprig.regexReplaceAll expands
///     `$1`, `${1}` and `$$` as Go does, but named groups are not available (they expand to
///     nothing, like an unknown name in Go);
///   - times are always UTC (`date()`, `now()`, sprig.date) and limited to the years
///     1678..2261 (int64 nanoseconds); `date()` parses `2006-01-02`, `2006-01-02 15:04:05` and
///     RFC 3339 but not RFC 822/850/1123 nor the time-only form, and takes no layout or zone
///     argument; `timezone()` is not supported;
///   - predicates iterate arrays only (not maps); the sprig functions are the subset listed in
///     expr_sprig*.cpp (an unknown one fails with `unknown sprig function <name>`);
///   - map keys are strings; `keys()`/`values()` (expr and sprig) return sorted keys / values
///     in key order where Go would return a random order;
///   - `len()` and string indexes count bytes, as Go does; `upper`/`lower`/sprig.title change
///     ASCII letters only;
///   - type errors expr's compile-time checker would report for literal operands
///     (`1 + 'a'`) are reported at run time with the runtime wording instead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/expr_env.hpp"
#include "expr/expr_value.hpp"
#include "util/result.hpp"

namespace expr {

/// Parses and evaluates `text` in `env`. Errors (code invalid_input) name the expression and
/// the 1-based line:column of the fault:
///   `cannot parse expression '<text>': unexpected token Operator("*") (1:4)`
///   `failed to evaluate expression '<text>': invalid operation: int + string (1:3)`
///   `failed to evaluate expression '<text>': unknown name foo (1:1)` (UndefinedNames::error)
/// A nil result is returned as nil (not an error): callers decide (see render_expression_result).
util::Result<ExprValue> evaluate_expression(std::string_view text, const ExprEnv& env);

/// Parses `text` without evaluating it (syntax check; e.g. lint of every `{{=...}}` tag).
/// Returns true, or the `cannot parse expression ...` error.
util::Result<bool> check_expression_syntax(std::string_view text);

/// How Argo inserts a `{{=` result into text (util/template/expression_template.go): a string
/// raw, a time.Time as RFC 3339, anything else as compact JSON (`2`, `2.5`, `true`, `[1,2]`,
/// `{"a":1}`). A nil result fails with Argo's message `failed to evaluate expression "<e>"`
/// (`<e>` Go-quoted); a value JSON cannot encode with `failed to marshal evaluated
/// expression: json: unsupported value: +Inf`.
util::Result<std::string> render_expression_result(const ExprValue& value,
                                                   std::string_view expression);

/// evaluate_expression() then render_expression_result(): the text a `{{=<text>}}` tag
/// becomes.
util::Result<std::string> evaluate_expression_tag(std::string_view text, const ExprEnv& env);

/// The variables `text` refers to, as Argo's strict-reference check collects them: every
/// identifier and every member path with constant names (`steps.a.outputs.result` gives
/// `steps`, `steps.a`, `steps.a.outputs`, `steps.a.outputs.result`), children before parents,
/// each once. `steps['my-step']` counts as `steps.my-step`. Let-bound names, closure pointers
/// and `sprig.<fn>` are left out. Fails like evaluate_expression() on a syntax error.
util::Result<std::vector<std::string>> referenced_variables(std::string_view text);

}  // namespace expr
