/// Scalar: one value from the manifest, as Argo reads it, with its position.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/doc_node.hpp"
#include "util/source.hpp"

namespace model {

/// A scalar field. `value` is Argo's AnyString form (numbers and booleans as text);
/// `type` tells what YAML made of it, so `limit: 3` and `limit: "3"` can be told apart.
struct Scalar {
  std::string value;
  util::SourceLoc loc;
  ScalarType type = ScalarType::string;

  bool is_true() const { return type == ScalarType::boolean && value == "true"; }
};

using OptScalar = std::optional<Scalar>;

/// A key/value pair from a string map (labels, annotations, nodeSelector ...).
struct KeyValue {
  Scalar key;
  Scalar value;
};

/// A field that was read but has no effect locally (Kubernetes-only), kept for warnings.
struct IgnoredField {
  std::string path;  ///< e.g. "spec.nodeSelector"
  util::SourceLoc loc;
};

}  // namespace model
