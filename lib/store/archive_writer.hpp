/// Writing the archives the local artifact repository holds (libarchive): a gzip'd tarball
/// or a zip whose single root entry is the saved file or directory, as Argo's executor writes
/// output artifacts.
#pragma once

#include <optional>
#include <string>

#include "engine/artifact_store.hpp"
#include "util/result.hpp"

namespace store {

/// Writes the file or directory at `source` (symlinks to it are followed) as an archive at
/// `dest`: a tar (pax) through gzip at `archive.compression_level` for Kind::tgz, a zip for
/// Kind::zip. The one root entry is source's base name; below it every file, directory and
/// symlink of the tree in name order, with its permission bits (symlinks stay symlinks;
/// sockets, fifos and devices are left out). Kind::none is an internal error: nothing to
/// archive. On error (io, naming the path) `dest` may be left half-written: the caller
/// writes to a temporary name.
std::optional<util::Error> write_archive(const std::string& source, const std::string& dest,
                                         const engine::ArchiveSpec& archive);

}  // namespace store
