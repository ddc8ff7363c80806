/// Artifacts as files (spec 2.2): packing a file or directory the way Argo's executor saves an
/// output artifact, and placing a stored artifact the way its loadArtifacts places an input
/// (a tarball is extracted, one root entry becoming the path itself).
#pragma once

#include <optional>
#include <string>

#include "engine/artifact_store.hpp"
#include "util/result.hpp"

namespace store {

/// Stores the file or directory at `source` as `dest` (which must not exist yet), as
/// `archive` says: tgz, a gzip'd tarball whose one root entry is source's base name (see
/// write_archive); zip, a zip of the same layout; none, a copy of the file or the whole
/// directory tree (modes kept, symlinks copied as symlinks). Errors name the path at fault.
std::optional<util::Error> pack_artifact(const std::string& source, const std::string& dest,
                                         const engine::ArchiveSpec& archive);

/// Places the stored artifact at `source` at `dest` (which must not exist yet; its parent
/// directories are created), as Argo's executor does: a directory is copied; with
/// `place.unzip` the file is a zip, and with `place.extract` a file that is a tarball
/// (gzip'd or plain, by content) is one: it is extracted into `<dest>.tmpdir`, then the
/// single entry there becomes `dest`, or with several entries the directory itself does.
/// Any other file is copied as it is. Then apply_mode(dest, place).
std::optional<util::Error> unpack_artifact(const std::string& source, const std::string& dest,
                                           const engine::PlaceSpec& place);

/// chmod `place.mode` on `path` and, with `place.recurse_mode`, on every file and directory
/// below it. Symlinks, `path` included, are left alone: their targets may be anywhere.
/// Nothing without a mode.
std::optional<util::Error> apply_mode(const std::string& path, const engine::PlaceSpec& place);

}  // namespace store
