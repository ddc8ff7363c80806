#include "engine/artifact_location.hpp"

#include <utility>
#include <vector>

#include <fmt/format.h>

namespace engine {
std::optional<std::string> normalize_artifact_key(std::string_view key) {
  std::vector<std::string_view> parts;
  while (!key.empty()) {
    const std::size_t slash = key.find('/');
    const std::string_view part = key.substr(0, slash);
    key = slash == std::string_view::npos ? std::string_view{} : key.substr(slash + 1);
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      if (parts.empty()) {
        return std::nullopt;
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  return fmt::format("{}", fmt::join(parts, "/"));
}

std::optional<AddressFields> address_fields(std::string_view kind) {
  if (kind == "s3" || kind == "gcs" || kind == "oss") {
    return AddressFields{"bucket", "key"};
  }
  if (kind == "azure") {
    return AddressFields{"container", "blob"};
  }
  if (kind == "hdfs") {
    return AddressFields{"", "path"};
  }
  return std::nullopt;
}

util::Result<LocalArtifactPath> map_artifact_location(std::string_view root,
                                                      const ArtifactAddress& address) {
  const std::optional<AddressFields> fields = address_fields(address.kind);
  if (!fields) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("{} artifacts have no place in the local artifact repository",
                    address.kind.empty() ? "location-less" : address.kind));
  }
  if (root.empty()) {
    return util::make_error(util::ErrorCode::invalid_input,
                            "no local artifact repository is configured");
  }
  const std::string_view bucket = address.bucket;
  if (!bucket.empty() &&
      (bucket == "." || bucket == ".." || bucket.find('/') != std::string_view::npos)) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("{}.{} '{}' is not a directory name in the local artifact repository",
                    address.kind, fields->bucket, bucket));
  }
  std::optional<std::string> key = normalize_artifact_key(address.key);
  if (!key) {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("{}.{} '{}' leaves its bucket through '..'", address.kind,
                                        fields->key, address.key));
  }
  LocalArtifactPath mapped;
  mapped.bucket = address.bucket;
  mapped.key = std::move(*key);
  std::string base(root);
  while (base.size() > 1 && base.back() == '/') {
    base.pop_back();
  }
  const auto join = [](const std::string& dir, const std::string& name) {
    return name.empty() ? dir : dir + (dir.back() == '/' ? "" : "/") + name;
  };
  mapped.bucket_dir = join(base, mapped.bucket);
  mapped.path = join(mapped.bucket_dir, mapped.key);
  return mapped;
}

}  // namespace engine
