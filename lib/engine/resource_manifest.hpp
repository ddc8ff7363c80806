/// Resource templates' manifests and output parameters (spec 1.3, 7): reading a manifest's
/// identity, and `valueFrom.jsonPath` (kubectl's `-o jsonpath=` templates) and
/// `valueFrom.jqFilter` (a subset of jq) over the resulting object.
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace engine {

/// A manifest as the engine needs it.
struct ManifestInfo {
  std::string api_version;    ///< apiVersion; empty when absent
  std::string kind;           ///< kind; empty when absent (a JSON patch list has none)
  std::string name;           ///< metadata.name
  std::string generate_name;  ///< metadata.generateName
  std::string json;           ///< the whole manifest as compact JSON
};

/// Parses a manifest (YAML or JSON text, one document). Errors carry the YAML reader's
/// message.
util::Result<ManifestInfo> read_manifest(std::string_view text);

/// Evaluates a kubectl JSONPath template (`{.metadata.name}`, `uid: {.metadata.uid}`,
/// `{.items[0].name}`) on `object_json`, printing as kubectl does: strings raw, other values
/// as JSON. `{range}`/`{end}` are not supported (an error).
util::Result<std::string> evaluate_json_path(std::string_view object_json,
                                             std::string_view json_path);

/// Whether `filter` is in the jq subset flowrun evaluates itself: `.` and paths of plain
/// keys such as `.metadata.name` (optionally with `[N]` indexes).
bool jq_filter_supported(std::string_view filter);

/// `jq -rc FILTER` on `object_json` for a supported filter: strings raw, other values as
/// compact JSON, a missing key `null`.
util::Result<std::string> evaluate_jq_filter(std::string_view object_json, std::string_view filter);

}  // namespace engine
