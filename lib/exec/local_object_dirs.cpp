#include "exec/local_object_dirs.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "exec/host_launch.hpp"

namespace exec {
namespace {

namespace fs = std::filesystem;

/// Object names and keys are single path components: no `/`, `.` or `..` tricks.
bool safe_component(const std::string& text) {
  return !text.empty() && text != "." && text != ".." && text.find('/') == std::string::npos &&
         text.find('\0') == std::string::npos;
}

util::Error missing(std::string message) {
  return util::make_error(util::ErrorCode::invalid_input, std::move(message));
}

}  // namespace

LocalObjectDirs::LocalObjectDirs(std::string secrets_dir, std::string config_maps_dir)
    : m_secrets(std::move(secrets_dir)), m_config_maps(std::move(config_maps_dir)) {}

const std::string& LocalObjectDirs::root(engine::ObjectKind kind) const {
  return kind == engine::ObjectKind::secret ? m_secrets : m_config_maps;
}

util::Result<std::string> LocalObjectDirs::directory(engine::ObjectKind kind,
                                                     const std::string& name) const {
  const std::string word(engine::object_word(kind));
  if (root(kind).empty()) {
    return missing(fmt::format("{} \"{}\" not found: no local {}s are configured (pass --{}s-dir)",
                               word, name, word, word));
  }
  std::error_code error;
  const fs::path dir = fs::path(root(kind)) / name;
  if (!safe_component(name) || !fs::is_directory(dir, error)) {
    return missing(fmt::format("{} \"{}\" not found (no directory {})", word, name, dir.string()));
  }
  return fs::absolute(dir, error).string();
}

util::Result<std::vector<std::string>> LocalObjectDirs::keys(engine::ObjectKind kind,
                                                             const std::string& name) const {
  auto dir = directory(kind, name);
  if (!dir) {
    return dir.error();
  }
  std::vector<std::string> out;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(*dir, error)) {
    const std::string key = entry.path().filename().string();
    if (entry.is_regular_file(error) && key.front() != '.') {
      out.push_back(key);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

util::Result<std::string> LocalObjectDirs::value(engine::ObjectKind kind, const std::string& name,
                                                 const std::string& key) const {
  auto dir = directory(kind, name);
  if (!dir) {
    return dir.error();
  }
  const fs::path file = fs::path(*dir) / key;
  auto text = safe_component(key) ? read_whole_file(file.string()) : std::nullopt;
  if (!text) {
    return missing(fmt::format("couldn't find key {} in {} \"{}\" (no file {})", key,
                               engine::object_word(kind), name, file.string()));
  }
  return *text;
}

}  // namespace exec
