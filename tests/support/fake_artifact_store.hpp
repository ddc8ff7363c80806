/// An engine::ArtifactStore for engine tests: the repository is a map in memory (files only,
/// no archives), the pod directories are real (the fake executor writes copied-out artifacts
/// there) under a temporary directory removed with the store.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/artifact_store.hpp"

namespace testing {

class FakeArtifactStore final : public engine::ArtifactStore {
 public:
  FakeArtifactStore();
  ~FakeArtifactStore() override;
  FakeArtifactStore(const FakeArtifactStore&) = delete;
  FakeArtifactStore& operator=(const FakeArtifactStore&) = delete;

  /// What the repository holds, by key (preset by tests, added by save()).
  std::map<std::string, std::string> repository;
  /// save() calls in order: key and archive kind ("tgz", "none", "zip").
  std::vector<std::pair<std::string, std::string>> saves;
  /// load() and write_file() calls in order: the destination and what was placed there.
  std::vector<std::pair<std::string, std::string>> placed;
  /// The PlaceSpec::mode of each load() / write_file() call, in order.
  std::vector<std::optional<int>> modes;
  int discarded = 0;  ///< discard_pod_dir() calls

  util::Result<std::string> make_pod_dir(const std::string& pod_name) override;
  void discard_pod_dir(const std::string& dir) override;
  std::optional<util::Error> save(const std::string& source, const std::string& key,
                                  const engine::ArchiveSpec& archive) override;
  bool exists(const std::string& key) override;
  std::optional<util::Error> load(const std::string& key, const std::string& dest,
                                  const engine::PlaceSpec& place) override;
  std::optional<util::Error> write_file(const std::string& dest, std::string_view data,
                                        const engine::PlaceSpec& place) override;

  /// The file a placed input artifact is at (its content), by destination base name; empty
  /// when none.
  std::string placed_content(const std::string& dest_suffix) const;

 private:
  std::filesystem::path m_root;
  int m_next = 0;
};

}  // namespace testing
