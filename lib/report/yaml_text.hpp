/// JSON text re-encoded as block-style YAML, the way `argo get -o yaml` turns its JSON into
/// YAML (sigs.k8s.io/yaml): map keys sorted in yaml.v2's order, sequences not indented
/// under their key, 2-space indentation.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace report {

/// Converts one JSON value to YAML (ending in a newline). Strings stay plain unless YAML
/// would read them as something else or not at all: empty strings, numbers, booleans and
/// nulls in YAML 1.1 or 1.2 spelling (`yes`, `off`, `~`, `0x1f`, `1e3`, `.inf`), dates,
/// leading or trailing spaces, `: ` or ` #` inside, a trailing `:`, a leading indicator
/// character, control characters or line breaks. Those are written JSON-style in double
/// quotes. Fails with `invalid_input` when `json_text` is not valid JSON.
util::Result<std::string> json_to_yaml(std::string_view json_text);

/// Whether json_to_yaml() double-quotes the string `text` (as a key or a value).
bool yaml_needs_quotes(std::string_view text);

/// yaml.v2's map key order: a "natural" order where runs of digits compare by value and,
/// at the first difference, a non-letter sorts before a letter ("a9" < "a10" < "ab").
bool yaml_key_less(std::string_view a, std::string_view b);

}  // namespace report
