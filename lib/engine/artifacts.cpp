#include "engine/artifacts.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

#include "util/text.hpp"

namespace engine {
namespace {

/// A field of a location mapping, substituted; empty when absent.
util::Result<std::string> location_field(const model::DocNode& location, std::string_view name,
                                         const LocationSubstituter& sub) {
  const model::DocNode* field = name.empty() ? nullptr : location.find(name);
  if (field == nullptr || !field->is_scalar()) {
    return std::string();
  }
  return sub(field->text);
}

/// An integer as YAML 1.1 writes file modes: `0755` and `0o755` are octal.
std::optional<int> parse_mode(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'O')) {
    text.remove_prefix(2);
    base = 8;
  } else if (text.size() > 1 && text[0] == '0') {
    text.remove_prefix(1);
    base = 8;
  }
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > 07777) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

expr::JsonValue artifact_json(const graph::ArtifactRef& artifact) {
  using expr::JsonValue;
  std::vector<JsonValue::Member> members;
  members.emplace_back("name", JsonValue::string(artifact.name));
  if (!artifact.path.empty()) {
    members.emplace_back("path", JsonValue::string(artifact.path));
  }
  if (artifact.kind == "raw") {
    members.emplace_back("raw", JsonValue::object({{"data", JsonValue::string(artifact.data)}}));
  } else if (artifact.kind == "http") {
    members.emplace_back("http", JsonValue::object({{"url", JsonValue::string(artifact.url)}}));
  } else {
    members.emplace_back(artifact.kind,
                         JsonValue::object({{"key", JsonValue::string(artifact.key)}}));
  }
  return JsonValue::object(std::move(members));
}

std::string artifact_text(const graph::ArtifactRef& artifact) {
  return expr::to_compact_json(artifact_json(artifact));
}

util::Result<graph::ArtifactRef> artifact_from_text(std::string_view text) {
  util::Result<expr::JsonValue> json = expr::parse_json(text);
  const auto not_artifact = [&] {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("'{}' is not an artifact", text));
  };
  if (!json.ok() || json->kind() != expr::JsonKind::object) {
    return not_artifact();
  }
  graph::ArtifactRef artifact;
  bool located = false;
  for (const auto& [key, value] : json->members()) {
    if (key == "name") {
      artifact.name = value.text();
    } else if (key == "path") {
      artifact.path = value.text();
    } else if (value.kind() == expr::JsonKind::object) {
      artifact.kind = key;
      located = true;
      if (const expr::JsonValue* data = value.find("data")) {
        artifact.data = data->text();
      }
      if (const expr::JsonValue* url = value.find("url")) {
        artifact.url = url->text();
      }
      if (const expr::JsonValue* stored = value.find("key")) {
        artifact.key = stored->text();
      }
    }
  }
  if (!located) {
    return not_artifact();
  }
  return artifact;
}

std::optional<std::string> from_variable(std::string_view from) {
  from = util::trim(from);
  if (from.size() < 5 || from.substr(0, 2) != "{{" || from.substr(from.size() - 2) != "}}") {
    return std::nullopt;
  }
  const std::string_view inner = util::trim(from.substr(2, from.size() - 4));
  if (inner.find("{{") != std::string_view::npos || inner.find("}}") != std::string_view::npos) {
    return std::nullopt;
  }
  if (inner.empty()) {
    return std::nullopt;
  }
  return std::string(inner);
}

bool loadable_location_kind(std::string_view kind) {
  return address_fields(kind).has_value() || kind == "raw" || kind == "http";
}

util::Result<ArtifactAddress> artifact_address(const model::Artifact& artifact,
                                               const LocationSubstituter& sub) {
  ArtifactAddress address;
  address.kind = artifact.location_kind;
  const std::optional<AddressFields> fields = address_fields(address.kind);
  if (!fields || !artifact.location) {
    return address;
  }
  util::Result<std::string> bucket = location_field(*artifact.location, fields->bucket, sub);
  if (!bucket.ok()) {
    return bucket.error();
  }
  util::Result<std::string> key = location_field(*artifact.location, fields->key, sub);
  if (!key.ok()) {
    return key.error();
  }
  address.bucket = std::move(bucket.value());
  address.key = std::move(key.value());
  return address;
}

