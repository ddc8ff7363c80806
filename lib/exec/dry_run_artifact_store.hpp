/// The dry run's ArtifactStore: pods' directories are real (the engine and the dry run's
/// mount lines need them to exist), but nothing is saved to or read from a repository, so a
/// dry run walks past artifacts as it walks past pods (see DryRunExecutor).
#pragma once

#include <string>
#include <string_view>

#include "engine/artifact_store.hpp"

namespace exec {

/// Saves nothing, says every key exists and places an empty file for every load.
class DryRunArtifactStore final : public engine::ArtifactStore {
 public:
  /// Makes pods' directories below `scratch_root` (created when first needed; the caller
  /// removes it after the run).
  explicit DryRunArtifactStore(std::string scratch_root);

  /// A new `<scratch_root>/<pod_name>-<n>`.
  util::Result<std::string> make_pod_dir(const std::string& pod_name) override;
  /// Removes `dir` when it is below the scratch root.
  void discard_pod_dir(const std::string& dir) override;
  /// Succeeds without reading `source`.
  std::optional<util::Error> save(const std::string& source, const std::string& key,
                                  const engine::ArchiveSpec& archive) override;
  /// Always true: a dry run assumes every input artifact is there.
  bool exists(const std::string& key) override;
  /// An empty placeholder file at `dest` (parents created), so a mount has a source.
  std::optional<util::Error> load(const std::string& key, const std::string& dest,
                                  const engine::PlaceSpec& place) override;
  /// The same placeholder; `data` is not written.
  std::optional<util::Error> write_file(const std::string& dest, std::string_view data,
                                        const engine::PlaceSpec& place) override;

 private:
  std::string m_root;
};

}  // namespace exec
