/// Small text helpers shared by modules that parse line-oriented output and files.
#pragma once

#include <cctype>
#include <string_view>

namespace util {

/// `text` without leading and trailing whitespace (ASCII, as isspace in the C locale).
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace util
