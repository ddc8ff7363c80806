/// Artifacts as values (spec 2.2): graph::ArtifactRef to and from Argo's Artifact JSON (the
/// form `steps.X.outputs.artifacts.Y` has in a scope and in status.json), the location an
/// artifact declares, Argo's default repository key, and the archive and placement options a
/// declaration asks for. Pure functions: the files themselves are ArtifactStore's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/artifact_location.hpp"
#include "engine/artifact_store.hpp"
#include "expr/json_value.hpp"
#include "graph/node.hpp"
#include "model/io_types.hpp"
#include "util/result.hpp"

namespace engine {

/// `artifact` as Argo's Artifact object: `{"name", "path"?, "<kind>": {"key"}}`, or
/// `"raw": {"data"}`, `"http": {"url"}`.
expr::JsonValue artifact_json(const graph::ArtifactRef& artifact);
/// artifact_json() as compact JSON text: the value scopes bind artifacts to.
std::string artifact_text(const graph::ArtifactRef& artifact);
/// The artifact a scope value (artifact_text()) describes; an error for any other text.
util::Result<graph::ArtifactRef> artifact_from_text(std::string_view text);

/// The variable a `from` field names: `{{steps.a.outputs.artifacts.b}}` gives
/// `steps.a.outputs.artifacts.b`; nullopt when the text is not one `{{...}}` tag.
std::optional<std::string> from_variable(std::string_view from);

/// Substitutes `{{...}}` in one field; the error when a tag cannot be resolved.
using LocationSubstituter = std::function<util::Result<std::string>(const std::string&)>;

/// The repository address `artifact` declares: its location kind and its bucket-like and
/// key-like fields, substituted (empty when absent or when the kind has no place in a
/// repository; map_artifact_location() then says why).
util::Result<ArtifactAddress> artifact_address(const model::Artifact& artifact,
                                               const LocationSubstituter& sub);

/// The location `artifact` declares (s3/gcs/oss/azure/hdfs mapped into the repository at
/// `root`, raw data, an http URL), its fields substituted; nullopt when it declares none.
/// Errors: a kind flowrun cannot reach locally (git, artifactory, plugin, ...), a key that
/// climbs out of the repository, a tag that does not resolve. The reference keeps the
/// artifact's name and path.
util::Result<std::optional<graph::ArtifactRef>> declared_location(const model::Artifact& artifact,
                                                                  const std::string& root,
                                                                  const LocationSubstituter& sub);

/// Whether flowrun can load an artifact of this location kind: the repository kinds, raw,
/// http (inputs only).
bool loadable_location_kind(std::string_view kind);

/// How an output artifact is archived (`archive`: unset / `{}` / `tar` / `none` / `zip`).
ArchiveSpec archive_spec(const model::Artifact& artifact);
/// How an input artifact is placed (`archive: none` keeps a tarball, `zip`, `mode`,
/// `recurseMode`).
PlaceSpec place_spec(const model::Artifact& artifact);

/// Argo's default key for an output artifact (keyFormat `<workflow>/<pod>`): `<name>.tgz`,
/// `<name>.zip`, or with `archive: none` the base name of its path.
std::string default_artifact_key(std::string_view workflow, std::string_view pod,
                                 std::string_view name, std::string_view path,
                                 const ArchiveSpec& archive);

/// The last part of a path as a file name (`/tmp/tree/` gives `tree`, `/` gives `/`).
std::string artifact_base_name(std::string_view path);

/// `subPath` appended to a repository key (`a/b` + `c` = `a/b/c`).
std::string join_key(std::string_view key, std::string_view sub_path);

}  // namespace engine
