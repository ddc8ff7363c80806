/// Parameters, artifacts, inputs, outputs and arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/doc_node.hpp"
#include "model/scalar.hpp"

namespace model {

/// `configMapKeyRef` / `secretKeyRef`.
struct KeyRef {
  util::SourceLoc loc;
  Scalar name;
  Scalar key;
  bool optional = false;
};

/// `valueFrom` of a parameter.
struct ValueFrom {
  util::SourceLoc loc;
  OptScalar path;
  OptScalar default_value;
  OptScalar expression;
  OptScalar parameter;
  OptScalar json_path;
  OptScalar jq_filter;
  OptScalar event;
  std::optional<util::SourceLoc> supplied;  ///< `supplied: {}` present
  std::optional<KeyRef> config_map_key_ref;

  /// How many value sources are set (lint requires exactly one on outputs).
  int source_count() const;
};

struct Parameter {
  util::SourceLoc loc;
  Scalar name;
  OptScalar value;
  OptScalar default_value;
  std::vector<Scalar> enum_values;
  util::SourceLoc enum_loc;
  OptScalar description;
  OptScalar global_name;
  std::optional<ValueFrom> value_from;
};

/// An artifact. The storage location (s3, http, git, raw, ...) is kept as written.
struct Artifact {
  util::SourceLoc loc;
  Scalar name;
  OptScalar path;
  OptScalar from;
  OptScalar from_expression;
  OptScalar global_name;
  OptScalar sub_path;
  OptScalar mode;
  bool optional = false;
  bool recurse_mode = false;
  bool archive_logs = false;
  std::string location_kind;        ///< "s3", "http", "raw", ... or empty
  std::optional<DocNode> location;  ///< the location mapping as written
  std::optional<DocNode> archive;
  std::optional<DocNode> artifact_gc;
};

struct Inputs {
  util::SourceLoc loc;
  std::vector<Parameter> parameters;
  std::vector<Artifact> artifacts;
};

struct Outputs {
  util::SourceLoc loc;
  std::vector<Parameter> parameters;
  std::vector<Artifact> artifacts;
  OptScalar result;
  OptScalar exit_code;
};

struct Arguments {
  util::SourceLoc loc;
  std::vector<Parameter> parameters;
  std::vector<Artifact> artifacts;
};

}  // namespace model
