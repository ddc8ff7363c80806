/// The local artifact repository (spec 2.2, 10): a directory standing in for Argo's object
/// stores. A key is a path below the root; what is stored there is what Argo's executor would
/// upload (a `.tgz` or `.zip` file, or with `archive: none` the file or directory itself).
/// Pods' artifact files are staged in numbered directories below a staging root in the run
/// directory.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "engine/artifact_store.hpp"
#include "util/result.hpp"

namespace store {

/// The repository under one root directory; safe to use from several threads at once.
class LocalArtifactStore final : public engine::ArtifactStore {
 public:
  /// Keeps artifacts under `root` and pods' directories under `staging`; both are created
  /// when first needed. An empty root fails every key ("no repository configured").
  LocalArtifactStore(std::string root, std::string staging);

  /// A new `<staging>/<pod_name>-<n>`.
  util::Result<std::string> make_pod_dir(const std::string& pod_name) override;
  /// Removes `dir` and its contents when it is below the staging root (anything else is left
  /// alone).
  void discard_pod_dir(const std::string& dir) override;

  /// Packs `source` (pack_artifact) into a temporary name beside `<root>/<key>`, then renames
  /// it over the key, so a reader sees the old artifact or the new one, never a partial one.
  std::optional<util::Error> save(const std::string& source, const std::string& key,
                                  const engine::ArchiveSpec& archive) override;
  /// Whether `<root>/<key>` exists (false for an invalid key).
  bool exists(const std::string& key) override;
  /// Unpacks `<root>/<key>` at `dest` (unpack_artifact); a missing key is an io error.
  std::optional<util::Error> load(const std::string& key, const std::string& dest,
                                  const engine::PlaceSpec& place) override;
  /// Writes `data` to `dest` (parent directories created) and applies `place`'s mode.
  std::optional<util::Error> write_file(const std::string& dest, std::string_view data,
                                        const engine::PlaceSpec& place) override;

  /// The path `key` names: `<root>/<key normalised>`. Errors (invalid_input) for an empty
  /// key, an absolute one and one whose `..` parts climb above the root.
  util::Result<std::string> key_path(std::string_view key) const;

 private:
  std::string m_root;
  std::string m_staging;
  std::atomic<unsigned> m_next_temp{0};
};

}  // namespace store
