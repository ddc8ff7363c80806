/// Quoting text the way Go's strconv.Quote does, for messages and values Argo quotes.
#pragma once

#include <string>
#include <string_view>

namespace util {

/// `text` in double quotes with `"` and `\` escaped, `\n` `\t` `\r` and other control bytes
/// (as `\xNN`) escaped; other bytes, UTF-8 included, kept as they are (Go's strconv.Quote
/// for valid UTF-8 text).
std::string go_quote(std::string_view text);

}  // namespace util
