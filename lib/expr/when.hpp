/// Argo's `when` conditions: govaluate semantics on the already-substituted text.
///
/// Argo (steps.go:shouldExecute) parses the text with Knetic/govaluate, turns every bare
/// identifier (VARIABLE token) into a string literal, re-parses the tokens and evaluates them
/// without parameters. This file reproduces that pipeline, quirks included:
///   - numbers (`[0-9.]+`, or `0x` hex) are float64: `01 == 1` and `1.10 == 1.1` are true;
///   - `true`/`false` are booleans, `in`/`IN` is membership in a parenthesised `(a, b)` list;
///   - `-` between words is subtraction, so `my-value == my-value` fails to evaluate;
///   - a letter-word containing `.` (`v1.2`) is an accessor and fails (no parameters);
///   - `'x'`/`"x"` are strings (either quote ends either), `[anything]` is a string;
///   - quoted text that parses as a date/time is a TIME literal (seconds since the epoch);
///   - `=~`/`!~` match a regular expression anywhere in the text (Go's regexp.Match).
/// Operators, lowest precedence first, all left-associative (govaluate reorders its
/// right-recursive plan): `,`  `?: ??`  `||`  `&&`  `== != > >= < <= =~ !~ in`  `& | ^`
/// `<< >>`  `+ -`  `* / %`  `**`, then the prefixes `- ! ~`, which bind to one value only
/// (`-2 ** 2` is 4, `!a == b` is `(!a) == b`).
///
/// Known approximations (documented, not bugs to chase):
///   - regexps use std::regex ECMAScript, not Go RE2: RE2-only syntax (`(?i)`, `\pL`, named
///     groups `(?P<n>...)`) fails or differs, and compile error texts differ from Go's;
///   - TIME literals: only `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (UTC) and RFC 3339 forms are
///     recognised (govaluate also knows ANSIC, RubyDate, Kitchen, ... and uses local time);
///   - non-ASCII bytes count as letters (Go uses unicode.IsLetter on decoded runes).
#pragma once

#include <string_view>

#include "util/result.hpp"

namespace expr {

/// Evaluates a `when` condition whose `{{...}}` tags were already substituted.
/// Empty text is true. Errors (code invalid_input) carry Argo's messages:
///   `Invalid 'when' expression '<w>': <err>` for lexing and syntax errors, with
///     ` (hint: try wrapping the affected expression in quotes ("))` after `Invalid token`;
///   `Failed to parse 'when' expression '<w>': <err>` when the text only breaks once bare
///     words became strings (e.g. `!word`, or an invalid regexp written as a bare word);
///   `Failed to evaluate 'when' expression '<w>': <err>` for type errors such as `a-b`;
///   `Expected boolean evaluation for '<w>'. Got <v>` when the result is not a bool
///     (`<v>` formatted like Go's `%v`).
util::Result<bool> evaluate_when(std::string_view substituted_text);

}  // namespace expr
