/// Reading the archives input artifacts arrive as (libarchive): recognising a tarball by its
/// content and extracting a tarball or a zip into a directory, refusing entries that would
/// land outside it.
#pragma once

#include <optional>
#include <string>

#include "util/result.hpp"

namespace store {

/// The archive formats extract_archive() reads.
enum class ArchiveFormat {
  tar,  ///< a tar, gzip'd or plain
  zip,  ///< a zip
};

/// Whether the file at `path` is a tarball, gzip'd or plain, judged by its content (the gzip
/// magic, then a valid tar header), never by its name. An empty file is not one.
bool is_tarball(const std::string& path);

/// Extracts the archive at `path` into the existing directory `dir`: directories, regular
/// files (with their permission bits), symlinks and hard links; other entry types are
/// skipped. Errors (invalid_input) for an archive that is not in `format`, an entry with an
/// absolute path or a `..` part, an entry below a symlink the archive made, and (io) for
/// what cannot be written; every message names the archive and the entry. On error `dir`
/// holds what was extracted so far: the caller removes it.
std::optional<util::Error> extract_archive(const std::string& path, ArchiveFormat format,
                                           const std::string& dir);

}  // namespace store
