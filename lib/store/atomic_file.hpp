/// Replacing a file so that a reader, or a crash at any moment, sees either the old content
/// or the new one, never a mix or a truncated file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace store {

/// Writes `content` to `<path>.tmp`, fsyncs it, renames it over `path` and fsyncs the
/// directory. The file gets mode 0644 (less the umask). On failure `path` is untouched and
/// the temporary file is removed; the error (io) names the step that failed.
std::optional<util::Error> write_file_atomically(const std::string& path, std::string_view content);

}  // namespace store
