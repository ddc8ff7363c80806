/// Which ArtifactStore a run uses: the local artifact repository, with pods' artifact files
/// staged in `<run directory>/artifacts-staging`; a dry run's store saves nothing and stages
/// in a temporary directory removed with it.
#pragma once

#include <memory>
#include <string>

#include "engine/artifact_store.hpp"

#include "run_options.hpp"

namespace cli {

/// The store and the temporary directory it may stage in (removed with it).
class ArtifactSetup {
 public:
  ArtifactSetup() = default;
  ArtifactSetup(const ArtifactSetup&) = delete;
  ArtifactSetup& operator=(const ArtifactSetup&) = delete;
  ~ArtifactSetup();

  /// The store for RunRequest::artifacts; never null.
  engine::ArtifactStore* store() const { return m_store.get(); }

  /// The store for `options`: for a real run, the repository at `root` (artifact_root())
  /// staging in `run_dir` (the run directory; a temporary directory when empty).
  static std::unique_ptr<ArtifactSetup> choose(const RunOptions& options, const std::string& root,
                                               const std::string& run_dir);

 private:
  std::unique_ptr<engine::ArtifactStore> m_store;
  std::string m_temp_dir;
};

}  // namespace cli
