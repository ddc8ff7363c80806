#include "artifact_setup.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "exec/dry_run_artifact_store.hpp"
#include "store/local_artifact_store.hpp"
#include "util/file.hpp"

#include "report.hpp"

namespace cli {

ArtifactSetup::~ArtifactSetup() {
  m_store.reset();
  if (!m_temp_dir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(m_temp_dir, ignored);
  }
}

std::unique_ptr<ArtifactSetup> ArtifactSetup::choose(const RunOptions& options,
                                                     const std::string& root,
                                                     const std::string& run_dir) {
  auto setup = std::make_unique<ArtifactSetup>();
  std::string staging;
  if (run_dir.empty() || options.dry_run) {
    util::Result<std::string> temp = util::make_temp_dir("flowrun-artifacts");
    if (temp) {
      setup->m_temp_dir = *temp;
      staging = *temp;
    } else {
      // Templates with artifacts then fail with this reason; the others run as usual.
      print_message(fmt::format("warning: artifacts: {}", temp.error().message));
    }
  } else {
    staging = run_dir + "/artifacts-staging";
  }
  if (options.dry_run) {
    setup->m_store = std::make_unique<exec::DryRunArtifactStore>(staging);
  } else {
    setup->m_store = std::make_unique<store::LocalArtifactStore>(root, staging);
  }
  return setup;
}

}  // namespace cli
