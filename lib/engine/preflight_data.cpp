#include "engine/preflight_data.hpp"

#include <fmt/format.h>

#include "engine/artifact_location.hpp"

namespace engine {
namespace {

constexpr std::string_view k_suffix = "is not supported by this version of flowrun";
constexpr std::string_view k_listable =
    "only s3, gcs, oss and azure locations map to the local artifact repository";

/// The literal value of `name` in `location`, or nullopt when absent or templated (known
/// only at run time).
std::optional<std::string> literal_field(const model::DocNode& location, std::string_view name) {
  const model::DocNode* field = name.empty() ? nullptr : location.find(name);
  if (field == nullptr || !field->is_scalar()) {
    return std::string();
  }
  if (field->text.find("{{") != std::string::npos) {
    return std::nullopt;
  }
  return field->text;
}

}  // namespace

void check_data_template(const model::Template& tmpl, std::vector<Unsupported>& found) {
  if (!tmpl.data || !tmpl.data->artifact_paths) {
    return;  // lint reports a data template without artifactPaths
  }
  const model::Artifact& source = *tmpl.data->artifact_paths;
  if (!source.location) {
    found.push_back({source.loc, fmt::format("data artifactPaths without a location {}: {}",
                                             k_suffix, k_listable)});
    return;
  }
  const std::string& kind = source.location_kind;
  if (kind == "hdfs") {
    // Argo's HDFS driver has no ListObjects; listing a local stand-in would not port back.
    found.push_back({source.location->loc,
                     fmt::format("data artifactPaths on hdfs {} (Argo cannot list HDFS either: "
                                 "ListObjects is currently not supported for this artifact "
                                 "type)",
                                 k_suffix)});
    return;
  }
  const std::optional<AddressFields> fields = address_fields(kind);
  if (!fields) {
    found.push_back({source.location->loc,
                     fmt::format("data artifactPaths on {} {}: {}", kind, k_suffix, k_listable)});
    return;
  }
  const std::optional<std::string> bucket = literal_field(*source.location, fields->bucket);
  const std::optional<std::string> key = literal_field(*source.location, fields->key);
  if (!bucket || !key) {
    return;  // checked when the run substitutes them
  }
  util::Result<LocalArtifactPath> mapped = map_artifact_location("/", {kind, *bucket, *key});
  if (!mapped.ok()) {
    found.push_back(
        {source.location->loc, fmt::format("data artifactPaths: {}", mapped.error().message)});
  }
}

}  // namespace engine
