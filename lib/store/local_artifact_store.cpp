#include "store/local_artifact_store.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "engine/artifact_location.hpp"
#include "store/artifact_archive.hpp"
#include "store/atomic_file.hpp"
#include "util/file.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace store {
namespace {

namespace fs = std::filesystem;

/// `path` without trailing '/'s ("/" stays).
std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  return path;
}

/// The error of a save that failed for `reason`.
util::Error save_error(const std::string& key, const std::string& path, std::string_view reason,
                       util::ErrorCode code = util::ErrorCode::io) {
  return util::make_error(code,
                          fmt::format("cannot save artifact {} as {}: {}", key, path, reason));
}

/// Moves `temp` to `path`, replacing what is there: rename(2) replaces a file atomically but
/// not a directory (nor a file by a directory), so those are exchanged with renameat2 and the
/// old tree removed after; where the file system cannot exchange, the old one is moved aside
/// first (a reader may then briefly see no artifact, never a partial one).
std::optional<std::string> replace(const std::string& temp, const std::string& path) {
  if (std::rename(temp.c_str(), path.c_str()) == 0) {
    return std::nullopt;
  }
  if (errno != EISDIR && errno != ENOTDIR && errno != ENOTEMPTY && errno != EEXIST) {
    return std::strerror(errno);
  }
  std::error_code ignored;
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(temp, ignored);  // now the old artifact
    return std::nullopt;
  }
  const std::string aside = temp + ".old";
  if (std::rename(path.c_str(), aside.c_str()) != 0) {
    return std::strerror(errno);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    (void)std::rename(aside.c_str(), path.c_str());
    return std::strerror(saved);
  }
  fs::remove_all(aside, ignored);
  return std::nullopt;
}

}  // namespace

LocalArtifactStore::LocalArtifactStore(std::string root, std::string staging)
    : m_root(without_trailing_slash(std::move(root))),
      m_staging(without_trailing_slash(std::move(staging))) {}

util::Result<std::string> LocalArtifactStore::make_pod_dir(const std::string& pod_name) {
  return util::make_numbered_dir(m_staging, pod_name);
}

void LocalArtifactStore::discard_pod_dir(const std::string& dir) {
  if (m_staging.empty() || !dir.starts_with(m_staging + "/")) {
    return;  // not one of ours: never remove what make_pod_dir did not make
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

util::Result<std::string> LocalArtifactStore::key_path(std::string_view key) const {
  if (m_root.empty()) {
    return util::make_error(util::ErrorCode::invalid_input,
                            "no local artifact repository is configured");
  }
  if (key.starts_with('/')) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("artifact key '{}' is an absolute path; keys are relative to the artifact "
                    "repository {}",
                    key, m_root));
  }
  const std::optional<std::string> normal = engine::normalize_artifact_key(key);
  if (!normal) {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("artifact key '{}' leaves the artifact repository {} "
                                        "through '..'",
                                        key, m_root));
  }
  if (normal->empty()) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("artifact key '{}' names no file in the artifact repository {}", key, m_root));
  }
  return m_root + "/" + *normal;
}

std::optional<util::Error> LocalArtifactStore::save(const std::string& source,
                                                    const std::string& key,
                                                    const engine::ArchiveSpec& archive) {
  util::Result<std::string> path = key_path(key);
  if (!path) {
    return path.error();
  }
  const fs::path target(*path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) {
    return save_error(
        key, *path,
        fmt::format("cannot create {}: {}", target.parent_path().string(), ec.message()));
  }
  // Same directory, so the rename is within one file system; hidden and unique per save.
  const std::string temp =
      fmt::format("{}/.{}.saving-{}-{}", target.parent_path().string(), target.filename().string(),
                  ::getpid(), m_next_temp.fetch_add(1));
  if (std::optional<util::Error> error = pack_artifact(source, temp, archive)) {
    fs::remove_all(temp, ec);
    return save_error(key, *path, error->message, error->code);
  }
  if (std::optional<std::string> reason = replace(temp, *path)) {
    fs::remove_all(temp, ec);
    return save_error(key, *path, *reason);
  }
  return std::nullopt;
}

bool LocalArtifactStore::exists(const std::string& key) {
  util::Result<std::string> path = key_path(key);
  std::error_code ec;
  return path && fs::exists(fs::symlink_status(*path, ec));
}

std::optional<util::Error> LocalArtifactStore::load(const std::string& key, const std::string& dest,
                                                    const engine::PlaceSpec& place) {
  util::Result<std::string> path = key_path(key);
  if (!path) {
    return path.error();
  }
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(*path, ec))) {
    return util::make_error(util::ErrorCode::io,
                            fmt::format("artifact {} not found: no file {} in the artifact "
                                        "repository",
                                        key, *path));
  }
  return unpack_artifact(*path, dest, place);
}

std::optional<util::Error> LocalArtifactStore::write_file(const std::string& dest,
                                                          std::string_view data,
                                                          const engine::PlaceSpec& place) {
  if (const fs::path parent = fs::path(dest).parent_path(); !parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) {
      return util::make_error(util::ErrorCode::io,
                              fmt::format("cannot create {}: {}", parent.string(), ec.message()));
    }
  }
  if (auto error = write_file_atomically(dest, data)) {
    return error;
  }
  return apply_mode(dest, place);
}

}  // namespace store
