/// Artifacts on this machine (spec 2.2): the local artifact repository that output artifacts
/// are saved to and input artifacts are loaded from, and the per-pod directories where they
/// are staged. The engine only sees this interface: store/local_artifact_store.hpp is the
/// real one (files under the repository root, tar+gzip as Argo's executor writes them),
/// exec/dry_run_artifact_store.hpp the dry run's, and tests bring their own fakes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace engine {

/// How an output artifact is stored (Argo's ArchiveStrategy).
struct ArchiveSpec {
  enum class Kind {
    tgz,   ///< unset, `{}` or `tar: {compressionLevel: N}`: a gzip'd tarball (`<name>.tgz`)
    none,  ///< `none: {}`: the file or directory as it is (key ends with the path's base name)
    zip,   ///< `zip: {}`: a zip file (`<name>.zip`)
  };
  Kind kind = Kind::tgz;
  int compression_level = -1;  ///< tgz: gzip level 0-9; -1: gzip's default
};

/// How an input artifact is placed at its path (Argo's executor loadArtifacts).
struct PlaceSpec {
  /// A stored file that is a tarball (gzip'd or not, by its magic) is extracted: one root
  /// entry becomes the path itself, several become the path's contents. False with the input's
  /// `archive: none`: the stored bytes are placed as they are.
  bool extract = true;
  bool unzip = false;         ///< `archive: zip`: the stored file is a zip to extract
  std::optional<int> mode;    ///< `mode`: chmod for the placed file(s)
  bool recurse_mode = false;  ///< `recurseMode`: mode applies to a directory's contents too
};

/// The local artifact repository and the staging area of one run.
class ArtifactStore {
 public:
  virtual ~ArtifactStore() = default;

  /// A new, empty directory on this machine for one pod's artifact files (inputs to mount,
  /// outputs copied out); the error when it cannot be made.
  virtual util::Result<std::string> make_pod_dir(const std::string& pod_name) = 0;
  /// Removes a directory make_pod_dir made, with everything in it (errors are ignored).
  virtual void discard_pod_dir(const std::string& dir) = 0;

  /// Saves the file or directory at `source` under repository key `key` (relative to the
  /// repository root, '/'-separated), archived as `archive` says; an existing key is
  /// replaced. The error when it cannot.
  virtual std::optional<util::Error> save(const std::string& source, const std::string& key,
                                          const ArchiveSpec& archive) = 0;
  /// Whether `key` names a file or directory in the repository.
  virtual bool exists(const std::string& key) = 0;
  /// Places what `key` names at `dest` (a path that does not exist yet) as `place` says.
  virtual std::optional<util::Error> load(const std::string& key, const std::string& dest,
                                          const PlaceSpec& place) = 0;
  /// Writes `data` as a new file at `dest` (raw artifacts, downloads), with place.mode.
  virtual std::optional<util::Error> write_file(const std::string& dest, std::string_view data,
                                                const PlaceSpec& place) = 0;
};

}  // namespace engine
