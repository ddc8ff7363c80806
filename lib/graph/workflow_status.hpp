/// One workflow run as `argo get` and `-o json` show it: metadata, the arguments it ran
/// with, its phase and times, its global outputs and the node graph.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph/node.hpp"
#include "graph/node_graph.hpp"
#include "graph/phase.hpp"

namespace graph {

/// Name/value pairs in a stable order (parameters, labels, annotations).
using NamedValues = std::vector<std::pair<std::string, std::string>>;

/// The state of one run: what the engine produced and the reports print.
struct WorkflowStatus {
  std::string name;  ///< metadata.name, after generateName and --name
  std::string namespace_name = "default";
  std::string uid;          ///< a random UUIDv4 per run
  NamedValues labels;       ///< metadata.labels as written
  NamedValues annotations;  ///< metadata.annotations as written
  TimePoint created_at{};   ///< creationTimestamp (submit time)
  /// `spec` as written, as compact JSON text (may be empty); the reports print it as is,
  /// except `arguments.parameters`, which `parameters` below replaces.
  std::string spec_json;
  std::string entrypoint;  ///< spec.entrypoint after --entrypoint
  NamedValues parameters;  ///< spec.arguments.parameters after -p and --parameter-file

  WorkflowPhase phase = WorkflowPhase::unknown;
  std::string message;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  NamedValues output_parameters;              ///< status.outputs.parameters (globalName exports)
  std::vector<ArtifactRef> output_artifacts;  ///< status.outputs.artifacts (globalName exports)
  NodeGraph nodes;
};

}  // namespace graph
