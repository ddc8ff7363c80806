/// Reading whole files, with a size limit checked before anything is read; fresh directories.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include "util/result.hpp"

namespace util {

/// Reads `path` ("-" is standard input). Files larger than `max_bytes` are refused unread.
Result<std::string> read_text_file(const std::string& path, size_t max_bytes);

/// Makes a new directory `<parent>/<name>-<n>` (mode 0755 less the umask) for the smallest
/// n >= 1 that is free, creating `parent` first when it is missing; returns its path. Safe
/// against other threads and processes making directories in `parent` at the same time.
/// Errors: invalid_input when `name` is not one path component or `parent` is empty, io
/// otherwise.
Result<std::string> make_numbered_dir(const std::string& parent, std::string_view name);

/// Makes a new private directory `$TMPDIR/<prefix>-XXXXXX` (mkdtemp; /tmp without TMPDIR) and
/// returns its path; the caller removes it. The error (io) names the template.
Result<std::string> make_temp_dir(std::string_view prefix);

/// Copies the file or directory `source` to `dest` (which must not exist yet), as `cp -L`
/// does: a symlink named as the source is followed, symlinks inside a directory are copied
/// as links (so a link loop cannot recurse). Returns the error, empty on success.
std::error_code copy_path(const std::string& source, const std::string& dest);

}  // namespace util
