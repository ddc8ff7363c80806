/// Loop expansion inputs: `withSequence` items and `withParam` lists, as `{{item}}` strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/json_value.hpp"
#include "util/result.hpp"

namespace expr {

/// The items of `withSequence`, given its fields as already-substituted strings (absent when
/// unset). `count` and `end` are mutually exclusive; `start` defaults to 0 and `format` to
/// "%d". Items are start..start+count-1, or start..end inclusive (descending when end <
/// start), each formatted like Go's fmt.Sprintf(format, i). `format` must hold exactly one
/// integer verb (%d %i %x %X %o, flags `-+ 0`, width, precision) plus literal text and `%%`.
/// Non-integers fail with Go's wording: `strconv.Atoi: parsing "x": invalid syntax`.
/// As in Argo, a negative count counts down from start (end = start + count - 1).
util::Result<std::vector<std::string>> expand_sequence(const std::optional<std::string>& count,
                                                       const std::optional<std::string>& start,
                                                       const std::optional<std::string>& end,
                                                       const std::optional<std::string>& format);

/// How a loop item is written for `{{item}}`: strings raw; numbers, bools and null as their
/// JSON text; arrays as compact JSON; objects as compact JSON with the top-level keys sorted
/// (Argo marshals a Go map of items; nested values keep their order), duplicates keeping the
/// last value.
std::string render_item(const JsonValue& item);

/// The `{{item}}` strings of a `withParam` value, which must be a JSON array, else
/// `withParam value could not be parsed as a JSON list: <value>: <err>` with Go's
/// encoding/json error. As in Go, `null` is an empty list.
util::Result<std::vector<std::string>> parse_with_param(std::string_view text);

}  // namespace expr
