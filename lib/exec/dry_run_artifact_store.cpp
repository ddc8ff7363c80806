#include "exec/dry_run_artifact_store.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "util/file.hpp"

namespace exec {
namespace {

namespace fs = std::filesystem;

/// An empty file at `dest`, its parent directories created.
std::optional<util::Error> placeholder(const std::string& dest) {
  std::error_code ec;
  if (const fs::path parent = fs::path(dest).parent_path(); !parent.empty()) {
    fs::create_directories(parent, ec);
  }
  if (ec || !std::ofstream(dest, std::ios::binary | std::ios::trunc)) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("cannot create the placeholder file {}{}", dest,
                                        ec ? ": " + ec.message() : std::string()));
  }
  return std::nullopt;
}

}  // namespace

DryRunArtifactStore::DryRunArtifactStore(std::string scratch_root)
    : m_root(std::move(scratch_root)) {}

util::Result<std::string> DryRunArtifactStore::make_pod_dir(const std::string& pod_name) {
  return util::make_numbered_dir(m_root, pod_name);
}

void DryRunArtifactStore::discard_pod_dir(const std::string& dir) {
  if (m_root.empty() || !dir.starts_with(m_root + "/")) {
    return;
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

std::optional<util::Error> DryRunArtifactStore::save(const std::string& /*source*/,
                                                     const std::string& /*key*/,
                                                     const engine::ArchiveSpec& /*archive*/) {
  return std::nullopt;
}

bool DryRunArtifactStore::exists(const std::string& /*key*/) {
  return true;
}

std::optional<util::Error> DryRunArtifactStore::load(const std::string& /*key*/,
                                                     const std::string& dest,
                                                     const engine::PlaceSpec& /*place*/) {
  return placeholder(dest);
}

std::optional<util::Error> DryRunArtifactStore::write_file(const std::string& dest,
                                                           std::string_view /*data*/,
                                                           const engine::PlaceSpec& /*place*/) {
  return placeholder(dest);
}

}  // namespace exec
