/// Helpers shared by the sprig functions (Masterminds/sprig v3's GenericFuncMap, which Argo
/// exposes as `sprig.<fn>`). Internal to expr. Sprig converts loosely (spf13/cast) and often
/// returns zero values instead of failing; its Go parameter types are still enforced by the
/// reflective call: a string parameter given an int fails with
/// `reflect: Call using int as type string`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "expr/expr_functions.hpp"

namespace expr::detail::sprig {

/// Adds the list, dict and math functions to `table` (expr_sprig_data.cpp).
void append_data_functions(std::vector<FunctionEntry>& table);
/// Adds the regex and date functions to `table` (expr_sprig_regex.cpp).
void append_regex_date_functions(std::vector<FunctionEntry>& table);

/// sprig's strval: a string as is, anything else formatted with `%v`.
std::string strval(const ExprValue& value);
/// spf13/cast ToInt64: numbers truncated, strings parsed (base prefixes allowed, `3.0`
/// accepted), bools 1/0, everything else (and bad text) 0.
std::int64_t to_int64(const ExprValue& value);
/// spf13/cast ToFloat64: numbers, numeric strings, bools 1/0, everything else 0.
double to_float64(const ExprValue& value);
/// sprig's empty(): nil, false, 0, and empty strings, arrays and maps.
bool is_empty(const ExprValue& value);
/// reflect.DeepEqual: same kinds all the way down (1 and 1.0 differ).
bool deep_equal(const ExprValue& left, const ExprValue& right);
/// The Go parameter `string` at args[index] (fails like a reflective call otherwise).
const std::string& string_param(const Args& args, size_t index);
/// The Go parameter `int` at args[index].
std::int64_t int_param(const Args& args, size_t index);
/// The Go parameter `map[string]interface{}` at args[index].
const ExprValue::Map& map_param(const Args& args, size_t index);
/// Elements of a slice parameter (interface{} holding a slice); fails with sprig's
/// `Cannot <verb> on type <kind>` otherwise.
const ExprValue::Array& list_param(const Args& args, size_t index, std::string_view verb);
/// sprig's strslice: a list's elements as strings (nils dropped), or a single value as a
/// one-element list.
std::vector<std::string> strslice(const ExprValue& value);

}  // namespace expr::detail::sprig
