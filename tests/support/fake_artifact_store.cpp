#include "support/fake_artifact_store.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace testing {
namespace fs = std::filesystem;

FakeArtifactStore::FakeArtifactStore() {
  std::string pattern = (fs::temp_directory_path() / "flowrun-fake-artifacts-XXXXXX").string();
  if (mkdtemp(pattern.data()) != nullptr) {
    m_root = pattern;
  }
}

FakeArtifactStore::~FakeArtifactStore() {
  std::error_code ignored;
  if (!m_root.empty()) {
    fs::remove_all(m_root, ignored);
  }
}

util::Result<std::string> FakeArtifactStore::make_pod_dir(const std::string& pod_name) {
  const fs::path dir = m_root / fmt::format("{}-{}", pod_name, m_next++);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    return util::make_error(util::ErrorCode::io, error.message());
  }
  return dir.string();
}

void FakeArtifactStore::discard_pod_dir(const std::string& dir) {
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  ++discarded;
}

std::optional<util::Error> FakeArtifactStore::save(const std::string& source,
                                                   const std::string& key,
                                                   const engine::ArchiveSpec& archive) {
  std::ifstream in(source, std::ios::binary);
  if (!in) {
    return util::Error{util::ErrorCode::io, fmt::format("cannot read {}", source), {}};
  }
  std::ostringstream content;
  content << in.rdbuf();
  repository[key] = content.str();
  const char* kind = archive.kind == engine::ArchiveSpec::Kind::none  ? "none"
                     : archive.kind == engine::ArchiveSpec::Kind::zip ? "zip"
                                                                      : "tgz";
  saves.emplace_back(key, kind);
  return std::nullopt;
}

bool FakeArtifactStore::exists(const std::string& key) {
  return repository.count(key) > 0;
}

std::optional<util::Error> FakeArtifactStore::load(const std::string& key, const std::string& dest,
                                                   const engine::PlaceSpec& place) {
  const auto it = repository.find(key);
  if (it == repository.end()) {
    return util::Error{util::ErrorCode::io, fmt::format("no key {}", key), {}};
  }
  return write_file(dest, it->second, place);
}

std::optional<util::Error> FakeArtifactStore::write_file(const std::string& dest,
                                                         std::string_view data,
                                                         const engine::PlaceSpec& place) {
  std::error_code error;
  fs::create_directories(fs::path(dest).parent_path(), error);
  std::ofstream out(dest, std::ios::binary);
  out << data;
  if (!out) {
    return util::Error{util::ErrorCode::io, fmt::format("cannot write {}", dest), {}};
  }
  placed.emplace_back(dest, std::string(data));
  modes.push_back(place.mode);
  return std::nullopt;
}

std::string FakeArtifactStore::placed_content(const std::string& dest_suffix) const {
  for (const auto& [dest, content] : placed) {
    if (dest.size() >= dest_suffix.size() &&
        dest.compare(dest.size() - dest_suffix.size(), dest_suffix.size(), dest_suffix) == 0) {
      return content;
    }
  }
  return {};
}

}  // namespace testing
