#include "exec/artifact_copy.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "util/file.hpp"

namespace exec {
namespace {

namespace fs = std::filesystem;

}  // namespace

util::Result<ArtifactStage> make_artifact_stage(const std::string& host_path) {
  ArtifactStage stage;
  stage.dir = host_path + ".flowrun-cp";
  stage.target = (fs::path(stage.dir) / k_artifact_stage_entry).string();
  std::error_code error;
  fs::remove_all(stage.dir, error);
  if (!error) {
    fs::create_directories(stage.dir, error);
  }
  if (error) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot create {}: {}", stage.dir, error.message()));
  }
  return stage;
}

bool settle_artifact_stage(const ArtifactStage& stage, const std::string& host_path) {
  std::error_code error;
  fs::directory_iterator entries(stage.dir, error);
  if (error) {
    return false;
  }
  bool only_target = false;
  std::size_t count = 0;
  for (const fs::directory_entry& entry : entries) {
    ++count;
    only_target = entry.path().filename() == k_artifact_stage_entry;
  }
  only_target = only_target && count == 1;
  // Not just `target`: the engine spread a directory's entries into the stage (see the header).
  fs::rename(only_target ? fs::path(stage.target) : fs::path(stage.dir), host_path, error);
  const bool moved = !error;
  discard_artifact_stage(stage);
  return moved;
}

void discard_artifact_stage(const ArtifactStage& stage) {
  std::error_code ignored;
  fs::remove_all(stage.dir, ignored);
}

bool copy_local_artifact(const std::string& source, const std::string& host_path) {
  std::error_code ignored;
  if (!fs::exists(source, ignored)) {
    return false;  // missing (or a dangling symlink)
  }
  if (fs::exists(fs::symlink_status(host_path, ignored))) {
    return false;  // not ours to replace
  }
  fs::create_directories(fs::path(host_path).parent_path(), ignored);
  // Like the engines' `cp -L`.
  if (util::copy_path(source, host_path)) {
    fs::remove_all(host_path, ignored);
    return false;
  }
  return true;
}

}  // namespace exec
