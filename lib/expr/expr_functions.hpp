/// The runtime pieces the evaluator calls: operators, member access, builtin tables. Internal
/// to expr. Every function here reports failures by throwing EvalError (expr_error.hpp) with
/// expr's runtime message; the evaluator adds the position.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expr/expr_env.hpp"
#include "expr/expr_value.hpp"

namespace expr::detail {

/// Arguments of a native function call.
using Args = std::vector<ExprValue>;

/// What a native function sees besides its arguments.
struct CallContext {
  const ExprEnv& env;
  std::string_view name;  ///< the name it was called by, for messages
};

/// A builtin or sprig function.
using NativeFunction = ExprValue (*)(const Args& args, const CallContext& context);

/// One row of a function table.
using FunctionEntry = std::pair<std::string_view, NativeFunction>;

/// Adds expr's collection builtins (len, first, keys, sort, ...) to `table`
/// (expr_builtins_lists.cpp).
void append_collection_builtins(std::vector<FunctionEntry>& table);
/// Adds expr's string builtins (trim, split, replace, join, ...) to `table`
/// (expr_builtins_text.cpp).
void append_string_builtins(std::vector<FunctionEntry>& table);

/// Go's strconv.Atoi: optional sign and decimal digits only; nullopt when invalid or out of
/// range.
std::optional<std::int64_t> parse_go_int(std::string_view text);
/// Go's strconv.ParseFloat(text, 64); nullopt when invalid or out of range.
std::optional<double> parse_go_float(std::string_view text);
/// Standard base64 with padding (Go's base64.StdEncoding).
std::string base64_encode(std::string_view data);
/// Decodes standard base64 (newlines ignored); nullopt with Go's `illegal base64 data at
/// input byte N` in `error` when invalid.
std::optional<std::string> base64_decode(std::string_view text, std::string& error);

/// expr's builtins without predicates plus Argo's additions (`asInt`, `asFloat`, `toJson`,
/// `jsonpath`); nullptr when `name` is none of them (expr_builtins.cpp).
NativeFunction find_builtin(std::string_view name);

/// A sprig function (`sprig.<name>`), or nullptr (expr_sprig.cpp, expr_sprig_data.cpp).
NativeFunction find_sprig_function(std::string_view name);

/// The closure passed to a predicate builtin: evaluates the body with `#` = item,
/// `#index` = index and `#acc` = *acc (may be null).
using Predicate =
    std::function<ExprValue(const ExprValue& item, std::int64_t index, const ExprValue* acc)>;

/// Runs a predicate builtin (`filter`, `map`, `all`, `reduce`, ...; see is_predicate_builtin).
/// `predicate` is null when an optional predicate was left out, `extra` is the optional third
/// argument of `sortBy`/`reduce` (or null) (expr_closures.cpp).
ExprValue call_predicate_builtin(std::string_view name, const ExprValue& collection,
                                 const Predicate* predicate, const ExprValue* extra);

/// Applies a binary operator other than `&&`, `||`, `??` (which short-circuit) and `|`.
ExprValue apply_binary(std::string_view op, const ExprValue& left, const ExprValue& right);
/// Applies a unary operator (`-`, `+`, `!`, `not`).
ExprValue apply_unary(std::string_view op, const ExprValue& operand);
/// `object[key]` / `object.key`: map lookup (nil when missing), array index (negative counts
/// from the end), string byte; errors as expr's runtime.Fetch reports them.
ExprValue fetch_member(const ExprValue& object, const ExprValue& key);
/// `object[from:to]` on an array or string, with expr's clamping.
ExprValue slice_value(const ExprValue& object, const ExprValue* from, const ExprValue* to);
/// expr's `<` for sorting: numbers, strings, times and durations; throws for other pairs.
bool less_than(const ExprValue& left, const ExprValue& right);
/// A value must be a bool (conditions, `&&`, `!`): throws expr's interface-conversion error.
bool require_bool(const ExprValue& value);

/// Throws `not enough arguments to call <name>` / `too many arguments to call <name>` unless
/// `args` has between `min` and `max` elements.
void check_arity(const Args& args, size_t min, size_t max, std::string_view name);
/// The string argument `args[index]`, or a `cannot use <type> as argument (type string) to
/// call <name>` error.
const std::string& string_arg(const Args& args, size_t index, std::string_view name);
/// The int argument (an int, or a float64 with an integral value) or an error.
std::int64_t int_arg(const Args& args, size_t index, std::string_view name);
/// Go's reflect.Kind name of the value (`string`, `int`, `float64`, `slice`, `map`, `invalid`
/// for nil, `struct` for a time, `int64` for a duration), as expr and sprig print it.
std::string go_kind_name(const ExprValue& value);
/// The current time from the environment's clock; throws when there is none.
std::int64_t now_nanos(const CallContext& context);
/// Parses JSON text into a value (numbers as float64); throws Go's error text on bad input.
ExprValue parse_json_value(std::string_view text);
/// Limits on values built at run time (repeat, ranges), so a typo cannot exhaust memory.
inline constexpr std::size_t k_max_result_size = 16 * 1024 * 1024;

/// Evaluates a JSONPath (evilmonkeyinc/jsonpath's syntax, the subset Argo users need) on
/// `document` (expr_jsonpath.cpp).
ExprValue query_jsonpath(const ExprValue& document, std::string_view path);
/// Evaluates a JSONPath filter condition (the `<cond>` of `[?(<cond>)]`) for one element:
/// `@` is the element, `$` the document (expr_jsonpath_filter.cpp). Values are truthy like
/// evilmonkeyinc/jsonpath's filter: true, non-empty strings/arrays/maps, non-zero numbers.
bool jsonpath_filter_matches(std::string_view condition, const ExprValue& element,
                             const ExprValue& root);

/// A Go (RE2) regexp approximated by std::regex with the ECMAScript grammar: a leading `(?i)`
/// becomes case-insensitive matching and `(?P<name>` a plain group; other RE2-only syntax
/// (`\pL`, `(?s)`, ...) fails or differs. A bad pattern throws `error parsing regexp: <reason>`.
std::regex compile_regex(std::string_view pattern);

}  // namespace expr::detail
