/// Reading whole files, with a size limit checked before anything is read.
#pragma once

#include <cstddef>
#include <string>

#include "util/result.hpp"

namespace util {

/// Reads `path` ("-" is standard input). Files larger than `max_bytes` are refused unread.
Result<std::string> read_text_file(const std::string& path, size_t max_bytes);

}  // namespace util