util::Result<std::optional<graph::ArtifactRef>> declared_location(const model::Artifact& artifact,
                                                                  const std::string& root,
                                                                  const LocationSubstituter& sub) {
  if (artifact.location_kind.empty() || !artifact.location) {
    return std::optional<graph::ArtifactRef>();
  }
  graph::ArtifactRef ref;
  ref.name = artifact.name.value;
  ref.path = artifact.path ? artifact.path->value : std::string();
  ref.kind = artifact.location_kind;
  const model::DocNode& location = *artifact.location;
  if (ref.kind == "raw" || ref.kind == "http") {
    util::Result<std::string> text =
        location_field(location, ref.kind == "raw" ? "data" : "url", sub);
    if (!text.ok()) {
      return text.error();
    }
    (ref.kind == "raw" ? ref.data : ref.url) = std::move(text.value());
    return std::optional<graph::ArtifactRef>(std::move(ref));
  }
  if (!address_fields(ref.kind)) {
    return util::make_error(
        util::ErrorCode::not_supported,
        fmt::format("artifact '{}': {} artifacts cannot be reached by flowrun (only the local "
                    "artifact repository, raw and http)",
                    ref.name, ref.kind));
  }
  util::Result<ArtifactAddress> address = artifact_address(artifact, sub);
  if (!address.ok()) {
    return address.error();
  }
  util::Result<LocalArtifactPath> mapped = map_artifact_location(root, address.value());
  if (!mapped.ok()) {
    return mapped.error();
  }
  ref.key = mapped->bucket.empty() ? mapped->key : join_key(mapped->bucket, mapped->key);
  return std::optional<graph::ArtifactRef>(std::move(ref));
}

ArchiveSpec archive_spec(const model::Artifact& artifact) {
  ArchiveSpec spec;
  if (!artifact.archive || !artifact.archive->is_mapping()) {
    return spec;
  }
  if (artifact.archive->find("none") != nullptr) {
    spec.kind = ArchiveSpec::Kind::none;
  } else if (artifact.archive->find("zip") != nullptr) {
    spec.kind = ArchiveSpec::Kind::zip;
  } else if (const model::DocNode* tar = artifact.archive->find("tar")) {
    if (const model::DocNode* level = tar->find("compressionLevel");
        level != nullptr && level->is_scalar()) {
      int value = -1;
      const std::string& text = level->text;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error == std::errc() && end == text.data() + text.size() && value >= 0 && value <= 9) {
        spec.compression_level = value;
      }
    }
  }
  return spec;
}

PlaceSpec place_spec(const model::Artifact& artifact) {
  PlaceSpec spec;
  if (artifact.archive && artifact.archive->is_mapping()) {
    spec.extract = artifact.archive->find("none") == nullptr;
    spec.unzip = artifact.archive->find("zip") != nullptr;
  }
  if (artifact.mode) {
    spec.mode = parse_mode(artifact.mode->value);
  }
  spec.recurse_mode = artifact.recurse_mode;
  return spec;
}

std::string default_artifact_key(std::string_view workflow, std::string_view pod,
                                 std::string_view name, std::string_view path,
                                 const ArchiveSpec& archive) {
  switch (archive.kind) {
    case ArchiveSpec::Kind::none:
      return fmt::format("{}/{}/{}", workflow, pod, artifact_base_name(path));
    case ArchiveSpec::Kind::zip: return fmt::format("{}/{}/{}.zip", workflow, pod, name);
    case ArchiveSpec::Kind::tgz: break;
  }
  return fmt::format("{}/{}/{}.tgz", workflow, pod, name);
}

std::string artifact_base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') {
    path.remove_suffix(1);
  }
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos || path.size() == 1 ? path
                                                                         : path.substr(slash + 1));
}

std::string join_key(std::string_view key, std::string_view sub_path) {
  while (!key.empty() && key.back() == '/') {
    key.remove_suffix(1);
  }
  while (!sub_path.empty() && sub_path.front() == '/') {
    sub_path.remove_prefix(1);
  }
  if (key.empty()) {
    return std::string(sub_path);
  }
  if (sub_path.empty()) {
    return std::string(key);
  }
  return fmt::format("{}/{}", key, sub_path);
}

}  // namespace engine
